"""Reading a query into concepts: each word, or a phrase the vocabularies
know (a topic synonym, a country or place name, a record's name, a word in
another language the glossary gives in English). Each concept has
alternative index terms: the word's stem, topic and country hints, and,
only for a word that nothing in the index matches, close spellings of it.

Question and function words ("who", "how", "in", "the"; "の", "ใน") are left
out of scoring but still join phrases ("Code for Japan").
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from civictech_kb.model.fuzzy import close_matches, closest_with_edits, edits
from civictech_kb.model.problems import UsageError
from civictech_kb.search.fields import name_term, spelling_term
from civictech_kb.search.segment import segment
from civictech_kb.search.text import Chunk, chunks, is_spaced_word, phrase_key, stem, stem_key
from civictech_kb.search.vocabulary import QueryVocabulary, query_vocabulary

if TYPE_CHECKING:
    from civictech_kb.search.index import SearchIndex

COMMON_SHARE = 0.4  # a word in more than this share of records does not count for "all words"
RUN_COVERAGE = 0.6  # share of a run's bigrams a record needs to match the run
MAX_PHRASE_WORDS = 4
# Bounds on the work one query costs (#20): its length, and the longest word
# read as two joined words ("factchecking"), which is tried at every cut.
MAX_QUERY_CHARS = 1000
MAX_COMPOUND_CHARS = 40

Part = dict[str, float]  # index term -> weight; a record satisfies the part through any of them


# Concept and Query are plain classes, not dataclasses: every search reads
# a query, and defining a dataclass costs about ten times as much at
# start-up (benchmarks/README.md, "Warm search imports").
class Concept:
    """One thing the query asks for, with the index terms that satisfy it.

    A record satisfies the concept when it matches at least `need` of the
    parts; each part is satisfied by any of its terms (term -> weight)."""

    def __init__(self, label: str, words: frozenset[int], parts: list[Part], need: float = 1.0,
                 distinctive: bool = True, expansion: bool = False) -> None:  # fmt: skip
        self.label = label
        self.words = words
        self.parts = parts
        self.need = need
        self.distinctive = distinctive  # rare enough to count for "matches all words"
        self.expansion = expansion  # words the vocabulary adds (a topic's label): scored, never required


class Query:
    def __init__(self, text: str, words: list[Chunk], counted: frozenset[int],
                 concepts: list[Concept] | None = None) -> None:  # fmt: skip
        self.text = text
        self.words = words
        self.counted = counted  # the words that are not stopwords
        self.concepts: list[Concept] = concepts or []
        self.required: frozenset[int] = frozenset()  # the words a record must cover to match "all words"
        self.corrections: dict[int, str] = {}  # word -> the spelling searched instead

    @property
    def showing_for(self) -> str | None:
        """The query as searched, when some words were read as close spellings."""
        return self.showing_as(lambda term: [])

    def showing_as(self, written: Callable[[str], list[str]]) -> str | None:
        """The query as searched, each word read as a close spelling put as
        records write it: `written(term)` gives the words records write
        for an index term, and of those the one closest to the spelling is
        shown, so a stem ("vaccin") is shown as a word ("vaccine")."""
        if not self.corrections:
            return None
        shown = []
        for i, word in enumerate(self.words):
            spelling = self.corrections.get(i)
            if spelling is None:
                shown.append(word.key)
                continue
            # a spelling that is its own stem may be a stem no record writes
            forms = written(word.whole) if spelling == word.whole else []
            shown.append(min(forms, key=lambda form: (edits(spelling, form), form)) if forms else spelling)
        return " ".join(shown)


def query_chunks(text: str) -> list[Chunk]:
    """The chunks of a query; UsageError if it has no letters or digits, or
    is longer than MAX_QUERY_CHARS."""
    if len(text) > MAX_QUERY_CHARS:
        raise UsageError(
            f"the search query is {len(text)} characters long; at most {MAX_QUERY_CHARS} are read"
        )
    found = chunks(text)
    if not found:
        shown = text.strip()
        raise UsageError(f"search query {shown!r} has no words" if shown else "the search query is empty")
    return found


def read_query(text: str, index: SearchIndex) -> Query:
    """Concepts for a query; UsageError if it has no letters or digits."""
    words: list[Chunk] = []
    stops: set[int] = set()
    tables = vocabulary_of(index)
    lexicon = _lexicon_test(index, tables)
    for chunk in query_chunks(text):
        for piece, is_stop in segment(chunk, lexicon, tables.stop_pieces):
            if is_stop or (piece.kind == "word" and piece.key in tables.stopwords):
                stops.add(len(words))
            words.append(piece)
    counted = frozenset(range(len(words))) - stops
    query = Query(text, words, counted or _named_words(text, words, index))
    phrases = _phrase_concepts(query, index)
    if _correct_spellings(query, index, phrases) | _join_words(query, index, phrases):
        phrases = _phrase_concepts(query, index)
    joined = _joined_spellings(query, index)
    for i in sorted(query.counted):
        query.concepts += _word_concepts(query.words[i], i, index, joined.get(i, {}))
    query.concepts += phrases
    for concept in query.concepts:
        concept.distinctive = not concept.expansion and _distinctive(concept, index)
    required = frozenset().union(*(c.words for c in query.concepts if c.distinctive))
    asked_with = frozenset(i for i in required if query.words[i].whole in tables.optional)
    query.required = required - asked_with if required - asked_with else required
    return query


def _named_words(text: str, words: list[Chunk], index: SearchIndex) -> frozenset[int]:
    """For a query of stopwords only, the words of the longest run of them
    that is a record's name or alias ("The Who"); UsageError if none is."""
    for size in range(min(MAX_PHRASE_WORDS, len(words)), 0, -1):
        for start in range(len(words) - size + 1):
            if name_term("".join(w.key for w in words[start : start + size])) in index:
                return frozenset(range(start, start + size))
    raise UsageError(
        f"search query {text.strip()!r} has no searchable words: question and function words"
        " such as 'how' and 'the' are not scored"
    )


