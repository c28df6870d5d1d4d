"""What a record says, field by field: the searchable texts of a record and
the index terms (words, and hint terms for its topics, countries and names)
each field holds."""

from __future__ import annotations

from collections import Counter

from civictech_kb.search.text import phrase_key, terms

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
