"""Records as ctkb uses them at run time: plain validated data with a few
named accessors, and the Collection that holds them.

Plain data (dicts and lists) rather than pydantic objects keeps a warm start
cheap: a cached collection loads without importing pydantic at all.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from civictech_kb.model.data import YamlMapping, YamlValue
from civictech_kb.model.problems import Ambiguous, NotFound, Problem

if TYPE_CHECKING:
    from civictech_kb.model.vocabulary import Vocabulary

# Bump when the meaning of validated data changes: caches of older versions
# are then ignored.
SCHEMA_VERSION = (
    3  # 2: years bounded, real days only, names keys are language tags, invisible characters (#20);
)
# 3: source records, citations by source id, milestones, figure ranges, organization kinds (#15)


class RecordType(NamedTuple):
    """How a record type is named: in files, in running text and in headings."""

    name: str  # as written in records: "project"
    folder: str  # where its files live: "projects"
    singular: str  # in running text: "1 project", "1 country profile"
    plural: str  # "2 projects", "2 country profiles"
    title: str  # a heading over records of the type: "Projects"

    def counted(self, number: int) -> str:
        """number and the noun it takes: "1 project", "2 communities"."""
        return f"{number} {self.singular if number == 1 else self.plural}"


# Every record type, in the order ctkb lists them everywhere.
TYPES = {
    t.name: t
    for t in (
        RecordType("project", "projects", "project", "projects", "Projects"),
        RecordType("community", "communities", "community", "communities", "Communities"),
        RecordType("organization", "organizations", "organization", "organizations", "Organizations"),
        RecordType("event", "events", "event", "events", "Events"),
        RecordType("country", "countries", "country profile", "country profiles", "Country profiles"),
    )
}
LISTED_TYPES = tuple(TYPES)  # what lists, views and --type choose from
# Source records (the documents cited) live in sources/ and are kept apart
# from the records above: see Collection.
TYPE_DIRS = {name: t.folder for name, t in TYPES.items()} | {"source": "sources"}
RECORD_TYPES = tuple(TYPE_DIRS)  # what --type accepts: list, search, stats and timeline take sources too
# The types of records about civic tech groups and their work, as opposed to country profiles.
GROUP_TYPES = tuple(name for name in TYPES if name != "country")
STATUSES = ("active", "inactive", "ended", "unknown")
RELATION_TYPES = ("inspired_by", "part_of", "organized_by", "partner_of", "funded_by", "built_by")
REVERSE_RELATION = {
    "inspired_by": "inspired",
    "part_of": "has_part",
    "organized_by": "organized",
    "partner_of": "partner_of",
    "funded_by": "funded",
    "built_by": "built",
}


class Record:
    """One validated record: its data, the file it came from and, when it
    was just read, where its countries and relation targets stand in that
    file ("countries.0" or "relations.part_of.1" -> 1-based line, column)."""

    __slots__ = ("data", "path", "positions")

    def __init__(
        self, data: YamlMapping, path: str = "", positions: dict[str, tuple[int, int]] | None = None
    ):
        self.data = data
        self.path = path
        self.positions = positions or {}

    def __repr__(self) -> str:
        return f"Record({self.id!r})"

    def get(self, field: str, default: YamlValue = None) -> YamlValue:
        return self.data.get(field, default)

    @property
    def id(self) -> str:
        value: str = self.data["id"]
        return value

    @property
    def type(self) -> str:
        value: str = self.data["type"]
        return value

    @property
    def name(self) -> str:
        value: str = self.data["name"]
        return value

    @property
    def summary(self) -> str:
        value: str = self.data.get("summary", "")
        return value

    @property
    def countries(self) -> list[str]:
        value: list[str] = self.data.get("countries", [])
        return value

    @property
    def topics(self) -> list[str]:
        value: list[str] = self.data.get("topics", [])
        return value

    @property
    def status(self) -> str | None:
        return self.data.get("status")

    @property
    def date(self) -> str | None:
        """When it began: founded for most records, start for events; a
        source's date (when it was written or published)."""
        return (
            self.data.get("start")
            or self.data.get("founded")
            or (self.data.get("date") if self.type == "source" else None)
        )

    @property
    def year(self) -> int | None:
        year = (self.date or "")[:4]
        return int(year) if year.isascii() and year.isdigit() else None

    def all_names(self) -> list[str]:
        """The name, names in other languages and aliases."""
        return [self.name, *self.data.get("names", {}).values(), *self.data.get("aliases", [])]

    def relations(self) -> Iterator[tuple[str, str]]:
        """(relation type, target id) pairs as written in the record."""
        for relation in RELATION_TYPES:
            for target in self.data.get("relations", {}).get(relation, []):
                yield relation, target


