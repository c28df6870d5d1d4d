"""Reading a query into concepts: each word, or a phrase the vocabularies
know (a topic synonym, a country name or demonym, a record's name). Each
concept has alternative index terms: the word itself, close spellings found
in the index vocabulary, topic and country hints."""

from __future__ import annotations

from dataclasses import dataclass, field

from civictech_kb.model.problems import UsageError
from civictech_kb.search.fields import name_term
from civictech_kb.search.text import STOPWORDS, Chunk, chunks, fold_plural, is_spaced_word

COMMON_SHARE = 0.5  # a word in more than this share of records does not count for "all words"
RUN_COVERAGE = 0.6  # share of a run's bigrams a record needs to match the run
FUZZY_MIN_LENGTH = 5  # shorter words have too many close neighbours ("sake", "safe")
MAX_PHRASE_WORDS = 4


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
    if word in index or len(word) < FUZZY_MIN_LENGTH or not is_spaced_word(word):
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
    if hints is None and len(key) >= 6 and is_spaced_word(key):
        from rapidfuzz import fuzz, process

        best = process.extractOne(key, list(table), scorer=fuzz.ratio, score_cutoff=88)
        hints = table[best[0]] if best else None
    return dict(hints or {})


def _distinctive(concept: Concept, index) -> bool:
    """Whether a concept counts for "matches all words": some record has it,
    and (in all but tiny collections) not most records."""
    limit = COMMON_SHARE * len(index) if len(index) >= 4 else len(index)
    return any(0 < index.doc_freq(term) <= limit for part in concept.parts for term in part)
