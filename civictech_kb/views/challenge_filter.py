"""What ctkb challenges chooses (ChallengeFilter), with the function that
builds it from what a user typed. A dataclass, kept apart from
views/filters.py (whose RecordFilter every search builds), so that a search
imports no dataclasses."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from civictech_kb.model import vocab
from civictech_kb.views.filters import resolved

if TYPE_CHECKING:
    from civictech_kb.model.record import Collection


@dataclass(frozen=True)
class ChallengeFilter:
    """Which challenges to report: records in all the regions and countries
    given, of any of the types given; challenges of any of the categories."""

    regions: tuple[str, ...] = ()  # region or sub-region names, resolved
    countries: tuple[str, ...] = ()  # alpha-2 codes, resolved
    categories: tuple[str, ...] = ()  # category ids, resolved
    types: tuple[str, ...] = ()


def build_challenge_filter(
    regions: Iterable[str] = (),
    countries: Iterable[str] = (),
    categories: Iterable[str] = (),
    types: Iterable[str] = (),
    covered: Collection | None = None,
) -> ChallengeFilter:
    """A filter from what a user typed: names, codes, labels and small typos
    are resolved, categories in the `covered` collection's vocabulary (a
    UsageError explains a value that is not)."""
    from civictech_kb.model.vocabulary import vocabulary_of

    return ChallengeFilter(
        regions=tuple(resolved("--region", r, vocab.resolve_area, covered) for r in regions),
        countries=tuple(resolved("--country", c, vocab.resolve_country, covered) for c in countries),
        categories=tuple(
            dict.fromkeys(
                resolved("--category", c, vocabulary_of(covered).resolve_category) for c in categories
            )
        ),
        types=tuple(types),
    )
