"""Search: normalised terms, an inverted index with field weights, and ranking.

Text is normalised with NFKC and casefold (combining marks are kept, so Thai
and Burmese survive), then cut into chunks. Spaced scripts give words, split
at hyphens and dots and also joined ("fact-checking" -> fact, checking,
factchecking) with light plural folding; scripts written without spaces
(Han, kana, Thai, Burmese, Khmer, Lao) and short Hangul words give the whole
run plus its character bigrams.

The index maps each term to postings (the records holding it and its
field-weighted impact in each) and is plain data, so a cache can store it.
A query is read into concepts: each word, or a phrase the vocabularies know
(a topic synonym, a country name or demonym, a record's name). Each concept
has alternative index terms: the word itself, close spellings found in the
index vocabulary, topic and country hints. Only records reached through
those terms' postings are scored. Records that match every distinctive
query word rank above those matching some.
"""

from __future__ import annotations

import bisect
import heapq
import itertools
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache, cached_property, lru_cache
from itertools import pairwise
from typing import NamedTuple

from civictech_kb.model.problems import UsageError
from civictech_kb.store.cache import INDEX_KEY

INDEX_FORMAT = "ctkb-search-index"
INDEX_VERSION = 2

FIELD_WEIGHTS = {
    "name": 10.0,
    "names": 10.0,
    "aliases": 9.0,
    "id": 6.0,
    "topics": 5.0,
    "countries": 4.0,
    "location": 3.0,
    "summary": 3.0,
    "type": 2.0,
    "landscape": 2.0,
    "context": 1.5,
    "challenges": 1.5,
    "lessons": 1.5,
    "relations": 1.5,
    "figures": 1.0,
    "dates": 1.0,
}
FIELDS = tuple(FIELD_WEIGHTS)
# Fields a snippet is taken from, in order of preference when scores tie.
SNIPPET_FIELDS = ("summary", "landscape", "context", "challenges", "lessons", "location", "figures")

TF_SATURATION = 1.0  # how quickly repeated occurrences stop adding score
OTHER_FIELDS_SHARE = 0.25  # what a term adds from fields other than its best one
COMMON_SHARE = 0.5  # a word in more than this share of records does not count for "all words"
TOPIC_HINT_WEIGHT = 1.0
COUNTRY_HINT_WEIGHT = 0.8
COUNTRY_RECORD_WEIGHT = 0.6  # a country's own record, in its name field
RUN_COVERAGE = 0.6  # share of a run's bigrams a record needs to match the run
FUZZY_MIN_LENGTH = 5  # shorter words have too many close neighbours ("sake", "safe")
MAX_PHRASE_WORDS = 4
SNIPPET_WIDTH = 110

# fmt: off
STOPWORDS = frozenset((
    "a", "an", "the", "and", "or", "of", "in", "on", "at", "to", "for", "from", "by", "with",
    "about", "into", "over", "under", "within", "across", "what", "which", "who", "whom", "how",
    "where", "when", "why", "is", "are", "was", "were", "be", "been", "do", "does", "did", "any",
    "some", "that", "this", "these", "those", "there", "their", "its", "it", "i", "me", "my",
    "we", "our", "you", "your", "find", "show", "tell", "list", "give", "get", "all",
))
# Words ending in s that are not plurals (or whose singular is not wanted).
KEEP_FINAL_S = frozenset((
    "news", "series", "species", "status", "virus", "census", "bus", "gas", "lass", "sos", "its",
    "this", "has", "was", "does",
))
# fmt: on

# Scripts written without spaces between words.
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3005\u3007\U00020000-\U0003134f"
HIRAGANA = "\u3041-\u309f"
KATAKANA = "\u30a0-\u30ff\u31f0-\u31ff"
HANGUL = "\u1100-\u11ff\u3130-\u318f\uac00-\ud7af"
THAI = "\u0e00-\u0e7f"
LAO = "\u0e80-\u0eff"
MYANMAR = "\u1000-\u109f\ua9e0-\ua9ff\uaa60-\uaa7f"
KHMER = "\u1780-\u17ff\u19e0-\u19ff"
RUN_SCRIPTS = (HAN, HIRAGANA, KATAKANA, HANGUL, THAI, LAO, MYANMAR, KHMER)
JOINERS = "-\u2010\u2011\u2012\u2013./_'\u2019\u00b7"


