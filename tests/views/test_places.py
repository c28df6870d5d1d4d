"""ctkb country and ctkb region: resolution and content on the fixture
records, and layouts that hold on the bundled ones."""

import json
import re

import pytest

from civictech_kb.model.problems import Ambiguous, NotFound
from civictech_kb.store.loader import load_collection
from civictech_kb.views.places import country_view
from civictech_kb.views.results import to_data

from ..conftest import BUNDLED, MINI


@pytest.fixture(scope="module")
def mini_collection():
    return load_collection(MINI, use_cache=False)


@pytest.mark.parametrize("name", ["myanmar", "Burma", "myanmr", "MM", "MMR", "burmese"])
def test_country_names_codes_aliases_and_typos(mini_collection, name):
    assert to_data(country_view(mini_collection, name))["code"] == "MM"


def test_country_view_content(mini_collection):
    data = to_data(country_view(mini_collection, "thailand"))
    assert data["region"] == "South-eastern Asia"
    assert data["challenges"] == {"funding": [{"summary": "Projects rely on short grants.",
                                               "responses": ["Share infrastructure between projects."],
                                               "record": "thailand"}]}  # fmt: skip
    assert [r["id"] for r in data["records"]["project"]] == ["cofact-thailand"]
    assert [r["id"] for r in data["records"]["event"]] == ["drapa-2023"]


def test_unknown_and_empty_countries(mini_collection):
    with pytest.raises(
        NotFound, match="no country matches 'Atlantis'; the knowledge base covers Myanmar, Taiwan"
    ):
        to_data(country_view(mini_collection, "Atlantis"))
    with pytest.raises(NotFound, match="nothing on Japan"):
        to_data(country_view(mini_collection, "japan"))
    with pytest.raises((NotFound, Ambiguous)):
        to_data(country_view(mini_collection, "zz"))


def test_country_cli_table_json_md(ctkb):
    table = ctkb("country", "burma", "--records", MINI)
    assert table.exit_code == 0
    assert table.stdout.splitlines()[0] == "Myanmar (MM), South-eastern Asia"
    assert "  - Participants must stay anonymous to stay safe. [myanmar]" in table.stdout
    data = json.loads(ctkb("country", "burma", "--records", MINI, "--format", "json").stdout)
    assert data == to_data(country_view(load_collection(MINI), "burma"))
    md = ctkb("country", "burma", "--records", MINI, "--format", "md").stdout
    assert md.startswith("# Myanmar (MM)\n") and "### Safety and anonymity" in md
    missing = ctkb("country", "Atlantis", "--records", MINI)
    assert missing.exit_code == 1 and missing.stderr.startswith("ctkb: error: no country matches 'Atlantis'")


# ---------------------------------------------------------------------------
# ctkb region

from civictech_kb.views.places import region_view, regions_overview  # noqa: E402


def test_regions_overview_lists_covered_subregions_with_countries_and_counts(mini_collection):
    assert to_data(regions_overview(mini_collection)) == [
        {"name": "Eastern Asia", "region": "Asia",
         "countries": [{"code": "TW", "name": "Taiwan", "profile": True, "records": 2}],
         "records": 2, "by_type": {"project": 1, "community": 1}},
        {"name": "South-eastern Asia", "region": "Asia",
         "countries": [{"code": "MM", "name": "Myanmar", "profile": True, "records": 1},
                       {"code": "TH", "name": "Thailand", "profile": True, "records": 2}],
         "records": 3, "by_type": {"project": 1, "organization": 1, "event": 1}},
    ]  # fmt: skip


@pytest.mark.parametrize(
    "name",
    ["South-eastern Asia", "south-eastern asia", "SOUTH EASTERN ASIA", "south_eastern_asia", "southeastern asia",
     "Southeast Asia", "South East Asia", "south-estern asia"],
)  # fmt: skip
def test_region_names_case_hyphens_and_typos(mini_collection, name):
    assert to_data(region_view(mini_collection, name))["name"] == "South-eastern Asia"


def test_region_view_aggregates_its_countries(mini_collection):
    data = to_data(region_view(mini_collection, "south-eastern asia"))
    assert data["region"] == "Asia"
    assert [(c["name"], c["records"]) for c in data["countries"]] == [("Myanmar", 1), ("Thailand", 2)]
    assert data["countries"][0]["summary"] == "Civic technology in Myanmar, in brief."
    assert data["challenges"] == {
        "funding": [{"summary": "Projects rely on short grants.", "responses": ["Share infrastructure between projects."],
                     "record": "thailand", "countries": ["Thailand"]}],
        "safety-and-anonymity": [{"summary": "Participants must stay anonymous to stay safe.", "responses": [],
                                  "record": "myanmar", "countries": ["Myanmar"]}],
    }  # fmt: skip
    assert data["lessons"] == [{"lesson": "Start from an urgent public need.", "record": "thailand",
                                "countries": ["Thailand"]}]  # fmt: skip
    assert data["records"]["organization"] == [{"id": "phandeeyar", "name": "Phandeeyar", "year": None,
                                                "status": "active", "countries": ["Myanmar"]}]  # fmt: skip
    assert [r["id"] for r in data["records"]["project"]] == ["cofact-thailand"]
    assert "TW" not in [c["code"] for c in data["countries"]]


def test_a_whole_region_aggregates_its_subregions(mini_collection):
    data = to_data(region_view(mini_collection, "asia"))
    assert (data["name"], data["region"]) == ("Asia", None)
    assert [c["code"] for c in data["countries"]] == ["MM", "TW", "TH"]


