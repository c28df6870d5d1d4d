"""The report shared by the Markdown and HTML exports, as plain data: the
records grouped by region and country (each country's profile, challenges by
category and lessons), then every record with its facts, links and sources.

Renderers only format this outline, so both formats say the same things.
Addresses other than http and https are dropped here, once for both.
"""

from __future__ import annotations

import re

from civictech_kb.model import vocab
from civictech_kb.model.record import Collection, Record
from civictech_kb.views.selection import with_derived
from civictech_kb.views.stats import NO_REGION, region_order

TYPE_TITLES = {
    "project": "Projects",
    "community": "Communities",
    "organization": "Organizations",
    "event": "Events",
    "country": "Country profiles",
}
TYPE_NAMES = {  # singular, plural
    "project": ("project", "projects"),
    "community": ("community", "communities"),
    "organization": ("organization", "organizations"),
    "event": ("event", "events"),
    "country": ("country profile", "country profiles"),
}
FACTS = (
    ("Type", "type"), ("Other names", "names"), ("Also known as", "aliases"),
    ("Countries", "country_names"), ("Region", "regions"), ("Location", "location"),
    ("Topics", "topics"), ("Status", "status"), ("Founded", "founded"), ("Ended", "ended"),
    ("Start", "start"), ("End", "end"),
)  # fmt: skip


def build_report(request) -> dict:
    """The outline of a report on request.records (an ExportRequest)."""
    collection = request.collection
    records = sorted(request.records, key=_reading_order)
    shown = {record.id for record in records}
    report = {
        "title": request.title,
        "generated": request.generated.isoformat(),
        "selection": request.selection,
        "count": len(records),
        "counts": _counts(records),
        "regions": _regions(collection, records),
        "groups": _by_type(records, lambda record: _entry(collection, record, shown)),
        "charts": _charts(records),
        "relations": _relation_graph(collection, records),
    }
    report["pictured"] = bool(  # anything for "At a glance" to show
        report["charts"]["by_country"] or report["charts"]["by_year"]
        or report["charts"]["challenges"]["regions"] or report["relations"]["edges"]
    )  # fmt: skip
    return report


def _by_type(records: list[Record], show, titles: dict = TYPE_TITLES) -> list[dict]:
    """Records in groups by type, each record shown by show(record)."""
    return [
        {"type": kind, "title": title, "records": [show(r) for r in records if r.type == kind]}
        for kind, title in titles.items()
        if any(r.type == kind for r in records)
    ]


def _reading_order(record: Record) -> tuple:
    return list(TYPE_TITLES).index(record.type), vocab.fold(record.name), record.id


def _counts(records: list[Record]) -> list[str]:
    """How many records of each type, in words: ["2 projects", "1 event"]."""
    counts = {kind: sum(r.type == kind for r in records) for kind in TYPE_NAMES}
    return [f"{n} {TYPE_NAMES[kind][n != 1]}" for kind, n in counts.items() if n]


def is_web_address(url: str | None) -> bool:
    """Only http and https addresses become links; anything else is dropped."""
    return bool(url) and url.lower().startswith(("http://", "https://"))


def _ref(record: Record) -> dict:
    return {"id": record.id, "name": record.name, "type": record.type}


# Regions and countries


def _regions(collection: Collection, records: list[Record]) -> list[dict]:
    by_country: dict[str, list[Record]] = {}
    for record in records:
        for code in record.countries:
            by_country.setdefault(code, []).append(record)
    by_region: dict[str, list[str]] = {}
    for code in by_country:
        region = vocab.region_of(code)
        by_region.setdefault(region.name if region else NO_REGION, []).append(code)
    order = region_order()
    return [
        {"name": name, "slug": vocab.slugify_label(name),
         "countries": [_country(collection, code, by_country[code])
                       for code in sorted(by_region[name], key=vocab.country_name)]}
        for name in sorted(by_region, key=order.index)
    ]  # fmt: skip


def _country(collection: Collection, code: str, records: list[Record]) -> dict:
    profile = collection.country_records.get(code)
    profile_first = sorted(records, key=lambda record: record.type != "country")
    return {
        "code": code,
        "name": vocab.country_name(code),
        "landscape": profile.get("landscape", "") if profile else "",
        "context": profile.get("context", "") if profile else "",
        "groups": _by_type(records, _ref, {**TYPE_TITLES, "country": "Country profile"}),
        "challenges": _challenges_by_category(profile_first),
        "lessons": [
            {"text": text, "record": _ref(r)} for r in profile_first for text in r.get("lessons", [])
        ],
    }


