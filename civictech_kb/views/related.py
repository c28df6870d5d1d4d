"""Records related to one record: those it is linked to in either direction
(and those part of the same whole), then those sharing its topics and
countries, ranked by how much they share.

A source record's related records are the records citing it, grouped by
type and counted ("cited by 24 projects"). Citing the same source is not
shown as a bond between two ordinary records: nearly every record cites
the handbook, so it would say nothing; `show` lists a record's citations."""

from __future__ import annotations

from civictech_kb.model import vocab
from civictech_kb.model.record import REVERSE_RELATION, TYPES, Collection, Record
from civictech_kb.views.citations import citing_records
from civictech_kb.views.results import Link, RecordBrief, RelatedRecords, Sharing

# How a link reads from the record asked about: "cofacts  part of  g0v",
# "cofacts  inspired  cofact-thailand".
OUTGOING_LABELS = {relation: relation.replace("_", " ") for relation in REVERSE_RELATION}
INCOMING_LABELS = {"inspired": "inspired", "has_part": "has part", "organized": "organized",
                   "partner_of": "partner of", "funded": "funded", "built": "built"}  # fmt: skip
SIBLING = "same_whole"
CITED_BY = "cited_by"  # a record citing the source asked about


def related_records(collection: Collection, text: str, limit: int | None = 10) -> RelatedRecords:
    """The record named by text (id, name, alias or typo), the records linked
    to it both ways, and up to limit others sharing topics or countries
    (None: all of them)."""
    record = collection.find(text)
    links = _citing(collection, record) if record.type == "source" else _links(collection, record)
    linked = {link.id for link in links} | {record.id}
    sharing = _sharing(collection, record, linked)
    return RelatedRecords(record=_brief(record, record.id), links=links,
                          sharing=sharing[:limit] if limit is not None else sharing,
                          sharing_total=len(sharing))  # fmt: skip


def _brief(record: Record | None, record_id: str) -> RecordBrief:
    if record is None:  # a link to a record that is not in this collection
        return RecordBrief(id=record_id, name=None, type=None, countries=[])
    countries = [vocab.country_name(code) for code in record.countries]
    return RecordBrief(id=record.id, name=record.name, type=record.type, countries=countries)


def _links(collection: Collection, record: Record) -> list[Link]:
    """Outgoing relations as written, incoming ones from other records, and
    the records that are part of the same whole as this one."""
    links: list[Link] = []
    seen: set[tuple[str, str]] = set()

    def add(relation: str, label: str, target: str, direction: str, via: str | None = None) -> None:
        if target == record.id or (label, target) in seen:
            return
        seen.add((label, target))
        brief = _brief(collection.get(target), target)
        links.append(Link(relation=relation, label=label, direction=direction, via=via, id=brief.id,
                          name=brief.name, type=brief.type, countries=brief.countries))  # fmt: skip

    for relation, target in record.relations():
        add(relation, OUTGOING_LABELS[relation], target, "outgoing")
    for relation, sources in sorted(collection.reverse_relations.get(record.id, {}).items()):
        for source in sorted(sources):
            add(relation, INCOMING_LABELS[relation], source, "incoming")
    for _, whole in (r for r in record.relations() if r[0] == "part_of"):
        found = collection.get(whole)
        whole_name = found.name if found else whole
        for sibling in sorted(collection.reverse_relations.get(whole, {}).get("has_part", [])):
            add(SIBLING, f"also part of {whole_name}", sibling, "sibling", via=whole)
    return links


def _citing(collection: Collection, source: Record) -> list[Link]:
    """The records citing a source, by type in ctkb's order, then by id."""
    by_type: dict[str, list[Record]] = {}
    for entry in citing_records(collection, source.id):
        record = collection.by_id[entry["id"]]
        by_type.setdefault(record.type, []).append(record)
    links = []
    for name, record_type in TYPES.items():
        citing = by_type.get(name, [])
        for record in citing:
            brief = _brief(record, record.id)
            links.append(Link(relation=CITED_BY, label=f"cited by {record_type.counted(len(citing))}",
                              direction="incoming", id=brief.id, name=brief.name, type=brief.type,
                              countries=brief.countries))  # fmt: skip
    return links


def _sharing(collection: Collection, record: Record, exclude: set[str]) -> list[Sharing]:
    """Other records sharing topics or countries with this one, most shared
    first (a shared topic counts as much as a shared country), then by id."""
    shared = []
    for other in collection.records:
        if other.id in exclude:
            continue
        topics = [t for t in record.topics if t in other.topics]
        countries = [c for c in record.countries if c in other.countries]
        if topics or countries:
            brief = _brief(other, other.id)
            shared.append(Sharing(id=brief.id, name=brief.name, type=brief.type, countries=brief.countries,
                                  shared_topics=topics,
                                  shared_countries=[vocab.country_name(code) for code in countries],
                                  score=len(topics) + len(countries)))  # fmt: skip
    return sorted(shared, key=lambda s: (-s.score, -len(s.shared_topics), s.id))
