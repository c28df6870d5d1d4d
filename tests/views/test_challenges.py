"""ctkb challenges: the challenges across the knowledge base, grouped by
region then category (or category then region), filtered by region,
country, category and record type."""

import json
import shutil

import pytest

from civictech_kb.model.problems import UsageError
from civictech_kb.store.loader import load_collection
from civictech_kb.views.challenges import ChallengeFilter, build_challenge_filter, challenges_report
from civictech_kb.views.grouping import NO_REGION
from civictech_kb.views.results import to_data
from civictech_kb.views.stats import collection_stats

from ..conftest import MINI, write_record

FIXTURE, FIXTURE_URL = "“Fixture Notes on Civic Tech”, g0v", "https://example.org/fixture-notes"
FUNDING = {"summary": "Projects rely on short grants.", "responses": ["Share infrastructure between projects."],
           "countries": ["Thailand"], "record": "thailand", "record_name": "Thailand", "type": "country",
           "sources": [f"{FIXTURE}, section “Thailand”, {FIXTURE_URL}"]}  # fmt: skip
SAFETY = {"summary": "Participants must stay anonymous to stay safe.", "responses": [], "countries": ["Myanmar"],
          "record": "myanmar", "record_name": "Myanmar", "type": "country",
          "sources": [f"{FIXTURE}, section “Myanmar”, {FIXTURE_URL}"]}  # fmt: skip
PROCUREMENT = {"summary": "Procurement rules do not fit fast collaboration.", "responses": [],
               "countries": ["Taiwan"], "record": "taiwan", "record_name": "Taiwan", "type": "country",
               "sources": [f"{FIXTURE}, section “Taiwan”, {FIXTURE_URL}"]}  # fmt: skip


@pytest.fixture(scope="module")
def mini_collection():
    return load_collection(MINI, use_cache=False)


def shape(report: dict) -> list:
    """(outer key, [(inner key, [record ids])]) of a report."""
    return [(o["key"], [(i["key"], [c["record"] for c in i["challenges"]]) for i in o["groups"]])
            for o in report["groups"]]  # fmt: skip


def test_grouped_by_region_then_category(mini_collection):
    report = to_data(challenges_report(mini_collection))
    assert (report["by"], report["count"]) == ("region", 3)
    assert report["groups"] == [
        {"key": "Eastern Asia", "label": "Eastern Asia", "kind": "region", "count": 1, "groups": [
            {"key": "government-collaboration", "label": "Government collaboration", "kind": "category",
             "challenges": [PROCUREMENT]}]},
        {"key": "South-eastern Asia", "label": "South-eastern Asia", "kind": "region", "count": 2, "groups": [
            {"key": "funding", "label": "Funding", "kind": "category", "challenges": [FUNDING]},
            {"key": "safety-and-anonymity", "label": "Safety and anonymity", "kind": "category",
             "challenges": [SAFETY]}]},
    ]  # fmt: skip


def test_grouped_by_category_then_region(mini_collection):
    report = to_data(challenges_report(mini_collection, by="category"))
    assert shape(report) == [
        ("funding", [("South-eastern Asia", ["thailand"])]),
        ("government-collaboration", [("Eastern Asia", ["taiwan"])]),
        ("safety-and-anonymity", [("South-eastern Asia", ["myanmar"])]),
    ]
    assert report["groups"][0]["label"] == "Funding"


@pytest.mark.parametrize(
    ("chosen", "expected"),
    [
        ({"regions": ["south-eastern asia"]}, [("South-eastern Asia", [("funding", ["thailand"]),
                                                                       ("safety-and-anonymity", ["myanmar"])])]),
        ({"countries": ["burma"]}, [("South-eastern Asia", [("safety-and-anonymity", ["myanmar"])])]),
        ({"categories": ["Safety and anonymity"]}, [("South-eastern Asia", [("safety-and-anonymity", ["myanmar"])])]),
        ({"categories": ["fundng", "GOVERNMENT-COLLABORATION"]},
         [("Eastern Asia", [("government-collaboration", ["taiwan"])]),
          ("South-eastern Asia", [("funding", ["thailand"])])]),
        ({"regions": ["eastern asia"], "countries": ["burma"]},  # places are alternatives
         [("Eastern Asia", [("government-collaboration", ["taiwan"])]),
          ("South-eastern Asia", [("safety-and-anonymity", ["myanmar"])])]),
        ({"types": ["project"]}, []),
    ],
)  # fmt: skip
def test_filters_take_what_people_type(mini_collection, chosen, expected):
    assert shape(to_data(challenges_report(mini_collection, build_challenge_filter(**chosen)))) == expected


def test_unknown_category_region_or_country_names_the_closest():
    with pytest.raises(
        UsageError, match=r"--category 'trxxt': unknown challenge category 'trxxt'; known: funding, "
    ):
        build_challenge_filter(categories=["trxxt"])  # two edits in five letters: too far to assume
    with pytest.raises(UsageError, match="--region 'Atlantis': matches no region"):
        build_challenge_filter(regions=["Atlantis"])
    with pytest.raises(UsageError, match="--country 'Atlantis': matches no country"):
        build_challenge_filter(countries=["Atlantis"])


