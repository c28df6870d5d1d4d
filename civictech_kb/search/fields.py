"""What a record says, field by field: the searchable texts of a record and
the index terms (words, and hint terms for its topics, countries and names)
each field holds."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from civictech_kb.model.data import YamlMapping
from civictech_kb.search.text import phrase_key, terms_and_spellings

if TYPE_CHECKING:
    from civictech_kb.model.vocabulary import Vocabulary

# BM25F: how much an occurrence in each field counts (the summary is the
# unit), and how much a field's length discounts it (0: not at all; long
# texts fully, short lists not at all).
FIELD_WEIGHTS = {
    "name": 3.5,
    "names": 3.5,
    "aliases": 3.0,
    "id": 2.0,
    "topics": 1.6,
    "countries": 1.3,
    "location": 1.0,
    "summary": 1.0,
    "type": 0.6,
    "landscape": 0.6,
    "context": 0.5,
    "challenges": 0.5,
    "lessons": 0.5,
    "relations": 0.5,
    "figures": 0.35,
    "dates": 0.35,
}
FIELD_LENGTH_NORM = {
    "name": 0.4,
    "names": 0.4,
    "aliases": 0.3,
    "id": 0.3,
    "topics": 0.0,
    "countries": 0.0,
    "location": 0.0,
    "summary": 0.75,
    "type": 0.0,
    "landscape": 0.75,
    "context": 0.75,
    "challenges": 0.75,
    "lessons": 0.75,
    "relations": 0.0,
    "figures": 0.5,
    "dates": 0.0,
}
FIELDS = tuple(FIELD_WEIGHTS)
# Fields a snippet is taken from, in order of preference when scores tie.
SNIPPET_FIELDS = ("summary", "landscape", "context", "challenges", "lessons", "location", "figures")


def field_texts(
    data: YamlMapping, only: Iterable[str] = FIELDS, vocabulary: Vocabulary | None = None
) -> dict[str, list[str]]:
    """The text of each searchable field of a record's data (of the fields
    in `only`: a snippet needs no topic or country names, so a warm search
    reads no vocabulary file for them); topic and category labels from the
    vocabulary (default: the built-in one)."""
    texts = {}
    for name in only:
        if name in _LABELLED:
            from civictech_kb.model.vocabulary import builtin_vocabulary

            vocabulary = vocabulary or builtin_vocabulary()
            texts[name] = _LABELLED[name](data, vocabulary)
        else:
            texts[name] = _FIELD_TEXTS[name](data)
    return texts


def _topic_texts(data: YamlMapping, vocabulary: Vocabulary) -> list[str]:
    topics = vocabulary.topics
    return [text for t in data.get("topics", []) for text in (t, topics[t].label if t in topics else "")]


def _country_texts(data: YamlMapping) -> list[str]:
    from civictech_kb.model import vocab

    return [vocab.country_name(code) for code in data.get("countries", [])]


def _optional(key: str) -> Callable[[YamlMapping], list[str]]:
    return lambda data: [data[key]] if data.get(key) else []


_FIELD_TEXTS: dict[str, Callable[[YamlMapping], list[str]]] = {
    "name": lambda data: [data["name"]],
    "names": lambda data: list(data.get("names", {}).values()),
    "aliases": lambda data: list(data.get("aliases", [])),
    "id": lambda data: [data["id"]],
    "countries": _country_texts,
    "location": _optional("location"),
    "summary": lambda data: [data["summary"]],
    "type": lambda data: [data["type"]],
    "landscape": _optional("landscape"),
    "context": _optional("context"),
    "lessons": lambda data: list(data.get("lessons", [])),
    "relations": lambda data: [
        target for targets in data.get("relations", {}).values() for target in targets
    ],
    "figures": lambda data: [_figure_text(f) for f in data.get("figures", [])],
    "dates": lambda data: [data[k] for k in ("founded", "ended", "start", "end") if data.get(k)],
}


def _challenge_texts(data: YamlMapping, vocabulary: Vocabulary) -> list[str]:
    texts = []
    for challenge in data.get("challenges", []):
        category = vocabulary.categories.get(challenge["category"])
        texts += [category.label if category else "", challenge["summary"], *challenge.get("responses", [])]
    return texts


_LABELLED: dict[str, Callable[[YamlMapping, Vocabulary], list[str]]] = {
    "topics": _topic_texts,
    "challenges": _challenge_texts,
}


def _figure_text(figure: YamlMapping) -> str:
    return " ".join(str(figure[k]) for k in ("label", "value", "unit", "year") if figure.get(k) is not None)


def record_terms(data: YamlMapping, vocabulary: Vocabulary | None = None) -> dict[str, Counter[str]]:
    """Field -> term counts for one record, hint terms included; topic and
    category labels from the vocabulary (default: the built-in one). In each
    field, the words' terms come first (in the order the text says them),
    then the spellings, then the hint terms."""
    texts = field_texts(data, vocabulary=vocabulary)
    hinted = {
        "topics": [topic_term(t) for t in data.get("topics", [])],
        "countries": [country_term(c) for c in data.get("countries", [])],
        "type": [type_term(data["type"])],
    }
    if data["type"] == "country":
        hinted["name"] = [country_record_term(c) for c in data.get("countries", [])]
    for name_field in ("name", "names", "aliases"):
        named = [name_term(phrase_key(text)) for text in texts[name_field]]
        hinted[name_field] = hinted.get(name_field, []) + named
    counts: dict[str, Counter[str]] = {}
    for name, values in texts.items():
        found, spelled = terms_and_spellings("\n".join(values))
        found += map(spelling_term, spelled)
        found += hinted.get(name, ())
        if found:
            counts[name] = Counter(found)
    return counts


HINT_PREFIXES = ("#topic:", "#country:", "#country-record:", "#type:")  # the terms hint_table() points to


def spelling_term(word: str) -> str:
    """The term that says a word is written so in some record (its stem is another term)."""
    return f"#w:{word}"


def type_term(record_type: str) -> str:
    return f"#type:{record_type}"


def topic_term(topic_id: str) -> str:
    return f"#topic:{topic_id}"


def country_term(code: str) -> str:
    return f"#country:{code}"


def country_record_term(code: str) -> str:
    return f"#country-record:{code}"


def name_term(key: str) -> str:
    return f"#name:{key}"
