"""The inverted index: term -> postings (the records holding it and how
often each field of each record says it), each record's field lengths, and
the vocabulary hints that reach those records. It is plain data, built from
records, updated record by record, so that a cache can store it.

The persistence boundary is the SearchIndex interface: `postings(term)`,
`doc_freq(term)`, `term in index`, `terms()`, `lengths` and
`average_lengths`; the postings may be any mapping (a dict, or a cache table
that reads each term when asked).
"""

from __future__ import annotations

import functools
import itertools
import math
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence, Sized
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING, cast

from civictech_kb.model.data import YamlMapping, YamlValue
from civictech_kb.search.fields import (
    FIELDS,
    HINT_PREFIXES,
    country_record_term,
    country_term,
    record_terms,
    topic_term,
    type_term,
)
from civictech_kb.search.text import is_spaced_word, phrase_key
from civictech_kb.search.vocabulary import QueryVocabulary, query_vocabulary
from civictech_kb.store import workers

if TYPE_CHECKING:
    from civictech_kb.model.record import Collection, Record
    from civictech_kb.model.vocabulary import Vocabulary
    from civictech_kb.search.fragments import Assembled, Fragment

INDEX_FORMAT = "ctkb-search-index"
INDEX_VERSION = 3  # 3: field counts and field lengths instead of precomputed impacts

TOPIC_HINT_WEIGHT = 1.0
COUNTRY_HINT_WEIGHT = 0.8
COUNTRY_RECORD_WEIGHT = 0.6  # a country's own record, in its name field
TYPE_HINT_WEIGHT = 1.0  # "communities", "events": records of that type

# A posting list: record numbers (ascending) and, for each, its field counts
# as flat pairs [field number, count, field number, count, ...].
Postings = tuple[list[int], list[list[int]]]
Hints = dict[str, dict[str, float]]
# One term's entry as a postings mapping holds it: [record numbers, field
# counts], a list of the two lists when built here, a Postings tuple when read
# from a cache. Its two items differ in type, so it is typed as plain data.
PostingsEntry = Sequence[YamlValue]


class SearchIndex:
    """Term -> postings over a list of record ids, plus each record's type
    and field lengths and the vocabulary hints that reach those records.

    A term's postings are two lists: the numbers of the records holding it
    (ascending, indexing `ids`) and, for each, how often each field says it
    (flat [field number, count, ...] pairs, numbering FIELDS). `lengths[n]`
    is record n's number of words per field. A record removed by
    `update_index` leaves its number empty (None in `ids`) until a new
    record takes it. Hints map a phrase key ("fakenews", "burmese") to
    weighted hint terms."""

    def __init__(
        self,
        ids: list[str | None],
        postings: Mapping[str, PostingsEntry],
        hints: Hints,
        types: Sequence[str | None] | None = None,
        lengths: Sequence[Sequence[int] | None] | None = None,
        averages: list[float] | None = None,
        vocabulary: QueryVocabulary | None = None,
        topics: Vocabulary | None = None,
    ):
        self.ids = ids
        self.types = types if types is not None else [None] * len(ids)
        self.lengths: Sequence[Sequence[int] | None] = (
            lengths if lengths is not None else [[0] * len(FIELDS) for _ in ids]
        )
        self.hints = hints
        self._postings = postings
        self._size = len(ids) - ids.count(None)
        if averages is not None:  # kept with a stored index, so not summed over every record again
            self.__dict__["average_lengths"] = averages
        self.vocabulary = vocabulary  # None: derived from the data files when a query needs it
        self.topics = topics  # the topics the query tables are derived from (None: the built-in ones)

    def __len__(self) -> int:
        """How many records the index holds."""
        return self._size

    def __contains__(self, term: str) -> bool:
        return term in self._postings

    def postings(self, term: str) -> Postings:
        """(record numbers, field counts) of a term; empty lists if no record has it."""
        entry = self._postings.get(term)
        return (entry[0], entry[1]) if entry else _NO_POSTINGS

    def doc_freq(self, term: str) -> int:
        """How many records hold the term."""
        return len(self.postings(term)[0])

    def idf(self, term: str) -> float:
        """How rare a term is in the collection (BM25's idf; 0 for a term no record holds)."""
        return idf(self.doc_freq(term), max(len(self), 1))

    def terms(self) -> Iterator[str]:
        """Every term the index holds."""
        return iter(self._postings)

    @cached_property
    def average_lengths(self) -> list[float]:
        """The mean number of words per field over the records (at least 1)."""
        return average_lengths(self.lengths)

    @cached_property
    def words_by_length(self) -> dict[int, list[str]]:
        """Vocabulary words (not runs or hint terms) grouped by length, for fuzzy matching."""
        return words_by_length(self._postings)

    def to_data(self) -> YamlMapping:
        """The index as JSON-ready plain data."""
        return {"format": INDEX_FORMAT, "version": INDEX_VERSION, "fields": list(FIELDS), "ids": self.ids,
                "types": self.types, "lengths": self.lengths, "postings": self._postings,
                "hints": self.hints}  # fmt: skip

    @classmethod
    def from_data(cls, data: object) -> SearchIndex:
        """An index from `to_data()` output; ValueError if it is not one."""
        if not (isinstance(data, dict) and data.get("format") == INDEX_FORMAT
                and data.get("version") == INDEX_VERSION and data.get("fields") == list(FIELDS)):  # fmt: skip
            raise ValueError("not a ctkb search index of this version")
        ids, postings, hints, types, lengths = (
            data.get(k) for k in ("ids", "postings", "hints", "types", "lengths")
        )
        if not (isinstance(ids, list) and isinstance(postings, Mapping) and isinstance(hints, dict)
                and isinstance(types, list) and len(types) == len(ids)
                and isinstance(lengths, list) and len(lengths) == len(ids)):  # fmt: skip
            raise ValueError("search index data is malformed")
        # A cache table is checksummed and read lazily; plain data gets a sample check.
        if isinstance(postings, dict) and not all(
            _well_formed(entry) for entry in itertools.islice(postings.values(), 64)
        ):
            raise ValueError("search index postings are malformed")
        return cls(list(ids), postings, hints, list(types), list(lengths))


