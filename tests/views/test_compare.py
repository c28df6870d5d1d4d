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


FIXED_WORDS = (
    "Records Topics Lessons none recorded Where they differ recorded only for topic topics all share"
)


def _words(text: str) -> set[str]:
    return {word.strip(".,:;()[]") for word in text.split()} - {"", "-", "/"}


def _shown_words(view) -> set[str]:
    """Every word a comparison's table may show: of the names, labels and
    texts it shows, and its own."""
    texts = [*(n for p in view.places for n in p.record_names.values()), *view.topic_labels.values(),
             *(p.name for p in view.places), *view.category_labels.values(), *view.places[0].records,
             *(c.summary for p in view.places for items in p.challenges.values() for c in items),
             *(lesson.lesson for p in view.places for lesson in p.lessons), FIXED_WORDS]  # fmt: skip
    return _words(" ".join(texts))


@pytest.mark.parametrize("fmt", ["table", "md"])
def test_records_and_topics_are_named_and_no_word_is_split(ctkb, fmt):
    """Records by their names, topics by their labels, challenges' sources by
    their records' names; and the table wraps at spaces only, so every word
    shown is a whole word of what it shows."""
    from ..conftest import BUNDLED

    places = ["japan", "south-korea", "taiwan"]
    shown = ctkb("compare", *places, "--records", BUNDLED, "--format", fmt).stdout
    view = compare(load_collection(BUNDLED), places)
    flat = " ".join(shown.split()).replace("\\", "")
    for name in ["Kakogawa City Civic Participation Decision-Making Platform", "Code for Japan",
                 "[Tokyo COVID-19 Task Force website]", "Government collaboration (6)"]:  # fmt: skip
        assert name in flat
    assert "kakogawa-civic-participation-platform" not in flat and "government-collaboration" not in flat
    if fmt == "table":
        assert {w for w in _words(shown) if not w.isdigit() and set(w) != {"="}} <= _shown_words(view)


@pytest.mark.parametrize("columns", ["40", "60", "80"])
def test_narrow_comparisons_go_place_by_place_rather_than_split_words(ctkb, monkeypatch, columns):
    from ..conftest import BUNDLED

    monkeypatch.setenv("COLUMNS", columns)
    places = ["japan", "south-korea", "taiwan", "thailand"]
    shown = ctkb("compare", *places, "--records", BUNDLED).stdout
    view = compare(load_collection(BUNDLED), places)
    assert {w for w in _words(shown) if not w.isdigit() and set(w) != {"="}} <= _shown_words(view)