# --- Normalisation and tokens -------------------------------------------------


def normalise(text: str) -> str:
    """NFKC plus casefold; marks that Thai and Burmese need are kept."""
    return unicodedata.normalize("NFKC", text).casefold()


def fold_plural(word: str) -> str:
    """A light English plural fold: communities -> community, masks -> mask."""
    if len(word) <= 3 or not (word.isascii() and word.isalpha()) or word in KEEP_FINAL_S:
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "shes", "ches", "xes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


class Chunk(NamedTuple):
    """One word or unspaced run of text, with where it sits in the NFKC text.

    `key` is the normalised form with joiners removed ("pm25"), `parts` the
    plural-folded pieces (words) or the bigrams (runs), `whole` the folded
    key, and `terms` what the index holds for it."""

    start: int
    end: int
    kind: str  # "word" or "run"
    key: str
    parts: tuple[str, ...]
    whole: str
    terms: tuple[str, ...]


# Blocks holding the combining marks of living scripts written with spaces
# (Latin, Cyrillic, Indic, ...); unspaced scripts carry their marks in their runs.
MARK_BLOCKS = ((0x0300, 0x2000), (0x20D0, 0x2100), (0x2DE0, 0x2E00), (0x302A, 0x3030),
               (0x3099, 0x309B), (0xA66F, 0xAB00), (0xFB1E, 0xFB1F), (0xFE00, 0xFE30))  # fmt: skip


@cache
def _marks() -> str:
    """A regex class body of the combining marks in MARK_BLOCKS."""
    ranges: list[list[int]] = []
    for first, stop in MARK_BLOCKS:
        for code in range(first, stop):
            if not unicodedata.category(chr(code)).startswith("M"):
                continue
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1][1] = code
            else:
                ranges.append([code, code])
    return "".join(re.escape(chr(a)) + ("-" + re.escape(chr(b)) if b > a else "") for a, b in ranges)


@cache
def _chunk_pattern() -> re.Pattern:
    runs = "|".join(f"[{script}]+" for script in RUN_SCRIPTS)
    letter = f"[^\\W_{''.join(RUN_SCRIPTS)}]"
    # letters and digits, their combining marks, and joiners between letters
    word = f"{letter}(?:[{_marks()}]|[{re.escape(JOINERS)}]?{letter})*"
    return re.compile(f"(?P<run>{runs})|(?P<word>{word})")


@cache
def _cluster_pattern() -> re.Pattern:
    return re.compile(f".[{_marks()}]*", re.DOTALL)


@cache
def _ascii_chunk_pattern() -> re.Pattern:
    """What _chunk_pattern matches in ASCII text (no runs, no marks), at a
    fraction of its cost to compile: that one's classes span tens of
    thousands of code points, which `re` walks one by one."""
    letter = "[^\\W_]"
    joiners = re.escape("".join(ch for ch in JOINERS if ch.isascii()))
    return re.compile(f"(?P<word>{letter}(?:[{joiners}]?{letter})*)")


def _matches(text: str):
    """Chunk matches in NFKC(text); the full pattern is compiled only when
    some text is not ASCII."""
    normal = unicodedata.normalize("NFKC", text)
    return (_ascii_chunk_pattern() if normal.isascii() else _chunk_pattern()).finditer(normal)


def chunks(text: str) -> list[Chunk]:
    """The chunks of a text, in order; offsets refer to NFKC(text)."""
    found = []
    for match in _matches(text):
        token = _token(match.lastgroup, match.group())
        if token:
            found.append(Chunk(match.start(), match.end(), *token))
    return found


def terms(text: str) -> list[str]:
    """Every index term of a text, repeated as often as it occurs."""
    found: list[str] = []
    for match in _matches(text):
        token = _token(match.lastgroup, match.group())
        if token:
            found.extend(token[-1])
    return found


@lru_cache(maxsize=1 << 16)
def _token(kind: str, text: str) -> tuple | None:
    """(kind, key, parts, whole, terms) of one matched word or run."""
    text = text.casefold()
    if kind == "run":
        units = _cluster_pattern().findall(text)
        bigrams = tuple(dict.fromkeys(a + b for a, b in pairwise(units))) or (text,)
        return kind, text, bigrams, text, tuple(dict.fromkeys((text, *bigrams)))
    pieces = [p for p in _joiner_pattern().split(_POSSESSIVE.sub("", text)) if p]
    if not pieces:
        return None
    key = "".join(pieces)
    parts = tuple(fold_plural(p) for p in pieces)
    whole = fold_plural(key) if len(pieces) > 1 else parts[0]
    return kind, key, parts, whole, tuple(dict.fromkeys((whole, *parts)))


