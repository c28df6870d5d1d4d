"""ctkb compare: countries or regions side by side."""

from __future__ import annotations

import json

import pytest

from civictech_kb.model.problems import UsageError
from civictech_kb.store.loader import load_collection
from civictech_kb.views.compare import compare
from civictech_kb.views.results import to_data

from ..conftest import MINI


@pytest.fixture(scope="module")
def mini_collection():
    return load_collection(MINI)


def test_each_place_has_every_category_and_its_sources(mini_collection):
    view = compare(mini_collection, ["thailand", "burma"])
    assert [p.name for p in view.places] == ["Thailand", "Myanmar"]
    thailand, myanmar = view.places
    assert set(thailand.challenges) == set(myanmar.challenges) == set(view.category_labels)
    assert [item.record for item in thailand.challenges["funding"]] == ["thailand"]
    assert "cofact-thailand" in thailand.records["project"]


def test_differences_name_who_meets_what(mini_collection):
    view = compare(mini_collection, ["thailand", "myanmar"])
    for category, who in view.differences.categories.items():
        met = [p.name for p in view.places if p.challenges[category]]
        assert who == met and 0 < len(who) < 2
    for topic in view.differences.shared_topics:
        assert all(topic in p.topics for p in view.places)


def test_a_region_compares_with_a_country(mini_collection):
    view = compare(mini_collection, ["south-eastern asia", "taiwan"])
    assert [(p.name, p.code) for p in view.places] == [("South-eastern Asia", None), ("Taiwan", "TW")]


@pytest.mark.parametrize("names", [["thailand"], ["thailand", "TH"]])
def test_one_place_is_a_usage_error(mini_collection, names):
    with pytest.raises(UsageError):
        compare(mini_collection, names)


def test_json_is_the_library_view_and_table_fits_80_columns(ctkb, mini_collection):
    result = ctkb("compare", "thailand", "myanmar", "--records", MINI, "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == to_data(compare(mini_collection, ["thailand", "myanmar"]))
    table = ctkb("compare", "thailand", "myanmar", "--records", MINI)
    assert table.exit_code == 0 and "Where they differ" in table.stdout
    assert max(len(line) for line in table.stdout.splitlines()) <= 80
    markdown = ctkb("compare", "thailand", "myanmar", "--records", MINI, "--format", "md")
    assert markdown.stdout.startswith("# Thailand / Myanmar\n")


def test_markdown_says_none_recorded_rather_than_a_lone_dash_and_what_only_one_place_records():
    from civictech_kb.render import Display, render

    view = compare(load_collection(MINI), ["thailand", "myanmar"])
    text = render(view, "md", Display(width=80, color=False, decorated=False))
    assert "-" not in [line.strip() for line in text.splitlines()]
    assert "none recorded" in text
    differ = text.split("## Where they differ", 1)[1]
    assert "recorded only for" in differ and ": only " not in differ
