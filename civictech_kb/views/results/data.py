"""What the view results of records.py and overviews.py share: fields
left out of the JSON when None, and to_data, which turns any view result
into the plain data `--format json` prints."""

from __future__ import annotations

import dataclasses
from typing import Any

from civictech_kb.model.data import YamlValue

OMIT_NONE = "ctkb.omit_none"


def omitted_if_none() -> Any:  # a field specifier: it stands for whatever optional field it is given to
    """A field left out of the JSON when it is None."""
    return dataclasses.field(default=None, metadata={OMIT_NONE: True})


def to_data(value: object) -> YamlValue:
    """A view result (or any part of one) as JSON-ready data: dicts, lists,
    strings, numbers, booleans and None."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        as_json = getattr(value, "json_value", None)
        if as_json is not None:
            return to_data(as_json())
        return {
            f.name: to_data(getattr(value, f.name))
            for f in dataclasses.fields(value)
            if not (f.metadata.get(OMIT_NONE) and getattr(value, f.name) is None)
        }
    if isinstance(value, dict):
        return {key: to_data(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [to_data(item) for item in value]
    return value
