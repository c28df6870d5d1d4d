"""What a record file that failed validation still tells the cross-record
checks, so that one run of validate reports every problem: its id and
type, its name and aliases, and those of its countries, relation targets
and cited source ids that are well-formed. Malformed values have their
own schema problem and are left out here, so nothing is reported twice.

A stand-in also counts as present: a relation to an invalid record is not
"dangling", the invalid record's own problems say what is wrong.
"""

from __future__ import annotations

from collections.abc import Callable

from civictech_kb.model.data import YamlMapping, YamlValue
from civictech_kb.model.ids import is_record_id
from civictech_kb.model.record import RECORD_TYPES, RELATION_TYPES, Record

Positions = dict[str, tuple[int, int]]


def stand_in(data: YamlMapping, path: str, positions: Positions) -> Record | None:
    """The record cross-record checks can read of data (None without a
    well-formed id and a known type). Positions follow the values kept:
    "countries.0" is where the first kept country stands in the file."""
    record_id, record_type = data.get("id"), data.get("type")
    if not (isinstance(record_id, str) and is_record_id(record_id) and record_type in RECORD_TYPES):
        return None
    name = data.get("name")
    aliases = data.get("aliases")
    kept: YamlMapping = {
        "id": record_id,
        "type": record_type,
        "name": name if isinstance(name, str) else record_id,
        "aliases": [a for a in aliases if isinstance(a, str)] if isinstance(aliases, list) else [],
    }
    moved: Positions = {}
    kept["countries"] = _kept_list(data.get("countries"), "countries", _is_country, positions, moved)
    relations = data.get("relations")
    if isinstance(relations, dict):
        kept["relations"] = {
            relation: _kept_list(
                relations.get(relation), f"relations.{relation}", is_record_id, positions, moved
            )
            for relation in RELATION_TYPES
        }
    kept["sources"] = [
        {"source": source}
        for source in _kept_list(_cited(data.get("sources"), None), "sources", is_record_id, positions, moved, ".source")
    ]  # fmt: skip
    kept["milestones"] = [
        {"source": {"source": source}}
        for source in _kept_list(_cited(data.get("milestones"), "source"), "milestones", is_record_id, positions, moved,
                                 ".source.source")
    ]  # fmt: skip
    return Record(kept, path, moved)


def _cited(items: YamlValue, inner: str | None) -> list[YamlValue]:
    """The source id each item of a citation list (or of a list of mappings
    holding one at `inner`) names; None where it names none."""
    if not isinstance(items, list):
        return []
    ids = []
    for item in items:
        citation = item.get(inner) if inner and isinstance(item, dict) else item
        ids.append(citation.get("source") if isinstance(citation, dict) else None)
    return ids


def _kept_list(
    values: YamlValue,
    key: str,
    keep: Callable[[str], bool],
    positions: Positions,
    moved: Positions,
    suffix: str = "",
) -> list[str]:
    """The values of a list that keep() accepts, their positions moved to their new numbers."""
    kept: list[str] = []
    if not isinstance(values, list):
        return kept
    for number, value in enumerate(values):
        if isinstance(value, str) and keep(value):
            spot = positions.get(f"{key}.{number}{suffix}")
            if spot:
                moved[f"{key}.{len(kept)}{suffix}"] = spot
            kept.append(value)
    return kept


def _is_country(code: str) -> bool:
    from civictech_kb.model.vocab import is_country_code

    return is_country_code(code)