_POSSESSIVE = re.compile("['\u2019]s$")


@cache
def _joiner_pattern() -> re.Pattern:
    return re.compile(f"[{re.escape(JOINERS)}]")


def phrase_key(text: str) -> str:
    """The joined key of a phrase: "Fact checking" and "fact-checking" -> "factchecking"."""
    return "".join(chunk.key for chunk in chunks(text))


# --- What a record says, field by field --------------------------------------


def field_texts(data: dict) -> dict[str, list[str]]:
    """The text of each searchable field of a record's data."""
    from civictech_kb.model import vocab

    topics = vocab.topics()
    return {
        "name": [data["name"]],
        "names": list(data.get("names", {}).values()),
        "aliases": list(data.get("aliases", [])),
        "id": [data["id"]],
        "topics": [
            text for t in data.get("topics", []) for text in (t, topics[t].label if t in topics else "")
        ],
        "countries": [vocab.country_name(code) for code in data.get("countries", [])],
        "location": [data["location"]] if data.get("location") else [],
        "summary": [data["summary"]],
        "type": [data["type"]],
        "landscape": [data["landscape"]] if data.get("landscape") else [],
        "context": [data["context"]] if data.get("context") else [],
        "challenges": [text for c in data.get("challenges", []) for text in _challenge_texts(c)],
        "lessons": list(data.get("lessons", [])),
        "relations": [target for targets in data.get("relations", {}).values() for target in targets],
        "figures": [_figure_text(f) for f in data.get("figures", [])],
        "dates": [data[k] for k in ("founded", "ended", "start", "end") if data.get(k)],
    }


def _challenge_texts(challenge: dict) -> list[str]:
    from civictech_kb.model import vocab

    category = vocab.categories().get(challenge["category"])
    label = category.label if category else ""
    return [label, challenge["summary"], *challenge.get("responses", [])]


def _figure_text(figure: dict) -> str:
    return " ".join(str(figure[k]) for k in ("label", "value", "unit", "year") if figure.get(k) is not None)


def record_terms(data: dict) -> dict[str, Counter]:
    """Field -> term counts for one record, hint terms included."""
    texts = field_texts(data)
    counts = {name: Counter(terms("\n".join(values))) for name, values in texts.items()}
    counts["topics"].update(topic_term(t) for t in data.get("topics", []))
    counts["countries"].update(country_term(c) for c in data.get("countries", []))
    if data["type"] == "country":
        counts["name"].update(country_record_term(c) for c in data.get("countries", []))
    for name_field in ("name", "names", "aliases"):
        counts[name_field].update(name_term(phrase_key(text)) for text in texts[name_field])
    return {name: c for name, c in counts.items() if c}


HINT_PREFIXES = ("#topic:", "#country:", "#country-record:")  # the terms hint_table() points to


def topic_term(topic_id: str) -> str:
    return f"#topic:{topic_id}"


def country_term(code: str) -> str:
    return f"#country:{code}"


def country_record_term(code: str) -> str:
    return f"#country-record:{code}"


def name_term(key: str) -> str:
    return f"#name:{key}"


# --- The index ---------------------------------------------------------------


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
        if term[0] != "#" and _is_spaced_word(term):
            groups.setdefault(len(term), []).append(term)
    return groups


def _is_spaced_word(term: str) -> bool:
    return not any(_char_is_run(ch) for ch in term[:1])


@cache
def _run_ranges() -> tuple[list[int], list[int]]:
    """The first and last code points of the ranges in RUN_SCRIPTS, sorted."""
    spans = []
    for script in RUN_SCRIPTS:
        at = 0
        while at < len(script):
            if at + 2 < len(script) and script[at + 1] == "-":
                spans.append((ord(script[at]), ord(script[at + 2])))
                at += 3
            else:
                spans.append((ord(script[at]), ord(script[at])))
                at += 1
    spans.sort()
    return [a for a, _ in spans], [b for _, b in spans]


