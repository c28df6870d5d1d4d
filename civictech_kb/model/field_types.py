"""The pydantic field types every ctkb schema shares: texts, names, ids
(slugs) and the strict model base (unknown fields refused). Kept apart
from model/schema.py so that a schema of its own (model/additions.py, the
vocabulary file's) is built without building every record model.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, StringConstraints

from civictech_kb.model.ids import ID_PATTERN, windows_reserved


def check_id(value: str) -> str:
    """An id that is also a portable file name (ValueError if not)."""
    if windows_reserved(value):
        raise ValueError(f"{value!r} names a device on Windows, where {value}.yaml cannot be checked out")
    return value


def _check_name(name: str) -> str:
    from civictech_kb.model.text import describe, invisible_in_name

    hidden = invisible_in_name(name)
    if hidden:
        raise ValueError(f"holds an invisible character, {describe(hidden)}; a name shows all it says")
    return name


Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=20000)]
ShortText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]
Name = Annotated[ShortText, AfterValidator(_check_name)]
Slug = Annotated[str, StringConstraints(pattern=ID_PATTERN, max_length=100)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
