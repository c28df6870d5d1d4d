"""Terminal building blocks (render/terminal.py): a view's title looks
different from its sections' headings, on a terminal and piped."""

import re

import pytest
from rich.cells import cell_len

from civictech_kb.render import Display, render
from civictech_kb.store.loader import load_collection
from civictech_kb.views.compare import compare
from civictech_kb.views.places import country_view, region_view
from civictech_kb.views.related import related_records
from civictech_kb.views.results import RecordCard
from civictech_kb.views.selection import record_card

from ..conftest import BUNDLED, MINI

BOLD, BOLD_UNDERLINED = "\x1b[1m", "\x1b[1;4m"


@pytest.fixture(scope="module")
def views():
    collection = load_collection(MINI)
    cofacts = collection.get("cofacts")
    return {
        "country": (country_view(collection, "thailand"), "Thailand (TH), South-eastern Asia", "Challenges"),
        "region": (region_view(collection, "south-eastern asia"), "South-eastern Asia, Asia", "Countries"),
        "show": (RecordCard(data=cofacts.data, record_names={}, category_labels={}), "Cofacts", "Figures"),
        "related": (
            related_records(collection, "cofacts"),
            "Cofacts (cofacts), project, Taiwan",
            "Linked records",
        ),
        "compare": (compare(collection, ["taiwan", "thailand"]), "Taiwan / Thailand", "Where they differ"),
    }


@pytest.mark.parametrize("view", ["country", "region", "show", "related", "compare"])
def test_piped_the_title_is_underlined_and_sections_are_not(views, view):
    data, title, section = views[view]
    lines = render(data, "table", Display(width=80)).splitlines()
    assert lines[:2] == [title, "=" * cell_len(title)]
    at = lines.index(section)
    assert not set(lines[at + 1]) <= set("=-─") or not lines[at + 1]


@pytest.mark.parametrize("view", ["country", "region", "show", "related", "compare"])
def test_on_a_terminal_the_title_is_bold_over_a_rule_and_sections_bold_underlined(views, view):
    data, title, section = views[view]
    lines = render(data, "table", Display(width=80, color=True, decorated=True)).splitlines()
    assert lines[0].startswith(BOLD) and title in lines[0] and BOLD_UNDERLINED not in lines[0]
    assert "─" * cell_len(title) in lines[1]
    assert any(line.startswith(BOLD_UNDERLINED) and section in line for line in lines)


def test_a_wide_title_is_underlined_by_terminal_cells():
    card = RecordCard(
        data={"id": "x", "type": "project", "name": "真的假的"}, record_names={}, category_labels={}
    )
    assert render(card, "table", Display(width=80)).splitlines()[:2] == ["真的假的", "=" * 8]


# Long tokens: a web address or an id is never broken across lines

ADDRESS = re.compile(r"https?://[^\s\"]+")


def _addresses(text: str) -> set[str]:
    return {found.rstrip(".,;:)”]") for found in ADDRESS.findall(text)}


LINK_VIEWS = [
    ["sources"],
    ["show", "g0v-handbook-4-1"],
    ["show", "ogp-korea-2018-notes"],
    ["show", "cofacts"],
    ["country", "south-korea"],
    ["region", "eastern asia"],
    ["challenges", "--country", "japan"],
]


@pytest.mark.parametrize("columns", ["40", "80"])
@pytest.mark.parametrize("args", LINK_VIEWS, ids=" ".join)
def test_piped_views_never_break_a_web_address(ctkb, monkeypatch, args, columns):
    monkeypatch.setenv("COLUMNS", columns)
    result = ctkb(*args, "--records", BUNDLED)
    assert result.exit_code == 0, result.stderr
    every_address = _addresses(ctkb(*args, "--records", BUNDLED, "--format", "json").stdout)
    shown = {found for line in result.stdout.splitlines() for found in _addresses(line)}
    assert shown, "these views show addresses"
    assert shown <= every_address, shown - every_address  # a piece of an address is not one


@pytest.mark.parametrize("decorated", [False, True])
def test_terminal_views_never_break_a_web_address_or_an_id(decorated):
    collection = load_collection(BUNDLED)
    card = record_card(collection, "ogp-korea-2018-notes")
    text = render(card, "table", Display(width=40, decorated=decorated))
    archive = next(a for a in _addresses(render(card, "json", Display())) if "github.com" in a)
    assert any(archive in line for line in text.splitlines()), text
    place = render(country_view(collection, "japan"), "table", Display(width=40, decorated=decorated))
    assert any("kakogawa-civic-participation-platform" in line for line in place.splitlines()), place


def test_labelled_rows_on_a_terminal_need_at_least_no_rows():
    from civictech_kb.render.terminal import console, labelled, written

    display = Display(width=40, decorated=True)
    out = console(display)
    labelled(out, display, ("field", "value"), [])
    assert written(out).splitlines() == ["field   value", "─" * 8]
