"""Ranking: BM25F over the query's concepts, in one pass that also keeps
what `--explain` shows.

Each term weighs by how rare it is in the collection (idf), and its counts
in the fields of a record are weighted by field, normalised by the field's
length against the collection's average for that field, summed, and
saturated (BM25F: Robertson and Zaragoza, "The Probabilistic Relevance
Framework", 2009). Only records reached through the terms' postings are
scored. Records fall in tiers: those matching every distinctive query word, then
those matching some, whose BM25F total is scaled by the share of the query's information
they cover (distinctive words weighted by idf), so a record holding the
rare words of a question ranks above one holding its commonplace ones. The
score shown is the one ranked by: the tier's number plus the scaled total
relative to the query's best (below 1). Ties by id, for a stable order.
"""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Callable, Sequence
from functools import cached_property
from typing import TYPE_CHECKING, NamedTuple, TypedDict

from civictech_kb.search.fields import FIELD_LENGTH_NORM, FIELD_WEIGHTS, FIELDS
from civictech_kb.search.index import SearchIndex, build_index, flat_lengths, idf, index_for, numbers_of_type
from civictech_kb.search.query import Concept, Query, query_chunks, read_query
from civictech_kb.search.snippets import snippet, written_words

if TYPE_CHECKING:
    from civictech_kb.model.record import Collection, Record
    from civictech_kb.views.filters import RecordFilter

K1 = 1.2  # how quickly further occurrences stop adding score
# A country profile mentions every topic practised there; without a discount
# it outranks the projects a topical query is really after.
PROFILE_DISCOUNT = 0.85
_WEIGHTS = [FIELD_WEIGHTS[name] for name in FIELDS]
_NORMS = [FIELD_LENGTH_NORM[name] for name in FIELDS]
Progress = Callable[[int, int], None]  # told (done, total) while an index is built


class ScoreEntry(TypedDict):
    """One entry of a hit's explanation: the term of a query part that
    scored best in one field, and its share of the score."""

    query: str
    term: str
    field: str
    score: float


TIERS = ("some words", "all words")  # by tier number: see Scored.tier


class Ranked(NamedTuple):
    """The parts of a hit's score: its tier, the share of the query it
    covers, its BM25F total and the best total of the query; the score is
    the tier's number plus bm25f * coverage / best."""

    tier: str
    coverage: float
    bm25f: float
    best: float


# The hits are NamedTuples and Scored a plain class, not dataclasses: every
# search makes them, and defining a dataclass costs about ten times as much
# at start-up (benchmarks/README.md, "Warm search imports").
class SearchHit(NamedTuple):
    """One record found, with why: the fields that matched, a snippet with
    the spans of matched words in it, and the score entry by entry."""

    id: str
    name: str
    type: str
    score: float
    matched_fields: list[str]
    snippet: str
    highlights: Sequence[tuple[int, int]] = ()
    explanation: Sequence[ScoreEntry] = ()
    ranked: Ranked | None = None

    def as_dict(self, explain: bool = False) -> dict[str, object]:
        data: dict[str, object] = {"id": self.id, "name": self.name, "type": self.type, "score": self.score,
                "matched_fields": self.matched_fields, "snippet": self.snippet,
                "highlights": [list(span) for span in self.highlights]}  # fmt: skip
        if explain:
            data["explanation"] = list(self.explanation)
            if self.ranked is not None:
                data["ranked"] = self.ranked._asdict()
        return data


class SearchResult(NamedTuple):
    """The hits of a query, and the query as searched when some of its words
    were read as close spellings ("showing results for ...")."""

    hits: list[SearchHit]
    showing_for: str | None = None


def search(
    collection: Collection,
    query: str,
    record_filter: RecordFilter | None = None,
    limit: int | None = 10,
    index: SearchIndex | None = None,
    progress: Progress | None = None,
) -> list[SearchHit]:
    """The records best matching a query, best first (see `find`)."""
    return find(collection, query, record_filter, limit, index, progress).hits


def find(
    collection: Collection,
    query: str,
    record_filter: RecordFilter | None = None,
    limit: int | None = 10,
    index: SearchIndex | None = None,
    progress: Progress | None = None,
) -> SearchResult:
    """The records best matching a query: those matching more distinctive
    query words first, each by score.

    `index` defaults to the collection's own; `record_filter` is a
    views.selection.RecordFilter; `progress` is passed to build_index when
    the index must be built. Raises UsageError for an empty query."""
    query_chunks(query)
    return _find(collection, query, record_filter, limit, index, progress)