def test_unknown_ambiguous_and_empty_regions(mini_collection):
    with pytest.raises(NotFound, match="no region matches 'Atlantis'; regions with records: Eastern Asia"):
        to_data(region_view(mini_collection, "Atlantis"))
    with pytest.raises(Ambiguous, match=r"'eastern' could be several regions: Eastern Africa, Eastern Asia"):
        to_data(region_view(mini_collection, "eastern"))
    with pytest.raises(NotFound, match="nothing on Melanesia"):
        to_data(region_view(mini_collection, "melanesia"))


def test_region_cli_table_json_md(ctkb):
    table = ctkb("region", "south-eastern asia", "--records", MINI)
    assert table.exit_code == 0
    lines = table.stdout.splitlines()
    assert lines[0] == "South-eastern Asia, Asia"
    assert "- Myanmar (MM), 1 record: Civic technology in Myanmar, in brief." in lines
    assert "  - Participants must stay anonymous to stay safe. [Myanmar: myanmar]" in lines
    data = json.loads(ctkb("region", "south-eastern asia", "--records", MINI, "--format", "json").stdout)
    assert data == to_data(region_view(load_collection(MINI), "south-eastern asia"))
    md = ctkb("region", "south-eastern asia", "--records", MINI, "--format", "md").stdout
    assert md.startswith("# South-eastern Asia, Asia\n") and "### Safety and anonymity" in md
    assert "- Participants must stay anonymous to stay safe. (Myanmar: myanmar)" in md


def test_region_cli_without_a_name_lists_regions(ctkb):
    table = ctkb("region", "--records", MINI)
    assert table.exit_code == 0
    assert table.stdout.splitlines() == [
        "sub-region          countries (records)        records",
        "Eastern Asia        Taiwan (2)                       2",
        "South-eastern Asia  Myanmar (1), Thailand (2)        3",
        "Counts are of projects, communities, organizations and events; country profiles",
        "are not counted.",
    ]
    data = json.loads(ctkb("region", "--records", MINI, "--format", "json").stdout)
    assert data == to_data(regions_overview(load_collection(MINI)))


@pytest.mark.parametrize(("name", "message"), [("Atlantis", "no region matches 'Atlantis'; regions with records: "),
                                               ("western", "'western' could be several regions: ")])  # fmt: skip
def test_region_cli_unknown_names_exit_1_with_suggestions(ctkb, name, message):
    result = ctkb("region", name, "--records", MINI)
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.startswith(f"ctkb: error: {message}") and result.stderr.count("\n") == 1


# ---------------------------------------------------------------------------
# Tables at 80 columns: nothing wider, ids whole, wrapped text indented under its first line.


def cells(line: str) -> int:
    from rich.cells import cell_len

    return cell_len(line)


@pytest.mark.parametrize("args", [["country", "myanmar"], ["country", "thailand"], ["region", "south-eastern asia"],
                                  ["region", "eastern asia"], ["region"]])  # fmt: skip
def test_bundled_place_views_fit_80_columns_with_hanging_indents(ctkb, args):
    output = ctkb(*args).stdout
    # a line runs past only to keep a word longer than the line (an address) whole
    assert all(cells(line) <= 80 or max(map(cells, line.split())) > 70 for line in output.splitlines())
    section = None
    headings = ("Challenges", "Lessons", "Countries", "Landscape", "Context", "History", "Sources")
    for line in output.splitlines():
        if line in headings or re.fullmatch(r"[A-Z]\w+ \(\d+\)", line):
            section = line
        elif section == "Challenges" and line and not re.fullmatch(r"[A-Z][a-z ]+:", line):
            assert line.startswith("  "), line  # an item, a response or a continuation: never column 0
            if not line.lstrip().startswith(("- ", "response: ")):
                assert line.startswith("    "), line
        elif section in ("Lessons", "Countries", "History", "Sources") and line:
            assert line.startswith(("- ", "  ")), line


def test_bundled_region_records_show_every_id_whole(ctkb):
    output = ctkb("region", "eastern asia").stdout
    data = to_data(region_view(load_collection(BUNDLED), "eastern asia"))
    for rows in data["records"].values():
        for row in rows:
            assert re.search(rf"^{re.escape(row['id'])}\s", output, flags=re.MULTILINE), row["id"]


# ---------------------------------------------------------------------------
# JSON carries what the table shows: every text the table prints of a record
# (summaries, responses, lessons, names, ids) is in the JSON, and the other way round.

SHOWN = {"summary", "responses", "lesson", "record", "id", "name", "label"}


def shown_texts(data, key=None):
    if isinstance(data, dict):
        for k, value in data.items():
            yield from shown_texts(value, k)
    elif isinstance(data, list):
        for value in data:
            yield from shown_texts(value, key)
    elif isinstance(data, str) and key in SHOWN:
        yield data


@pytest.mark.parametrize("args", [["region", "south-eastern asia"], ["region"], ["challenges"],
                                  ["challenges", "--by", "category"], ["related", "g0v"], ["topics"],
                                  ["country", "myanmar"]])  # fmt: skip
def test_bundled_table_shows_what_json_holds(ctkb, monkeypatch, args):
    monkeypatch.setenv("COLUMNS", "1000")  # nothing wrapped, so texts can be compared whole
    table = ctkb(*args).stdout
    data = json.loads(ctkb(*args, "--format", "json").stdout)
    texts = set(shown_texts(data))
    assert texts
    for value in texts:
        assert value in table, value
