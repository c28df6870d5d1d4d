"""A mistake in a record is one problem, on the line to fix, with the fix
spelled out when ctkb can tell it."""

from __future__ import annotations

import pytest

from ..conftest import write_record

BASE = """id: draft
type: project
name: Draft
summary: A draft project.
countries: [TH]
sources:
  - url: https://example.org/notes
"""


def problems(ctkb, mini, text: str, folder: str = "projects", name: str = "draft") -> list[str]:
    write_record(mini, folder, name, text)
    result = ctkb("validate", "--records", mini)
    assert result.exit_code == 1
    return [
        line.split(f"{folder}/{name}.yaml:", 1)[1]
        for line in result.stdout.splitlines()
        if f"/{name}.yaml" in line
    ]


@pytest.mark.parametrize(("written", "meant"), [("activ", "active"), ("Active", "active"), ("ende", "ended")])
def test_a_mistyped_status_gets_did_you_mean(ctkb, mini, written, meant):
    [line] = problems(ctkb, mini, BASE + f"status: {written}\n")
    assert line.startswith("8:9: bad-value: status: ")
    assert line.endswith(f"(did you mean {meant}?)")


def test_a_misspelt_key_inside_a_challenge_gets_a_suggestion(ctkb, mini):
    text = BASE + "challenges:\n  - categroy: funding\n    summary: Money ran out.\n"
    lines = problems(ctkb, mini, text)
    assert any(
        "unknown-field: challenges.0.categroy: unknown field (did you mean category?)" in line
        for line in lines
    )


def test_a_misspelt_key_inside_a_figure_and_a_source_gets_a_suggestion(ctkb, mini):
    text = BASE.replace(
        "  - url: https://example.org/notes\n", "  - url: https://example.org/notes\n    sectoin: a\n"
    )
    text += "figures:\n  - {label: people, vaule: 5}\n"
    lines = problems(ctkb, mini, text)
    assert any("sources.0.sectoin: unknown field (did you mean section?)" in line for line in lines), lines
    assert any("figures.0.vaule: unknown field (did you mean value?)" in line for line in lines), lines


@pytest.mark.parametrize(("figure", "where"), [
    ("{label: members, min: 200, more_than: 200}", "6:43: bad-value: figures.0.more_than: a figure has min (at least) "
     "or more_than, not both"),
    ("{label: members, more_than: 200, max: 100}", "6:43: bad-value: figures.0.max: must exceed more_than 200"),
    ("{label: members, value: 5, less_than: 9}", "6:43: bad-value: figures.0.less_than: a figure has a value or "
     "bounds, not both"),
])  # fmt: skip
def test_contradicting_figure_fields_are_one_problem_at_the_field_to_fix(ctkb, mini, figure, where):
    text = BASE.replace("countries: [TH]\n", f"figures:\n  - {figure}\n")
    assert problems(ctkb, mini, text) == [where]


def test_a_field_of_another_record_type_says_which(ctkb, mini):
    [line] = problems(ctkb, mini, BASE + "start: 2024\n")
    assert line.startswith("8:1: unknown-field: start: ")
    assert "did you mean start" not in line
    assert "events" in line and "founded" in line


def test_a_figure_that_is_not_a_number_is_one_problem(ctkb, mini):
    [line] = problems(ctkb, mini, BASE + "figures:\n  - {label: people, value: many}\n")
    assert "figures.0.value" in line and "number" in line


def test_a_relation_naming_an_alias_suggests_that_record(ctkb, mini):
    text = BASE + "relations:\n  inspired_by: [cofact]\n"
    [line] = problems(ctkb, mini, text)
    assert "dangling-relation" in line
    assert "did you mean cofact-thailand" in line


def test_end_before_start_points_at_the_end_line(ctkb, mini):
    text = """id: draft
type: event
name: Draft
summary: A draft event.
countries: [TH]
start: 2024-05-02
end: 2024-05-01
sources:
  - url: https://example.org/notes
"""
    [line] = problems(ctkb, mini, text, "events")
    assert line.startswith("7:6: ") and "end comes before start" in line


def test_a_missing_colon_is_reported_on_its_own_line(ctkb, mini):
    text = BASE.replace("summary: A draft project.\n", "summary A draft project.\n")
    [line] = problems(ctkb, mini, text)
    assert line.startswith("4:")


def test_a_colon_in_plain_text_suggests_quoting(ctkb, mini):
    [line] = problems(ctkb, mini, BASE.replace("summary: A draft project.", "summary: it is: a colon"))
    assert line.startswith("4:")
    assert "quote" in line and '"it is: a colon"' in line


def test_a_bad_id_gets_a_valid_one_suggested(ctkb, mini):
    lines = problems(ctkb, mini, BASE.replace("id: draft", "id: Bad_One"), name="bad-one")
    [bad] = [line for line in lines if "bad-id" in line]
    assert "id: bad-one" in bad
