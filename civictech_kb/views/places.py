"""Views of places: a country's or a region's profile, its challenges grouped
by category with the records they come from, its lessons, and the records
there; and the regions the knowledge base covers."""

from __future__ import annotations

from civictech_kb.model import vocab
from civictech_kb.model.problems import NotFound
from civictech_kb.model.record import GROUP_TYPES, Collection, Record
from civictech_kb.views.grouping import by_category, placed_challenges


def resolve_country_name(collection: Collection, text: str) -> str:
    """A country code from a name, local name, alias, ISO code or typo; the
    collection's own country records (ids, names) are understood too."""
    key = vocab.fold(text)
    for record in collection.country_records.values():
        if key in {vocab.fold(name) for name in [record.id, *record.all_names()]}:
            return record.countries[0]
    return vocab.resolve_country(text)


def country_view(collection: Collection, text: str) -> dict:
    """Everything the knowledge base says about one country."""
    code = resolve_country_name(collection, text)
    profile = collection.country_records.get(code)
    there = [r for r in collection.records if code in r.countries and r.type != "country"]
    if profile is None and not there:
        raise NotFound(f"the knowledge base has nothing on {vocab.country_name(code)} ({code}) yet")
    region = vocab.region_of(code)
    return {
        "code": code,
        "name": vocab.country_name(code),
        "region": region.name if region else None,
        "landscape": profile.get("landscape") if profile else None,
        "context": profile.get("context") if profile else None,
        "challenges": _challenges_by_category([*([profile] if profile else []), *there]),
        "category_labels": _category_labels(),
        "lessons": _lessons([*([profile] if profile else []), *there]),
        "records": {kind: [_row(r) for r in there if r.type == kind] for kind in GROUP_TYPES},
    }


def _category_labels() -> dict[str, str]:
    """How each challenge category is named to readers."""
    return {category.id: category.label for category in vocab.categories().values()}


def _challenges_by_category(records: list[Record], codes: set[str] | None = None) -> dict[str, list[dict]]:
    """Category id -> challenges with their record, in the order of the
    categories file; with codes (a region), each challenge also names the
    record's countries within those codes."""
    grouped: dict[str, list[dict]] = {}
    for category, placed in by_category(placed_challenges(records, by_region=False, within=codes)):
        grouped[category] = []
        for item in placed:
            challenge = item.challenge
            entry = {"summary": challenge["summary"], "responses": challenge.get("responses", []),
                     "record": item.record.id}  # fmt: skip
            if codes is not None:
                entry["countries"] = sorted(vocab.country_name(code) for code in item.codes)
            grouped[category].append(entry)
    return grouped


def _lessons(records: list[Record], codes: set[str] | None = None) -> list[dict]:
    lessons = []
    for record in records:
        for lesson in record.get("lessons", []):
            item = {"lesson": lesson, "record": record.id}
            if codes is not None:
                item["countries"] = _names_within(record, codes)
            lessons.append(item)
    return lessons


def _row(record: Record) -> dict:
    return {"id": record.id, "name": record.name, "year": record.year, "status": record.status}


def _names_within(record: Record, codes: set[str]) -> list[str]:
    return sorted(vocab.country_name(code) for code in record.countries if code in codes)


def _non_country(collection: Collection, codes: set[str]) -> list[Record]:
    return [r for r in collection.records if r.type != "country" and any(c in codes for c in r.countries)]


def regions_overview(collection: Collection) -> list[dict]:
    """The UN M49 sub-regions the knowledge base has records on, in the order
    of the regions file, with their countries and how many records each has."""
    overview = []
    for region in vocab.regions().values():
        codes = set(region.countries)
        there = _non_country(collection, codes)
        present = codes & ({c for r in there for c in r.countries} | set(collection.country_records))
        if not present:
            continue
        countries = [
            {"code": code, "name": vocab.country_name(code), "profile": code in collection.country_records,
             "records": sum(code in r.countries for r in there)}
            for code in present
        ]  # fmt: skip
        overview.append({
            "name": region.name,
            "region": region.parent,
            "countries": sorted(countries, key=lambda c: c["name"]),
            "records": len(there),
            "by_type": {kind: n for kind in GROUP_TYPES if (n := sum(r.type == kind for r in there))},
        })  # fmt: skip
    return overview


def region_view(collection: Collection, text: str) -> dict:
    """Everything the knowledge base says about a sub-region (South-eastern
    Asia) or a region (Asia), aggregated over its countries."""
    name = vocab.resolve_area(text)
    codes = vocab.area_countries(name)
    profiles = sorted((collection.country_records[c] for c in codes if c in collection.country_records),
                      key=lambda r: vocab.country_name(r.countries[0]))  # fmt: skip
    there = _non_country(collection, codes)
    if not profiles and not there:
        raise NotFound(f"the knowledge base has nothing on {name} yet")
    present = sorted(({p.countries[0] for p in profiles} | {c for r in there for c in r.countries}) & codes,
                     key=vocab.country_name)  # fmt: skip
    subregion = vocab.regions().get(name)
    return {
        "name": name,
        "region": subregion.parent if subregion else None,
        "countries": [_country_summary(collection, code, there) for code in present],
        "challenges": _challenges_by_category([*profiles, *there], codes),
        "category_labels": _category_labels(),
        "lessons": _lessons([*profiles, *there], codes),
        "records": {kind: [_row(r) | {"countries": _names_within(r, codes)} for r in there if r.type == kind]
                    for kind in GROUP_TYPES},
    }  # fmt: skip


def _country_summary(collection: Collection, code: str, there: list[Record]) -> dict:
    profile = collection.country_records.get(code)
    return {
        "code": code,
        "name": vocab.country_name(code),
        "summary": profile.summary if profile else None,
        "records": sum(code in r.countries for r in there),
    }
