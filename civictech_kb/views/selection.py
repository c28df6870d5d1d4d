"""Choosing records with a filter (views.filters), the short and the full
form of a record, and the derived facts (regions, reverse relations) added
to a record's data."""

from __future__ import annotations

from civictech_kb.model import vocab
from civictech_kb.model.data import YamlMapping
from civictech_kb.model.record import Collection, Record
from civictech_kb.views.filters import RecordFilter as RecordFilter
from civictech_kb.views.filters import build_filter as build_filter
from civictech_kb.views.results import RecordCard, RecordList, RecordRow


def select(collection: Collection, record_filter: RecordFilter | None = None) -> list[Record]:
    """Records that pass the filter, in id order; source records only when
    the filter asks for the type source."""
    if record_filter is None:
        return list(collection.records)
    return [r for r in candidates(collection, record_filter) if record_filter.matches(r)]


def candidates(collection: Collection, record_filter: RecordFilter | None) -> list[Record]:
    """What a filter chooses from: the records, and the source records too
    when it asks for the type source."""
    if record_filter is None or "source" not in record_filter.types:
        return collection.records
    return sorted([*collection.records, *collection.sources.values()], key=lambda r: r.id)


def regions_of(record: Record) -> list[dict[str, str]]:
    """The UN M49 sub-regions a record's countries lie in."""
    seen: dict[str, dict[str, str]] = {}
    for code in record.countries:
        region = vocab.region_of(code)
        if region and region.name not in seen:
            seen[region.name] = {"region": region.parent, "subregion": region.name}
    return list(seen.values())


def with_derived(collection: Collection, record: Record) -> YamlMapping:
    """A record's data plus what is derived from the collection: country
    names, regions, reverse relations, citations a reader can follow (and
    each milestone's), and for a source record the records resting on it."""
    from civictech_kb.views import citations

    data = dict(record.data)
    if record.countries:
        data["country_names"] = [vocab.country_name(code) for code in record.countries]
        data["regions"] = regions_of(record)
    reverse = collection.reverse_relations.get(record.id)
    if reverse:
        data["related_from"] = {kind: sorted(ids) for kind, ids in sorted(reverse.items())}
    if data.get("milestones"):
        data["milestones"] = [
            m | {"citation": citations.resolve(collection, m["source"])} for m in data["milestones"]
        ]
    if data.get("sources"):
        data["citations"] = citations.record_citations(collection, record)
    if record.type == "source":
        data["reference"] = citations.source_entry(collection, record)["text"]
        data["cited_by"] = citations.citing_records(collection, record.id)
    return data


def summary_row(record: Record) -> RecordRow:
    """The short form of a record used in lists (a year only when dated)."""
    return RecordRow(id=record.id, type=record.type, name=record.name, countries=record.countries,
                     year=record.year if record.date else None, status=record.status or None,
                     topics=record.topics)  # fmt: skip


def record_list(collection: Collection, record_filter: RecordFilter | None = None) -> RecordList:
    """The records a filter keeps, in id order, each in its short form."""
    return RecordList(rows=[summary_row(record) for record in select(collection, record_filter)])


def record_card(collection: Collection, text: str) -> RecordCard:
    """One record in full, found by id, name or alias (typos suggested)."""
    data = with_derived(collection, collection.find(text))
    linked = {
        i for links in ("relations", "related_from") for ids in data.get(links, {}).values() for i in ids
    }
    names = {i: collection.by_id[i].name for i in sorted(linked) if i in collection.by_id}
    words = collection.vocabulary
    labels = words.category_labels() if data.get("challenges") else {}
    topics = {topic: words.topic_label(topic) for topic in data.get("topics", [])}
    return RecordCard(data=data, record_names=names, category_labels=labels, topic_labels=topics)
