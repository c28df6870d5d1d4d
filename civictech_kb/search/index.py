"""The inverted index: term -> postings (the records holding it and its
field-weighted impact in each), built from records; index_store.py keeps
it in the cache database and updates it record by record."""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterable, Mapping
from functools import cache, cached_property

from civictech_kb.search.fields import (
    FIELD_WEIGHTS,
    FIELDS,
    HINT_PREFIXES,
    country_record_term,
    country_term,
    record_terms,
    topic_term,
)
from civictech_kb.search.text import is_spaced_word, phrase_key

INDEX_FORMAT = "ctkb-search-index"
INDEX_VERSION = 2

TF_SATURATION = 1.0  # how quickly repeated occurrences stop adding score
OTHER_FIELDS_SHARE = 0.25  # what a term adds from fields other than its best one
TOPIC_HINT_WEIGHT = 1.0
COUNTRY_HINT_WEIGHT = 0.8
COUNTRY_RECORD_WEIGHT = 0.6  # a country's own record, in its name field


class SearchIndex:
    """Term -> postings over a list of record ids, plus the vocabulary hints
    that reach those records; plain data inside.

    A term's postings are two lists: the numbers of the records holding it
    (ascending, indexing `ids`) and the term's impact in each (its field-
    weighted, saturated count; see `term_impacts`). `types` holds each
    record's type. A record removed by `update_index` leaves its number
    empty (None in `ids`) until a new record takes it. Hints map a phrase key
    ("fakenews", "burmese") to weighted hint terms. The postings may be any
    mapping, such as the cache's table that reads each term when asked."""

    def __init__(
        self,
        ids: list[str | None],
        postings: Mapping[str, list[list]],
        hints: dict[str, dict[str, float]],
        types: list[str | None] | None = None,
    ):
        self.ids = ids
        self.types = types if types is not None else [None] * len(ids)
        self.hints = hints
        self._postings = postings
        self._size = len(ids) - ids.count(None)

    def __len__(self) -> int:
        """How many records the index holds."""
        return self._size

    def __contains__(self, term: str) -> bool:
        return term in self._postings

    def terms(self) -> Iterable[str]:
        """Every term the index holds."""
        return iter(self._postings)

    def postings(self, term: str) -> tuple[list[int], list[float]]:
        """(record numbers, impacts) of a term; empty lists if no record has it."""
        return self._postings.get(term, _NO_POSTINGS)

    def doc_freq(self, term: str) -> int:
        """How many records hold the term."""
        return len(self._postings.get(term, _NO_POSTINGS)[0])

    @cached_property
    def words_by_length(self) -> dict[int, list[str]]:
        """Vocabulary words (not runs or hint terms) grouped by length, for fuzzy matching."""
        return words_by_length(self._postings)

    def to_data(self) -> dict:
        """The index as JSON-ready plain data."""
        return {"format": INDEX_FORMAT, "version": INDEX_VERSION, "ids": self.ids, "types": self.types,
                "postings": self._postings, "hints": self.hints}  # fmt: skip

    @classmethod
    def from_data(cls, data: object) -> SearchIndex:
        """An index from `to_data()` output; ValueError if it is not one."""
        if not (isinstance(data, dict) and data.get("format") == INDEX_FORMAT
                and data.get("version") == INDEX_VERSION):  # fmt: skip
            raise ValueError("not a ctkb search index of this version")
        ids, postings, hints, types = (data.get(k) for k in ("ids", "postings", "hints", "types"))
        if not (isinstance(ids, list) and isinstance(postings, Mapping) and isinstance(hints, dict)
                and isinstance(types, list) and len(types) == len(ids)):  # fmt: skip
            raise ValueError("search index data is malformed")
        # A cache table is checksummed and read lazily; plain data gets a sample check.
        if isinstance(postings, dict) and not all(
            _well_formed(entry) for entry in itertools.islice(postings.values(), 64)
        ):
            raise ValueError("search index postings are malformed")
        return cls(list(ids), postings, hints, list(types))


_NO_POSTINGS: tuple[list[int], list[float]] = ([], [])


def _well_formed(entry: object) -> bool:
    return (isinstance(entry, list | tuple) and len(entry) == 2
            and isinstance(entry[0], list) and isinstance(entry[1], list)
            and len(entry[0]) == len(entry[1]))  # fmt: skip


