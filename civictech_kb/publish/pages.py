"""The pages of the static site as data: for each page its path, template
and what the template shows, from the views (places, challenges, graph,
stats, report); every link is written relative to the page holding it."""

from __future__ import annotations

from itertools import combinations
from typing import TYPE_CHECKING

from civictech_kb.model import vocab
from civictech_kb.model.data import YamlMapping
from civictech_kb.model.record import TYPES, Collection, Record
from civictech_kb.publish import jsonld, pages_places
from civictech_kb.publish.page import (
    Page,
    brief,
    by_type,
    compare_path,
    country_codes,
    country_path,
    document_path,
    record_path,
    region_path,
    topic_path,
)  # fmt: skip
from civictech_kb.render.svg_charts import bar_chart, column_chart, matrix_chart
from civictech_kb.views.citations import credits
from civictech_kb.views.results import to_data

if TYPE_CHECKING:
    from civictech_kb.views.compare import CompareView

NEWEST = 12


def all_pages(collection: Collection, title: str, generated: str) -> list[Page]:
    """Every page of the site, in a fixed order."""
    pages = [home(collection, title, generated), records_list(collection)]
    pages += [record_page(collection, record) for record in collection]
    pages += pages_places.place_pages(collection)
    pages += topic_pages(collection)
    pages += source_pages(collection)
    pages += pages_places.challenge_pages(collection)
    pages += compare_pages(collection)
    pages.append(graph_page(collection))
    pages.append(
        Page(
            "search.html",
            "site/search.html",
            "Search",
            {},
            jsonld.page("SearchResultsPage", "Search", "search.html"),
        )
    )
    return pages


def home(collection: Collection, title: str, generated: str) -> Page:
    from civictech_kb.views.places import regions_overview
    from civictech_kb.views.stats import by_year, collection_stats

    records = list(collection)
    stats = to_data(collection_stats(records, collection.vocabulary))
    years = to_data(by_year(records))
    dated = sorted((r for r in records if r.type != "country" and r.date), key=lambda r: (r.date or "", r.id),
                   reverse=True)  # fmt: skip
    charts = {
        "matrix": matrix_chart("matrix", "Challenges by region", stats["challenges"])
        if stats["challenges"]["regions"] else "",
        "country": bar_chart("country", "Records per country", stats["by_country"]),
        "topic": bar_chart("topic", "Records per topic", stats["by_topic"], "#2f855a"),
        "year": column_chart("year", "Records per year", years, "year founded or held") if years else "",
    }  # fmt: skip
    regions = [
        region | {"path": region_path(region["name"])} for region in to_data(regions_overview(collection))
    ]
    context = {"stats": stats, "regions": regions, "charts": charts,
               "newest": [brief(r) for r in dated[:NEWEST]], "downloads": jsonld.DOWNLOADS,
               "counts": [TYPES[row["key"]].counted(row["count"]) if row["key"] in TYPES
                          else f"{row['count']} {row['label']}" for row in stats["by_type"]]}  # fmt: skip
    return Page(
        "index.html",
        "site/home.html",
        title,
        context,
        jsonld.dataset(title, generated, len(records), "", credits(collection)),
    )


def records_list(collection: Collection) -> Page:
    context = {"groups": by_type(list(collection))}
    return Page("records.html", "site/records.html", "All records", context,
                jsonld.page("CollectionPage", "All records", "records.html"))  # fmt: skip


def record_page(collection: Collection, record: Record) -> Page:
    from civictech_kb.publish.graph_svg import graph_svg
    from civictech_kb.views.graph import relation_graph
    from civictech_kb.views.report import record_entry
    from civictech_kb.views.stats import subregions

    graph = to_data(relation_graph(collection, record.id, 1))
    topics = collection.vocabulary.topics
    context = {
        "record": brief(record),
        "entry": to_data(record_entry(collection, record)),
        "regions": [
            (name, region_path(name) if name in vocab.regions() else "") for name in subregions(record)
        ],
        "topics": [(t, topics[t].label if t in topics else t) for t in record.topics],
        "graph": graph_svg(graph, "../records/{id}.html", f"graph-{record.id}") if graph["edges"] else "",
        "cited_by": cited_by(collection, record) if record.type == "source" else [],
    }
    return Page(record_path(record.id), "site/record.html", record.name, context,
                jsonld.record(record, "../", collection.vocabulary), searchable=True)  # fmt: skip


def topic_pages(collection: Collection) -> list[Page]:
    topics = collection.vocabulary.topics
    used = sorted({t for r in collection for t in r.topics if t in topics}, key=lambda t: topics[t].label)
    pages = [
        Page(topic_path(t), "site/topic.html", topics[t].label,
             {"topic": topics[t], "groups": by_type([r for r in collection if t in r.topics])},
             jsonld.page("CollectionPage", topics[t].label, f"{t}.html"), searchable=True)
        for t in used
    ]  # fmt: skip
    rows = [{"id": t, "label": topics[t].label, "path": topic_path(t),
             "count": sum(t in r.topics for r in collection)} for t in used]  # fmt: skip
    pages.insert(0, Page("topics.html", "site/topics.html", "Topics", {"topics": rows},
                         jsonld.page("CollectionPage", "Topics", "topics.html")))  # fmt: skip
    return pages


