"""source is a record type like the others wherever --type is taken: list,
search, stats and timeline choose source records with it; challenges says in
one line that sources have none; every --help names the accepted values."""

import json

import pytest

from ..conftest import MINI


def test_list_type_source_lists_the_source_records(ctkb):
    result = ctkb("list", "--type", "source", "--format", "json", "--records", MINI)
    assert result.exit_code == 0
    assert [(r["id"], r["type"]) for r in json.loads(result.stdout)] == [("fixture-notes", "source")]


def test_list_without_type_still_leaves_sources_out(ctkb):
    rows = json.loads(ctkb("list", "--format", "json", "--records", MINI).stdout)
    assert "source" not in {r["type"] for r in rows}


def test_list_type_source_or_project_lists_both(ctkb):
    result = ctkb("list", "-t", "source", "-t", "project", "--format", "json", "--records", MINI)
    assert {r["type"] for r in json.loads(result.stdout)} == {"source", "project"}


def test_search_type_source_searches_the_sources(ctkb):
    result = ctkb("search", "made-up document", "--type", "source", "--format", "json", "--records", MINI)
    assert result.exit_code == 0, result.stderr
    assert [hit["id"] for hit in json.loads(result.stdout)] == ["fixture-notes"]
    assert "fixture-notes" not in ctkb("search", "made-up document", "--records", MINI).stdout


def test_timeline_places_a_source_at_its_date(ctkb):
    data = json.loads(ctkb("timeline", "--type", "source", "--format", "json", "--records", MINI).stdout)
    assert [(y["year"], [(e["kind"], e["id"]) for e in y["records"]]) for y in data["years"]] == [
        (2023, [("publication", "fixture-notes")])
    ]


def test_stats_type_source_counts_the_sources(ctkb):
    data = json.loads(ctkb("stats", "--type", "source", "--format", "json", "--records", MINI).stdout)
    assert data["total"] == 1 and [(c["key"], c["count"]) for c in data["by_type"]] == [("source", 1)]


def test_challenges_type_source_says_sources_have_none(ctkb):
    result = ctkb("challenges", "--type", "source", "--records", MINI)
    assert result.exit_code == 1
    assert result.stderr == "ctkb: sources have no challenges: they are the documents records cite\n"


def test_nothing_found_counts_the_sources_asked_for(ctkb):
    result = ctkb("list", "--type", "source", "--country", "TW", "--records", MINI)
    assert result.exit_code == 1
    assert "--type source keeps 1" in result.stderr


@pytest.mark.parametrize("command", ["list", "search", "stats", "timeline", "challenges", "export"])
def test_help_names_every_accepted_type(ctkb, command):
    help_text = " ".join(ctkb(command, "--help").stdout.split())
    assert "project, community, organization, event, country or source" in help_text
