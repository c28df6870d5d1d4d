"""The challenges recorded across the knowledge base, chosen by region,
country, category and record type, and grouped by region then category (or
category then region, or country then category), each with its country,
source record and responses. Repeated countries and regions are
alternatives: the challenges met in any of them."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from civictech_kb.model import vocab
from civictech_kb.model.record import Collection, Record
from civictech_kb.views.challenge_filter import ChallengeFilter as ChallengeFilter  # re-exported
from civictech_kb.views.challenge_filter import build_challenge_filter as build_challenge_filter
from civictech_kb.views.citations import record_citations
from civictech_kb.views.filters import RecordFilter
from civictech_kb.views.grouping import (
    PlacedChallenge,
    SameChallenge,
    by_category,
    by_region,
    group,
    placed_challenges,
    same_challenges,
)
from civictech_kb.views.results import ChallengeGroup, ChallengeItem, ChallengesReport, ChallengeSubgroup
from civictech_kb.views.selection import select

GROUPINGS = ("region", "category", "country")


def challenges_report(
    collection: Collection, chosen: ChallengeFilter | None = None, by: str = "region"
) -> ChallengesReport:
    """The chosen challenges grouped by region then category (by="region"),
    category then region (by="category") or country then category
    (by="country"). A record in several sub-regions (or countries) has its
    challenges under each, naming its countries there."""
    if by not in GROUPINGS:
        raise ValueError(f"by must be one of {GROUPINGS}")
    chosen = chosen or ChallengeFilter()
    allowed = _allowed_codes(chosen)
    records = [r for r in select(collection, RecordFilter(types=chosen.types))
               if allowed is None or any(code in allowed for code in r.countries)]  # fmt: skip

    def in_categories(placed: Iterable[PlacedChallenge]) -> list[tuple[str, list[PlacedChallenge]]]:
        return by_category(placed, collection.vocabulary)

    Grouping = Callable[[list[PlacedChallenge]], list[tuple[str, list[PlacedChallenge]]]]
    outer: Grouping
    inner: Grouping
    if by == "country":
        items = [PlacedChallenge(p.record, p.challenge, None, (code,))
                 for p in placed_challenges(records, by_region=False, within=allowed, categories=chosen.categories)
                 for code in p.codes]  # fmt: skip
        outer, inner, inner_kind = by_country, in_categories, "category"
    else:
        items = list(placed_challenges(records, within=allowed, categories=chosen.categories))
        outer, inner = (by_region, in_categories) if by == "region" else (in_categories, by_region)
        inner_kind = "category" if by == "region" else "region"
    texts: dict[str, list[str]] = {}
    labels = collection.vocabulary.category_labels()

    def cited(record: Record) -> list[str]:
        if record.id not in texts:
            texts[record.id] = [c["text"] for c in record_citations(collection, record)]
        return texts[record.id]

    def shown(placed: list[PlacedChallenge]) -> list[ChallengeItem]:
        """A subgroup's challenges, each stated once (views.grouping.same_challenges)."""
        found = [_item(same, list(dict.fromkeys(text for r in (same.record, *same.also) for text in cited(r))))
                 for same in same_challenges(placed)]  # fmt: skip
        return sorted(found, key=lambda c: (c.countries, c.record))

    groups = []
    for key, members in outer(items):
        subgroups = [ChallengeSubgroup(key=k, label=_label(inner_kind, k, labels), kind=inner_kind,
                                       challenges=shown(placed)) for k, placed in inner(members)]  # fmt: skip
        count = sum(len(subgroup.challenges) for subgroup in subgroups)
        groups.append(
            ChallengeGroup(key=key, label=_label(by, key, labels), kind=by, count=count, groups=subgroups)
        )
    return ChallengesReport(by=by, filters=chosen, count=sum(g.count for g in groups), groups=groups)


def by_country(items: list[PlacedChallenge]) -> list[tuple[str, list[PlacedChallenge]]]:
    """Challenges grouped by country (one code each), by country name."""
    return group(items, lambda item: item.codes[0], vocab.country_name)


def _allowed_codes(chosen: ChallengeFilter) -> set[str] | None:
    """The countries whose challenges are shown: any of the chosen countries
    and of the chosen regions' countries; None when any country may."""
    if not chosen.regions and not chosen.countries:
        return None
    return set(chosen.countries).union(*(vocab.area_countries(name) for name in chosen.regions))


def _label(kind: str, key: str, labels: dict[str, str]) -> str:
    if kind == "country":
        return vocab.country_name(key)
    return labels.get(key, key) if kind == "category" else key


def _item(placed: SameChallenge, sources: list[str]) -> ChallengeItem:
    record = placed.record
    return ChallengeItem(summary=placed.summary, responses=placed.responses, also=[r.id for r in placed.also] or None,
                         countries=[vocab.country_name(code) for code in placed.codes],
                         record=record.id, record_name=record.name, type=record.type, sources=sources)  # fmt: skip