def _char_is_run(ch: str) -> bool:
    """Whether ch belongs to a script written without spaces."""
    code = ord(ch)
    if code < 0x0E00:
        return False
    firsts, lasts = _run_ranges()
    at = bisect.bisect_right(firsts, code) - 1
    return at >= 0 and code <= lasts[at]


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


def update_index(saved, removed: list[dict], added: list[dict]):
    """A stored index (a cache Extra: small data and a postings table) after
    the records `removed` left the collection and `added` joined it (an
    edited record is in both, old and new). Only the postings of their terms
    are read and rewritten; the result equals an index built afresh."""
    from civictech_kb.store.cache import BlobTable, Extra, PatchedTable

    ids, types = list(saved.data["ids"]), list(saved.data["types"])
    number_of = {record_id: n for n, record_id in enumerate(ids) if record_id is not None}
    changed: dict[str, list[list]] = {}

    def entry(term: str) -> list[list]:
        if term not in changed:
            numbers, impacts = saved.table.get(term, _NO_POSTINGS)
            changed[term] = [list(numbers), list(impacts)]
            was_present[term] = bool(numbers)
        return changed[term]

    was_present: dict[str, bool] = {}

    for data in removed:
        number = number_of.pop(data["id"])
        ids[number] = types[number] = None
        for term in term_impacts(record_terms(data)):
            numbers, impacts = entry(term)
            at = bisect.bisect_left(numbers, number)
            del numbers[at], impacts[at]
    free = [number for number in range(len(ids) - 1, -1, -1) if ids[number] is None]  # lowest last
    for data in added:
        number = free.pop() if free else len(ids)
        if number == len(ids):
            ids.append(None)
            types.append(None)
        ids[number], types[number] = data["id"], data["type"]
        for term, impact in term_impacts(record_terms(data)).items():
            numbers, impacts = entry(term)
            at = bisect.bisect_left(numbers, number)
            numbers.insert(at, number)
            impacts.insert(at, impact)
    changes = {term: entry if entry[0] else None for term, entry in changed.items()}
    if isinstance(saved.table, BlobTable):
        postings = PatchedTable(saved.table, changes)
    else:
        postings = {term: entry for term, entry in {**saved.table, **changes}.items() if entry is not None}
    hints = saved.data["hints"]
    # Hints name hint terms that some record holds: only those coming or going change them.
    if any(term.startswith(HINT_PREFIXES) and bool(changed[term][0]) != was
           for term, was in was_present.items()):  # fmt: skip
        hints = hint_table(postings.__contains__)
    return Extra({**saved.data, "ids": ids, "types": types, "hints": hints}, postings)


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


# --- Reading a query ---------------------------------------------------------


@dataclass
class Concept:
    """One thing the query asks for, with the index terms that satisfy it.

    A record satisfies the concept when it matches at least `need` of the
    parts; each part is satisfied by any of its terms (term -> weight)."""

    label: str
    words: frozenset[int]
    parts: list[dict[str, float]]
    need: float = 1.0
    distinctive: bool = True  # rare enough to count for "matches all words"


@dataclass
class Query:
    text: str
    words: list[Chunk]
    counted: frozenset[int]  # the words that are not stopwords
    concepts: list[Concept] = field(default_factory=list)
    required: frozenset[int] = frozenset()  # the words a record must cover to match "all words"


def query_chunks(text: str) -> list[Chunk]:
    """The chunks of a query; UsageError if it has no letters or digits."""
    found = chunks(text)
    if not found:
        shown = text.strip()
        raise UsageError(f"search query {shown!r} has no words" if shown else "the search query is empty")
    return found


def read_query(text: str, index) -> Query:
    """Concepts for a query; UsageError if it has no letters or digits."""
    found = query_chunks(text)
    content = frozenset(i for i, c in enumerate(found) if c.kind == "run" or c.key not in STOPWORDS)
    query = Query(text, found, content or frozenset(range(len(found))))
    query.concepts = [c for i in sorted(query.counted) for c in _word_concepts(found[i], i, index)]
    query.concepts += _phrase_concepts(query, index)
    for concept in query.concepts:
        concept.distinctive = _distinctive(concept, index)
    query.required = frozenset().union(*(c.words for c in query.concepts if c.distinctive))
    return query