def citations(record: Record) -> list[YamlMapping]:
    return list(record.get("sources") or [])


def cited_by(collection: Collection, source: Record) -> list[YamlMapping]:
    """The records citing a source record: by its id, or by its name or document."""
    keys = {source.id, source.name, source.get("document"), source.get("file")} - {None}
    return [brief(r) | {"sections": [c.get("section") for c in citations(r) if c.get("section")
                                     and (c.get("source") in keys or c.get("document") in keys)]}
            for r in collection
            if any(c.get("source") in keys or c.get("document") in keys for c in citations(r))]  # fmt: skip


def source_pages(collection: Collection) -> list[Page]:
    """A page per cited document (the records citing it, with the sections),
    and the list of sources: source records, when the collection has any,
    then the documents."""
    documents: dict[str, list[tuple[Record, str | None]]] = {}
    for record in collection:
        for citation in citations(record):
            key = citation.get("source") or citation.get("document")
            if key:
                documents.setdefault(key, []).append((record, citation.get("section")))
    pages = []
    rows = []
    for key in sorted(documents):
        source = collection.sources.get(key)
        document = source.name if source is not None else key
        cited: dict[str, YamlMapping] = {}
        for record, section in documents[key]:
            cited.setdefault(record.id, brief(record) | {"sections": []})
            if section:
                cited[record.id]["sections"].append(section)
        path = document_path(key)
        rows.append({"document": document, "path": path, "count": len(cited)})
        pages.append(Page(path, "site/source.html", document, {"document": document, "records": list(cited.values())},
                          jsonld.page("CreativeWork", document, path.split("/")[-1]), searchable=False))  # fmt: skip
    source_records = [
        brief(r) | {"cited": len(cited_by(collection, r)), "path": document_path(r.id)}
        for r in collection.sources.values()
    ]
    pages.insert(0, Page("sources.html", "site/sources.html", "Sources",
                         {"documents": rows, "source_records": source_records},
                         jsonld.page("CollectionPage", "Sources", "sources.html")))  # fmt: skip
    return pages


def compare_pages(collection: Collection) -> list[Page]:
    """A page comparing each pair of countries, from the comparison `ctkb
    compare` shows (views/compare.py), and the compare form."""
    from civictech_kb.views.compare import compare_places, compared_place

    codes = country_codes(collection)
    places = {code: compared_place(collection, code) for code in codes}
    pages = []
    for a, b in combinations(codes, 2):
        first, second = sorted((a, b), key=str.lower)
        view = compare_places([places[first], places[second]], collection.vocabulary)
        title = f"{vocab.country_heading(first)} and {vocab.country_in_text(second)}"
        pages.append(Page(compare_path(first, second), "site/compare_pair.html", title,
                          compare_context(collection, view), jsonld.page("WebPage", title, "")))  # fmt: skip
    choices = [(code, vocab.country_name(code)) for code in codes]
    pairs = [
        (vocab.country_name(a), vocab.country_name(b), compare_path(a, b)) for a, b in combinations(codes, 2)
    ]
    pages.insert(0, Page("compare.html", "site/compare.html", "Compare countries", {"choices": choices, "pairs": pairs},
                         jsonld.page("CollectionPage", "Compare countries", "compare.html")))  # fmt: skip
    return pages


def compare_context(collection: Collection, view: CompareView) -> dict[str, object]:
    """What a comparison page shows of a CompareView: each place with its
    page, region, record counts and records by type, the challenges by
    category, and the topics they share and do not."""
    label = {t: collection.vocabulary.topic_label(t) for p in view.places for t in p.topics}
    shared = view.differences.shared_topics
    places = []
    for place in view.places:
        region = vocab.region_of(place.code) if place.code else None
        records = [collection.by_id[rid] for ids in place.records.values() for rid in ids]
        places.append({"name": place.name, "path": country_path(place.code) if place.code else None,
                       "region": region.name if region else "", "lessons": len(place.lessons),
                       "counts": {kind: len(ids) for kind, ids in place.records.items()},
                       "groups": by_type(sorted(records, key=lambda r: r.id)),
                       "only_topics": sorted(label[t] for t in place.topics if t not in shared)})  # fmt: skip
    rows = [{"label": view.category_labels[cid], "counts": [len(p.challenges[cid]) for p in view.places]}
            for cid in view.category_labels if any(p.challenges[cid] for p in view.places)]  # fmt: skip
    return {"countries": places, "rows": rows, "shared_topics": sorted(label[t] for t in shared)}


def graph_page(collection: Collection) -> Page:
    from civictech_kb.publish.graph_svg import TYPE_COLOURS, graph_svg
    from civictech_kb.views.graph import relation_graph

    graph = to_data(relation_graph(collection))
    context = {"svg": graph_svg(graph, "records/{id}.html") if graph["edges"] else "", "edges": graph["edges"],
               "names": {n["id"]: n["name"] for n in graph["nodes"]}, "colours": TYPE_COLOURS}  # fmt: skip
    return Page("graph.html", "site/graph.html", "Relations between records", context,
                jsonld.page("WebPage", "Relations between records", "graph.html"))  # fmt: skip
