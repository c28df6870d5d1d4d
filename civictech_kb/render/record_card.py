"""What `ctkb show` says about one record, as plain labelled text that the
table and Markdown renderers lay out each in their own way."""

from __future__ import annotations

FACT_FIELDS = (
    ("id", "id"), ("type", "type"), ("other names", "names"), ("aliases", "aliases"),
    ("countries", "country_names"), ("region", "regions"), ("location", "location"),
    ("topics", "topics"), ("status", "status"), ("founded", "founded"), ("ended", "ended"),
    ("start", "start"), ("end", "end"), ("website", "website"),
)  # fmt: skip
PROSE_FIELDS = (("Summary", "summary"), ("Landscape", "landscape"), ("Context", "context"))


def facts(data: dict) -> list[tuple[str, str]]:
    """(label, value) for each short fact the record has."""
    return [(label, _fact(data[key])) for label, key in FACT_FIELDS if data.get(key)]


def prose(data: dict) -> list[tuple[str, str]]:
    """(heading, text) for each long text the record has."""
    return [(label, data[key]) for label, key in PROSE_FIELDS if data.get(key)]


def lists(data: dict) -> list[tuple[str, list[str]]]:
    """(heading, items) for the lists after the challenges, empty ones left out."""
    sections = (
        ("Lessons", data.get("lessons", [])),
        ("Figures", [_figure(f) for f in data.get("figures", [])]),
        ("Links", [f"{link['label']}: {link['url']}" for link in data.get("links", [])]),
        ("Relations", _relations(data)),
        ("Sources", [_source(s) for s in data.get("sources", [])]),
    )
    return [(title, items) for title, items in sections if items]


def _fact(value) -> str:
    if isinstance(value, dict):
        return ", ".join(f"{v} ({k})" for k, v in value.items())
    if isinstance(value, list):
        return ", ".join(v["subregion"] if isinstance(v, dict) else str(v) for v in value)
    return str(value)


def _figure(figure: dict) -> str:
    unit = f" {figure['unit']}" if figure.get("unit") else ""
    year = f" ({figure['year']})" if figure.get("year") else ""
    return f"{figure['label']}: {figure['value']}{unit}{year}"


def _source(source: dict) -> str:
    parts = [source.get("document"), source.get("section"), source.get("url")]
    return ", ".join(p for p in parts if p)


def _relations(data: dict) -> list[str]:
    pairs = [*data.get("relations", {}).items(), *data.get("related_from", {}).items()]
    return [f"{kind.replace('_', ' ')}: {', '.join(ids)}" for kind, ids in pairs]