SPANNING = """\
id: border-lab
type: project
name: Border Lab
summary: Works in Taiwan and Thailand.
countries: [TW, TH]
challenges:
  - category: coordination
    summary: Two teams in two time zones.
sources:
  - source: fixture-notes
"""
NOWHERE = """\
id: roaming-org
type: organization
name: Roaming Org
summary: Works everywhere.
challenges:
  - category: funding
    summary: Donors fund countries, not networks.
sources:
  - source: fixture-notes
"""


@pytest.fixture
def spanning(tmp_path):
    root = shutil.copytree(MINI, tmp_path / "records")
    write_record(root, "projects", "border-lab", SPANNING)
    write_record(root, "organizations", "roaming-org", NOWHERE)
    return load_collection(root, use_cache=False)


def test_a_record_in_two_subregions_is_under_each_with_its_country_there(spanning):
    report = to_data(challenges_report(spanning, build_challenge_filter(categories=["coordination"])))
    assert [(o["key"], o["groups"][0]["challenges"][0]["countries"]) for o in report["groups"]] == [
        ("Eastern Asia", ["Taiwan"]),
        ("South-eastern Asia", ["Thailand"]),
    ]
    only_here = to_data(
        challenges_report(
            spanning, build_challenge_filter(regions=["Eastern Asia"], categories=["coordination"])
        )
    )
    assert shape(only_here) == [("Eastern Asia", [("coordination", ["border-lab"])])]


def test_a_record_without_countries_is_under_no_region(spanning):
    report = to_data(challenges_report(spanning, ChallengeFilter(categories=("funding",))))
    assert shape(report) == [("South-eastern Asia", [("funding", ["thailand"])]),
                             (NO_REGION, [("funding", ["roaming-org"])])]  # fmt: skip
    assert report["groups"][1]["groups"][0]["challenges"][0]["countries"] == []
    assert shape(
        to_data(challenges_report(spanning, build_challenge_filter(regions=["asia"], categories=["funding"])))
    ) == [("South-eastern Asia", [("funding", ["thailand"])])]


def test_every_view_places_challenges_alike(spanning):
    """ctkb challenges and the stats matrix (ctkb stats, the report's picture)
    put each challenge under the same regions, a record without countries
    included."""
    listed = {(outer["key"], inner["key"]) for outer in to_data(challenges_report(spanning))["groups"]
              for inner in outer["groups"]}  # fmt: skip
    matrix = to_data(collection_stats(spanning))["challenges"]
    counted = {(region, row["key"]) for row, counts in zip(matrix["categories"], matrix["counts"], strict=True)
               for region, count in zip(matrix["regions"], counts, strict=True) if count}  # fmt: skip
    assert (NO_REGION, "funding") in counted
    assert listed == counted


def test_cli_table_json_md(ctkb):
    table = ctkb("challenges", "--records", MINI)
    assert table.exit_code == 0
    assert table.stdout.splitlines() == [
        "Eastern Asia (1)",
        "Government collaboration:",
        "  - Procurement rules do not fit fast collaboration. [Taiwan: taiwan]",
        "      source: “Fixture Notes on Civic Tech”, g0v, section “Taiwan”,",
        "              https://example.org/fixture-notes",
        "",
        "South-eastern Asia (2)",
        "Funding:",
        "  - Projects rely on short grants. [Thailand: thailand]",
        "      response: Share infrastructure between projects.",
        "      source: “Fixture Notes on Civic Tech”, g0v, section “Thailand”,",
        "              https://example.org/fixture-notes",
        "Safety and anonymity:",
        "  - Participants must stay anonymous to stay safe. [Myanmar: myanmar]",
        "      source: “Fixture Notes on Civic Tech”, g0v, section “Myanmar”,",
        "              https://example.org/fixture-notes",
    ]
    args = ["--records", MINI, "--region", "south-eastern asia", "--by", "category", "--type", "country"]
    data = json.loads(ctkb("challenges", *args, "--format", "json").stdout)
    chosen = build_challenge_filter(regions=["south-eastern asia"], types=["country"])
    assert data == to_data(challenges_report(load_collection(MINI), chosen, by="category"))
    md = ctkb("challenges", *args, "--format", "md").stdout
    assert md.startswith(
        "## Funding (1)\n\n### South-eastern Asia\n\n- Projects rely on short grants. (Thailand: thailand)\n"
    )


def test_cli_nothing_matching_is_said_on_stderr(ctkb):
    result = ctkb("challenges", "--records", MINI, "--type", "event")
    assert (result.exit_code, result.stdout) == (1, "")  # no results: exit 1, as everywhere
    assert result.stderr == "ctkb: no challenges recorded for these filters\n"


def test_cli_unknown_category_is_a_usage_error_with_suggestions(ctkb):
    result = ctkb("challenges", "--records", MINI, "--category", "fundingg-and-money")
    assert result.exit_code == 2
    assert result.stderr.startswith(
        "ctkb: usage error: --category 'fundingg-and-money': unknown challenge category 'fundingg-and-money'; "
    )


def test_by_country_groups_each_challenge_under_each_of_its_countries(mini_collection):
    report = challenges_report(mini_collection, by="country")
    assert report.by == "country"
    for country in report.groups:
        for category in country.groups:
            assert all(item.countries == [country.label] for item in category.challenges)
