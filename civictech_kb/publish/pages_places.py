"""The site's pages about places and challenges: a page per country and
per region, their lists, and the challenges pages (by region, by category),
which work without JavaScript (sections with anchors; the script only
filters in place)."""

from __future__ import annotations

from civictech_kb.model import vocab
from civictech_kb.model.data import JsonObject
from civictech_kb.model.record import Collection
from civictech_kb.publish import jsonld
from civictech_kb.publish.page import (
    Page,
    brief,
    by_type,
    compare_path,
    country_codes,
    country_path,
    record_path,
    region_path,
)  # fmt: skip
from civictech_kb.views.results import to_data


def country_facts(collection: Collection, code: str) -> JsonObject:
    """What a country page and a comparison show of one country."""
    from civictech_kb.views.places import country_view

    view = to_data(country_view(collection, code))
    there = [r for r in collection if code in r.countries]
    profile = collection.country_records.get(code)
    topics = collection.vocabulary.topics
    return {
        **view,
        "path": country_path(code),
        "profile": brief(profile) if profile else None,
        "region_path": region_path(view["region"]) if view["region"] else None,
        "groups": by_type([r for r in there if r.type != "country"]),
        "topics": sorted({topics[t].label for r in there for t in r.topics if t in topics}),
        "names": {record.id: record.name for record in collection},
        "counts": {kind: len(rows) for kind, rows in view["records"].items()},
    }


def place_pages(collection: Collection) -> list[Page]:
    from civictech_kb.views.places import region_view, regions_overview

    codes = country_codes(collection)
    pages = []
    for code in codes:
        facts = country_facts(collection, code)
        others = [(vocab.country_name(o), compare_path(code, o)) for o in codes if o != code]
        pages.append(Page(country_path(code), "site/country.html", vocab.country_heading(code),
                          {"country": facts, "compare": others},
                          jsonld.country(code, "../"), searchable=True))  # fmt: skip
    overview = to_data(regions_overview(collection))
    for region in overview:
        view = to_data(region_view(collection, region["name"]))
        view["names"] = {record.id: record.name for record in collection}
        pages.append(Page(region_path(region["name"]), "site/region.html", region["name"], {"region": view},
                          jsonld.page("Place", region["name"], region_path(region["name"]).split("/")[-1]),
                          searchable=True))  # fmt: skip
    countries = [{"code": c, "name": vocab.country_name(c), "path": country_path(c),
                  "records": sum(c in r.countries for r in collection if r.type != "country"),
                  "region": _region_name(c)} for c in codes]  # fmt: skip
    pages.insert(0, Page("countries.html", "site/countries.html", "Countries", {"countries": countries},
                         jsonld.page("CollectionPage", "Countries", "countries.html")))  # fmt: skip
    pages.insert(1, Page("regions.html", "site/regions.html", "Regions",
                         {"regions": [r | {"path": region_path(r["name"])} for r in overview]},
                         jsonld.page("CollectionPage", "Regions", "regions.html")))  # fmt: skip
    return pages


def _region_name(code: str) -> str:
    region = vocab.region_of(code)
    return region.name if region else ""


def challenge_pages(collection: Collection) -> list[Page]:
    """Challenges grouped by region then category, and by category then
    region; each item carries its region, countries and category for the
    filter, and each group an anchor to link to."""
    from civictech_kb.views.challenges import challenges_report

    codes = {vocab.country_name(code): code for code in country_codes(collection)}
    pages = []
    for by, path, title in (("region", "challenges.html", "Challenges by region"),
                            ("category", "challenges-by-category.html", "Challenges by category")):  # fmt: skip
        report = to_data(challenges_report(collection, by=by))
        for outer in report["groups"]:
            outer["anchor"] = vocab.slugify_label(outer["key"])
            for inner in outer["groups"]:
                inner["anchor"] = f"{outer['anchor']}--{vocab.slugify_label(inner['key'])}"
                for item in inner["challenges"]:
                    item["path"] = record_path(item["record"])
                    item["also_links"] = [(collection.by_id[other].name, record_path(other))
                                          for other in item.get("also") or [] if other in collection.by_id]  # fmt: skip
                    item["country_paths"] = [(name, country_path(codes[name])) for name in item["countries"]
                                             if name in codes]  # fmt: skip
                    item["category"] = outer["key"] if by == "category" else inner["key"]
                    item["region"] = outer["key"] if by == "region" else inner["key"]
        filters = {
            "regions": sorted({i["region"] for o in report["groups"] for g in o["groups"] for i in g["challenges"]}),
            "countries": sorted({c for o in report["groups"] for g in o["groups"] for i in g["challenges"]
                                 for c in i["countries"]}),
            "categories": list(collection.vocabulary.category_labels().items()),
        }  # fmt: skip
        pages.append(Page(path, "site/challenges.html", title, {"report": report, "by": by, "filters": filters},
                          jsonld.page("CollectionPage", title, path)))  # fmt: skip
    return pages