def _word_concepts(chunk: Chunk, position: int, index) -> list[Concept]:
    words = frozenset([position])
    if chunk.kind == "run":
        parts = [{bigram: 1.0, chunk.whole: 1.0} for bigram in chunk.parts]
        return [Concept(chunk.key, words, parts, RUN_COVERAGE)]
    if len(chunk.parts) > 1:
        parts = [{**_spellings(p, index), chunk.whole: 1.0} for p in chunk.parts]
        return [Concept(chunk.key, words, parts)]
    concepts = [Concept(chunk.key, words, [_spellings(chunk.whole, index)])]
    split = _split_compound(chunk.whole, index)
    if split:
        concepts.append(Concept(chunk.key, words, [{split[0]: 1.0}, {split[1]: 1.0}]))
    return concepts


def _spellings(word: str, index) -> dict[str, float]:
    """The word itself if the index has it, else close spellings it has."""
    if word in index or len(word) < FUZZY_MIN_LENGTH or not _is_spaced_word(word):
        return {word: 1.0}
    return {term: weight for term, weight in fuzzy_terms(word, index)} or {word: 1.0}


def fuzzy_terms(word: str, index, limit: int = 3) -> list[tuple[str, float]]:
    """Vocabulary words close to a mistyped word, with a weight below 1."""
    from rapidfuzz import fuzz, process

    cutoff = 80 if len(word) <= 6 else 84
    groups = index.words_by_length
    candidates = [w for n in range(len(word) - 2, len(word) + 3) for w in groups.get(n, ())]
    matches = process.extract(word, candidates, scorer=fuzz.ratio, score_cutoff=cutoff, limit=limit)
    return [(term, round(0.9 * (score / 100) ** 2, 4)) for term, score, _ in matches]


def _split_compound(word: str, index) -> tuple[str, str] | None:
    """ "factchecking" -> ("fact", "checking") when the index knows both halves."""
    if word in index or len(word) < 6 or not word.isalpha():
        return None
    for cut in range(2, len(word) - 1):
        head, tail = word[:cut], fold_plural(word[cut:])
        if head in index and tail in index:
            return head, tail
    return None


def _phrase_concepts(query: Query, index) -> list[Concept]:
    """Concepts from runs of words: record names, vocabulary phrases (topic
    synonyms, country names and demonyms) and words written apart. A phrase
    that names a topic or country hides the hints of the words inside it."""
    concepts: list[Concept] = []
    hinted: list[range] = []
    for size in range(min(MAX_PHRASE_WORDS, len(query.words)), 0, -1):
        for start in range(len(query.words) - size + 1):
            span = range(start, start + size)
            words = frozenset(span) & query.counted
            if not words:
                continue
            key = "".join(query.words[i].key for i in span)
            label = " ".join(query.words[i].key for i in span)
            share = len(words) / len(query.counted)
            parts = _phrase_parts(key, size, index, share)
            if not any(_inside(span, outer) for outer in hinted):
                hints = _scaled_hints(vocabulary_hints(key, index), share)
                if hints:
                    parts.append(hints)
                    hinted.append(span)
            concepts.extend(Concept(label, words, [part]) for part in parts)
    return concepts


def _inside(span: range, outer: range) -> bool:
    return outer.start <= span.start and span.stop <= outer.stop


def _phrase_parts(key: str, size: int, index, share: float) -> list[dict[str, float]]:
    """A record's whole name (weighted by the share of the query it is) and
    words written apart that the index holds joined ("pm 2.5" -> pm25)."""
    parts = []
    if name_term(key) in index:
        parts.append({name_term(key): share})
    joined = fold_plural(key)
    if size > 1 and joined in index:
        parts.append({joined: 1.0})
    return parts


def _scaled_hints(hints: dict[str, float], share: float) -> dict[str, float]:
    """A country's own record is the answer to a query naming only the
    country; within a longer query its pull shrinks with its share."""
    return {t: w * share if t.startswith("#country-record:") else w for t, w in hints.items()}


def vocabulary_hints(key: str, index) -> dict[str, float]:
    """Hint terms for a phrase key: topics and countries it names, exactly
    or, for longer keys, with a small typo."""
    table = index.hints
    hints = table.get(key) or table.get(fold_plural(key))
    if hints is None and len(key) >= 6 and _is_spaced_word(key):
        from rapidfuzz import fuzz, process

        best = process.extractOne(key, list(table), scorer=fuzz.ratio, score_cutoff=88)
        hints = table[best[0]] if best else None
    return dict(hints or {})


# --- Ranking -----------------------------------------------------------------


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


