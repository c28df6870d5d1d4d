"""What to choose: the filter shared by list, search, export, stats and the
views (RecordFilter), with the function that builds it from what a user
typed. (The filter of ctkb challenges is views/challenge_filter.py's
ChallengeFilter.)"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import NamedTuple

from civictech_kb.model import vocab
from civictech_kb.model.problems import Ambiguous, NotFound, UsageError
from civictech_kb.model.record import Collection, Record


class RecordFilter(NamedTuple):
    """What to keep. Repeated countries, regions and topics must all match
    (a record naming any of its countries matches one); types and statuses
    are alternatives, since a record has only one of each. (A NamedTuple:
    every search builds one, and defining a dataclass costs ten times as
    much at start-up; see benchmarks/README.md.)"""

    types: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()  # alpha-2 codes
    regions: tuple[str, ...] = ()  # sub-region or region names
    topics: tuple[str, ...] = ()  # topic ids
    statuses: tuple[str, ...] = ()
    since: int | None = None
    until: int | None = None
    exclude_types: tuple[str, ...] = ()

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
    types: Iterable[str] = (),
    countries: Iterable[str] = (),
    regions: Iterable[str] = (),
    topics: Iterable[str] = (),
    statuses: Iterable[str] = (),
    since: int | None = None,
    until: int | None = None,
    covered: Collection | None = None,
) -> RecordFilter:
    """A filter from what a user typed: country names, region names and
    topic synonyms (of the `covered` collection's vocabulary, its own topics
    included) are resolved. A value that is not, or years that exclude
    each other, are a UsageError, saying what the `covered` collection has."""
    if since is not None and until is not None and since > until:
        raise UsageError(f"--since {since} is after --until {until}: no year is both")
    topics = tuple(topics)
    if topics:  # the topic vocabulary is imported only for topics to resolve
        from civictech_kb.model.vocabulary import vocabulary_of
    return RecordFilter(
        types=tuple(types),
        countries=tuple(resolved("--country", c, vocab.resolve_country, covered) for c in countries),
        regions=tuple(resolved("--region", r, vocab.resolve_area, covered) for r in regions),
        topics=tuple(resolved("--topic", t, vocabulary_of(covered).resolve_topic, covered) for t in topics),
        statuses=tuple(statuses),
        since=since,
        until=until,
    )


def resolved(
    option: str, value: str, resolve: Callable[[str], str], covered: Collection | None = None
) -> str:
    """resolve(value), or a UsageError naming the option, with a hint:
    the close names, else what the collection covers."""
    from civictech_kb.views.coverage import countries_note, regions_note

    try:
        return resolve(value)
    except (NotFound, Ambiguous) as err:
        reason = str(err)
        if isinstance(err, NotFound) and option == "--country":
            reason = "; ".join(filter(None, ["matches no country", countries_note(covered)]))
        elif isinstance(err, NotFound) and option == "--region":
            reason = "; ".join(filter(None, ["matches no region", regions_note(covered)]))
        raise UsageError(f"{option} {value!r}: {reason}") from None


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


FILTER_PARTS = ("types", "countries", "regions", "topics", "statuses")


def kept_by_each(records: Iterable[Record], record_filter: RecordFilter) -> dict[str, int]:
    """How many records each part of a filter keeps on its own (types,
    countries, ..., "years" for since and until together): why a filter
    that keeps nothing keeps nothing."""
    pool = list(records)
    parts = {name: RecordFilter()._replace(**{name: getattr(record_filter, name)})
             for name in FILTER_PARTS if getattr(record_filter, name)}  # fmt: skip
    if record_filter.since is not None or record_filter.until is not None:
        parts["years"] = RecordFilter(since=record_filter.since, until=record_filter.until)
    return {name: sum(part.matches(r) for r in pool) for name, part in parts.items()}


def is_undated(record: Record) -> bool:
    """Whether the sources give a record no founding or start date; country
    profiles have none to give, so they are never undated."""
    return record.type != "country" and record.year is None


def undated_left_out(collection: Collection, record_filter: RecordFilter) -> tuple[int, int]:
    """How many records --since/--until leave out only for having no date:
    (records the sources give no founding or start date, as the timeline
    counts them; country profiles, which have none). The records are read
    only when there is a year filter."""
    if record_filter.since is None and record_filter.until is None:
        return 0, 0
    rest = record_filter._replace(since=None, until=None)
    kept = [r for r in collection.records if r.year is None and rest.matches(r)]
    undated = sum(map(is_undated, kept))
    return undated, len(kept) - undated