def _find(
    collection: Collection,
    text: str,
    record_filter: RecordFilter | None,
    limit: int | None,
    index: SearchIndex | None,
    progress: Progress | None,
) -> SearchResult:
    if index is None and record_filter is not None and "source" in record_filter.types:
        # source records are not in the collection's index: the few asked for are indexed here
        asked = [r for r in (*collection.records, *collection.sources.values()) if record_filter.matches(r)]
        index = build_index(asked)
    own = index is None  # the collection's own index holds only its records; another may not
    index = index if index is not None else index_for(collection, progress)
    query = read_query(text, index)
    scored = score(query, index)
    keeps_all = _keeps_all(record_filter)
    if own and keeps_all:
        candidates = list(scored.totals)
    else:
        chosen = None if keeps_all else record_filter
        candidates = [n for n in scored.totals if _kept(collection, index.ids[n], chosen)]
    count = limit if limit is not None else len(candidates)
    ranked = heapq.nsmallest(count, candidates, key=lambda n: scored.order(n, index))
    hits = [_hit(_scored_record(collection, index.ids[n]), scored, n) for n in ranked]
    if not hits:
        return SearchResult(hits)

    def written(term: str) -> list[str]:
        found = []
        for hit in hits:
            found += written_words(_scored_record(collection, hit.id).data, hit.matched_fields, term)
        return found

    return SearchResult(hits, query.showing_as(written))


def _scored_record(collection: Collection, record_id: str | None) -> Record:
    """The record a scored number stands for: a removed record's number has
    no postings, and another index's numbers were kept only if in the collection."""
    record = collection.get(record_id) if record_id is not None else None
    if record is None:
        raise LookupError(f"the search index scored a record the collection does not hold: {record_id!r}")
    return record


def _kept(collection: Collection, record_id: str | None, record_filter: RecordFilter | None) -> bool:
    """Whether the record is in the collection and passes the filter (None: any)."""
    if record_filter is None:
        return record_id in collection
    record = collection.get(record_id) if record_id is not None else None
    return record is not None and bool(record_filter.matches(record))


def _keeps_all(record_filter: RecordFilter | None) -> bool:
    """Whether a filter keeps every record, so records need not be read to apply it."""
    if record_filter is None:
        return True
    from civictech_kb.views.filters import RecordFilter

    return bool(record_filter == RecordFilter())


# What one term gives one record: (score, term, field number -> weighted count, their sum).
Best = tuple[float, str, dict[int, float], float]


class Scored:
    """The outcome of one scoring pass: each record's total, how many
    distinctive query words it covers, and for explanations the best term of
    each concept part in each record."""

    def __init__(self, query: Query, totals: dict[int, float], covered: Counter[int],
                 best: list[tuple[Concept, list[dict[int, Best]]]], shares: dict[int, float] | None = None) -> None:  # fmt: skip
        self.query = query
        self.totals = totals
        self.covered = covered
        self.best = best
        # record -> idf share of required words it covers
        self.shares: dict[int, float] = {} if shares is None else shares

    def tier(self, number: int) -> int:
        """1: the record matches every distinctive query word; 0: some of them."""
        return 1 if self.covered[number] >= len(self.query.required) else 0

    def coverage(self, number: int) -> float:
        """The share of the query's information a record covers (1 in the upper tiers)."""
        return 1.0 if self.tier(number) else self.shares.get(number, 0.0)

    def score(self, number: int) -> float:
        """The score shown and ranked by: the tier, plus the BM25F total scaled
        by coverage, relative to the best total of the query (below 1)."""
        return self.tier(number) + self.totals[number] * self.coverage(number) / self.ceiling

    @cached_property
    def ceiling(self) -> float:
        """Just above the query's best total; computed once, since ranking
        asks for it once per candidate (a max over every total each time was
        quadratic: 0.7 s of a 1.5 s warm search at 100,000 records)."""
        return max(self.totals.values(), default=0.0) * (1 + 1e-9) or 1.0

    def order(self, number: int, index: SearchIndex) -> tuple[float, float, str]:
        """By score, best first; equal scores (records that cover no required
        word score 0) by their BM25F total, and only then by id."""
        return (-self.score(number), -self.totals[number], index.ids[number] or "")

    def explanation(self, number: int) -> list[ScoreEntry]:
        """Where a record's score comes from: for each part of each concept the
        term that scored best, field by field; the entries add up to the score."""
        entries: list[ScoreEntry] = []
        for concept, parts in self.best:
            for part in parts:
                if number not in part:
                    continue
                value, term, weighted, tf = part[number]
                for f, count in weighted.items():
                    share = value * count / tf  # the field's part of the term's score
                    entries.append({"query": concept.label, "term": term, "field": FIELDS[f],
                                    "score": round(share / len(parts), 3)})  # fmt: skip
        return entries