def _word_concepts(chunk: Chunk, position: int, index: SearchIndex, joined: Part) -> list[Concept]:
    words = frozenset([position])
    if chunk.kind == "run":
        parts = [{bigram: 1.0, chunk.whole: 1.0} for bigram in chunk.parts]
        return [Concept(chunk.key, words, parts, RUN_COVERAGE)]
    if len(chunk.parts) > 1:
        return [Concept(chunk.key, words, [{p: 1.0, chunk.whole: 1.0} for p in chunk.parts])]
    concepts = [Concept(chunk.key, words, [{chunk.whole: 1.0, **joined}])]
    split = _split_compound(chunk.whole, index)
    if split:
        concepts.append(Concept(chunk.key, words, [{split[0]: 1.0}, {split[1]: 1.0}]))
    return concepts


def _joined_spellings(query: Query, index: SearchIndex) -> dict[int, Part]:
    """Word -> the joined terms of the words around it that records write as
    one ("pm 2.5" -> pm25, "civic tech" -> civictech), as alternatives for the
    word weighing what the word itself weighs."""
    found: dict[int, Part] = {}
    words = query.words
    for size in range(2, min(MAX_PHRASE_WORDS, len(words)) + 1):
        for start in range(len(words) - size + 1):
            span = range(start, start + size)
            if any(words[i].kind != "word" for i in span):
                continue
            term = "".join(words[i].whole for i in span)
            if term not in index:
                continue
            rarity = max(index.idf(term), 1e-9)
            for i in span:
                if i in query.counted and words[i].whole != term:
                    found.setdefault(i, {})[term] = min(1.0, index.idf(words[i].whole) / rarity) or 0.5
    return found


def _unknown(query: Query, i: int, index: SearchIndex, covered: set[int]) -> bool:
    """Whether word i is a counted word nothing in the index matches: not as
    a stem, a compound, within a known phrase, or as a word already read
    as another spelling."""
    chunk = query.words[i]
    return (i in query.counted and i not in covered and i not in query.corrections and chunk.kind == "word"
            and chunk.whole not in index and not _split_compound(chunk.whole, index))  # fmt: skip


def _join_words(query: Query, index: SearchIndex, phrases: list[Concept]) -> bool:
    """Read neighbouring words, one of which nothing in the index matches
    and no close spelling fixes, as the one word records write ("nul full"
    -> nullfull): their
    concatenation, if the index holds it or a close spelling of it (the
    policy of model/fuzzy.py). Say whether any were joined."""
    covered = {i for concept in phrases for i in concept.words}
    words = query.words
    joined = False
    at = 0
    while at < len(words):
        for size in range(min(MAX_PHRASE_WORDS, len(words) - at), 1, -1):
            span = range(at, at + size)
            if any(words[i].kind != "word" for i in span) or not any(
                _unknown(query, i, index, covered) for i in span
            ):
                continue
            whole = chunks("".join(words[i].key for i in span))[0]
            spelling = whole.key if whole.whole in index else _close_spelling(whole, index)
            if spelling is not None:
                _merge(query, span, spelling, index)
                covered = {i - size + 1 if i >= span.stop else i for i in covered if i not in span}
                joined = True
                break
        at += 1
    return joined


