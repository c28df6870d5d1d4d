"""Where records and their challenges are shown: the one set of rules every
view follows to place them under regions, countries and categories, and
the order those groups come in.

- A record is placed under each UN sub-region its countries lie in, naming
  its countries there. A country outside the regions file, and a record
  naming no country at all, are placed under NO_REGION.
- A challenge several records state (a country's profile and a project
  there, in the same words) is shown once, under the profile (else the
  first record met), citing every record that states it: the
  same challenge is the same category and the same text once case, width,
  spacing and punctuation are set aside (`same_challenges`).
- Regions come in the order of the regions file, NO_REGION last;
  categories in the order of the collection's vocabulary (the categories
  file, then its additions); unknown keys after, sorted.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence, Set
from dataclasses import dataclass
from typing import TypeVar

from civictech_kb.model import vocab
from civictech_kb.model.data import YamlMapping
from civictech_kb.model.record import Record
from civictech_kb.model.vocabulary import Vocabulary

NO_REGION = "Other places"
T = TypeVar("T")
Rank = TypeVar("Rank", str, tuple[int, str])  # what groups are ordered by


def region_name(code: str) -> str:
    """The UN sub-region a country lies in, else NO_REGION."""
    region = vocab.region_of(code)
    return region.name if region else NO_REGION


def region_order() -> list[str]:
    """Every region name in the order ctkb shows them."""
    return [*vocab.regions(), NO_REGION]


def region_rank(name: str) -> tuple[int, str]:
    order = region_order()
    return (order.index(name) if name in order else len(order), name)


def country_rank(code: str) -> tuple[str, str]:
    return (vocab.fold(vocab.country_name(code)), code)


def placements(record: Record, within: Set[str] | None = None) -> dict[str, list[str]]:
    """Sub-region name -> the record's country codes in it, for each
    sub-region the record is shown under; only countries within the given
    codes count (None: any). A record naming no country is under NO_REGION
    with no codes, unless only some countries are wanted."""
    found: dict[str, list[str]] = {}
    for code in record.countries:
        if within is None or code in within:
            found.setdefault(region_name(code), []).append(code)
    if not record.countries and within is None:
        found[NO_REGION] = []
    return found


@dataclass(frozen=True)
class PlacedChallenge:
    """One challenge of one record, where it is shown: its sub-region and the
    record's countries there (all of the record's countries, within the
    place asked for, when no region is wanted)."""

    record: Record
    challenge: YamlMapping
    region: str | None
    codes: tuple[str, ...]

    @property
    def category(self) -> str:
        return str(self.challenge["category"])

    @property
    def summary(self) -> str:
        return str(self.challenge["summary"])


@dataclass(frozen=True)
class SameChallenge:
    """One challenge as an aggregate view shows it: as the first record
    states it, with the other records stating it too (in their order), the
    responses of all (each once) and the countries of all."""

    first: PlacedChallenge
    others: tuple[PlacedChallenge, ...] = ()

    @property
    def category(self) -> str:
        return self.first.category

    @property
    def record(self) -> Record:
        return self.first.record

    @property
    def summary(self) -> str:
        return str(self.first.challenge["summary"])

    @property
    def also(self) -> list[Record]:
        """The other records stating it, each once."""
        records = {p.record.id: p.record for p in self.others if p.record.id != self.first.record.id}
        return list(records.values())

    @property
    def responses(self) -> list[str]:
        every = [r for p in (self.first, *self.others) for r in p.challenge.get("responses", [])]
        return list(dict.fromkeys(every))

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(code for p in (self.first, *self.others) for code in p.codes))


def challenge_key(text: str) -> str:
    """A challenge's text as two statements of it are compared: folded
    (case, width, spacing) and without punctuation or symbols.

    >>> challenge_key("Projects rely on short grants.") == challenge_key("projects  rely on short-grants")
    True
    """
    kept = (" " if unicodedata.category(char)[0] in "PSZ" else char for char in vocab.fold(text))
    return " ".join("".join(kept).split())


def same_challenges(items: Iterable[PlacedChallenge]) -> list[SameChallenge]:
    """The items with each challenge stated more than once (same category,
    same place, same text by challenge_key) taken together, in the order
    each was first met; a country's profile stating it comes first."""
    found: dict[tuple[str, str | None, str], list[PlacedChallenge]] = {}
    for item in items:
        found.setdefault((item.category, item.region, challenge_key(item.summary)), []).append(item)
    merged = []
    for stated in found.values():
        first = next((item for item in stated if item.record.type == "country"), stated[0])
        merged.append(SameChallenge(first, tuple(item for item in stated if item is not first)))
    return merged


def placed_challenges(
    records: Iterable[Record],
    *,
    by_region: bool = True,
    within: Set[str] | None = None,
    categories: Sequence[str] = (),
) -> Iterator[PlacedChallenge]:
    """Every challenge of the records (of the given categories, or any), once
    per sub-region the record is placed under (by_region), else once; only
    places within the given country codes (None: any place)."""
    for record in records:
        challenges = [
            c for c in record.get("challenges", []) if not categories or c["category"] in categories
        ]
        if not challenges:
            continue
        if by_region:
            places: list[tuple[str | None, list[str]]] = list(placements(record, within).items())
        else:
            places = [(None, [c for c in record.countries if within is None or c in within])]
        for region, codes in places:
            for challenge in challenges:
                yield PlacedChallenge(record, challenge, region, tuple(codes))


def group(
    items: Iterable[T], key: Callable[[T], str], rank: Callable[[str], Rank]
) -> list[tuple[str, list[T]]]:
    """Items grouped by key, groups in rank order, items in their given order."""
    groups: dict[str, list[T]] = {}
    for item in items:
        groups.setdefault(key(item), []).append(item)
    return sorted(groups.items(), key=lambda pair: rank(pair[0]))


def by_category(
    items: Iterable[PlacedChallenge], vocabulary: Vocabulary
) -> list[tuple[str, list[PlacedChallenge]]]:
    """Challenges grouped by category, in the vocabulary's order."""
    return group(items, lambda item: item.category, vocabulary.category_rank)


def by_region(items: Iterable[PlacedChallenge]) -> list[tuple[str, list[PlacedChallenge]]]:
    """Challenges grouped by the sub-region they are placed under."""
    return group(items, lambda item: item.region or NO_REGION, region_rank)
