"""ctkb, the civic tech knowledge base: load, check, query and render records.

The public Python API (documented with examples in docs/api.md):

    >>> import civictech_kb as ctkb
    >>> collection = ctkb.load_collection(ctkb.records_dir())
    >>> hits = ctkb.search_records(collection, "fact checking", limit=3)
    >>> text = ctkb.render_view(ctkb.country_view(collection, "myanmar"), "md")

The library knows nothing of the terminal; the command line lives in `cli`,
and nothing here imports it. Every name is imported on first use (PEP 562
`__getattr__`), so that `import civictech_kb` imports none of ctkb's
modules. (Searching and rendering are `search_records` and `render_view`:
`search` and `render` are the names of subpackages, which Python sets on
the package once they are imported.)
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from civictech_kb.model.problems import (
        Ambiguous,
        CtkbError,
        ExitStatus,
        InvalidRecords,
        NotFound,
        Problem,
    )
    from civictech_kb.model.record import Collection, Record
    from civictech_kb.render import FORMATS, Display
    from civictech_kb.render import render as render_view
    from civictech_kb.render.export import export_selection as export
    from civictech_kb.search.ranking import SearchHit
    from civictech_kb.search.ranking import search as search_records
    from civictech_kb.store.loader import load_collection, records_dir
    from civictech_kb.views.challenge_filter import ChallengeFilter, build_challenge_filter
    from civictech_kb.views.challenges import challenges_report
    from civictech_kb.views.filters import RecordFilter, build_filter
    from civictech_kb.views.graph import relation_graph
    from civictech_kb.views.places import country_view, region_view, regions_overview
    from civictech_kb.views.related import related_records
    from civictech_kb.views.report import build_report
    from civictech_kb.views.results import to_data
    from civictech_kb.views.selection import record_card, record_list, select
    from civictech_kb.views.stats import collection_stats
    from civictech_kb.views.timeline import timeline
    from civictech_kb.views.topics import topics_view

# Public name -> (module, name there), imported on first use.
_LAZY = {
    "Collection": ("civictech_kb.model.record", "Collection"),
    "Record": ("civictech_kb.model.record", "Record"),
    "Problem": ("civictech_kb.model.problems", "Problem"),
    "CtkbError": ("civictech_kb.model.problems", "CtkbError"),
    "InvalidRecords": ("civictech_kb.model.problems", "InvalidRecords"),
    "NotFound": ("civictech_kb.model.problems", "NotFound"),
    "Ambiguous": ("civictech_kb.model.problems", "Ambiguous"),
    "ExitStatus": ("civictech_kb.model.problems", "ExitStatus"),
    "load_collection": ("civictech_kb.store.loader", "load_collection"),
    "records_dir": ("civictech_kb.store.loader", "records_dir"),
    "RecordFilter": ("civictech_kb.views.filters", "RecordFilter"),
    "build_filter": ("civictech_kb.views.filters", "build_filter"),
    "ChallengeFilter": ("civictech_kb.views.challenge_filter", "ChallengeFilter"),
    "build_challenge_filter": ("civictech_kb.views.challenge_filter", "build_challenge_filter"),
    "select": ("civictech_kb.views.selection", "select"),
    "search_records": ("civictech_kb.search.ranking", "search"),
    "SearchHit": ("civictech_kb.search.ranking", "SearchHit"),
    "record_list": ("civictech_kb.views.selection", "record_list"),
    "record_card": ("civictech_kb.views.selection", "record_card"),
    "country_view": ("civictech_kb.views.places", "country_view"),
    "region_view": ("civictech_kb.views.places", "region_view"),
    "regions_overview": ("civictech_kb.views.places", "regions_overview"),
    "challenges_report": ("civictech_kb.views.challenges", "challenges_report"),
    "related_records": ("civictech_kb.views.related", "related_records"),
    "topics_view": ("civictech_kb.views.topics", "topics_view"),
    "collection_stats": ("civictech_kb.views.stats", "collection_stats"),
    "timeline": ("civictech_kb.views.timeline", "timeline"),
    "relation_graph": ("civictech_kb.views.graph", "relation_graph"),
    "build_report": ("civictech_kb.views.report", "build_report"),
    "to_data": ("civictech_kb.views.results", "to_data"),
    "render_view": ("civictech_kb.render", "render"),
    "Display": ("civictech_kb.render", "Display"),
    "FORMATS": ("civictech_kb.render", "FORMATS"),
    "export": ("civictech_kb.render.export", "export_selection"),
}

__all__ = [
    "FORMATS",
    "Ambiguous",
    "ChallengeFilter",
    "Collection",
    "CtkbError",
    "Display",
    "ExitStatus",
    "InvalidRecords",
    "NotFound",
    "Problem",
    "Record",
    "RecordFilter",
    "SearchHit",
    "build_challenge_filter",
    "build_filter",
    "build_report",
    "challenges_report",
    "collection_stats",
    "country_view",
    "export",
    "load_collection",
    "record_card",
    "record_list",
    "records_dir",
    "region_view",
    "regions_overview",
    "related_records",
    "relation_graph",
    "render_view",
    "search_records",
    "select",
    "timeline",
    "to_data",
    "topics_view",
]


def __getattr__(name: str) -> object:
    if name not in _LAZY:
        raise AttributeError(f"module 'civictech_kb' has no attribute {name!r}")
    module, attribute = _LAZY[name]
    value = getattr(importlib.import_module(module), attribute)
    globals()[name] = value  # found directly next time
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
