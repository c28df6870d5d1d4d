"""View results that sum up many records: places, challenges, sources,
related records, topics, stats, the timeline and the graph."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import TYPE_CHECKING

from civictech_kb.model.data import YamlMapping
from civictech_kb.views.results.data import omitted_if_none

if TYPE_CHECKING:
    from civictech_kb.views.challenge_filter import ChallengeFilter


# Places: ctkb country, ctkb region


@dataclass(frozen=True, kw_only=True)
class PlaceChallenge:
    summary: str
    responses: list[str]
    record: str
    also: list[str] | None = omitted_if_none()  # other records stating the same challenge
    countries: list[str] | None = omitted_if_none()  # in a region: the record's countries there


@dataclass(frozen=True, kw_only=True)
class PlaceLesson:
    lesson: str
    record: str
    countries: list[str] | None = omitted_if_none()


@dataclass(frozen=True, kw_only=True)
class PlaceMilestone:
    """A dated milestone of a place's history, with its record and citation."""

    date: str
    summary: str
    record: str
    source: str  # the citation, in words


@dataclass(frozen=True, kw_only=True)
class PlaceRecord:
    id: str
    name: str
    year: int | None
    status: str | None
    countries: list[str] | None = omitted_if_none()


@dataclass(frozen=True, kw_only=True)
class CountryView:
    code: str
    name: str
    region: str | None
    landscape: str | None
    context: str | None
    challenges: dict[str, list[PlaceChallenge]]  # by category id, in the categories' order
    category_labels: dict[str, str]
    lessons: list[PlaceLesson]
    records: dict[str, list[PlaceRecord]]  # by record type
    history: list[PlaceMilestone] = dataclasses.field(default_factory=list)  # milestones, in date order
    sources: dict[str, list[str]] = dataclasses.field(default_factory=dict)  # record id -> its citations


@dataclass(frozen=True, kw_only=True)
class CountrySummary:
    code: str
    name: str
    summary: str | None
    records: int


@dataclass(frozen=True, kw_only=True)
class RegionView:
    name: str
    region: str | None  # the region a sub-region is part of
    countries: list[CountrySummary]
    challenges: dict[str, list[PlaceChallenge]]
    category_labels: dict[str, str]
    lessons: list[PlaceLesson]
    records: dict[str, list[PlaceRecord]]
    history: list[PlaceMilestone] = dataclasses.field(default_factory=list)  # milestones, in date order
    sources: dict[str, list[str]] = dataclasses.field(default_factory=dict)  # record id -> its citations


@dataclass(frozen=True, kw_only=True)
class RegionCountry:
    code: str
    name: str
    profile: bool
    records: int


@dataclass(frozen=True, kw_only=True)
class RegionSummary:
    name: str
    region: str
    countries: list[RegionCountry]
    records: int
    by_type: dict[str, int]


@dataclass(frozen=True, kw_only=True)
class RegionsOverview:
    regions: list[RegionSummary]

    def json_value(self) -> object:
        return self.regions


# ctkb challenges


@dataclass(frozen=True, kw_only=True)
class ChallengeItem:
    summary: str
    responses: list[str]
    countries: list[str]
    record: str
    record_name: str
    type: str
    sources: list[str] = dataclasses.field(default_factory=list)  # the records' citations, in words
    also: list[str] | None = omitted_if_none()  # other records stating the same challenge


@dataclass(frozen=True, kw_only=True)
class ChallengeSubgroup:
    key: str
    label: str
    kind: str
    challenges: list[ChallengeItem]


@dataclass(frozen=True, kw_only=True)
class ChallengeGroup:
    key: str
    label: str
    kind: str
    count: int
    groups: list[ChallengeSubgroup]


@dataclass(frozen=True, kw_only=True)
class ChallengesReport:
    by: str
    filters: ChallengeFilter
    count: int
    groups: list[ChallengeGroup]


# ctkb sources


