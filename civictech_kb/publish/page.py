"""What every page of the static site shares: the Page (path, template,
title, context, JSON-LD), the paths of pages, and records as lists show
them. Paths are relative to the site's root, one folder deep at most."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from civictech_kb.model import vocab
from civictech_kb.model.data import JsonObject
from civictech_kb.model.record import TYPES, Collection, Record


@dataclass(frozen=True)
class Page:
    path: str  # e.g. "records/cofacts.html"
    template: str
    title: str
    context: Mapping[str, object] = field(default_factory=dict)
    jsonld: JsonObject | None = None
    searchable: bool = False  # indexed by Pagefind

    @property
    def root(self) -> str:
        """The way back to the site's root from this page."""
        return "../" * self.path.count("/")


def type_title(kind: str) -> str:
    return TYPES[kind].title if kind in TYPES else kind.capitalize()


def record_path(record_id: str) -> str:
    return f"records/{record_id}.html"


def country_path(code: str) -> str:
    return f"countries/{code.lower()}.html"


def region_path(name: str) -> str:
    return f"regions/{vocab.slugify_label(name)}.html"


def topic_path(topic_id: str) -> str:
    return f"topics/{topic_id}.html"


def document_path(document: str) -> str:
    return f"sources/{vocab.slugify_label(document.rsplit('.', 1)[0]) or 'source'}.html"


def compare_path(a: str, b: str) -> str:
    first, second = sorted((a.lower(), b.lower()))
    return f"compare/{first}-{second}.html"


def brief(record: Record) -> JsonObject:
    """A record as lists show it."""
    return {"id": record.id, "name": record.name, "type": record.type, "names": record.get("names", {}),
            "summary": record.summary, "year": record.year, "status": record.status,
            "countries": [(code, vocab.country_name(code)) for code in record.countries],
            "path": record_path(record.id)}  # fmt: skip


def by_type(records: list[Record]) -> list[JsonObject]:
    kinds = [*TYPES, *sorted({r.type for r in records} - set(TYPES))]
    return [{"type": kind, "title": type_title(kind), "records": [brief(r) for r in records if r.type == kind]}
            for kind in kinds if any(r.type == kind for r in records)]  # fmt: skip


def country_codes(collection: Collection) -> list[str]:
    codes = {code for record in collection for code in record.countries}
    return sorted(codes, key=vocab.country_name)