def words_by_length(vocabulary: Iterable[str]) -> dict[int, list[str]]:
    groups: dict[int, list[str]] = {}
    for term in vocabulary:
        if term[0] != "#" and is_spaced_word(term):
            groups.setdefault(len(term), []).append(term)
    return groups


INDEX_PROGRESS_EVERY = 256  # records between two progress(done, total) calls


def build_index(records: Iterable, progress=None) -> SearchIndex:
    """An index of records (Record objects or their data), in the order given;
    `progress(done, total)` is told how far it is, if the records have a length."""
    total = len(records) if progress and hasattr(records, "__len__") else 0
    ids: list[str | None] = []
    types: list[str | None] = []
    postings: dict[str, list[list]] = {}
    for number, record in enumerate(records):
        data = getattr(record, "data", record)
        ids.append(data["id"])
        types.append(data["type"])
        for term, impact in term_impacts(record_terms(data)).items():
            entry = postings.get(term)
            if entry is None:
                postings[term] = [[number], [impact]]
            else:
                entry[0].append(number)
                entry[1].append(impact)
        if total and number % INDEX_PROGRESS_EVERY == 0:
            progress(number, total)
    if total:
        progress(total, total)
    return SearchIndex(ids, postings, hint_table(postings.__contains__), types)


def term_impacts(counts: dict[str, Counter]) -> dict[str, float]:
    """Term -> its weight in one record: see `field_shares`."""
    by_term: dict[str, dict[str, int]] = {}
    for name, field_counts in counts.items():
        for term, count in field_counts.items():
            by_term.setdefault(term, {})[name] = count
    return {term: round(sum(field_shares(fields).values()), 6) for term, fields in by_term.items()}


def field_shares(fields: dict[str, int]) -> dict[str, float]:
    """Field -> what a term's count there adds to its weight in the record:
    the field's weight times the saturated count, in full for the best
    field and in part for the others, so that a word in the name, the
    aliases and the summary is not counted three times over."""
    raw = {name: FIELD_WEIGHTS[name] * _saturate(count) for name, count in fields.items()}
    best = max(raw, key=lambda name: (raw[name], -FIELDS.index(name)))
    return {name: score if name == best else OTHER_FIELDS_SHARE * score for name, score in raw.items()}


def hint_table(present) -> dict[str, dict[str, float]]:
    """Phrase key -> hint terms, from the topic and country vocabularies,
    keeping the hint terms for which `present(term)` is true."""
    table = {}
    for key, hints in _vocabulary_hints().items():
        kept = {term: weight for term, weight in hints.items() if present(term)}
        if kept:
            table[key] = kept
    return table


@cache
def _vocabulary_hints() -> dict[str, dict[str, float]]:
    from civictech_kb.model import vocab

    table: dict[str, dict[str, float]] = {}
    for topic in vocab.topics().values():
        for phrase in (topic.id, topic.label, *topic.synonyms):
            table.setdefault(phrase_key(phrase), {})[topic_term(topic.id)] = TOPIC_HINT_WEIGHT
    for name, code in vocab.country_names_index().items():
        key = phrase_key(name)
        if key and not _code_like(key):
            hints = table.setdefault(key, {})
            hints[country_term(code)] = COUNTRY_HINT_WEIGHT
            hints[country_record_term(code)] = COUNTRY_RECORD_WEIGHT
    return table


def _code_like(key: str) -> bool:
    """ISO codes such as "in", "my" and "us" are also words; they are no hints."""
    return len(key) <= 3 and key.isascii()


def index_for(collection, progress=None) -> SearchIndex:
    """The collection's index: kept in its cache database when it was read
    through one (see index_store.py), else built."""
    if getattr(collection, "cache", None) is not None:
        from civictech_kb.search import index_store

        indexing = index_store.Indexing(
            build=lambda records: build_index(records, progress=progress),
            impacts=lambda data: term_impacts(record_terms(data)),
            hints=hint_table,
            hint_prefixes=HINT_PREFIXES,
        )
        parts = index_store.cached_index(collection.cache, collection, indexing)
        if parts is not None:
            return SearchIndex(*parts)
    return build_index(collection, progress=progress)


def _saturate(count: int) -> float:
    return count * (1 + TF_SATURATION) / (count + TF_SATURATION)
