"""A figure says a number as its source does: one value, or bounds, each
inclusive (min: at least, max: at most) or exclusive (more_than, less_than).
Fields that contradict each other are refused, naming the field to fix."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from civictech_kb.model.problems import FieldConflict
from civictech_kb.model.schema import Figure


@pytest.mark.parametrize("fields", [
    {"value": 4}, {"min": 10}, {"more_than": 200}, {"max": 30}, {"less_than": 30}, {"min": 10, "max": 30},
    {"min": 10, "max": 10}, {"more_than": 10, "max": 30}, {"min": 10, "less_than": 30},
    {"more_than": 10, "less_than": 30}, {"more_than": 0.5, "approximate": True},
])  # fmt: skip
def test_a_figure_is_one_value_or_bounds_on_either_side(fields):
    assert Figure(label="people", **fields).model_dump(exclude_defaults=True) == {"label": "people", **fields}


@pytest.mark.parametrize(("fields", "field", "message"), [
    ({}, None, "a figure needs a value, or bounds: min or more_than, max or less_than"),
    ({"value": 3, "more_than": 1}, "more_than", "a figure has a value or bounds, not both"),
    ({"value": 3, "less_than": 9}, "less_than", "a figure has a value or bounds, not both"),
    ({"min": 200, "more_than": 200}, "more_than", "a figure has min (at least) or more_than, not both"),
    ({"max": 30, "less_than": 30}, "less_than", "a figure has max (at most) or less_than, not both"),
    ({"more_than": 200, "max": 200}, "max", "must exceed more_than 200"),
    ({"more_than": 200, "max": 100}, "max", "must exceed more_than 200"),
    ({"min": 30, "less_than": 30}, "less_than", "must exceed min 30"),
    ({"more_than": 30, "less_than": 10}, "less_than", "must exceed more_than 30"),
    ({"min": 30, "max": 10}, "max", "must not be below min 30"),
])  # fmt: skip
def test_contradicting_fields_are_one_error_naming_the_field_to_fix(fields, field, message):
    with pytest.raises(ValidationError) as caught:
        Figure(label="people", **fields)
    [error] = caught.value.errors()
    assert error["msg"] == f"Value error, {message}"
    assert isinstance(error["ctx"]["error"], FieldConflict) and error["ctx"]["error"].field == field


def test_more_than_is_a_finite_number():
    for bad in ("many", float("nan"), float("inf")):
        with pytest.raises(ValidationError):
            Figure(label="people", more_than=bad)
