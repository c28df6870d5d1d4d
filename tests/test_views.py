"""ctkb country: resolution and content, on the fixture and bundled records."""

import json

import pytest

from civictech_kb.loader import load_collection
from civictech_kb.problems import Ambiguous, NotFound
from civictech_kb.views import country_view

from .conftest import BUNDLED, MINI


@pytest.fixture(scope="module")
def mini_collection():
    return load_collection(MINI, use_cache=False)


@pytest.mark.parametrize("name", ["myanmar", "Burma", "myanmr", "MM", "MMR", "burmese"])
def test_country_names_codes_aliases_and_typos(mini_collection, name):
    assert country_view(mini_collection, name)["code"] == "MM"


def test_country_view_content(mini_collection):
    data = country_view(mini_collection, "thailand")
    assert data["region"] == "South-eastern Asia"
    assert data["challenges"] == {"funding": [{"summary": "Projects rely on short grants.",
                                               "responses": ["Share infrastructure between projects."],
                                               "record": "thailand"}]}  # fmt: skip
    assert [r["id"] for r in data["records"]["project"]] == ["cofact-thailand"]
    assert [r["id"] for r in data["records"]["event"]] == ["drapa-2023"]


def test_unknown_and_empty_countries(mini_collection):
    with pytest.raises(NotFound, match="closest"):
        country_view(mini_collection, "Atlantis")
    with pytest.raises(NotFound, match="nothing on Japan"):
        country_view(mini_collection, "japan")
    with pytest.raises((NotFound, Ambiguous)):
        country_view(mini_collection, "zz")


def test_country_cli_table_json_md(ctkb):
    table = ctkb("country", "burma", "--records", MINI)
    assert table.exit_code == 0
    assert table.stdout.splitlines()[0] == "Myanmar (MM), South-eastern Asia"
    assert "  - Participants must stay anonymous to stay safe. [myanmar]" in table.stdout
    data = json.loads(ctkb("country", "burma", "--records", MINI, "--format", "json").stdout)
    assert data == country_view(load_collection(MINI), "burma")
    md = ctkb("country", "burma", "--records", MINI, "--format", "md").stdout
    assert md.startswith("# Myanmar (MM)\n") and "### safety-and-anonymity" in md
    missing = ctkb("country", "Atlantis", "--records", MINI)
    assert missing.exit_code == 1 and missing.stderr.startswith("ctkb: error: no country matches 'Atlantis'")


def test_bundled_myanmar_shows_safety_challenges_and_phandeeyar():
    data = country_view(load_collection(BUNDLED), "myanmar")
    assert "safety-and-anonymity" in data["challenges"]
    assert "phandeeyar" in [r["id"] for r in data["records"]["organization"]]
