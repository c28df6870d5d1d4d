"""Ranking: only records reached through the query terms' postings are
scored; records that match every distinctive query word rank above those
matching some."""

from __future__ import annotations

import heapq
import math
from collections import Counter
from dataclasses import dataclass, field

from civictech_kb.search.fields import FIELDS, record_terms
from civictech_kb.search.index import field_shares, index_for, term_impacts
from civictech_kb.search.query import Query, query_chunks, read_query
from civictech_kb.search.snippets import snippet


@dataclass
class SearchHit:
    """One record found, with why."""

    id: str
    name: str
    type: str
    score: float
    matched_fields: list[str]
    snippet: str
    explanation: list[dict] = field(default_factory=list)

    def as_dict(self, explain: bool = False) -> dict:
        data = {"id": self.id, "name": self.name, "type": self.type, "score": self.score,
                "matched_fields": self.matched_fields, "snippet": self.snippet}  # fmt: skip
        if explain:
            data["explanation"] = self.explanation
        return data


def search(
    collection, query: str, record_filter=None, limit: int | None = 10, index=None, progress=None
) -> list[SearchHit]:
    """The records best matching a query, best first: those matching every
    distinctive query word, then the rest, each by score.

    `index` defaults to one built from the collection; `record_filter` is a
    query.RecordFilter; `progress` is passed to build_index when the index
    must be built. Raises UsageError for an empty query."""
    query_chunks(query)
    return _search(collection, query, record_filter, limit, index, progress)


def _search(collection, query: str, record_filter, limit: int | None, index, progress) -> list[SearchHit]:
    # The collection's own index holds only its records; another may not.
    own = index is None
    index = index if index is not None else index_for(collection, progress)
    parsed = read_query(query, index)
    scores, covering = _score(parsed, index)
    scores = _discount_profiles(index, scores)
    required = [covering[word] for word in parsed.required]
    complete = set.intersection(*required) if required else set(scores)
    keeps_all = _keeps_all(record_filter)
    if own and keeps_all:
        candidates = list(scores)
    else:
        chosen = None if keeps_all else record_filter
        candidates = [n for n in scores if _kept(collection, index.ids[n], chosen)]
    count = limit if limit is not None else len(candidates)
    ranked = heapq.nsmallest(count, candidates, key=lambda n: (n not in complete, -scores[n], index.ids[n]))
    return [_hit(collection.get(index.ids[n]), parsed, index, scores[n]) for n in ranked]


def _kept(collection, record_id: str, record_filter) -> bool:
    """Whether the record is in the collection and passes the filter (None: any)."""
    if record_filter is None:
        return record_id in collection
    record = collection.get(record_id)
    return record is not None and record_filter.matches(record)


def _keeps_all(record_filter) -> bool:
    """Whether a filter keeps every record, so records need not be read to apply it."""
    if record_filter is None:
        return True
    from civictech_kb.views.selection import RecordFilter

    return record_filter == RecordFilter()


# A country profile mentions every topic practised there; without a discount
# it outranks the projects a topical query is really after.
PROFILE_DISCOUNT = 0.85


def _discount_profiles(index, scores: dict[int, float]) -> dict[int, float]:
    types = index.types
    return {n: score * PROFILE_DISCOUNT if types[n] == "country" else score for n, score in scores.items()}


def _score(query: Query, index) -> tuple[dict[int, float], dict[int, set[int]]]:
    """Record number -> score, and query word -> the records covering it."""
    totals: dict[int, float] = {}
    covering: dict[int, set[int]] = {word: set() for word in query.required}
    for concept in query.concepts:
        parts = [_part_scores(part, index) for part in concept.parts]
        sums = parts[0] if len(parts) == 1 else _summed(parts)
        for number, score in sums.items():
            totals[number] = totals.get(number, 0.0) + score / len(parts)
        if concept.distinctive:
            matched = sums.keys() if len(parts) == 1 else _enough(parts, concept.need)
            for word in concept.words:
                covering[word].update(matched)
    return totals, covering


def _part_scores(part: dict[str, float], index) -> dict[int, float]:
    """Record number -> the best score any of the part's terms gives it."""
    best: dict[int, float] = {}
    size = max(len(index), 1)
    for term, weight in part.items():
        numbers, impacts = index.postings(term)
        factor = weight * _idf(len(numbers), size)
        if not best:
            best = {n: factor * impact for n, impact in zip(numbers, impacts, strict=True)}
            continue
        for n, impact in zip(numbers, impacts, strict=True):
            if factor * impact > best.get(n, 0.0):
                best[n] = factor * impact
    return best


def _summed(parts: list[dict[int, float]]) -> dict[int, float]:
    sums: dict[int, float] = {}
    for scores in parts:
        for number, score in scores.items():
            sums[number] = sums.get(number, 0.0) + score
    return sums


def _enough(parts: list[dict[int, float]], need: float) -> set[int]:
    counts = Counter(number for scores in parts for number in scores)
    return {number for number, count in counts.items() if count >= need * len(parts)}


def _idf(doc_freq: int, size: int) -> float:
    return math.log(1 + (size - doc_freq + 0.5) / (doc_freq + 0.5))


def _hit(record, query: Query, index, score: float) -> SearchHit:
    explanation = explain(record.data, query, index)
    fields = sorted({e["field"] for e in explanation}, key=FIELDS.index)
    terms_by_field: dict[str, set[str]] = {}
    for entry in explanation:
        terms_by_field.setdefault(entry["field"], set()).add(entry["term"])
    return SearchHit(record.id, record.name, record.type, round(score, 3), fields,
                     snippet(record.data, terms_by_field), explanation)  # fmt: skip


def explain(data: dict, query: Query, index) -> list[dict]:
    """Where a record's score comes from: for each part of each concept the
    term that scored best, field by field."""
    wanted = {term for concept in query.concepts for part in concept.parts for term in part}
    counts = {name: {t: n for t, n in field_counts.items() if t in wanted}
              for name, field_counts in record_terms(data).items()}  # fmt: skip
    impacts = term_impacts(counts)  # a term's impact depends on its own counts only
    size = max(len(index), 1)
    discount = PROFILE_DISCOUNT if data.get("type") == "country" else 1.0
    entries = []
    for concept in query.concepts:
        for part in concept.parts:
            held = [(t, w) for t, w in part.items() if t in impacts]
            factors = {t: w * _idf(index.doc_freq(t), size) for t, w in held}
            if not factors:
                continue
            term = max(factors, key=lambda t: factors[t] * impacts[t])
            share = factors[term] / len(concept.parts)
            fields = {name: field_counts[term] for name, field_counts in counts.items()
                      if term in field_counts}  # fmt: skip
            for name, added in field_shares(fields).items():
                entries.append({"query": concept.label, "term": term, "field": name,
                                "score": round(added * share * discount, 3)})  # fmt: skip
    return entries