def _merge(query: Query, span: range, spelling: str, index: SearchIndex) -> None:
    """Put one word, read as `spelling`, in the place of the words of a span."""
    first, last = query.words[span.start], query.words[span.stop - 1]
    query.words[span.start : span.stop] = [_read_as(spelling, index, first.start, last.end)]

    def moved(i: int) -> int:
        return i - len(span) + 1 if i >= span.stop else i

    query.counted = frozenset(moved(i) for i in query.counted if not span.start < i < span.stop) | {
        span.start
    }
    query.corrections = {moved(i): word for i, word in query.corrections.items() if i not in span}
    query.corrections[span.start] = spelling


def _correct_spellings(query: Query, index: SearchIndex, phrases: list[Concept]) -> bool:
    """Read each word that nothing in the index matches (not as a stem, a
    compound, or within a known phrase) as the closest word that does, if
    one is close enough; say whether any was."""
    covered = {i for concept in phrases for i in concept.words}
    for i in sorted(query.counted - covered):
        chunk = query.words[i]
        if not _unknown(query, i, index, covered):
            continue
        spelling = _close_spelling(chunk, index)
        if spelling is not None:
            query.corrections[i] = spelling
            query.words[i] = _read_as(spelling, index, chunk.start, chunk.end)
    return bool(query.corrections)


def _read_as(spelling: str, index: SearchIndex, start: int, end: int) -> Chunk:
    """The word a close spelling stands for, at the typed word's place; a
    spelling that is an index term (a stem: "nullful") is searched as it
    is, never stemmed again."""
    word = chunks(spelling)[0]._replace(start=start, end=end)
    if word.whole not in index and spelling in index:
        return word._replace(parts=(spelling,), whole=spelling, terms=(spelling,))
    return word


def _close_spelling(chunk: Chunk, index: SearchIndex) -> str | None:
    """The word records write, or vocabulary phrase, closest to a word the
    index does not hold (the policy of model/fuzzy.py), if any is close enough;
    of equally close words, the one most records hold ("electon" is election
    rather than electron where more records say election)."""
    if not is_spaced_word(chunk.key):
        return None
    groups = index.words_by_length
    span = range(len(chunk.key) - 3, len(chunk.key) + 4)
    found = closest_with_edits(chunk.key, [w for n in span for w in groups.get(n, ())])
    if found:
        fewest = found[0][1]
        return max((w for w, n in found if n == fewest), key=lambda w: _records_writing(w, index))
    phrases = close_matches(chunk.key, [key for key in index.hints if is_spaced_word(key)], limit=1)
    return str(phrases[0]) if phrases else None


def _records_writing(word: str, index: SearchIndex) -> int:
    """How many records write a word: as a spelling of its own, else as a stem."""
    spelled = index.doc_freq(spelling_term(word))
    return int(spelled or index.doc_freq(word))


def _split_compound(word: str, index: SearchIndex) -> tuple[str, str] | None:
    """ "factchecking" -> ("fact", "check") when the index knows both halves,
    each of three letters or more and neither a stopword."""
    if word in index or not 6 <= len(word) <= MAX_COMPOUND_CHARS or not word.isalpha():
        return None
    stopwords = vocabulary_of(index).stopwords
    for cut in range(MIN_HALF, len(word) - MIN_HALF + 1):
        head, tail = stem(word[:cut]), stem(word[cut:])
        if head in index and tail in index and word[:cut] not in stopwords and word[cut:] not in stopwords:
            return head, tail
    return None


MIN_HALF = 3  # letters in each half of a compound ("electon" is no "elect on")


def _phrase_concepts(query: Query, index: SearchIndex) -> list[Concept]:
    """Concepts from runs of words: record names, vocabulary phrases (topic
    synonyms, country names and demonyms, glossary words) and words written
    apart. A phrase that names a topic or country hides the hints of the
    words inside it, and each hint term counts once (see _Hints), in the
    place it is first reached: a phrase's topic words, its translation, its
    name, its hints, its translation's hints."""
    slots: list[tuple[bool, Concept]] = []  # (its topic words?, concept): expanded once every hint is reached
    hinted: list[range] = []
    reached = _Hints()
    tables = vocabulary_of(index)
    for size in range(min(MAX_PHRASE_WORDS, len(query.words)), 0, -1):
        for start in range(len(query.words) - size + 1):
            span = range(start, start + size)
            words = frozenset(span) & query.counted
            if not words:
                continue
            key = "".join(query.words[i].key for i in span)
            stems = "".join(query.words[i].whole for i in span)
            label = " ".join(query.words[i].key for i in span)
            share = len(words) / len(query.counted)
            named = [(False, Concept(label, words, [part])) for part in _phrase_parts(key, index, share)]
            if any(_inside(span, outer) for outer in hinted):
                slots += named
                continue
            hints = _scaled_hints(vocabulary_hints(key, stems, index), share)
            english = tables.glossary.get(key)
            if hints or english:
                hinted.append(span)
            held = [(topics, c) for c in reached.add(label, words, hints) for topics in (True, False)]
            slots += held[:1] + (
                [(False, Concept(label, words, _english_parts(english, index)))] if english else []
            )
            slots += named + held[1:]
            if english:
                extra = vocabulary_hints(phrase_key(english), stem_key(english), index)
                slots += [(topics, c) for c in reached.add(label, words, _scaled_hints(extra, share))
                          for topics in (True, False)]  # fmt: skip
    return [found for topics, c in slots
            for found in (_topic_words(c.label, c.words, c.parts[0], tables) if topics else [c])]  # fmt: skip


