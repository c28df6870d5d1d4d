"""The records as relational tables, for the SQLite export, Datasette and
the Frictionless data package: one description of the tables
(data/tables.yaml: fields, types, keys and descriptions) and the rows of
each, so the database and the CSV files hold the same data.

Lists and mappings inside a row (a record's countries, a challenge's
responses) are JSON text, as sqlite-utils stores them and as Table Schema's
array and object types read them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from civictech_kb.model import vocab
from civictech_kb.model.data import Row, YamlMapping, YamlValue
from civictech_kb.model.record import Collection, Record
from civictech_kb.model.vocabulary import Vocabulary


@dataclass(frozen=True)
class Field:
    name: str
    type: str  # a Table Schema type: string, integer, number, array, object
    description: str
    required: bool = False
    pattern: str | None = None
    enum: tuple[str, ...] = ()
    format: str | None = None


@dataclass(frozen=True)
class Table:
    name: str
    title: str
    description: str
    fields: tuple[Field, ...]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[YamlMapping, ...] = ()

    @property
    def columns(self) -> list[str]:
        return [field.name for field in self.fields]


@cache
def tables() -> tuple[Table, ...]:
    """The published tables, in the order they are written."""
    from civictech_kb.store.strict_yaml import parse_text, plain

    text = (vocab.DATA_DIR / "tables.yaml").read_text(encoding="utf-8")
    return tuple(_table(entry) for entry in plain(parse_text(text)))


def _pattern(name: str | None) -> str | None:
    """A field's pattern: a named one (partial-date) is the records' own."""
    if name != "partial-date":
        return name
    from civictech_kb.model.schema import DATE_PATTERN  # imported here: it brings pydantic

    return DATE_PATTERN


def _table(entry: YamlMapping) -> Table:
    fields = tuple(
        Field(f["name"], f["type"], f["description"], required=f.get("null") is False,
              pattern=_pattern(f.get("pattern")), enum=tuple(f.get("enum", ())), format=f.get("format"))
        for f in entry["fields"]
    )  # fmt: skip
    return Table(entry["name"], entry["title"], entry["description"].strip(), fields,
                 tuple(entry["primary_key"]), tuple(entry.get("foreign_keys", ())))  # fmt: skip


def table(name: str) -> Table:
    return next(t for t in tables() if t.name == name)


def rows(records: Iterable[Record], collection: Collection | None = None) -> dict[str, list[Row]]:
    """Each table's rows (tuples in its column order), sorted by key. Only
    relations between the given records are kept, so every key resolves.
    Citations are resolved against the collection (the given records alone
    when none is given)."""
    from civictech_kb.model.licence import licence_data
    from civictech_kb.views.citations import bibliography, credits, resolve

    chosen = sorted((r for r in records if r.type != "source"), key=lambda r: r.id)
    collection = collection if collection is not None else Collection(chosen)
    shown = {r.id for r in chosen}
    codes = sorted({code for r in chosen for code in r.countries})
    topic_ids = sorted({topic for r in chosen for topic in r.topics})
    words = collection.vocabulary
    topics, categories = words.topics, words.categories
    data: dict[str, list[Row]] = {
        "records": [_record_row(r, words) for r in chosen],
        "countries": [_country_row(code) for code in codes],
        "topics": [(t, topics[t].label, _json(list(topics[t].synonyms))) for t in topic_ids if t in topics],
        "categories": [(c.id, c.label, c.description or None) for c in categories.values()],
        "record_countries": [(r.id, code) for r in chosen for code in r.countries],
        "record_topics": [(r.id, topic) for r in chosen for topic in r.topics if topic in topics],
        "relations": sorted(
            {(r.id, kind, target) for r in chosen for kind, target in r.relations() if target in shown}
        ),
        "challenges": [
            (r.id, n, c["category"], c["summary"], _json(c.get("responses")))
            for r in chosen
            for n, c in _numbered(r, "challenges")
        ],
        "lessons": [(r.id, n, text) for r in chosen for n, text in _numbered(r, "lessons")],
        "figures": [
            (r.id, n, f["label"], f.get("value"), f.get("min"), f.get("more_than"), f.get("max"), f.get("less_than"),
             int(f.get("approximate", False)), f.get("unit"), f.get("year"))
            for r in chosen
            for n, f in _numbered(r, "figures")
        ],
        "sources": [
            (r.id, n, s.get("source"), s.get("section"), s.get("point"), cited.get("url"), cited["text"])
            for r in chosen
            for n, s in _numbered(r, "sources")
            for cited in [resolve(collection, s)]
        ],
        "milestones": [
            (r.id, n, m["date"], m["summary"], m["source"].get("source"), m["source"].get("section"),
             resolve(collection, m["source"])["text"])
            for r in chosen
            for n, m in _numbered(r, "milestones")
        ],
        "bibliography": [
            (e["id"], e["title"], e.get("work"), _json(e.get("publishers")), e.get("date"),
             _json(e.get("languages")), e.get("url"), e.get("archive"), e.get("licence"), e["text"], e["cited_by"])
            for e in sorted(bibliography(collection, chosen), key=lambda e: e["id"])
        ],
        "licence": [tuple(licence_data(credits(collection))[c] for c in table("licence").columns)],
    }  # fmt: skip
    return data


def _numbered(record: Record, field: str) -> list[tuple[int, YamlValue]]:
    return list(enumerate(record.get(field) or [], start=1))


def _record_row(record: Record, words: Vocabulary) -> Row:
    values = {
        **{c: record.get(c) for c in ("id", "type", "name", "summary", "landscape", "context", "location",
                                      "status", "kind", "founded", "ended", "start", "end", "website")},
        "year": record.year,
        "topic_labels": _topic_words(record.topics, words),
        **{c: _json(record.get(c)) for c in ("names", "aliases", "countries", "topics", "links", "relations",
                                             "challenges", "lessons", "figures", "milestones", "sources")},
    }  # fmt: skip
    return tuple(values[column] for column in table("records").columns)


def _topic_words(topic_ids: list[str], vocabulary: Vocabulary) -> str | None:
    """A record's topics as words to search: each label and its synonyms."""
    topics = vocabulary.topics
    words = [word for t in topic_ids if t in topics for word in (topics[t].label, *topics[t].synonyms)]
    return "; ".join(words) or None


def _country_row(code: str) -> Row:
    region = vocab.region_of(code)
    return code, vocab.country_name(code), region and region.name, region and region.parent


def _json(value: YamlValue) -> str | None:
    return json.dumps(value, ensure_ascii=False) if value else None
