"""Plain data as it is read from YAML or JSON files, or written to JSON,
named for the type checker.

A value parsed from a file can be any mix of mappings, lists and scalars; its
shape is checked at run time (the strict YAML reader, the pydantic schema),
not by mypy. These aliases say "this really is arbitrary plain data" where a
bare `Any` would hide whether anyone thought about it.
"""

from typing import Any, TypeAlias

# One parsed value: a mapping, list, string, number, bool or None, nested.
YamlValue: TypeAlias = Any
# A mapping parsed from a file: a record's data, a vocabulary entry, a schema.
YamlMapping: TypeAlias = dict[str, YamlValue]
# A mapping ctkb builds to write as JSON: JSON-LD, a data package descriptor, metadata.
JsonObject: TypeAlias = dict[str, YamlValue]
# A row of a published table (views/tables.py), in its column order.
Row: TypeAlias = tuple[YamlValue, ...]
