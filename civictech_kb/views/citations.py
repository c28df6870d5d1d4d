"""Citations a reader can follow, and the bibliography.

A record cites a source record by id and section (`source`, `section`,
`point`), or a web page by `url`. Here each citation is resolved against
the collection into what a reader needs to find the passage: the source's
title, the larger work, its publishers, date, section and address. Every
view and export shows citations through `citation_text`, so they all say
the same thing.
"""

from __future__ import annotations

from collections.abc import Iterable

from civictech_kb.model.data import YamlMapping
from civictech_kb.model.record import Collection, Record
from civictech_kb.model.wording import citation_text, reference_text
from civictech_kb.views.results import SourceList


def archive_address(archive: YamlMapping | None) -> str | None:
    """The web address of an archived copy on GitHub: the file at the
    recorded commit (or the default branch when none is recorded)."""
    if not archive:
        return None
    return (
        f"https://github.com/{archive['repository']}/blob/{archive.get('commit') or 'HEAD'}/{archive['path']}"
    )


def source_entry(collection: Collection, source: Record) -> YamlMapping:
    """A source record as a bibliography entry."""
    data = source.data
    entry = {
        "id": source.id,
        "title": source.name,
        "work": data.get("work"),
        "publishers": [_publisher(collection, p) for p in data.get("publishers", [])],
        "date": data.get("date"),
        "languages": data.get("languages", []),
        "url": data.get("website") or archive_address(data.get("archive")),
        "archive": _archive_text(data.get("archive")),
        "licence": data.get("licence"),
    }
    entry["text"] = reference_text(entry)
    return {key: value for key, value in entry.items() if value not in (None, [])}


def _publisher(collection: Collection, name: str) -> str:
    record = collection.get(name)
    return record.name if record is not None else name


def _archive_text(archive: YamlMapping | None) -> str | None:
    return f"archived in {archive['repository']} as {archive['path']}" if archive else None


def resolve(collection: Collection, citation: YamlMapping) -> YamlMapping:
    """One citation as a reader follows it: title, section, point, address."""
    resolved: YamlMapping = {}
    source_id = citation.get("source")
    if source_id:
        source = collection.get(source_id)
        resolved["source"] = source_id
        if source is not None and source.type == "source":
            entry = source_entry(collection, source)
            resolved |= {key: entry[key] for key in ("title", "work", "publishers", "url") if key in entry}
        else:
            resolved["title"] = source_id
    for key in ("section", "point"):
        if citation.get(key):
            resolved[key] = citation[key]
    if citation.get("url"):
        resolved["url"] = citation["url"]
    resolved["text"] = citation_text(resolved)
    return resolved


def record_citations(collection: Collection, record: Record) -> list[YamlMapping]:
    """A record's citations, resolved, in the order written."""
    return [resolve(collection, citation) for citation in record.get("sources", [])]


def sources_of(collection: Collection, records: Iterable[Record]) -> dict[str, list[str]]:
    """Record id -> the texts of its citations, for the records a view quotes."""
    return {r.id: [c["text"] for c in record_citations(collection, r)] for r in records}


def _citations_of(record: Record) -> list[YamlMapping]:
    return [*record.get("sources", []), *(m["source"] for m in record.get("milestones", []))]


def bibliography(collection: Collection, records: Iterable[Record]) -> list[YamlMapping]:
    """The source records the given records cite, each as a bibliography
    entry with how many of those records cite it; in title order."""
    counts: dict[str, int] = {}
    for record in records:
        for source_id in dict.fromkeys(c.get("source") for c in _citations_of(record)):
            if source_id:
                counts[source_id] = counts.get(source_id, 0) + 1
    entries = []
    for source_id, count in counts.items():
        source = collection.get(source_id)
        if source is not None and source.type == "source":
            entries.append(source_entry(collection, source) | {"cited_by": count})
    return sorted(entries, key=lambda e: (e["title"].casefold(), e["id"]))


def sources_view(collection: Collection) -> SourceList:
    """`ctkb sources`: every source record with how many records cite it,
    and the data licence."""
    from civictech_kb.model.licence import licence_data

    cited = {e["id"]: e["cited_by"] for e in bibliography(collection, collection.records)}
    sources = [
        source_entry(collection, record) | {"cited_by": cited.get(record.id, 0)}
        for record in collection.sources.values()
    ]
    sources.sort(key=lambda e: (e["title"].casefold(), e["id"]))
    return SourceList(sources=sources, count=len(sources), licence=licence_data(sources))


def credits(collection: Collection) -> list[YamlMapping]:
    """Every source record as the attribution credits it (model.licence):
    its bibliography entry, in title order."""
    entries = [source_entry(collection, source) for source in collection.sources.values()]
    return sorted(entries, key=lambda e: (e["title"].casefold(), e["id"]))


def citing_records(collection: Collection, source_id: str) -> list[YamlMapping]:
    """What rests on a source: each record citing it, with the sections it
    cites (milestones' sections included)."""
    citing = []
    for record in collection.records:
        sections = [c.get("section") or "" for c in _citations_of(record) if c.get("source") == source_id]
        if sections:
            named = sorted({s for s in sections if s})
            citing.append({"id": record.id, "name": record.name, "type": record.type, "sections": named})
    return citing
