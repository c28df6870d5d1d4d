"""What every view returns: one frozen dataclass per view result (but
search's, a NamedTuple), and to_data, which turns any of them into the
plain data `--format json` prints.

The classes are defined in records.py (lists of records and one record:
list, show, validate), hits.py (search) and overviews.py (everything that
sums up many records), each loaded when one of its names is first asked
for: a search, which must start fast, loads only hits.py, which defines no
dataclass (importing dataclasses and defining one cost about 20 ms at
start-up; benchmarks/README.md). Shared: data.py.

Renderers dispatch on these classes (render/ registers one function per
class and format). The JSON shape is a contract: to_data writes each field
under its own name, in the order declared here; a field made with
`omitted_if_none()` is left out rather than written as null, and a result
whose JSON is a list or a record says so with `json_value`.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from civictech_kb.views.results.data import OMIT_NONE, omitted_if_none, to_data

if TYPE_CHECKING:
    from civictech_kb.views.results.hits import SearchResults
    from civictech_kb.views.results.overviews import (
        CategoryRef,
        ChallengeGroup,
        ChallengeItem,
        ChallengeMatrix,
        ChallengesReport,
        ChallengeSubgroup,
        Count,
        CountryChallengeMatrix,
        CountrySummary,
        CountryView,
        Graph,
        GraphEdge,
        GraphNode,
        Link,
        PlaceChallenge,
        PlaceLesson,
        PlaceMilestone,
        PlaceRecord,
        RecordBrief,
        RegionCountry,
        RegionsOverview,
        RegionSummary,
        RegionView,
        RelatedRecords,
        Sharing,
        SourceList,
        Stats,
        StatsChart,
        Timeline,
        TimelineEntry,
        TimelineYear,
        TopicList,
        TopicRow,
        YearCount,
    )
    from civictech_kb.views.results.records import (
        ProblemList,
        RecordCard,
        RecordList,
        RecordRow,
    )

# Where each class is defined: SearchResults in hits.py, the other lists of
# records in records.py, everything else in overviews.py.
RESULT_MODULES = {"SearchResults": "hits"} | dict.fromkeys(
    ("ProblemList", "RecordCard", "RecordList", "RecordRow"), "records"
)

__all__ = [
    "OMIT_NONE",
    "CategoryRef",
    "ChallengeGroup",
    "ChallengeItem",
    "ChallengeMatrix",
    "ChallengeSubgroup",
    "ChallengesReport",
    "Count",
    "CountryChallengeMatrix",
    "CountrySummary",
    "CountryView",
    "Graph",
    "GraphEdge",
    "GraphNode",
    "Link",
    "PlaceChallenge",
    "PlaceLesson",
    "PlaceMilestone",
    "PlaceRecord",
    "ProblemList",
    "RecordBrief",
    "RecordCard",
    "RecordList",
    "RecordRow",
    "RegionCountry",
    "RegionSummary",
    "RegionView",
    "RegionsOverview",
    "RelatedRecords",
    "SearchResults",
    "Sharing",
    "SourceList",
    "Stats",
    "StatsChart",
    "Timeline",
    "TimelineEntry",
    "TimelineYear",
    "TopicList",
    "TopicRow",
    "YearCount",
    "omitted_if_none",
    "to_data",
]


def __getattr__(name: str) -> object:
    if name not in __all__:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    module = importlib.import_module(f"{__name__}.{RESULT_MODULES.get(name, 'overviews')}")
    value = getattr(module, name)
    globals()[name] = value  # found directly next time
    return value
