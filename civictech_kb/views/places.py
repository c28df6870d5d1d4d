"""Views of places: a country's or a region's profile, its challenges grouped
by category with the records they come from, its lessons, and the records
there; and the regions the knowledge base covers."""

from __future__ import annotations

from collections.abc import Set

from civictech_kb.model import vocab
from civictech_kb.model.problems import NotFound
from civictech_kb.model.record import GROUP_TYPES, Collection, Record
from civictech_kb.model.vocabulary import Vocabulary
from civictech_kb.views.coverage import countries_note, regions_note
from civictech_kb.views.grouping import by_category, placed_challenges, same_challenges
from civictech_kb.views.results import (
    CountrySummary,
    CountryView,
    PlaceChallenge,
    PlaceLesson,
    PlaceMilestone,
    PlaceRecord,
    RegionCountry,
    RegionsOverview,
    RegionSummary,
    RegionView,
)


def resolve_country_name(collection: Collection, text: str) -> str:
    """A country code from a name, local name, alias, ISO code or typo; the
    collection's own country records (ids, names) are understood too."""
    key = vocab.fold(text)
    for record in collection.country_records.values():
        if key in {vocab.fold(name) for name in [record.id, *record.all_names()]}:
            return record.countries[0]
    try:
        return vocab.resolve_country(text)
    except NotFound as err:
        raise NotFound(f"{err}; {countries_note(collection)}") from None


def country_view(collection: Collection, text: str) -> CountryView:
    """Everything the knowledge base says about one country."""
    code = resolve_country_name(collection, text)
    profile = collection.country_records.get(code)
    there = [r for r in collection.records if code in r.countries and r.type != "country"]
    if profile is None and not there:
        raise NotFound(
            f"the knowledge base has nothing on {vocab.country_in_text(code)} ({code}) yet; {countries_note(collection)}"
        )
    region = vocab.region_of(code)
    quoted = [*([profile] if profile else []), *there]
    return CountryView(
        code=code,
        name=vocab.country_name(code),
        region=region.name if region else None,
        landscape=profile.get("landscape") if profile else None,
        context=profile.get("context") if profile else None,
        challenges=_challenges_by_category(collection.vocabulary, [*([profile] if profile else []), *there]),
        category_labels=collection.vocabulary.category_labels(),
        lessons=_lessons([*([profile] if profile else []), *there]),
        records={kind: [_row(r) for r in there if r.type == kind] for kind in GROUP_TYPES},
        history=_history(collection, quoted),
        sources=_quoted_sources(collection, quoted),
    )


def _history(collection: Collection, records: list[Record]) -> list[PlaceMilestone]:
    """The records' milestones in date order, each with its record and citation."""
    from civictech_kb.views.citations import resolve

    return sorted(
        (PlaceMilestone(date=m["date"], summary=m["summary"], record=r.id,
                        source=resolve(collection, m["source"])["text"])
         for r in records for m in r.get("milestones", [])),
        key=lambda m: (m.date, m.record),
    )  # fmt: skip


def _quoted_sources(collection: Collection, records: list[Record]) -> dict[str, list[str]]:
    """The citations of the records whose challenges or lessons a view quotes."""
    from civictech_kb.views.citations import sources_of

    return sources_of(collection, [r for r in records if r.get("challenges") or r.get("lessons")])


def _challenges_by_category(
    vocabulary: Vocabulary, records: list[Record], codes: Set[str] | None = None
) -> dict[str, list[PlaceChallenge]]:
    """Category id -> challenges with their record, in the vocabulary's
    order, a challenge several records state once (views.grouping); with
    codes (a region), each challenge also names the records' countries
    within those codes."""
    return {
        category: [
            PlaceChallenge(summary=item.summary, responses=item.responses, record=item.record.id,
                           also=[r.id for r in item.also] or None,
                           countries=None if codes is None else _names(item.codes))
            for item in same_challenges(placed)
        ]
        for category, placed in by_category(placed_challenges(records, by_region=False, within=codes), vocabulary)
    }  # fmt: skip


def _lessons(records: list[Record], codes: Set[str] | None = None) -> list[PlaceLesson]:
    return [
        PlaceLesson(lesson=lesson, record=record.id,
                    countries=None if codes is None else _names_within(record, codes))
        for record in records
        for lesson in record.get("lessons", [])
    ]  # fmt: skip


def _row(record: Record, codes: Set[str] | None = None) -> PlaceRecord:
    return PlaceRecord(id=record.id, name=record.name, year=record.year, status=record.status,
                       countries=None if codes is None else _names_within(record, codes))  # fmt: skip


def _names(codes: tuple[str, ...] | list[str]) -> list[str]:
    return sorted(vocab.country_name(code) for code in codes)


def _names_within(record: Record, codes: Set[str]) -> list[str]:
    return _names([code for code in record.countries if code in codes])


def _non_country(collection: Collection, codes: Set[str]) -> list[Record]:
    return [r for r in collection.records if r.type != "country" and any(c in codes for c in r.countries)]


def regions_overview(collection: Collection) -> RegionsOverview:
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
            RegionCountry(code=code, name=vocab.country_name(code), profile=code in collection.country_records,
                          records=sum(code in r.countries for r in there))
            for code in present
        ]  # fmt: skip
        overview.append(RegionSummary(
            name=region.name,
            region=region.parent,
            countries=sorted(countries, key=lambda c: c.name),
            records=len(there),
            by_type={kind: n for kind in GROUP_TYPES if (n := sum(r.type == kind for r in there))},
        ))  # fmt: skip
    return RegionsOverview(regions=overview)


def region_view(collection: Collection, text: str) -> RegionView:
    """Everything the knowledge base says about a sub-region (South-eastern
    Asia) or a region (Asia), aggregated over its countries."""
    try:
        name = vocab.resolve_area(text)
    except NotFound as err:
        raise NotFound(f"{err}; {regions_note(collection)}") from None
    codes = vocab.area_countries(name)
    profiles = sorted((collection.country_records[c] for c in codes if c in collection.country_records),
                      key=lambda r: vocab.country_name(r.countries[0]))  # fmt: skip
    there = _non_country(collection, codes)
    if not profiles and not there:
        raise NotFound(f"the knowledge base has nothing on {name} yet; {regions_note(collection)}")
    present = sorted(({p.countries[0] for p in profiles} | {c for r in there for c in r.countries}) & codes,
                     key=vocab.country_name)  # fmt: skip
    subregion = vocab.regions().get(name)
    quoted = [*profiles, *there]
    return RegionView(
        name=name,
        region=subregion.parent if subregion else None,
        countries=[_country_summary(collection, code, there) for code in present],
        challenges=_challenges_by_category(collection.vocabulary, [*profiles, *there], codes),
        category_labels=collection.vocabulary.category_labels(),
        lessons=_lessons([*profiles, *there], codes),
        records={kind: [_row(r, codes) for r in there if r.type == kind] for kind in GROUP_TYPES},
        history=_history(collection, quoted),
        sources=_quoted_sources(collection, quoted),
    )


def _country_summary(collection: Collection, code: str, there: list[Record]) -> CountrySummary:
    profile = collection.country_records.get(code)
    return CountrySummary(code=code, name=vocab.country_name(code), summary=profile.summary if profile else None,
                          records=sum(code in r.countries for r in there))  # fmt: skip