def score(query: Query, index: SearchIndex) -> Scored:
    """Score every record the query's terms reach, in one pass."""
    size = max(len(index), 1)
    averages = index.average_lengths
    lengths, countries = flat_lengths(index.lengths), numbers_of_type(index.types, "country")
    totals: dict[int, float] = {}
    covering: dict[int, set[int]] = {word: set() for word in query.required}
    best: list[tuple[Concept, list[dict[int, Best]]]] = []
    for concept in query.concepts:
        parts = [_part_best(part, index, size, averages, lengths, countries) for part in concept.parts]
        best.append((concept, parts))
        counts: Counter[int] = Counter()
        for part in parts:
            for number, (value, _, _, _) in part.items():
                totals[number] = totals.get(number, 0.0) + value / len(parts)
                counts[number] += 1
        # a word counts as matched through any of its concepts, once one of them is distinctive
        matched = {n for n, c in counts.items() if c >= concept.need * len(parts)}
        for word in concept.words & query.required:
            covering[word].update(matched)
    covered: Counter[int] = Counter(n for numbers in covering.values() for n in numbers)
    return Scored(query, totals, covered, best, _shares(query, index, covering))


MIN_WORD_WEIGHT = 0.1  # what a required word no record spells as typed weighs in a record's share


def _shares(query: Query, index: SearchIndex, covering: dict[int, set[int]]) -> dict[int, float]:
    """Record -> the share of the query's required words it covers, each
    word weighted by how rare it is (its idf)."""
    weights = {w: max(index.idf(query.words[w].whole), MIN_WORD_WEIGHT) for w in covering}
    total = sum(weights.values()) or 1.0
    shares: dict[int, float] = {}
    for word, numbers in covering.items():
        for n in numbers:
            shares[n] = shares.get(n, 0.0) + weights[word] / total
    return shares


def _part_best(
    part: dict[str, float],
    index: SearchIndex,
    size: int,
    averages: list[float],
    flat_lengths: Sequence[int],
    countries: set[int],
) -> dict[int, Best]:
    """Record number -> the best (score, term, weighted field counts, their
    sum) any of the part's terms gives it. The hot loop of a search (a
    common term has a posting in most records): the arithmetic is that of
    BM25F term by term, in the same order, so the scores are the same to the bit."""
    best: dict[int, Best] = {}
    width = len(FIELDS)
    bases = [1 - norm for norm in _NORMS]
    for term, weight in part.items():
        numbers, field_counts = index.postings(term)
        factor = weight * idf(len(numbers), size)
        for n, flat in zip(numbers, field_counts, strict=True):
            at = n * width
            if len(flat) == 2:  # one field says the term: most postings
                f = flat[0]
                tf = _WEIGHTS[f] * flat[1] / (bases[f] + _NORMS[f] * flat_lengths[at + f] / averages[f])
                weighted = {f: tf}
            else:
                weighted = {}
                for f, count in zip(flat[::2], flat[1::2], strict=True):
                    norm = bases[f] + _NORMS[f] * flat_lengths[at + f] / averages[f]
                    weighted[f] = _WEIGHTS[f] * count / norm
                tf = sum(weighted.values())
            value = factor * tf / (K1 + tf)
            if n in countries:
                value *= PROFILE_DISCOUNT
            if value > best.get(n, _NOTHING)[0]:
                best[n] = (value, term, weighted, tf)
    return best


_NOTHING: Best = (0.0, "", {}, 0.0)


def _hit(record: Record, scored: Scored, number: int) -> SearchHit:
    explanation = scored.explanation(number)
    fields = sorted({e["field"] for e in explanation}, key=FIELDS.index)
    terms_by_field: dict[str, set[str]] = {}
    for entry in explanation:
        terms_by_field.setdefault(entry["field"], set()).add(entry["term"])
    text, spans = snippet(record.data, terms_by_field)
    ranked = Ranked(TIERS[scored.tier(number)], round(scored.coverage(number), 3),
                    round(scored.totals[number], 3), round(scored.ceiling, 3))  # fmt: skip
    return SearchHit(record.id, record.name, record.type, round(scored.score(number), 3), fields,
                     text, spans, explanation, ranked)  # fmt: skip
