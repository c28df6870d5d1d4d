"""The bundled records hold what their sources say, as the views show it:
checks of the content, kept here so that editing records never breaks a
test of the code (tests/views/, tests/store/, ...)."""

import pytest

from civictech_kb.authoring.fmt import format_text
from civictech_kb.store.loader import load_collection, validate_paths
from civictech_kb.views.challenges import build_challenge_filter, challenges_report
from civictech_kb.views.places import country_view, region_view
from civictech_kb.views.related import related_records
from civictech_kb.views.results import to_data

from ..conftest import BUNDLED
from ..views.test_related import links


@pytest.fixture(scope="module")
def bundled():
    return load_collection(BUNDLED, use_cache=False)


def test_every_bundled_record_is_canonical():
    """`ctkb fmt --check` on the bundled records passes (they were formatted once)."""
    for path in sorted(BUNDLED.rglob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        assert format_text(text) == text, path


def test_fmt_check_passes_on_the_bundled_records(ctkb):
    result = ctkb("fmt", "--check", "--records", BUNDLED)
    assert result.exit_code == 0 and result.stdout == ""


def test_bundled_records_validate():
    assert validate_paths(BUNDLED, []) == []


def test_bundled_myanmar_shows_safety_challenges_and_phandeeyar():
    data = to_data(country_view(load_collection(BUNDLED), "myanmar"))
    assert "safety-and-anonymity" in data["challenges"]
    assert "phandeeyar" in [r["id"] for r in data["records"]["organization"]]


def test_bundled_south_eastern_asia_has_its_countries(ctkb):
    data = to_data(region_view(load_collection(BUNDLED), "south-eastern asia"))
    names = {c["name"] for c in data["countries"]}
    assert {"Vietnam", "Thailand", "Malaysia", "Myanmar", "Philippines"} <= names
    assert "phandeeyar" in [r["id"] for r in data["records"]["organization"]]
    assert any(item["countries"] == ["Myanmar"] for item in data["challenges"]["safety-and-anonymity"])
    table = ctkb("region", "south-eastern asia").stdout
    for name in ("Vietnam (VN)", "Thailand (TH)", "Malaysia (MY)", "Myanmar (MM)", "Philippines (PH)"):
        assert f"- {name}, " in table


def test_bundled_cofacts_links_cofact_thailand_both_ways_and_the_g0v_family(bundled, ctkb):
    cofacts = links(to_data(related_records(bundled, "cofacts")))
    assert ("incoming", "inspired", "cofact-thailand") in cofacts
    assert ("outgoing", "part of", "g0v") in cofacts
    # The handbook calls Cofacts and g0v international g0v projects; g0v Jothon's tie to g0v is
    # only its name, so it is no sibling.
    assert ("sibling", "also part of g0v", "g0v-international") in cofacts
    assert ("sibling", "also part of g0v", "g0v-jothon") not in cofacts
    assert ("outgoing", "inspired by", "cofacts") in links(
        to_data(related_records(bundled, "cofact-thailand"))
    )
    g0v = links(to_data(related_records(bundled, "g0v")))
    assert {("incoming", "has part", i) for i in ("cofacts", "g0v-international")} <= set(g0v)
    table = ctkb("related", "cofacts").stdout
    assert "inspired:\n  - Cofact Thailand (cofact-thailand), project, Thailand\n" in table
    assert "also part of g0v:\n  - g0v international (g0v-international), community, Taiwan\n" in table
    assert max(len(line) for line in table.splitlines()) <= 80


def test_bundled_south_eastern_asia_lists_myanmar_safety_challenges(ctkb):
    report = to_data(
        challenges_report(load_collection(BUNDLED), build_challenge_filter(regions=["south-eastern asia"]))
    )
    assert [o["key"] for o in report["groups"]] == ["South-eastern Asia"]
    safety = next(g for g in report["groups"][0]["groups"] if g["key"] == "safety-and-anonymity")
    assert {c["record"] for c in safety["challenges"]} >= {"myanmar"}
    assert all(c["countries"] == ["Myanmar"] for c in safety["challenges"])
    table = ctkb("challenges", "--region", "south-eastern asia").stdout
    after = table.split("Safety and anonymity:\n", 1)[1]
    assert after.startswith("  - Under the military regime nobody can set up a g0v-like community")
    assert "[Myanmar: myanmar]" in after.split("\n", 3)[2]


def test_repeated_places_are_alternatives():
    collection = load_collection(BUNDLED)
    both = challenges_report(
        collection, build_challenge_filter(countries=["myanmar", "south korea"]), by="country"
    )
    assert [group.label for group in both.groups] == ["Myanmar", "South Korea"]
    alone = [challenges_report(collection, build_challenge_filter(countries=[c])).count for c in ("MM", "KR")]
    assert both.count == sum(alone) > 0
