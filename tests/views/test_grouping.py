"""A challenge that a country's profile and a project there both state is
the same challenge: every aggregate view shows it once, citing both."""

import json

import pytest

from civictech_kb.store.loader import load_collection
from civictech_kb.views.challenges import challenges_report
from civictech_kb.views.compare import compare
from civictech_kb.views.grouping import challenge_key
from civictech_kb.views.places import country_view, region_view
from civictech_kb.views.results import to_data
from civictech_kb.views.stats import collection_stats

from ..conftest import write_record

# The profile of Thailand says "Projects rely on short grants." (tests/fixtures/mini).
PROJECT = """\
id: grant-watch
type: project
name: Grant Watch
summary: A Thai project that lists civic tech grants.
countries: [TH, MM]
challenges:
  - category: funding
    summary: "projects  rely on short grants"
    responses: [Share infrastructure between projects., Pool grant writing.]
  - category: funding
    summary: Donors prefer new projects to running ones.
sources:
  - url: https://example.org/grant-watch
"""


@pytest.fixture
def twice(mini):
    write_record(mini, "projects", "grant-watch", PROJECT)
    return load_collection(mini)


def funding(items):
    return [item for item in items if "short grants" in item["summary"]]


def test_the_same_challenge_is_the_same_category_and_text_once_folded():
    assert challenge_key("Projects rely on short grants.") == challenge_key("projects  rely on SHORT grants")
    assert challenge_key("Ｐｒｏｊｅｃｔｓ rely on short grants") == challenge_key(
        "projects rely on short grants"
    )
    assert challenge_key("Projects rely on short grants.") != challenge_key("Projects rely on long grants.")


def test_a_country_view_shows_it_once_citing_the_profile_then_the_project(twice):
    (shown,) = funding(to_data(country_view(twice, "thailand"))["challenges"]["funding"])
    assert shown == {"summary": "Projects rely on short grants.", "record": "thailand", "also": ["grant-watch"],
                     "responses": ["Share infrastructure between projects.", "Pool grant writing."]}  # fmt: skip
    others = to_data(country_view(twice, "thailand"))["challenges"]["funding"]
    assert [c["summary"] for c in others if c not in funding(others)] == [
        "Donors prefer new projects to running ones."
    ]


def test_a_region_view_shows_it_once_with_the_countries_of_both(twice):
    (shown,) = funding(to_data(region_view(twice, "South-eastern Asia"))["challenges"]["funding"])
    assert (shown["record"], shown["also"], shown["countries"]) == (
        "thailand",
        ["grant-watch"],
        ["Myanmar", "Thailand"],
    )


@pytest.mark.parametrize("by", ["region", "category", "country"])
def test_the_challenges_report_shows_it_once_per_group_with_both_sources(twice, by):
    report = to_data(challenges_report(twice, by=by))
    for outer in report["groups"]:
        for inner in outer["groups"]:
            keys = [challenge_key(c["summary"]) for c in inner["challenges"]]
            assert len(keys) == len(set(keys)), (outer["key"], inner["key"])
            assert outer["count"] >= len(inner["challenges"])
    shown = [c for o in report["groups"] for i in o["groups"] for c in funding(i["challenges"])]
    assert shown and all(c["record"] == "thailand" and c["also"] == ["grant-watch"] for c in shown
                         if "Thailand" in c["countries"])  # fmt: skip
    cited = {text for c in shown for text in c["sources"]}
    assert any("Thailand" in text for text in cited) and any("grant-watch" in text for text in cited)
    assert report["count"] == sum(o["count"] for o in report["groups"])


def test_the_stats_matrices_count_it_once(mini):
    write_record(mini, "projects", "grant-watch", PROJECT)
    write_record(mini, "projects", "grant-map", PROJECT.replace("grant-watch", "grant-map").replace("[TH, MM]", "[TH]").split("  - category: funding\n    summary: Donors")[0]
                 + "sources:\n  - url: https://example.org/grant-map\n")  # fmt: skip
    stats = to_data(collection_stats(load_collection(mini)))
    matrix = stats["challenges"]
    row = [c["key"] for c in matrix["categories"]].index("funding")
    # Thailand's profile, Grant Watch and Grant Map state the short grants (counted for the profile);
    # Grant Watch alone states the donors' preference; Grant Map states nothing else.
    assert matrix["counts"][row][matrix["regions"].index("South-eastern Asia")] == 2
    by_country = stats["country_challenges"]
    row = [c["key"] for c in by_country["categories"]].index("funding")
    assert by_country["counts"][row][by_country["countries"].index("Thailand")] == 2
    assert by_country["counts"][row][by_country["countries"].index("Myanmar")] == 1


def test_a_comparison_counts_it_once(twice):
    places = to_data(compare(twice, ["thailand", "taiwan"]))["places"]
    assert len(funding(places[0]["challenges"]["funding"])) == 1


def test_reports_and_the_site_show_it_once_under_the_country(twice, ctkb, tmp_path, mini):
    from civictech_kb.views.export import ExportRequest
    from civictech_kb.views.report import build_report

    outline = build_report(ExportRequest(twice, list(twice), __import__("datetime").date(2024, 1, 1)))
    (thailand,) = [c for r in outline.regions for c in r.countries if c.code == "TH"]
    (group,) = [g for g in thailand.challenges if g.category == "funding"]
    (shown,) = [c for c in group.challenges if "short grants" in c.summary]
    assert [shown.record.id, *(r.id for r in shown.also)] == ["thailand", "grant-watch"]
    for fmt in ("md", "html"):
        out = tmp_path / f"report.{fmt}"
        assert ctkb("--records", mini, "export", "--format", fmt, "--output", out).exit_code == 0
        text = out.read_text(encoding="utf-8")
        in_country = text.split("Challenges in Thailand")[1].split("Lessons from")[0]
        assert in_country.lower().count("rely on short grants") == 1
    site = tmp_path / "site"
    assert ctkb("--records", mini, "site", site).exit_code == 0
    page = (site / "countries" / "th.html").read_text(encoding="utf-8")
    assert page.lower().count("rely on short grants") == 1 and "grant-watch.html" in page
    for name in ("challenges.html", "challenges-by-category.html"):
        text = (site / name).read_text(encoding="utf-8")
        assert text.lower().count("rely on short grants") == 1


def test_the_command_line_cites_both_records(twice, ctkb, mini):
    result = ctkb("--records", mini, "country", "thailand")
    assert result.stdout.count("rely on short grants") == 1
    assert "[thailand, grant-watch]" in result.stdout
    data = json.loads(ctkb("--records", mini, "challenges", "--format", "json").stdout)
    assert data["count"] == sum(len(i["challenges"]) for o in data["groups"] for i in o["groups"])
