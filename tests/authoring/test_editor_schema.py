"""Dates must be real calendar dates, and the editor schema says so and
explains every field as `ctkb new` does."""

from __future__ import annotations

from itertools import takewhile

import pytest

from civictech_kb.authoring.editor_schema import schema_document
from civictech_kb.model.record import TYPE_DIRS

from ..conftest import write_record

PROJECT = """id: dated
type: project
name: Dated
summary: A project with a founding date.
countries: [TH]
founded: {founded}
sources:
  - url: https://example.org/notes
"""


@pytest.mark.parametrize("founded", ["2022-02-30", "2023-02-29", "2022-04-31", "2022-13", "2022-00"])
def test_an_impossible_date_is_one_problem_on_its_line(ctkb, mini, founded):
    write_record(mini, "projects", "dated", PROJECT.format(founded=founded))
    result = ctkb("validate", "--records", mini)
    assert result.exit_code == 1
    lines = [line for line in result.stdout.splitlines() if "dated.yaml" in line]
    assert len(lines) == 1, result.stdout
    assert ":6:" in lines[0] and "bad-date" in lines[0] and founded in lines[0]


@pytest.mark.parametrize("founded", ["2024-02-29", "2022-02-28", "2022-02", "2022", "'2022-12-31'"])
def test_real_and_partial_dates_are_valid(ctkb, mini, founded):
    write_record(mini, "projects", "dated", PROJECT.format(founded=founded))
    result = ctkb("validate", "--records", mini)
    assert result.exit_code == 0, result.stdout


def _date_fields(schema: dict) -> dict[str, dict]:
    return {
        name: prop
        for name, prop in schema["properties"].items()
        if name in ("founded", "ended", "start", "end", "date")
    }


@pytest.mark.parametrize("record_type", [t for t in TYPE_DIRS if t != "country"])
def test_editor_schema_gives_dates_a_pattern_that_accepts_partial_dates(record_type):
    import jsonschema

    fields = _date_fields(schema_document(record_type))
    assert fields
    for prop in fields.values():
        validator = jsonschema.Draft202012Validator(prop)
        for good in ["2024", "2024-03", "2024-03-09", 2024]:
            assert validator.is_valid(good), good
        for bad in ["2024-13", "2024-3-9", "March 2024", "2024-03-32", "24"]:
            assert not validator.is_valid(bad), bad


@pytest.mark.parametrize("record_type", [*TYPE_DIRS, None])
def test_editor_schema_describes_every_field_from_the_field_guide(record_type):
    from civictech_kb.authoring.new import field_guide_text

    schema = schema_document(record_type)
    definitions = [schema] if record_type else [d for d in schema["$defs"].values() if d.get("title") in
                                                ("Project", "Community", "Organization", "Event", "Country")]  # fmt: skip
    assert definitions
    for definition in definitions:
        kind = definition["properties"]["type"].get("const") or record_type
        for name, prop in definition["properties"].items():
            assert prop.get("description"), (kind, name)
            assert prop["description"] == field_guide_text(name, kind), (kind, name)


@pytest.mark.parametrize(("figure", "valid"), [
    ({"label": "members", "more_than": 200}, True), ({"label": "days", "more_than": 1, "less_than": 9.5}, True),
    ({"label": "members", "min": 1, "max": 2}, True), ({"label": "members", "value": 200}, True),
    ({"label": "members"}, False), ({"label": "members", "value": 3, "more_than": 2}, False),
    ({"label": "members", "min": 200, "more_than": 200}, False), ({"label": "members", "max": 2, "less_than": 2}, False),
    ({"label": "members", "more_than": "many"}, False),
])  # fmt: skip
def test_editor_schema_knows_exclusive_bounds_and_which_fields_exclude_each_other(figure, valid):
    import jsonschema

    schema = schema_document("project")
    described = schema["$defs"]["Figure"]["properties"]
    assert (
        "more than" in described["more_than"]["description"]
        and "less than" in described["less_than"]["description"]
    )
    record = {"id": "p", "type": "project", "name": "P", "summary": "S.", "figures": [figure],
              "sources": [{"url": "https://example.org/x"}]}  # fmt: skip
    assert jsonschema.Draft202012Validator(schema).is_valid(record) is valid


def test_new_records_template_and_editor_schema_explain_more_than_where_figures_go():
    from civictech_kb.authoring.new import NewRecord, record_template

    template = record_template(NewRecord("event", "Meetup", "meetup"))
    above = reversed(template.split("\nfigures:")[0].splitlines())
    comment = " ".join(
        reversed([line.removeprefix("# ") for line in takewhile(lambda s: s[:1] == "#", above)])
    )
    assert "more_than: 200" in comment and '"more than 200"' in comment
    assert "more_than: 200" in schema_document("event")["properties"]["figures"]["description"]
