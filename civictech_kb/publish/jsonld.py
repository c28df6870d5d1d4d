"""schema.org descriptions of the site's pages as JSON-LD: each record as an
Organization, Project or Event, each country as a Country, and the data
set with its downloads as a Dataset. Addresses are relative to the page,
which JSON-LD resolves against the page's own address."""

from __future__ import annotations

import json

from markupsafe import Markup

from civictech_kb.model import licence, vocab
from civictech_kb.model.data import JsonObject, YamlMapping
from civictech_kb.model.record import Record
from civictech_kb.model.vocabulary import Vocabulary

CONTEXT = "https://schema.org"
RECORD_TYPES = {"project": "Project", "community": "Organization", "organization": "Organization",
                "event": "Event", "country": "Country", "source": "CreativeWork"}  # fmt: skip
DOWNLOADS = (
    ("ctkb.json", "application/json", "All records as JSON"),
    ("ctkb.csv", "text/csv", "One row per record, as CSV"),
    ("ctkb.db", "application/vnd.sqlite3", "SQLite database (opens in Datasette)"),
    ("datapackage/datapackage.json", "application/json", "Frictionless data package (CSV tables)"),
)


def script(data: JsonObject) -> Markup:
    """A <script type="application/ld+json"> block; "<" is escaped so no text
    in it can close the element."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1).replace("<", "\\u003c")
    return Markup(f'<script type="application/ld+json">\n{text}\n</script>')


def record(item: Record, root: str, vocabulary: Vocabulary | None = None) -> JsonObject:
    """A record as schema.org JSON-LD; its topics (as keywords) named by the
    vocabulary (default: the built-in one)."""
    from civictech_kb.model.vocabulary import builtin_vocabulary

    kind = RECORD_TYPES.get(item.type, "Thing")
    data: JsonObject = {
        "@context": CONTEXT, "@type": kind, "@id": f"{root}records/{item.id}.html", "name": item.name,
        "description": item.summary, "url": f"{root}records/{item.id}.html",
    }  # fmt: skip
    other = [*item.get("names", {}).values(), *item.get("aliases", [])]
    if other:
        data["alternateName"] = other
    if item.get("website"):
        data["sameAs"] = item.get("website")
    places = [
        {"@type": "Country", "name": vocab.country_name(code), "identifier": code} for code in item.countries
    ]
    if item.type == "event":
        data.update({k: v for k, v in (("startDate", item.get("start")), ("endDate", item.get("end"))) if v})
        if places or item.get("location"):
            data["location"] = {"@type": "Place", "name": item.get("location") or places[0]["name"],
                                **({"containedInPlace": places[0]} if places else {})}  # fmt: skip
    elif item.type != "country":
        if item.get("founded"):
            data["foundingDate"] = item.get("founded")
        if places:
            data["areaServed"] = places
    topics = (vocabulary or builtin_vocabulary()).topics
    keywords = [topics[t].label for t in item.topics if t in topics]
    if keywords:
        data["keywords"] = keywords
    return data


def country(code: str, root: str) -> JsonObject:
    region = vocab.region_of(code)
    data: JsonObject = {"@context": CONTEXT, "@type": "Country", "name": vocab.country_name(code),
                            "identifier": code, "url": f"{root}countries/{code.lower()}.html"}  # fmt: skip
    if region:
        data["containedInPlace"] = {"@type": "Place", "name": region.name}
    return data


def dataset(title: str, generated: str, count: int, root: str, sources: list[YamlMapping]) -> JsonObject:
    return {
        "@context": CONTEXT, "@type": "Dataset", "name": title,
        "description": f"{count} records on civic tech in East and South Asia: projects, communities, "
        "organizations, events and country profiles, with their challenges, lessons and sources.",
        "license": licence.DATA_LICENCE_URL, "creditText": licence.attribution(sources),
        "isBasedOn": [source["title"] for source in sources], "dateModified": generated, "url": f"{root}index.html",
        "distribution": [
            {"@type": "DataDownload", "contentUrl": f"{root}downloads/{path}", "encodingFormat": mime, "name": name}
            for path, mime, name in DOWNLOADS
        ],
    }  # fmt: skip


def page(kind: str, name: str, url: str) -> JsonObject:
    """Any other page: a CollectionPage (a list) or a WebPage."""
    return {"@context": CONTEXT, "@type": kind, "name": name, "url": url}
