"""Cross-record checks: what no single file can tell about itself."""

from __future__ import annotations

from collections import defaultdict
from functools import cached_property
from pathlib import Path

from civictech_kb.model.data import YamlMapping
from civictech_kb.model.problems import Problem
from civictech_kb.model.record import Collection, Record
from civictech_kb.model.vocab import country_name
from civictech_kb.store.paths import display_path


def _shown(record: Record) -> str:
    return display_path(Path(record.path))


def check_collection(collection: Collection) -> list[Problem]:
    """Duplicate ids, dangling relations, citations of unknown sources and
    countries without a country record."""
    return [
        *_duplicate_ids(collection),
        *_dangling_relations(collection),
        *_dangling_sources(collection),
        *_missing_country_records(collection),
        *_duplicate_country_records(collection),
    ]


def _duplicate_ids(collection: Collection) -> list[Problem]:
    by_id: dict[str, list[Record]] = defaultdict(list)
    for record in getattr(collection, "everything", collection.records):
        by_id[record.id].append(record)
    problems = []
    for record_id, records in by_id.items():
        for record in records[1:]:
            problems.append(Problem(_shown(record), 1, 1, "duplicate-id",
                                    f"id {record_id!r} is also used by {_shown(records[0])}"))  # fmt: skip
    return problems


def _dangling_relations(collection: Collection) -> list[Problem]:
    problems = []
    nearest = _Suggestions(collection)
    for record in collection.records:
        counts: dict[str, int] = {}
        for relation, target in record.relations():
            number = counts[relation] = counts.get(relation, -1) + 1
            if target != record.id and target in collection:
                continue
            line, column = record.positions.get(f"relations.{relation}.{number}", (0, 0))
            if target == record.id:
                problems.append(Problem(_shown(record), line, column, "self-relation",
                                        f"relations.{relation}: a record cannot relate to itself"))  # fmt: skip
            elif target not in collection.by_id:
                problems.append(Problem(_shown(record), line, column, "dangling-relation",
                                        f"relations.{relation}: no record has the id {target!r}",
                                        nearest.hint(target)))  # fmt: skip
    return problems


class _Suggestions:
    """The closest id to a missing one, each missing id looked up once
    against one list of the collection's ids."""

    def __init__(self, collection: Collection, ids: list[str] | None = None):
        self.collection = collection
        self.found: dict[str, str] = {}
        self._ids = ids

    @cached_property
    def ids(self) -> list[str]:
        return list(self._ids if self._ids is not None else self.collection.by_id)

    @cached_property
    def by_name(self) -> dict[str, Record]:
        """Records by the id their name or an alias would make (`cofact` for
        Cofact Thailand): the record meant by a relation naming it so."""
        from civictech_kb.model.slug import slugify

        named: dict[str, Record] = {}
        for record in self.collection.records:
            for name in [record.data.get("name", ""), *record.data.get("aliases", ())]:
                try:
                    named.setdefault(slugify(name), record)
                except ValueError:
                    continue
        return named

    def hint(self, target: str) -> str:
        if target not in self.found:
            from civictech_kb.model.vocab import suggest

            named = self.by_name.get(target)
            near = [f"{named.id} ({named.name})"] if named else suggest(target, self.ids)
            self.found[target] = f"did you mean {near[0]}?" if near else ""
        return self.found[target]


def _dangling_sources(collection: Collection) -> list[Problem]:
    """Citations (of the record, and of its milestones) naming a source id
    that is not a source record."""
    problems = []
    nearest = _Suggestions(collection, ids=list(collection.sources))
    for record in collection.records:
        for where, citation in _citations(record):
            source_id = citation.get("source")
            cited = collection.get(source_id) if source_id else None
            if not source_id or (cited is not None and cited.type == "source"):
                continue
            line, column = record.positions.get(f"{where}.source", (0, 0))
            what = (
                f"{source_id!r} is a {cited.type} record, not a source"
                if cited
                else f"no source has the id {source_id!r}"
            )
            problems.append(Problem(_shown(record), line, column, "dangling-source", f"sources: {what}",
                                    nearest.hint(source_id)))  # fmt: skip
    return problems


def _citations(record: Record) -> list[tuple[str, YamlMapping]]:
    """(place in the data, citation) of the record's citations and its milestones'."""
    return [*((f"sources.{n}", c) for n, c in enumerate(record.get("sources", []))),
            *((f"milestones.{n}.source", m["source"]) for n, m in enumerate(record.get("milestones", [])))]  # fmt: skip


def _missing_country_records(collection: Collection) -> list[Problem]:
    described = set(collection.country_records)
    problems = []
    for record in collection.records:
        for number, code in enumerate(record.countries):
            if code not in described:
                line, column = record.positions.get(f"countries.{number}", (0, 0))
                problems.append(Problem(_shown(record), line, column, "missing-country-record",
                                        f"countries: {code} ({country_name(code)}) has no country record",
                                        f"add countries/{_slug(country_name(code))}.yaml"))  # fmt: skip
    return problems


def _duplicate_country_records(collection: Collection) -> list[Problem]:
    seen: dict[str, Record] = {}
    problems = []
    for record in collection.records:
        if record.type != "country" or not record.countries:
            continue
        code = record.countries[0]
        if code in seen:
            problems.append(Problem(_shown(record), 0, 0, "duplicate-country",
                                    f"{code} is already described by {_shown(seen[code])}"))  # fmt: skip
        seen[code] = record
    return problems


def _slug(text: str) -> str:
    from civictech_kb.model.vocab import slugify_label

    return slugify_label(text)
