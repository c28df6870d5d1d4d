"""Choosing records: the filters shared by list, search, export and the views,
and the derived facts (regions, reverse relations) added to a record's data."""

from __future__ import annotations

from dataclasses import dataclass, field

from civictech_kb.model import vocab
from civictech_kb.model.record import Collection, Record


@dataclass(frozen=True)
class RecordFilter:
    """What to keep. Repeated countries, regions and topics must all match
    (a record naming any of its countries matches one); types and statuses
    are alternatives, since a record has only one of each."""

    types: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()  # alpha-2 codes
    regions: tuple[str, ...] = ()  # sub-region or region names
    topics: tuple[str, ...] = ()  # topic ids
    statuses: tuple[str, ...] = ()
    since: int | None = None
    until: int | None = None
    exclude_types: tuple[str, ...] = field(default=())

    def matches(self, record: Record) -> bool:
        return (
            (not self.types or record.type in self.types)
            and record.type not in self.exclude_types
            and (not self.statuses or (record.status or "unknown") in self.statuses)
            and all(code in record.countries for code in self.countries)
            and all(_in_region(record, name) for name in self.regions)
            and all(topic in record.topics for topic in self.topics)
            and _in_years(record, self.since, self.until)
        )


def build_filter(
    types=(), countries=(), regions=(), topics=(), statuses=(), since=None, until=None
) -> RecordFilter:
    """A filter from what a user typed: country names, region names and
    topic synonyms are resolved (NotFound explains a value that is not)."""
    return RecordFilter(
        types=tuple(types),
        countries=tuple(vocab.resolve_country(c) for c in countries),
        regions=tuple(vocab.resolve_area(r) for r in regions),
        topics=tuple(vocab.resolve_topic(t) for t in topics),
        statuses=tuple(statuses),
        since=since,
        until=until,
    )


def _in_region(record: Record, name: str) -> bool:
    codes = vocab.area_countries(name)
    return any(code in codes for code in record.countries)


def _in_years(record: Record, since: int | None, until: int | None) -> bool:
    if since is None and until is None:
        return True
    year = record.year
    if year is None:
        return False
    return (since is None or year >= since) and (until is None or year <= until)


def select(collection: Collection, record_filter: RecordFilter | None = None) -> list[Record]:
    """Records that pass the filter, in id order."""
    if record_filter is None:
        return list(collection.records)
    return [r for r in collection.records if record_filter.matches(r)]


def regions_of(record: Record) -> list[dict]:
    """The UN M49 sub-regions a record's countries lie in."""
    seen: dict[str, dict] = {}
    for code in record.countries:
        region = vocab.region_of(code)
        if region and region.name not in seen:
            seen[region.name] = {"region": region.parent, "subregion": region.name}
    return list(seen.values())


def with_derived(collection: Collection, record: Record) -> dict:
    """A record's data plus what is derived from the collection: country
    names, regions and reverse relations."""
    data = dict(record.data)
    if record.countries:
        data["country_names"] = [vocab.country_name(code) for code in record.countries]
        data["regions"] = regions_of(record)
    reverse = collection.reverse_relations.get(record.id)
    if reverse:
        data["related_from"] = {kind: sorted(ids) for kind, ids in sorted(reverse.items())}
    return data


def summary_row(record: Record) -> dict:
    """The short form of a record used in lists."""
    row = {"id": record.id, "type": record.type, "name": record.name}
    row["countries"] = record.countries
    if record.date:
        row["year"] = record.year
    if record.status:
        row["status"] = record.status
    row["topics"] = record.topics
    return row
