"""The parts of a report's outline (views/report.py builds them): frozen
dataclasses, like the other view results, so that the Markdown and HTML
reports and the site read named fields. `views.results.to_data` turns any of
them into the plain data (dicts in field order) the JSON contract promises.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Generic, TypeVar

from civictech_kb.views.results import ChallengeMatrix, Count, CountryChallengeMatrix, Graph, YearCount


@dataclass(frozen=True, kw_only=True)
class RecordRef:
    """A record named where another part of the report mentions it."""

    id: str
    name: str
    type: str


@dataclass(frozen=True, kw_only=True)
class ShownCitation:
    """A citation as reports show it: its text, and its address as a link
    (None unless it is an http or https address)."""

    text: str
    url: str | None


@dataclass(frozen=True, kw_only=True)
class ShownReference:
    """A bibliography entry: its text, its address as a link, and how many
    of the report's records cite it."""

    id: str
    text: str
    url: str | None
    cited_by: int


@dataclass(frozen=True, kw_only=True)
class ShownMilestone:
    """A dated milestone with its record and its citation."""

    date: str
    summary: str
    record: RecordRef
    citation: ShownCitation


@dataclass(frozen=True, kw_only=True)
class PlacedChallenge:
    """A challenge in a country's section, with the record reporting it
    (and the others stating the same challenge)."""

    summary: str
    responses: list[str]
    record: RecordRef
    also: list[RecordRef] = field(default_factory=list)  # other records stating the same challenge


@dataclass(frozen=True, kw_only=True)
class CategoryChallenges:
    """A country's challenges of one category."""

    category: str
    label: str
    challenges: list[PlacedChallenge]


@dataclass(frozen=True, kw_only=True)
class CountryLesson:
    text: str
    record: RecordRef


@dataclass(frozen=True, kw_only=True)
class CountrySection:
    """One country: its profile's text, its records by type, its challenges
    by category, its history and its lessons."""

    code: str
    name: str
    landscape: str
    context: str
    groups: list[TypeGroup[RecordRef]]
    challenges: list[CategoryChallenges]
    lessons: list[CountryLesson]
    history: list[ShownMilestone]


@dataclass(frozen=True, kw_only=True)
class RegionSection:
    """A region with its countries, in the report's order."""

    name: str
    slug: str
    countries: list[CountrySection]


@dataclass(frozen=True, kw_only=True)
class Fact:
    label: str  # "Founded"
    value: str  # as model.wording.fact_text writes it


@dataclass(frozen=True, kw_only=True)
class EntryChallenge:
    """A challenge in a record's own entry, by its category's label."""

    label: str
    summary: str
    responses: list[str]


@dataclass(frozen=True, kw_only=True)
class WebLink:
    label: str
    url: str  # always an http or https address


@dataclass(frozen=True, kw_only=True)
class RelationTarget:
    """A related record; `shown` when the report has an entry to link to."""

    id: str
    name: str
    shown: bool


@dataclass(frozen=True, kw_only=True)
class RelationGroup:
    """The records related one way ("Part of", "Inspired")."""

    label: str
    records: list[RelationTarget]


@dataclass(frozen=True, kw_only=True)
class RecordEntry:
    """One record as the report shows it."""

    id: str
    name: str
    type: str
    facts: list[Fact]
    summary: str
    landscape: str
    context: str
    challenges: list[EntryChallenge]
    lessons: list[str]
    figures: list[str]
    history: list[ShownMilestone]
    links: list[WebLink]
    relations: list[RelationGroup]
    sources: list[ShownCitation]


Shown = TypeVar("Shown", RecordRef, RecordEntry)


@dataclass(frozen=True, kw_only=True)
class TypeGroup(Generic[Shown]):
    """Records of one type under its heading ("Projects", "Country profile")."""

    type: str
    title: str
    records: list[Shown]


@dataclass(frozen=True, kw_only=True)
class ReportCharts:
    """What a report draws: records per country and per year (the years
    between included), and the region x challenge matrix."""

    by_country: list[Count]
    by_year: list[YearCount]
    challenges: ChallengeMatrix
    country_challenges: CountryChallengeMatrix


@dataclass(frozen=True, kw_only=True)
class ReportOutline:
    """What a report says, for every report format: its regions and
    countries, then its records grouped by type, and its pictures."""

    title: str
    intro: str
    generated: str  # ISO date
    selection: str  # how the records were chosen, in words; "" for all
    count: int
    counts: list[str]  # ["2 projects", "1 event"]
    regions: list[RegionSection]
    groups: list[TypeGroup[RecordEntry]]
    charts: ReportCharts
    relations: Graph  # the relations among the records
    bibliography: list[ShownReference]  # the sources the records cite
    licence: dict[str, str]  # model.licence.licence_data()

    @property
    def pictured(self) -> bool:
        """Whether "At a glance" has anything to show."""
        charts = self.charts
        return bool(charts.by_country or charts.by_year or charts.challenges.regions or self.relations.edges)