class Collection:
    """All records of one records directory, sorted by id. The source
    records (the documents cited) are kept apart, in `sources`: they are the
    bibliography, not entries of the knowledge base, so lists, search, stats
    and views leave them out; `get` and `find` know them.

    A collection read leniently (`load_collection(strict=False)`) leaves out
    the files with problems: `skipped` holds those problems, `misfiled` the
    record files outside the type folders, which are never read, and
    `left_out_links` the relations to skipped records taken out of the
    records kept (each a `link-to-skipped` Problem at the relation).

    `vocabulary` holds the topics and challenge categories the records may
    use: the built-in ones and the collection's additions (its
    vocabulary.yaml), read by the loader."""

    skipped: Sequence[Problem] = ()
    misfiled: Sequence[Problem] = ()
    left_out_links: Sequence[Problem] = ()
    _vocabulary: Vocabulary | None = None

    def __init__(
        self, records: Iterable[Record], root: Path | None = None, vocabulary: Vocabulary | None = None
    ):
        every = sorted(records, key=lambda r: r.id)
        self.records = [r for r in every if r.type != "source"]
        self.sources = {r.id: r for r in every if r.type == "source"}
        self.everything = every  # records and sources, duplicates included: what cross-checks see
        self.root = root
        self.by_id = {r.id: r for r in self.records}
        self.cache: object | None = None  # the store.cache.Cache it was read through, if any
        self.warnings: list[str] = []  # e.g. why there is no cache
        self._vocabulary = vocabulary

    @property
    def vocabulary(self) -> Vocabulary:
        """The topics and categories of this collection (the built-in ones
        when it adds none, read only when first asked for)."""
        if self._vocabulary is None:
            from civictech_kb.model.vocabulary import builtin_vocabulary

            return builtin_vocabulary()
        return self._vocabulary

    def __iter__(self) -> Iterator[Record]:
        return iter(self.records)

    def __len__(self) -> int:
        return len(self.records)

    def __contains__(self, record_id: object) -> bool:
        return record_id in self.by_id

    def get(self, record_id: str) -> Record | None:
        """A record or a source record by id."""
        return self.by_id.get(record_id) or self.sources.get(record_id)

    @cached_property
    def country_records(self) -> dict[str, Record]:
        """Country code -> the country record describing it."""
        return {r.countries[0]: r for r in self.records if r.type == "country" and r.countries}

    @cached_property
    def reverse_relations(self) -> dict[str, dict[str, list[str]]]:
        """Target id -> reverse relation type -> ids of records pointing at it."""
        reverse: dict[str, dict[str, list[str]]] = {}
        for record in self.records:
            for relation, target in record.relations():
                reverse.setdefault(target, {}).setdefault(REVERSE_RELATION[relation], []).append(record.id)
        return reverse

    def find(self, text: str) -> Record:
        """A record by id, name, other-language name or alias; typos suggested."""
        from civictech_kb.model.vocab import fold, suggest

        found = self.get(text)
        if found is not None:
            return found
        key = fold(text)
        every = [*self.records, *self.sources.values()]
        matches = [r for r in every if key in {fold(n) for n in r.all_names()} or key == r.id]
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            ids = ", ".join(r.id for r in matches)
            raise Ambiguous(f"{text!r} names several records: {ids}")
        names = {fold(n): r.id for r in every for n in [r.id, *r.all_names()]}
        # the closest spellings (model/fuzzy.py), then names the text begins
        close = [names[n] for n in suggest(key, list(names), limit=5)]
        close += sorted((names[n] for n in names if key and n.startswith(key)), key=len)
        shown = list(dict.fromkeys(close))[:5]
        hint = f"; did you mean {', '.join(shown)}?" if shown else ""
        raise NotFound(f"no record named {text!r}{hint}")