@dataclass(frozen=True, kw_only=True)
class SourceList:
    """The bibliography: each source record as an entry (views.citations),
    with how many records cite it; and the data licence."""

    sources: list[YamlMapping]
    count: int
    licence: dict[str, str]


# ctkb related


@dataclass(frozen=True, kw_only=True)
class RecordBrief:
    id: str
    name: str | None  # None: a record missing from the collection
    type: str | None
    countries: list[str]


@dataclass(frozen=True, kw_only=True)
class Link:
    relation: str
    label: str
    direction: str  # outgoing, incoming or sibling
    via: str | None = omitted_if_none()  # the whole a sibling is part of
    id: str
    name: str | None
    type: str | None
    countries: list[str]


@dataclass(frozen=True, kw_only=True)
class Sharing:
    id: str
    name: str | None
    type: str | None
    countries: list[str]
    shared_topics: list[str]
    shared_countries: list[str]
    score: int


@dataclass(frozen=True, kw_only=True)
class RelatedRecords:
    record: RecordBrief
    links: list[Link]
    sharing: list[Sharing]
    sharing_total: int


# ctkb topics


@dataclass(frozen=True, kw_only=True)
class TopicRow:
    id: str
    label: str
    records: int
    synonyms: list[str]


@dataclass(frozen=True, kw_only=True)
class TopicList:
    topics: list[TopicRow]

    def json_value(self) -> object:
        return self.topics


# ctkb stats


@dataclass(frozen=True, kw_only=True)
class Count:
    key: str
    label: str
    count: int


@dataclass(frozen=True, kw_only=True)
class YearCount:
    year: int
    label: str
    count: int


@dataclass(frozen=True, kw_only=True)
class CategoryRef:
    key: str
    label: str


@dataclass(frozen=True, kw_only=True)
class ChallengeMatrix:
    """Records reporting each challenge category (rows) in each sub-region (columns)."""

    categories: list[CategoryRef]
    regions: list[str]
    counts: list[list[int]]

    @property
    def columns(self) -> list[str]:
        return self.regions

    title = "Challenges by region"


@dataclass(frozen=True, kw_only=True)
class CountryChallengeMatrix:
    """Records reporting each challenge category (rows) in each country (columns)."""

    categories: list[CategoryRef]
    countries: list[str]  # country names
    counts: list[list[int]]

    @property
    def columns(self) -> list[str]:
        return self.countries

    title = "Challenges by country"


@dataclass(frozen=True, kw_only=True)
class Stats:
    total: int
    by_type: list[Count]
    by_region: list[Count]
    by_country: list[Count]
    by_topic: list[Count]
    by_status: list[Count]
    by_decade: list[Count]
    undated: int
    challenges: ChallengeMatrix
    country_challenges: CountryChallengeMatrix


@dataclass(frozen=True, kw_only=True)
class StatsChart:
    """The stats drawn as bar charts and a matrix (ctkb stats --chart)."""

    stats: Stats

    def json_value(self) -> object:
        return self.stats


# ctkb timeline


@dataclass(frozen=True, kw_only=True)
class TimelineEntry:
    """A record's founding (or an event's start), or one of its milestones."""

    kind: str = "founding"  # founding, event or milestone
    id: str
    name: str
    type: str
    date: str | None
    summary: str | None = omitted_if_none()  # what happened, for a milestone
    countries: list[str]


@dataclass(frozen=True, kw_only=True)
class TimelineYear:
    year: int
    count: int
    records: list[TimelineEntry]


@dataclass(frozen=True, kw_only=True)
class Timeline:
    years: list[TimelineYear]
    undated: list[str]


# ctkb graph


@dataclass(frozen=True, kw_only=True)
class GraphNode:
    id: str
    name: str
    type: str


@dataclass(frozen=True, kw_only=True)
class GraphEdge:
    source: str
    target: str
    relation: str


@dataclass(frozen=True, kw_only=True)
class Graph:
    center: str | None
    nodes: list[GraphNode]
    edges: list[GraphEdge]
