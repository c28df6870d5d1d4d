"""What `ctkb show` says about one record, as plain labelled text that the
table and Markdown renderers lay out each in their own way."""

from __future__ import annotations

from civictech_kb.model.data import YamlMapping
from civictech_kb.model.wording import fact_text, figure_text, milestone_text

FACT_FIELDS = (
    ("id", "id"), ("type", "type"), ("part of", "work"), ("other names", "names"), ("aliases", "aliases"),
    ("publishers", "publishers"), ("date", "date"), ("languages", "languages"), ("kind", "kind"),
    ("countries", "country_names"), ("region", "regions"), ("location", "location"),
    ("topics", "topics"), ("status", "status"), ("founded", "founded"), ("ended", "ended"),
    ("start", "start"), ("end", "end"), ("website", "website"), ("archived", "archive"),
    ("licence", "licence"), ("text file", "text_file"), ("reference", "reference"),
)  # fmt: skip
PROSE_FIELDS = (("Summary", "summary"), ("Landscape", "landscape"), ("Context", "context"))


def facts(data: YamlMapping, topic_labels: dict[str, str] | None = None) -> list[tuple[str, str]]:
    """(label, value) for each short fact the record has, topics named by
    topic_labels (default: the built-in topics' labels)."""
    label_of = (lambda topic: topic_labels.get(topic, topic)) if topic_labels is not None else None
    return [(label, fact_text(key, data[key], label_of)) for label, key in FACT_FIELDS if data.get(key)]


def prose(data: YamlMapping) -> list[tuple[str, str]]:
    """(heading, text) for each long text the record has."""
    return [(label, data[key]) for label, key in PROSE_FIELDS if data.get(key)]


def lists(data: YamlMapping, names: dict[str, str] | None = None) -> list[tuple[str, list[str]]]:
    """(heading, items) for the lists after the challenges, empty ones left out."""
    sections = (
        ("Lessons", data.get("lessons", [])),
        ("Figures", [figure_text(f) for f in data.get("figures", [])]),
        ("History", [milestone_text(m) for m in data.get("milestones", [])]),
        ("Links", [f"{link['label']}: {link['url']}" for link in data.get("links", [])]),
        ("Relations", _relations(data, names or {})),
        ("Sources", [c["text"] for c in data.get("citations", [])]),
        ("Cited by", [_citing(c) for c in data.get("cited_by", [])]),
    )
    return [(title, items) for title, items in sections if items]


def _citing(citing: YamlMapping) -> str:
    sections = f" ({'; '.join(citing['sections'])})" if citing["sections"] else ""
    return f"{citing['id']}: {citing['name']}{sections}"


def _relations(data: YamlMapping, names: dict[str, str]) -> list[str]:
    pairs = [*data.get("relations", {}).items(), *data.get("related_from", {}).items()]
    return [f"{kind.replace('_', ' ')}: {', '.join(named(i, names) for i in ids)}" for kind, ids in pairs]


def named(record_id: str, names: dict[str, str]) -> str:
    """A related record as a reader knows it: its name, with the id to type."""
    name = names.get(record_id, record_id)
    return record_id if name == record_id else f"{name} ({record_id})"


def category_label(challenge: YamlMapping, labels: dict[str, str]) -> str:
    category = str(challenge["category"])
    return labels.get(category, category)
