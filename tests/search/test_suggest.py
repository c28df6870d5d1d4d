"""Suggestions that make sense: only close matches, what the knowledge base
covers first, and what it covers when nothing is close. A bad filter value
is bad usage (exit 2); a name that must be found and is not, exit 1."""

from __future__ import annotations

import pytest

from ..conftest import MINI

COVERED = "Myanmar, Taiwan, Thailand"


@pytest.mark.parametrize("name", ["Indonesia", "zz", "Manila", "Atlantis"])
def test_an_unknown_or_uncovered_country_says_what_is_covered(ctkb, name):
    result = ctkb("country", name, "--records", MINI)
    assert result.exit_code == 1
    [line] = result.stderr.splitlines()
    assert line.endswith(f"the knowledge base covers {COVERED}")
    for unrelated in ["India", "NDI", "Azerbaijan", "Belize", "Myanmar,", "Romania", "Malta"]:
        assert unrelated not in line.split("; ")[0], line


def test_a_region_that_is_not_close_to_any_says_which_regions_have_records(ctkb):
    result = ctkb("region", "ASEAN", "--records", MINI)
    assert result.exit_code == 1
    [line] = result.stderr.splitlines()
    assert "Caribbean" not in line and "Central Asia" not in line
    assert line.endswith("regions with records: Eastern Asia, South-eastern Asia")


def test_a_misspelt_country_still_finds_it(ctkb):
    result = ctkb("country", "thailnd", "--records", MINI)
    assert result.exit_code == 0


@pytest.mark.parametrize(
    ("option", "value", "expected"),
    [
        ("--country", "zz", f"the knowledge base covers {COVERED}"),
        ("--region", "ASEAN", "regions with records: Eastern Asia, South-eastern Asia"),
        ("--topic", "qqqq", "see `ctkb topics` for the vocabulary"),
        ("--type", "projects", "did you mean project?"),
        ("--status", "Active", "did you mean active?"),
        ("--status", "activ", "did you mean active?"),
    ],
)
def test_a_bad_filter_value_is_a_usage_error_with_a_hint(ctkb, option, value, expected):
    result = ctkb("list", option, value, "--records", MINI)
    assert result.exit_code == 2
    [line] = result.stderr.splitlines()
    assert line.startswith(f"ctkb: usage error: {option} {value!r}")
    assert line.endswith(expected), line


@pytest.mark.parametrize(
    ("value", "expected"),
    [("safty", "did you mean safety-and-anonymity?"), ("fundng", None), ("zzz", "known: funding")],
)
def test_a_bad_category_is_a_usage_error_with_did_you_mean(ctkb, value, expected):
    result = ctkb("challenges", "--category", value, "--records", MINI)
    if expected is None:  # a small typo of a whole id is forgiven
        assert result.exit_code == 0
        return
    assert result.exit_code == 2
    [line] = result.stderr.splitlines()
    assert line.startswith(f"ctkb: usage error: --category {value!r}") and expected in line


@pytest.mark.parametrize("command", [["search", "x"], ["export"], ["stats"], ["timeline"], ["challenges"]])
def test_every_command_with_filters_calls_a_bad_country_usage(ctkb, command):
    result = ctkb(*command, "--country", "zz", "--records", MINI)
    assert result.exit_code == 2
    assert result.stderr.startswith("ctkb: usage error: --country 'zz'")
