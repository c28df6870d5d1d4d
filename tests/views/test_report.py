"""The report outline (views/report.py) is typed all the way down: frozen
dataclasses that renderers read by name, and plain data through to_data."""

import dataclasses
from datetime import date

import pytest

from civictech_kb.store.loader import load_collection
from civictech_kb.views.export import ExportRequest
from civictech_kb.views.outline import RecordEntry, RecordRef, ReportOutline, TypeGroup
from civictech_kb.views.report import build_report, record_entry
from civictech_kb.views.results import to_data

from ..conftest import MINI


@pytest.fixture(scope="module")
def mini_collection():
    return load_collection(MINI, use_cache=False)


@pytest.fixture(scope="module")
def outline(mini_collection):
    request = ExportRequest(
        collection=mini_collection, records=list(mini_collection), generated=date(2024, 1, 1)
    )
    return build_report(request)


def parts(value):
    """Every value inside a view result, depth first."""
    yield value
    if dataclasses.is_dataclass(value):
        for f in dataclasses.fields(value):
            yield from parts(getattr(value, f.name))
    elif isinstance(value, list | tuple):
        for item in value:
            yield from parts(item)


def test_no_part_of_the_outline_is_a_dict_but_the_licence(outline):
    assert isinstance(outline, ReportOutline)
    dicts = [p for p in parts(outline) if isinstance(p, dict)]
    assert dicts == [outline.licence]
    assert all(dataclasses.is_dataclass(p) and p.__dataclass_params__.frozen
               for p in parts(outline) if dataclasses.is_dataclass(p))  # fmt: skip


def test_groups_hold_entries_and_country_groups_hold_references(outline):
    assert all(isinstance(g, TypeGroup) and all(isinstance(r, RecordEntry) for r in g.records)
               for g in outline.groups)  # fmt: skip
    countries = [c for region in outline.regions for c in region.countries]
    assert {c.code for c in countries} == {"MM", "TH", "TW"}
    assert all(isinstance(r, RecordRef) for c in countries for g in c.groups for r in g.records)


def test_a_record_entry_is_plain_data_with_the_contracts_keys(mini_collection):
    data = to_data(record_entry(mini_collection, mini_collection.find("cofacts")))
    assert list(data) == ["id", "name", "type", "facts", "summary", "landscape", "context", "challenges",
                          "lessons", "figures", "history", "links", "relations", "sources"]  # fmt: skip
    assert data["id"] == "cofacts" and data["type"] == "project"
    assert data["facts"] and data["links"] and data["relations"] and data["sources"]
    assert all(list(fact) == ["label", "value"] for fact in data["facts"])
    assert all(list(link) == ["label", "url"] and link["url"].startswith("http") for link in data["links"])
    assert all(list(r) == ["label", "records"] for r in data["relations"])
    assert all(list(t) == ["id", "name", "shown"] for r in data["relations"] for t in r["records"])
    assert all(list(s) == ["text", "url"] for s in data["sources"])
