"""The challenges recorded across the knowledge base, chosen by region,
country, category and record type, and grouped by region then category (or
category then region), each with its country, source record and responses."""

from __future__ import annotations

from civictech_kb.model import vocab
from civictech_kb.model.record import Collection
from civictech_kb.views.filters import ChallengeFilter as ChallengeFilter
from civictech_kb.views.filters import RecordFilter
from civictech_kb.views.filters import build_challenge_filter as build_challenge_filter
from civictech_kb.views.grouping import (
    PlacedChallenge,
    by_category,
    by_region,
    category_label,
    placed_challenges,
)
from civictech_kb.views.results import ChallengeGroup, ChallengeItem, ChallengesReport, ChallengeSubgroup
from civictech_kb.views.selection import select

GROUPINGS = ("region", "category")


def challenges_report(
    collection: Collection, chosen: ChallengeFilter | None = None, by: str = "region"
) -> ChallengesReport:
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
    groups = [
        ChallengeGroup(key=key, label=_label(by, key), kind=by, count=len(members), groups=[
            ChallengeSubgroup(key=k, label=_label(inner_kind, k), kind=inner_kind,
                              challenges=sorted(map(_item, placed), key=lambda c: (c.countries, c.record)))
            for k, placed in inner(members)
        ])
        for key, members in outer(items)
    ]  # fmt: skip
    return ChallengesReport(by=by, filters=chosen, count=len(items), groups=groups)


def _allowed_codes(chosen: ChallengeFilter) -> set[str] | None:
    """The countries under which a record's challenges may be shown; None
    when any country may."""
    allowed: set[str] | None = None
    if chosen.regions:
        allowed = set().union(*(vocab.area_countries(name) for name in chosen.regions))
    if chosen.countries:
        allowed = set(chosen.countries) if allowed is None else allowed & set(chosen.countries)
    return allowed


def _label(kind: str, key: str) -> str:
    return category_label(key) if kind == "category" else key


def _item(placed: PlacedChallenge) -> ChallengeItem:
    record, challenge = placed.record, placed.challenge
    return ChallengeItem(summary=challenge["summary"], responses=challenge.get("responses", []),
                         countries=[vocab.country_name(code) for code in placed.codes],
                         record=record.id, record_name=record.name, type=record.type)  # fmt: skip
