"""The vocabulary tables a query reads: glossary, stopwords and topic labels.

Derived from data/stopwords.yaml, data/glossary.yaml and the collection's
topics (model/vocabulary.py: the built-in ones and its additions) once,
when an index is built, and kept with the stored index (index_store.py), so
that a warm search parses no YAML and folds no glossary word again. An index
built in memory derives them on first use.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, NamedTuple

from civictech_kb.model.data import YamlMapping

if TYPE_CHECKING:
    from civictech_kb.model.vocabulary import Vocabulary


class QueryVocabulary(NamedTuple):
    """glossary: phrase key of a word in another language -> the English
    words the records use for it; stopwords: English question and function
    words; stop_pieces: particles of unspaced scripts (folded); topic_labels:
    topic id -> label; optional: stems of words a question asks with, scored
    but never required."""

    glossary: dict[str, str]
    stopwords: frozenset[str]
    stop_pieces: frozenset[str]
    topic_labels: dict[str, str]
    optional: frozenset[str] = frozenset()

    def to_data(self) -> YamlMapping:
        """The tables as JSON-ready plain data."""
        return {"glossary": self.glossary, "stopwords": sorted(self.stopwords),
                "stop_pieces": sorted(self.stop_pieces), "topic_labels": self.topic_labels,
                "optional": sorted(self.optional)}  # fmt: skip

    @classmethod
    def from_data(cls, data: object) -> QueryVocabulary:
        """Tables from `to_data()` output; ValueError if they are not."""
        if not isinstance(data, dict):
            raise ValueError("stored query vocabulary is malformed")
        glossary, stopwords, pieces, labels = (
            data.get(k) for k in ("glossary", "stopwords", "stop_pieces", "topic_labels")
        )
        if not (isinstance(glossary, dict) and isinstance(stopwords, list) and isinstance(pieces, list)
                and isinstance(labels, dict)):  # fmt: skip
            raise ValueError("stored query vocabulary is malformed")
        optional = data.get("optional", [])
        if not isinstance(optional, list):
            raise ValueError("stored query vocabulary is malformed")
        return cls(dict(glossary), frozenset(stopwords), frozenset(pieces), dict(labels), frozenset(optional))


def query_vocabulary(topics: Vocabulary | None = None) -> QueryVocabulary:
    """The tables, derived from the vocabulary data files and the topics of
    a vocabulary (default: the built-in one)."""
    from civictech_kb.model.vocabulary import builtin_vocabulary

    return _derived(topics or builtin_vocabulary())


@lru_cache(maxsize=8)
def _derived(topics: Vocabulary) -> QueryVocabulary:
    from civictech_kb.model import vocab
    from civictech_kb.search.text import fold_variants, normalise, phrase_key, stem_key

    words = vocab.stopwords()
    return QueryVocabulary(
        glossary={phrase_key(other): english for other, english in vocab.glossary().items()},
        stopwords=frozenset(words["english"]),
        stop_pieces=frozenset(fold_variants(normalise(word)) for word in words["unspaced"]),
        topic_labels={topic.id: topic.label for topic in topics.topics.values()},
        optional=frozenset(stem_key(word) for word in words.get("optional", [])),
    )