def _challenges_by_category(records: list[Record]) -> list[dict]:
    groups: dict[str, list[dict]] = {}
    for record in records:
        for challenge in record.get("challenges", []):
            groups.setdefault(challenge["category"], []).append(
                {"summary": challenge["summary"], "responses": challenge.get("responses", []),
                 "record": _ref(record)}
            )  # fmt: skip
    categories = vocab.categories()
    return [
        {"category": category, "label": categories[category].label, "challenges": groups[category]}
        for category in categories
        if category in groups
    ]


# Records


def _entry(collection: Collection, record: Record, shown: set[str]) -> dict:
    data = with_derived(collection, record)
    categories = vocab.categories()
    return {
        "id": record.id,
        "name": record.name,
        "type": record.type,
        "facts": [{"label": label, "value": _fact(key, data[key])} for label, key in FACTS if data.get(key)],
        "summary": record.summary,
        "landscape": data.get("landscape", ""),
        "context": data.get("context", ""),
        "challenges": [
            {
                "label": categories[c["category"]].label,
                "summary": c["summary"],
                "responses": c.get("responses", []),
            }
            for c in data.get("challenges", [])
        ],
        "lessons": data.get("lessons", []),
        "figures": [figure_text(f) for f in data.get("figures", [])],
        "links": _links(data),
        "relations": _relations(collection, data, shown),
        "sources": [
            {"text": source_text(s), "url": s["url"] if is_web_address(s.get("url")) else None}
            for s in data.get("sources", [])
        ],
    }


def _fact(key: str, value) -> str:
    if key == "names":
        return ", ".join(f"{name} ({tag})" for tag, name in value.items())
    if key == "regions":
        return ", ".join(region["subregion"] for region in value)
    if key == "topics":
        labels = vocab.topics()
        return ", ".join(labels[t].label if t in labels else t for t in value)
    if isinstance(value, list):
        return ", ".join(map(str, value))
    return str(value)


def _links(data: dict) -> list[dict]:
    links = [{"label": "Website", "url": data["website"]}] if data.get("website") else []
    links += [{"label": link["label"], "url": link["url"]} for link in data.get("links", [])]
    return [link for link in links if is_web_address(link["url"])]


def _relations(collection: Collection, data: dict, shown: set[str]) -> list[dict]:
    kinds: dict[str, list[str]] = {}
    for kind, targets in [*data.get("relations", {}).items(), *data.get("related_from", {}).items()]:
        kinds.setdefault(kind, []).extend(t for t in targets if t not in kinds.get(kind, []))
    return [
        {"label": kind.replace("_", " ").capitalize(),
         "records": [_target(collection, target, shown) for target in targets]}
        for kind, targets in kinds.items()
        if targets
    ]  # fmt: skip


def _target(collection: Collection, record_id: str, shown: set[str]) -> dict:
    record = collection.get(record_id)
    return {"id": record_id, "name": record.name if record else record_id, "shown": record_id in shown}


def paragraphs(text: str) -> list[str]:
    """Text split where the author left a blank line."""
    return [part for part in re.split(r"\n\s*\n", text.strip()) if part.strip()]


def figure_text(figure: dict) -> str:
    """A figure as a reader says it: participants: 544 people (2023)."""
    value = f"{figure['value']:,}" if isinstance(figure["value"], int) else figure["value"]
    unit = f" {figure['unit']}" if figure.get("unit") else ""
    year = f" ({figure['year']})" if figure.get("year") else ""
    return f"{figure['label']}: {value}{unit}{year}"


def source_text(source: dict) -> str:
    """A source's document and section ("" when it has only an address)."""
    parts = [source.get("document"), source.get("section") and f"section “{source['section']}”"]
    return ", ".join(p for p in parts if p)


# Pictures


def _charts(records: list[Record]) -> dict:
    """What the report draws: records per country and per year (the years
    between included), and the region x challenge matrix."""
    from civictech_kb.views.stats import by_year, collection_stats

    counts = collection_stats(records)
    return {
        "by_country": counts["by_country"],
        "by_year": by_year(records),
        "challenges": counts["challenges"],
    }


def _relation_graph(collection: Collection, records: list[Record]) -> dict:
    """The relations among the records in the report."""
    from civictech_kb.views.graph import relation_graph

    chosen = {record.id for record in records}
    graph = relation_graph(collection)
    edges = [e for e in graph["edges"] if e["source"] in chosen and e["target"] in chosen]
    linked = {edge[end] for edge in edges for end in ("source", "target")}
    return {"center": None, "nodes": [n for n in graph["nodes"] if n["id"] in linked], "edges": edges}
