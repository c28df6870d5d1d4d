"""What the view results of records.py, hits.py and overviews.py share:
fields left out of the JSON when None, and to_data, which turns any view
result into the plain data `--format json` prints.

dataclasses is imported only where a dataclass is met: a search's result
(hits.py) is a NamedTuple, and a search must start fast."""

from __future__ import annotations

from typing import Any

from civictech_kb.model.data import YamlValue

OMIT_NONE = "ctkb.omit_none"


def omitted_if_none() -> Any:  # a field specifier: it stands for whatever optional field it is given to
    """A field left out of the JSON when it is None."""
    import dataclasses

    return dataclasses.field(default=None, metadata={OMIT_NONE: True})


def to_data(value: object) -> YamlValue:
    """A view result (or any part of one) as JSON-ready data: dicts, lists,
    strings, numbers, booleans and None. A result with a `json_value` is
    written as that (a NamedTuple's fields would otherwise be a list)."""
    if isinstance(value, str | int | float | None):
        return value
    if isinstance(value, dict):
        return {key: to_data(item) for key, item in value.items()}
    as_json = getattr(value, "json_value", None)
    if as_json is not None and not isinstance(value, type):
        return to_data(as_json())
    if isinstance(value, list | tuple):
        return [to_data(item) for item in value]
    if hasattr(type(value), "__dataclass_fields__"):  # dataclasses.is_dataclass, without importing it
        import dataclasses

        return {
            f.name: to_data(getattr(value, f.name))
            for f in dataclasses.fields(value)  # type: ignore[arg-type]
            if not (f.metadata.get(OMIT_NONE) and getattr(value, f.name) is None)
        }
    return value
