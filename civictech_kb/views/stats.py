"""Counting records: by type, region, country, topic, status and decade, and
a region x challenge-category matrix. Plain data for `ctkb stats`, its
charts and the HTML report's pictures.

A record in several countries counts once in each of them (and once in each
of their sub-regions), so those counts may add up to more than the total.
Country profiles have no status and no date: they are left out of those two
counts, as the timeline leaves them out.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable

from civictech_kb.model import vocab
from civictech_kb.model.record import RECORD_TYPES, STATUSES, Record
from civictech_kb.model.vocabulary import Vocabulary, builtin_vocabulary, vocabulary_of
from civictech_kb.views.grouping import (
    NO_REGION,
    PlacedChallenge,
    placed_challenges,
    placements,
    region_order,
    same_challenges,
)
from civictech_kb.views.results import (
    CategoryRef,
    ChallengeMatrix,
    Count,
    CountryChallengeMatrix,
    Stats,
    YearCount,
)


def collection_stats(records: Iterable[Record], vocabulary: Vocabulary | None = None) -> Stats:
    """Every count ctkb draws, for the given records; topics and categories
    named as the vocabulary says (default: the collection's, when records
    is one, else the built-in one)."""
    words = vocabulary or vocabulary_of(records)
    records = list(records)
    timed = [r for r in records if r.type not in ("country", "source")]
    return Stats(
        total=len(records),
        by_type=_ordered(Counter(r.type for r in records), RECORD_TYPES),
        by_region=_ordered(Counter(s for r in records for s in subregions(r)), region_order()),
        by_country=_ranked(Counter(c for r in records for c in r.countries), vocab.country_name),
        by_topic=_ranked(Counter(t for r in records for t in r.topics), words.topic_label),
        by_status=_ordered(Counter(r.status or "unknown" for r in timed), STATUSES),
        by_decade=by_decade(timed),
        undated=sum(r.year is None for r in timed),
        challenges=challenge_matrix(records, words),
        country_challenges=country_challenge_matrix(records, words),
    )


def by_decade(records: Iterable[Record]) -> list[Count]:
    """Dated records per decade, oldest first, with the empty decades between
    (more than EMPTY_ROWS of them as one row, "1910s-1980s")."""
    return [Count(key=_span(f"{start}s", f"{end}s"), label=_span(f"{start}s", f"{end}s"), count=n)
            for start, end, n in _periods(records, 10)]  # fmt: skip


def by_year(records: Iterable[Record]) -> list[YearCount]:
    """Dated records per year, oldest first, with the empty years between
    (more than EMPTY_ROWS of them as one row, "1901-1989")."""
    return [YearCount(year=start, label=_span(str(start), str(end)), count=n)
            for start, end, n in _periods(records, 1)]  # fmt: skip


def _span(first: str, last: str) -> str:
    return first if first == last else f"{first}-{last}"


def _periods(records: Iterable[Record], size: int) -> list[tuple[int, int, int]]:
    """(first year of the first period, first year of the last, records dated
    in them) from the first dated period to the last: each dated period, a
    few empty ones each, and a longer run of empty ones as one entry. The work is in
    the number of dated periods, never in the span of years."""
    counts = Counter(r.year // size * size for r in records if r.year is not None)
    periods: list[tuple[int, int, int]] = []
    for start in sorted(counts):
        if periods:
            first_empty, last_empty = periods[-1][1] + size, start - size
            if (last_empty - first_empty) // size + 1 > EMPTY_ROWS:
                periods.append((first_empty, last_empty, 0))
            else:
                periods += [(empty, empty, 0) for empty in range(first_empty, last_empty + 1, size)]
        periods.append((start, start, counts[start]))
    return periods


EMPTY_ROWS = 3  # more empty periods in a row than this are one row


def challenge_matrix(records: Iterable[Record], vocabulary: Vocabulary | None = None) -> ChallengeMatrix:
    """How many records report each challenge category in each sub-region:
    rows are categories, columns sub-regions, both in vocabulary order and
    only those that occur. A record counts once per category and region,
    and a challenge several records state counts for the first of them only
    (views.grouping.same_challenges). Categories as the vocabulary names
    them (default: the built-in one)."""
    vocabulary = vocabulary or builtin_vocabulary()
    pairs = {
        (s.category, s.first.region or NO_REGION, s.record.id)
        for s in same_challenges(placed_challenges(records))
    }
    cells = Counter((category, region) for category, region, _ in pairs)
    rows = sorted({category for category, _ in cells}, key=vocabulary.category_rank)
    regions_seen = {region for _, region in cells}
    columns = [r for r in region_order() if r in regions_seen]
    return ChallengeMatrix(
        categories=[CategoryRef(key=c, label=vocabulary.category_label(c)) for c in rows],
        regions=columns,
        counts=[[cells[(c, r)] for r in columns] for c in rows],
    )


def country_challenge_matrix(
    records: Iterable[Record], vocabulary: Vocabulary | None = None
) -> CountryChallengeMatrix:
    """How many records report each challenge category in each country: rows
    are categories (vocabulary order), columns countries (by name), only
    those that occur. A record counts once per category and country, and a
    challenge several records state there for the first of them only."""
    vocabulary = vocabulary or builtin_vocabulary()
    # One item per country, its code in the place of the region: the same challenge is met per country.
    per_country = [PlacedChallenge(p.record, p.challenge, code, (code,))
                   for p in placed_challenges(records, by_region=False) for code in p.codes]  # fmt: skip
    pairs = {(s.category, s.codes[0], s.record.id) for s in same_challenges(per_country)}
    cells = Counter((category, code) for category, code, _ in pairs)
    rows = sorted({category for category, _ in cells}, key=vocabulary.category_rank)
    columns = sorted({code for _, code in cells}, key=vocab.country_name)
    return CountryChallengeMatrix(
        categories=[CategoryRef(key=c, label=vocabulary.category_label(c)) for c in rows],
        countries=[vocab.country_name(code) for code in columns],
        counts=[[cells[(c, code)] for code in columns] for c in rows],
    )


def subregions(record: Record) -> list[str]:
    """The sub-regions a record is counted under (see views.grouping)."""
    return list(placements(record))


def _ordered(counts: Counter[str], order: Iterable[str]) -> list[Count]:
    """Counts in a fixed order (keys outside it last, sorted)."""
    known = list(order)
    keys = [k for k in known if counts[k]] + sorted(set(counts) - set(known))
    return [Count(key=k, label=k, count=counts[k]) for k in keys]


def _ranked(counts: Counter[str], label: Callable[[str], str]) -> list[Count]:
    """Most counted first; ties in the order of their labels."""
    rows = [Count(key=k, label=label(k), count=n) for k, n in counts.items()]
    return sorted(rows, key=lambda row: (-row.count, vocab.fold(row.label), row.key))
