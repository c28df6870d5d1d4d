"""Countries or regions side by side: for each challenge category what each
place meets (with the records it comes from), their lessons, their records
by type and topic, and where they differ."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from civictech_kb.model.problems import CtkbError, UsageError
from civictech_kb.model.record import GROUP_TYPES, Collection
from civictech_kb.model.vocabulary import Vocabulary
from civictech_kb.views.places import country_view, region_view, resolve_country_name
from civictech_kb.views.results import CountryView, PlaceChallenge, PlaceLesson, RegionView


@dataclass(frozen=True, kw_only=True)
class ComparedPlace:
    """One place as the comparison shows it."""

    name: str
    code: str | None  # a country's ISO code; None for a region
    challenges: dict[str, list[PlaceChallenge]]  # by category id, every category (empty if none met)
    lessons: list[PlaceLesson]
    records: dict[str, list[str]]  # record type -> ids, every type
    topics: dict[str, int]  # topic id -> how many of its records have it, most first
    record_names: dict[str, str]  # id -> name of every record it shows (its records, the challenges' sources)


@dataclass(frozen=True, kw_only=True)
class Differences:
    """Where the places differ: challenge categories and topics met by some
    of them only (category or topic -> the places that meet it), and the
    topics all of them share."""

    categories: dict[str, list[str]]
    topics: dict[str, list[str]]
    shared_topics: list[str]


@dataclass(frozen=True, kw_only=True)
class CompareView:
    places: list[ComparedPlace]
    category_labels: dict[str, str]
    differences: Differences
    topic_labels: dict[str, str]  # topic id -> label, for every topic a place has


def compare(collection: Collection, names: list[str]) -> CompareView:
    """Two or more countries or regions (any name ctkb understands) side by
    side; UsageError for fewer than two or the same place twice."""
    if len(names) < 2:
        raise UsageError("compare needs at least two countries or regions")
    return compare_places([compared_place(collection, name) for name in names], collection.vocabulary)


def compare_places(places: list[ComparedPlace], vocabulary: Vocabulary) -> CompareView:
    """Places already read with compared_place() side by side (the site
    reads each country once for all its pairs), categories named and
    ordered as the collection's vocabulary says; UsageError for the same
    place twice."""
    seen = [place.name for place in places]
    if len(set(seen)) < len(seen):
        raise UsageError(f"compare names the same place twice: {', '.join(seen)}")
    labels = vocabulary.category_labels()
    topics = {topic: vocabulary.topic_label(topic) for place in places for topic in place.topics}
    return CompareView(places=places, category_labels=labels, differences=_differences(places, list(labels)),
                       topic_labels=dict(sorted(topics.items())))  # fmt: skip


def compared_place(collection: Collection, name: str) -> ComparedPlace:
    """One country or region as a comparison shows it."""
    view: CountryView | RegionView
    try:
        resolve_country_name(collection, name)
    except CtkbError:
        view = region_view(collection, name)
        code = None
    else:
        view = country_view(collection, name)
        code = view.code
    ids = [row.id for rows in view.records.values() for row in rows]
    topics = Counter(t for rid in ids for t in collection.by_id[rid].get("topics", []))
    sources = [i for items in view.challenges.values() for c in items for i in [c.record, *(c.also or [])]]
    shown = sorted({*ids, *sources, *(lesson.record for lesson in view.lessons)})
    return ComparedPlace(
        name=view.name,
        code=code,
        challenges={cid: view.challenges.get(cid, []) for cid in collection.vocabulary.categories},
        lessons=view.lessons,
        records={kind: [row.id for row in view.records.get(kind, [])] for kind in GROUP_TYPES},
        topics=dict(sorted(topics.items(), key=lambda item: (-item[1], item[0]))),
        record_names={i: collection.by_id[i].name for i in shown if i in collection.by_id},
    )


def _differences(places: list[ComparedPlace], category_ids: list[str]) -> Differences:
    def some_only(met: dict[str, list[str]]) -> dict[str, list[str]]:
        return {key: who for key, who in met.items() if 0 < len(who) < len(places)}

    categories = {cid: [p.name for p in places if p.challenges[cid]] for cid in category_ids}
    all_topics = sorted({t for p in places for t in p.topics})
    topics = {t: [p.name for p in places if t in p.topics] for t in all_topics}
    return Differences(
        categories=some_only(categories),
        topics=some_only(topics),
        shared_topics=[t for t, who in topics.items() if len(who) == len(places)],
    )