_NO_POSTINGS: Postings = ([], [])


def average_lengths(lengths: Sequence[Sequence[int] | None]) -> list[float]:
    """The mean number of words per field over the records' field lengths (at least 1)."""
    held = [row for row in lengths if row is not None]
    return mean_lengths([sum(row[f] for row in held) for f in range(len(FIELDS))], len(held))


def flat_lengths(lengths: Sequence[Sequence[int] | None]) -> Sequence[int]:
    """Every record number's field lengths end to end, one per field of
    FIELDS (zeros for a free number or a field a row lacks): what ranking
    reads for each posting, with no row object per record. A stored index
    keeps them so (search/columns.py)."""
    from civictech_kb.search.columns import Lengths

    if isinstance(lengths, Lengths):
        return lengths.flat
    width = len(FIELDS)
    return [row[f] if row is not None and f < len(row) else 0 for row in lengths for f in range(width)]


def numbers_of_type(types: Sequence[str | None], name: str) -> set[int]:
    """The numbers of the records of one type."""
    from civictech_kb.search.columns import Types

    if isinstance(types, Types):
        return types.numbers_of(name)
    return {number for number, kind in enumerate(types) if kind == name}


def mean_lengths(sums: list[int], count: int) -> list[float]:
    """Each field's mean length (at least 1) from its total over `count` records."""
    return [max(total / max(count, 1), 1.0) for total in sums]


def idf(doc_freq: int, size: int) -> float:
    """BM25's inverse document frequency of a term held by doc_freq of size records."""
    return math.log(1 + (size - doc_freq + 0.5) / (doc_freq + 0.5)) if doc_freq else 0.0


def _well_formed(entry: object) -> bool:
    return (isinstance(entry, list | tuple) and len(entry) == 2
            and isinstance(entry[0], list) and isinstance(entry[1], list)
            and len(entry[0]) == len(entry[1]))  # fmt: skip


def words_by_length(vocabulary: Iterable[str]) -> dict[int, list[str]]:
    """The words records write (stems that are words, and spellings whose
    stem differs), grouped by length, for fuzzy matching."""
    groups: dict[int, list[str]] = {}
    for term in vocabulary:
        word = term[3:] if term.startswith("#w:") else term
        if word[:1] != "#" and word[:1].isalpha() and is_spaced_word(word):
            groups.setdefault(len(word), []).append(word)
    return groups


INDEX_CHUNK = 256  # records a worker process indexes at a time


def build_index(
    records: Iterable[Record | YamlMapping],
    progress: Callable[[int, int], None] | None = None,
    vocabulary: Vocabulary | None = None,
) -> SearchIndex:
    """An index of records (Record objects or their data), in the order given;
    `progress(done, total)` is told how far it is, if the records have a length.
    Topic and category words come from the vocabulary (default: the
    collection's, when records is one, else the built-in one)."""
    whole, words = assembled(records, progress, vocabulary)
    postings: dict[str, PostingsEntry] = {term: whole.unpacked(term) for term in whole.terms()}
    hints = hint_table(postings.__contains__, words)
    return SearchIndex(whole.ids, postings, hints, whole.types, whole.lengths, topics=words)


