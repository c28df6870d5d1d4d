"""pydantic validation errors -> Problems with a stable code, the YAML line
and column they concern, and a hint at the likely fix."""

from __future__ import annotations

from typing import Any

from civictech_kb.model import vocab
from civictech_kb.model.problems import CtkbError, Problem
from civictech_kb.model.record import RECORD_TYPES
from civictech_kb.store.strict_yaml import position, value_position

DATE_FIELDS = {"founded", "ended", "start", "end"}
URL_FIELDS = {"website", "url"}
TYPE_ERRORS = {
    "string_type", "int_type", "int_parsing", "float_type", "float_parsing", "list_type",
    "dict_type", "model_type", "model_attributes_type", "bool_type", "int_from_float",
}  # fmt: skip


def problems_from(error: Any, node: dict, shown: str) -> list[Problem]:
    """One Problem per pydantic error, positioned in the YAML node tree."""
    problems = [_problem(detail, node, shown) for detail in error.errors(include_url=False)]
    return list(dict.fromkeys(problems))


def _problem(detail: dict, node: dict, shown: str) -> Problem:
    loc = list(detail["loc"])
    if loc and loc[0] in RECORD_TYPES:
        loc = loc[1:]  # the discriminated union puts the record type first
    if detail["type"] in ("union_tag_not_found", "union_tag_invalid"):
        loc = ["type"]
    loc = [part for part in loc if not _is_validator_name(part)]
    line, column = _locate(node, loc, key_only=detail["type"] == "extra_forbidden")
    code, hint = _classify(detail, loc, node)
    where = ".".join(map(str, loc))
    message = _message(detail, loc)
    return Problem(shown, line, column, code, f"{where}: {message}" if where else message, hint)


def _is_validator_name(part: Any) -> bool:
    # Annotated validators add loc parts like 'function-after[_check_url()]'.
    return isinstance(part, str) and ("[" in part or part in ("str", "int", "float"))


def _locate(node: Any, loc: list, key_only: bool = False) -> tuple[int, int]:
    """The line and column of the deepest part of loc present in the YAML."""
    found = (1, 1)
    for depth, part in enumerate(loc):
        here = position(node, part)
        if here == (0, 0):
            break
        found = here
        if depth == len(loc) - 1 and isinstance(part, str) and not key_only:
            return value_position(node, part) or found
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            break
    return found


def _message(detail: dict, loc: list) -> str:
    kind = detail["type"]
    if kind == "missing":
        return "required field is missing"
    if kind == "extra_forbidden":
        return "unknown field"
    if kind == "string_too_short" and detail.get("ctx", {}).get("min_length") == 1:
        return "is empty; write the text here"
    if kind in ("union_tag_not_found", "union_tag_invalid"):
        return f"must be one of {', '.join(RECORD_TYPES)}"
    if kind == "string_pattern_mismatch":
        field = _field(loc)
        if field in DATE_FIELDS:
            return f"{detail.get('input')!r} is not a date like 2023, 2023-05 or 2023-05-14"
        if field == "id" or "relations" in loc:
            return f"{detail.get('input')!r} is not a lowercase slug like cofact-thailand"
    message = detail["msg"].removeprefix("Value error, ")
    return message


def _field(loc: list) -> str:
    names = [part for part in loc if isinstance(part, str)]
    return names[-1] if names else ""


def _classify(detail: dict, loc: list, node: dict) -> tuple[str, str]:
    kind, field, value = detail["type"], _field(loc), detail.get("input")
    if kind == "extra_forbidden":
        return "unknown-field", _near_field(loc, node)
    if kind == "missing":
        return "missing-field", ""
    if kind in ("union_tag_not_found", "union_tag_invalid"):
        typed = node.get("type")
        near = vocab.suggest(typed, list(RECORD_TYPES)) if isinstance(typed, str) else []
        return "bad-type", f"did you mean {near[0]}?" if near else ""
    if kind in TYPE_ERRORS:
        return "wrong-type", _type_hint(kind)
    if field == "countries" or (loc[:1] == ["countries"]):
        return "bad-country", _country_hint(value)
    if loc[:1] == ["topics"]:
        return "unknown-topic", _topic_hint(value)
    if "category" in loc:
        near = vocab.suggest(str(value), sorted(vocab.category_ids()))
        return "unknown-category", f"did you mean {near[0]}?" if near else ""
    if field in URL_FIELDS:
        return "bad-url", ""
    if field in DATE_FIELDS:
        return "bad-date", ""
    if field == "id" and len(loc) == 1:
        return "bad-id", "ids are lowercase letters, digits and single hyphens"
    if "relations" in loc:
        return "bad-id", ""
    return "bad-value", ""


def _type_hint(kind: str) -> str:
    if kind == "string_type":
        return "quote the value to make it text"
    if kind == "list_type":
        return "write a list, e.g. [a, b] or one '- item' per line"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return "write a mapping of fields (key: value)"
    return ""


def _near_field(loc: list, node: dict) -> str:
    from civictech_kb.model.schema import FIELD_ORDER

    name = str(loc[-1]) if loc else ""
    near = vocab.suggest(name, list(FIELD_ORDER))
    return f"did you mean {near[0]}?" if near else ""


def _country_hint(value: Any) -> str:
    if not isinstance(value, str):
        return ""
    try:
        code = vocab.resolve_country(value)
    except CtkbError:
        return "use an ISO 3166-1 alpha-2 code such as MM, TH or KR"
    return f"{value!r} is {vocab.country_name(code)}: use {code}"


def _topic_hint(value: Any) -> str:
    if not isinstance(value, str):
        return ""
    try:
        return f"did you mean {vocab.resolve_topic(value)}?"
    except CtkbError:
        near = vocab.suggest(value, sorted(vocab.topic_ids()))
        return f"did you mean {near[0]}?" if near else "see `ctkb topics` for the vocabulary"
