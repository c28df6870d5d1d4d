"""The challenges recorded across the knowledge base, chosen by region,
country, category and record type, and grouped by region then category (or
category then region), each with its country, source record and responses."""

from __future__ import annotations

from dataclasses import dataclass

from civictech_kb.model import vocab
from civictech_kb.model.record import Collection
from civictech_kb.views.grouping import (
    PlacedChallenge,
    by_category,
    by_region,
    category_label,
    placed_challenges,
)
from civictech_kb.views.selection import RecordFilter, select

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
    items = list(placed_challenges(records, within=_allowed_codes(chosen), categories=chosen.categories))
    outer, inner = (by_region, by_category) if by == "region" else (by_category, by_region)
    inner_kind = "category" if by == "region" else "region"
    groups = []
    for key, members in outer(items):
        leaves = [{"key": k, "label": _label(inner_kind, k), "kind": inner_kind,
                   "challenges": sorted(map(_item, placed), key=_item_order)}
                  for k, placed in inner(members)]  # fmt: skip
        groups.append(
            {"key": key, "label": _label(by, key), "kind": by, "count": len(members), "groups": leaves}
        )
    return {"by": by, "filters": chosen.as_dict(), "count": len(items), "groups": groups}


def _allowed_codes(chosen: ChallengeFilter) -> set[str] | None:
    """The countries under which a record's challenges may be shown; None
    when any country may."""
    allowed = None
    if chosen.regions:
        allowed = set().union(*(vocab.area_countries(name) for name in chosen.regions))
    if chosen.countries:
        allowed = set(chosen.countries) if allowed is None else allowed & set(chosen.countries)
    return allowed


def _label(kind: str, key: str) -> str:
    return category_label(key) if kind == "category" else key


def _item(placed: PlacedChallenge) -> dict:
    record, challenge = placed.record, placed.challenge
    return {
        "summary": challenge["summary"],
        "responses": challenge.get("responses", []),
        "countries": [vocab.country_name(code) for code in placed.codes],
        "record": record.id,
        "record_name": record.name,
        "type": record.type,
    }


def _item_order(item: dict) -> tuple:
    return item["countries"], item["record"]