def assembled(
    records: Iterable[Record | YamlMapping],
    progress: Callable[[int, int], None] | None = None,
    vocabulary: Vocabulary | None = None,
) -> tuple[Assembled, Vocabulary]:
    """The index of records with its postings packed (search/fragments.py),
    and the vocabulary it was built with. A large collection's records are
    read into terms by worker processes (store/workers.py), chunk by chunk,
    put together here in record order."""
    from civictech_kb.model.vocabulary import vocabulary_of
    from civictech_kb.search.fragments import assemble, fragment

    words = vocabulary or vocabulary_of(records)
    items = list(enumerate(cast("YamlMapping", getattr(record, "data", record)) for record in records))
    total = len(items) if progress and isinstance(records, Sized) else 0
    chunked = functools.partial(fragment, vocabulary=words)
    parts: Iterable[Fragment]
    if workers.worth_it(len(items)):
        parts = workers.map_chunks(chunked, items, INDEX_CHUNK)
    else:
        parts = (chunked(items[at : at + INDEX_CHUNK]) for at in range(0, len(items), INDEX_CHUNK))
    whole = assemble(parts, total, progress)
    if progress and total and not items:
        progress(total, total)
    return whole, words


def field_counts(counts: dict[str, Counter[str]]) -> dict[str, list[int]]:
    """Term -> its counts per field in one record, as flat [field number, count, ...] pairs."""
    by_term: dict[str, list[int]] = {}
    for number, name in enumerate(FIELDS):
        for term, count in counts.get(name, {}).items():
            by_term.setdefault(term, []).extend((number, count))
    return by_term


def field_lengths(counts: dict[str, Counter[str]]) -> list[int]:
    """A record's number of words (hint terms aside) in each field, in FIELDS order."""
    return [sum(n for term, n in counts.get(name, {}).items() if term[0] != "#") for name in FIELDS]


def hint_table(present: Callable[[str], bool], vocabulary: Vocabulary | None = None) -> Hints:
    """Phrase key -> hint terms, from the topic (of the vocabulary; default:
    the built-in one) and country vocabularies, keeping the hint terms for
    which `present(term)` is true."""
    from civictech_kb.model.vocabulary import builtin_vocabulary

    table = {}
    for key, hints in _vocabulary_hints(vocabulary or builtin_vocabulary()).items():
        kept = {term: weight for term, weight in hints.items() if present(term)}
        if kept:
            table[key] = kept
    return table


@lru_cache(maxsize=8)
def _vocabulary_hints(vocabulary: Vocabulary) -> Hints:
    from civictech_kb.model import vocab

    table: Hints = {}
    for topic in vocabulary.topics.values():
        for phrase in (topic.id, topic.label, *topic.synonyms):
            table.setdefault(phrase_key(phrase), {})[topic_term(topic.id)] = TOPIC_HINT_WEIGHT
    from civictech_kb.model.record import TYPE_DIRS

    for record_type, folder in TYPE_DIRS.items():
        for word in (record_type, folder):
            table.setdefault(phrase_key(word), {})[type_term(record_type)] = TYPE_HINT_WEIGHT
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


def index_for(collection: Collection, progress: Callable[[int, int], None] | None = None) -> SearchIndex:
    """The collection's index: kept in its cache database when it was read
    through one (see index_store.py), else built."""
    if getattr(collection, "cache", None) is not None:
        from civictech_kb.search import index_store

        # The collection's vocabulary is asked for only when the index must change.
        indexing = index_store.Indexing(
            build=lambda records: _assembled_with_hints(records, progress, collection.vocabulary),
            postings=lambda data: field_counts(record_terms(data, collection.vocabulary)),
            lengths=lambda data: field_lengths(record_terms(data, collection.vocabulary)),
            width=len(FIELDS),
            hints=lambda present: hint_table(present, collection.vocabulary),
            hint_prefixes=HINT_PREFIXES,
            averages=mean_lengths,
            vocabulary=lambda: query_vocabulary(collection.vocabulary).to_data(),
        )
        parts = index_store.cached_index(collection.cache, collection, indexing)
        if parts is not None:
            ids, postings, hints, types, lengths, averages, tables = parts
            return SearchIndex(ids, postings, hints, types, lengths, averages, _vocabulary(tables))
    return build_index(collection, progress=progress)


def _assembled_with_hints(
    records: Collection, progress: Callable[[int, int], None] | None, vocabulary: Vocabulary
) -> tuple[Assembled, Hints]:
    whole, words = assembled(records, progress, vocabulary)
    return whole, hint_table(whole.postings.__contains__, words)


def _vocabulary(data: object) -> QueryVocabulary | None:
    """The query tables stored with an index; None (derive them again) if they are malformed."""
    try:
        return QueryVocabulary.from_data(data)
    except ValueError:
        return None