class _Hints:
    """The topic and country hint terms a query reaches, each held by one
    concept: a term reached again (through a glossary word's translation,
    or another word naming the same topic: "covid vaccine") adds those
    words to the concept that holds it, at the larger weight, instead of
    being scored once more, so a topic never outweighs a word's own terms
    by being named twice."""

    def __init__(self) -> None:
        self.holder: dict[str, Concept] = {}

    def add(self, label: str, words: frozenset[int], hints: Part) -> list[Concept]:
        """The new concept holding the terms not yet held, if any (the others join their holders')."""
        fresh = {}
        for term, weight in hints.items():
            held = self.holder.get(term)
            if held is None:
                fresh[term] = weight
                continue
            held.words |= words
            held.parts[0][term] = max(held.parts[0][term], weight)
            if label not in held.label.split(" / "):
                held.label += f" / {label}"
        if not fresh:
            return []
        concept = Concept(label, words, [fresh])
        self.holder.update(dict.fromkeys(fresh, concept))
        return [concept]


def _english_parts(english: str, index: SearchIndex) -> list[Part]:
    """The parts of the English words a glossary gives, read as the English
    query would be: each word, or the words joined as records write them
    ("civic tech" -> civictech)."""
    words = chunks(english)
    joined = stem_key(english)
    if len(words) > 1 and joined in index:
        return [{c.whole: 1.0, joined: 1.0} for c in words]
    return [{c.whole: 1.0} for c in words]


TOPIC_WORDS_WEIGHT = 0.5  # a topic's label words, searched when a phrase names the topic


def _topic_words(label: str, words: frozenset[int], hints: Part, tables: QueryVocabulary) -> list[Concept]:
    """The words of the labels of the topics a phrase names ("เลือกตั้ง" ->
    elections), so that records saying more about the topic rank higher."""
    found = []
    for term in hints:
        topic = tables.topic_labels.get(term.removeprefix("#topic:")) if term.startswith("#topic:") else None
        if topic is not None:
            parts = [{c.whole: TOPIC_WORDS_WEIGHT} for c in chunks(topic) if c.key not in tables.stopwords]
            found.append(Concept(label, words, parts, expansion=True))
    return found


def _inside(span: range, outer: range) -> bool:
    return outer.start <= span.start and span.stop <= outer.stop


def _phrase_parts(key: str, index: SearchIndex, share: float) -> list[Part]:
    """A record's whole name, weighted by the share of the query it is."""
    return [{name_term(key): share * share}] if name_term(key) in index else []


def _scaled_hints(hints: Part, share: float) -> Part:
    """A country's own record is the answer to a query naming only the
    country; within a longer query its pull shrinks with its share."""
    return {t: w * share if t.startswith("#country-record:") else w for t, w in hints.items()}


def vocabulary_hints(key: str, stems: str, index: SearchIndex) -> Part:
    """Hint terms for a phrase key: the topics and countries it names."""
    table = index.hints
    return dict(table.get(key) or table.get(stems) or {})


def _distinctive(concept: Concept, index: SearchIndex) -> bool:
    """Whether a concept counts for "matches all words": some record has it,
    and (in all but tiny collections) not most records."""
    limit = COMMON_SHARE * len(index) if len(index) >= 4 else len(index)
    # a part's first term is what it stands for; the others are other spellings of it
    return any(0 < index.doc_freq(next(iter(part))) <= limit for part in concept.parts if part)


def _lexicon_test(index: SearchIndex, tables: QueryVocabulary) -> Callable[[str], bool]:
    """Whether a piece of a run is a word the collection knows: a topic
    synonym, country name, glossary word or record name, or a run some
    record holds whole (three characters or more: pairs are bigrams)."""
    hints = index.hints
    words = tables.glossary

    def known(text: str) -> bool:
        return (text in hints or text in words or name_term(text) in index
                or (len(text) > 2 and text in index))  # fmt: skip

    return known


def vocabulary_of(index: SearchIndex) -> QueryVocabulary:
    """The glossary and stopword tables kept with the index, else derived from the data files."""
    return getattr(index, "vocabulary", None) or query_vocabulary(getattr(index, "topics", None))
