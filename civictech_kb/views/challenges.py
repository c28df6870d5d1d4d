"""The challenges recorded across the knowledge base, chosen by region,
country, category and record type, and grouped by region then category (or
category then region), each with its country, source record and responses."""

from __future__ import annotations

from dataclasses import dataclass

from civictech_kb.model import vocab
from civictech_kb.model.record import Collection, Record
from civictech_kb.views.selection import RecordFilter, select

NO_REGION = "no region"  # the group of records that name no country
GROUPINGS = ("region", "category")


@dataclass(frozen=True)
class ChallengeFilter:
    """Which challenges to report: records in all the regions and countries
    given, of any of the types given; challenges of any of the categories."""

    regions: tuple[str, ...] = ()  # region or sub-region names, resolved
    countries: tuple[str, ...] = ()  # alpha-2 codes, resolved
    categories: tuple[str, ...] = ()  # category ids, resolved
    types: tuple[str, ...] = ()

    def as_dict(self) -> dict:
        return {"regions": list(self.regions), "countries": list(self.countries),
                "categories": list(self.categories), "types": list(self.types)}  # fmt: skip


def build_challenge_filter(regions=(), countries=(), categories=(), types=()) -> ChallengeFilter:
    """A filter from what a user typed: names, codes, labels and small typos
    are resolved (NotFound or Ambiguous explains a value that is not)."""
    return ChallengeFilter(
        regions=tuple(vocab.resolve_area(r) for r in regions),
        countries=tuple(vocab.resolve_country(c) for c in countries),
        categories=tuple(dict.fromkeys(vocab.resolve_category(c) for c in categories)),
        types=tuple(types),
    )


def challenges_report(
    collection: Collection, chosen: ChallengeFilter | None = None, by: str = "region"
) -> dict:
    """The chosen challenges grouped by region then category (by="region") or
    category then region (by="category"). A record in several sub-regions
    has its challenges under each, naming its countries there."""
    if by not in GROUPINGS:
        raise ValueError(f"by must be one of {GROUPINGS}")
    chosen = chosen or ChallengeFilter()
    records = select(collection, RecordFilter(types=chosen.types, countries=chosen.countries,
                                              regions=chosen.regions))  # fmt: skip
    places = _allowed_codes(chosen)
    grouped: dict[tuple[str, str], list[dict]] = {}
    for record in records:
        for region, codes in _placements(record, places):
            for challenge in record.get("challenges", []):
                if chosen.categories and challenge["category"] not in chosen.categories:
                    continue
                key = (region, challenge["category"]) if by == "region" else (challenge["category"], region)
                grouped.setdefault(key, []).append(_item(record, challenge, codes))
    return {"by": by, "filters": chosen.as_dict(), "count": sum(map(len, grouped.values())),
            "groups": _nest(grouped, by)}  # fmt: skip


def _allowed_codes(chosen: ChallengeFilter) -> set[str] | None:
    """The countries under which a record's challenges may be shown; None
    when any country may."""
    allowed = None
    if chosen.regions:
        allowed = set().union(*(vocab.area_countries(name) for name in chosen.regions))
    if chosen.countries:
        allowed = set(chosen.countries) if allowed is None else allowed & set(chosen.countries)
    return allowed


def _placements(record: Record, allowed: set[str] | None) -> list[tuple[str, list[str]]]:
    """(sub-region name, the record's country codes in it) for each
    sub-region the record is shown under."""
    by_region: dict[str, list[str]] = {}
    for code in record.countries:
        if allowed is not None and code not in allowed:
            continue
        region = vocab.region_of(code)
        by_region.setdefault(region.name if region else NO_REGION, []).append(code)
    if not record.countries and allowed is None:
        by_region[NO_REGION] = []
    return list(by_region.items())


def _item(record: Record, challenge: dict, codes: list[str]) -> dict:
    return {
        "summary": challenge["summary"],
        "responses": challenge.get("responses", []),
        "countries": [vocab.country_name(code) for code in codes],
        "record": record.id,
        "record_name": record.name,
        "type": record.type,
    }


def _nest(grouped: dict[tuple[str, str], list[dict]], by: str) -> list[dict]:
    regions = list(vocab.regions())
    categories = vocab.categories()

    def region_order(name: str) -> tuple:
        return (regions.index(name) if name in regions else len(regions), name)

    def category_order(category_id: str) -> tuple:
        return (categories[category_id].label.casefold() if category_id in categories else category_id,)

    def label(kind: str, key: str) -> str:
        return categories[key].label if kind == "category" and key in categories else key

    outer_kind, inner_kind = ("region", "category") if by == "region" else ("category", "region")
    order = {"region": region_order, "category": category_order}
    nested: list[dict] = []
    for outer in sorted({o for o, _ in grouped}, key=order[outer_kind]):
        inner_keys = sorted({i for o, i in grouped if o == outer}, key=order[inner_kind])
        inner = [{"key": i, "label": label(inner_kind, i), "kind": inner_kind,
                  "challenges": sorted(grouped[outer, i], key=lambda c: (c["countries"], c["record"]))}
                 for i in inner_keys]  # fmt: skip
        nested.append({"key": outer, "label": label(outer_kind, outer), "kind": outer_kind,
                       "count": sum(len(g["challenges"]) for g in inner), "groups": inner})  # fmt: skip
    return nested