INDEX_CACHE_KEY = INDEX_KEY  # the name the index is kept under in the cache


def index_for(collection, progress=None) -> SearchIndex:
    """The collection's index: from the on-disk cache when it holds one for
    exactly these records, else built and stored there for next time."""
    saved = collection.extras.get(INDEX_CACHE_KEY)
    if saved is not None:
        try:
            return SearchIndex.from_data(saved)
        except ValueError:
            pass
    index = build_index(collection, progress=progress)
    if collection.cached and collection.root is not None:
        from civictech_kb.store.cache import store_extra
        from civictech_kb.store.cached_load import index_extra

        store_extra(collection.root, INDEX_CACHE_KEY, index_extra(index.to_data()))
    return index


def search(
    collection, query: str, record_filter=None, limit: int | None = 10, index=None, progress=None
) -> list[SearchHit]:
    """The records best matching a query, best first: those matching every
    distinctive query word, then the rest, each by score.

    `index` defaults to one built from the collection; `record_filter` is a
    query.RecordFilter; `progress` is passed to build_index when the index
    must be built. Raises UsageError for an empty query."""
    from civictech_kb.store.cache import CacheDamaged, forget

    query_chunks(query)
    try:
        return _search(collection, query, record_filter, limit, index, progress)
    except CacheDamaged:  # the cached index went bad: drop the cache, build the index afresh
        forget(collection.root)
        collection.extras.pop(INDEX_CACHE_KEY, None)
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


def _saturate(count: int) -> float:
    return count * (1 + TF_SATURATION) / (count + TF_SATURATION)


def _distinctive(concept: Concept, index) -> bool:
    """Whether a concept counts for "matches all words": some record has it,
    and (in all but tiny collections) not most records."""
    limit = COMMON_SHARE * len(index) if len(index) >= 4 else len(index)
    return any(0 < index.doc_freq(term) <= limit for part in concept.parts for term in part)


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


# --- Snippets ----------------------------------------------------------------


def snippet(data: dict, terms_by_field: dict[str, set[str]], width: int = SNIPPET_WIDTH) -> str:
    """A short passage around the first match in the best text field, else
    the start of the summary."""
    texts = field_texts(data)
    for name in sorted(SNIPPET_FIELDS, key=lambda f: -len(terms_by_field.get(f, ()))):
        wanted = terms_by_field.get(name)
        if not wanted:
            continue
        for text in texts[name]:
            position = _first_match(text, wanted)
            if position is not None:
                return _window(unicodedata.normalize("NFKC", text), position, width)
    return _window(unicodedata.normalize("NFKC", data["summary"]), 0, width)


def _first_match(text: str, wanted: set[str]) -> int | None:
    for chunk in chunks(text):
        hit = next((t for t in chunk.terms if t in wanted), None)
        if hit is not None:
            offset = chunk.key.find(hit) if chunk.kind == "run" else 0
            return chunk.start + max(offset, 0)
    return None


def _window(text: str, position: int, width: int) -> str:
    """About `width` characters of text around position, whitespace collapsed,
    cut at spaces where there are any, with ellipses where text was cut."""
    before = " ".join(text[:position].split())
    if before and text[:position][-1].isspace():
        before += " "
    flat = before + " ".join(text[position:].split())
    if len(flat) <= width:
        return flat
    at = len(before)
    start = max(0, min(at - width // 3, len(flat) - width))
    if start > 0:
        space = flat.find(" ", start, at)
        start = space + 1 if space != -1 else start
    end = start + width
    if end < len(flat):
        space = flat.rfind(" ", at, end)
        end = space if space > at else end
    cut_start = "…" if start > 0 else ""
    cut_end = "…" if end < len(flat) else ""
    return f"{cut_start}{flat[start:end].strip()}{cut_end}"


# --- When nothing matches ----------------------------------------------------


def suggestions(collection, query: str, limit: int = 5) -> list[str]:
    """Record names and topic labels closest to a query that found nothing."""
    from rapidfuzz import fuzz, process

    from civictech_kb.model import vocab

    choices = {normalise(name): name for r in collection for name in r.all_names()}
    choices |= {normalise(t.label): f"topic {t.id}" for t in vocab.topics().values()}
    found = process.extract(normalise(query), list(choices), scorer=fuzz.WRatio, limit=limit, score_cutoff=60)
    return list(dict.fromkeys(choices[name] for name, _, _ in found))
