"""pydantic validation errors -> Problems with a stable code, the YAML line
and column they concern, and a hint at the likely fix."""

from __future__ import annotations

from typing import TYPE_CHECKING

from civictech_kb.model import vocab
from civictech_kb.model.data import YamlValue
from civictech_kb.model.dates import out_of_order
from civictech_kb.model.problems import CtkbError, FieldConflict, Problem
from civictech_kb.model.record import RECORD_TYPES, TYPE_DIRS
from civictech_kb.model.vocabulary import Vocabulary, builtin_vocabulary
from civictech_kb.store.strict_yaml import position, value_position

if TYPE_CHECKING:
    from pydantic import ValidationError
    from pydantic_core import ErrorDetails

Loc = list[str | int]  # a path into a record: ["challenges", 0, "category"]

DATE_FIELDS = {"founded", "ended", "start", "end"}
URL_FIELDS = {"website", "url"}
TYPE_ERRORS = {
    "string_type", "int_type", "int_parsing", "float_type", "float_parsing", "list_type",
    "dict_type", "model_type", "model_attributes_type", "bool_type", "int_from_float",
}  # fmt: skip


NUMBER_ERRORS = {"int_type", "int_parsing", "float_type", "float_parsing", "int_from_float"}
DATE_COUNTERPARTS = {"start": "founded", "end": "ended", "founded": "start", "ended": "end"}
NESTED_MODELS = {"links": "Link", "challenges": "Challenge", "figures": "Figure", "sources": "Citation",
                 "relations": "Relations"}  # fmt: skip


def problems_from(
    error: ValidationError, node: YamlValue, shown: str, vocabulary: Vocabulary | None = None
) -> list[Problem]:
    """One Problem per place in the YAML node tree: pydantic reports a value
    that fits no branch of a union (a figure that is neither an int nor a
    float) once per branch. Topics and categories are suggested from the
    vocabulary the record was checked against (default: the built-in one)."""
    by_place: dict[tuple[str | int, ...], ErrorDetails] = {}
    for detail in error.errors(include_url=False):
        place = tuple(part for part in detail["loc"] if not _is_validator_name(part))
        first = by_place.setdefault(place, detail)
        if detail["type"] == "finite_number":  # a number, but not a figure: say that
            by_place[place] = detail
        elif first is not detail and {first["type"], detail["type"]} <= NUMBER_ERRORS:
            by_place[place] = {**first, "type": "number_type"}
    words = vocabulary or builtin_vocabulary()
    return list(dict.fromkeys(_problem(detail, node, shown, words) for detail in by_place.values()))


def vocabulary_problems(error: ValidationError, node: YamlValue, shown: str) -> list[Problem]:
    """The Problems of a vocabulary file (store/vocabulary_file.py)."""
    from civictech_kb.model.additions import SECTIONS

    found = []
    for detail in error.errors(include_url=False):
        loc: Loc = [part for part in detail["loc"] if not _is_validator_name(part)]
        kind, value = detail["type"], detail.get("input")
        line, column = _locate(node, loc, key_only=kind == "extra_forbidden")
        model = SECTIONS.get(str(loc[0])) if len(loc) > 2 else None
        if kind == "extra_forbidden":
            near = vocab.suggest(str(loc[-1]), list(model.model_fields if model else SECTIONS))
            code, hint = "unknown-field", f"did you mean {near[0]}?" if near else ""
        elif kind == "missing":
            code, hint = "missing-field", ""
        elif kind in TYPE_ERRORS:
            code, hint = "wrong-type", _type_hint(kind)
        elif _field(loc) == "id":
            code, hint = "bad-id", _id_hint(value, file=False)
        else:
            code, hint = "bad-value", ""
        message = _message(detail, loc)
        if kind == "string_pattern_mismatch" and _field(loc) == "id":
            message = f"{value!r} is not a lowercase slug like river-monitoring"
        found.append(Problem(shown, line, column, code, f"{'.'.join(map(str, loc))}: {message}", hint))
    return list(dict.fromkeys(found))


def _problem(detail: ErrorDetails, node: YamlValue, shown: str, words: Vocabulary) -> Problem:
    loc: Loc = list(detail["loc"])
    if loc and loc[0] in RECORD_TYPES:
        loc = loc[1:]  # the discriminated union puts the record type first
    if detail["type"] in ("union_tag_not_found", "union_tag_invalid"):
        loc = ["type"]
    loc = [part for part in loc if not _is_validator_name(part)]
    conflict = detail.get("ctx", {}).get("error")
    if isinstance(conflict, FieldConflict) and conflict.field:
        loc.append(conflict.field)  # point at the field to fix, not at its mapping
    line, column = _locate(node, loc, key_only=detail["type"] == "extra_forbidden")
    code, hint = _classify(detail, loc, node, words)
    where = ".".join(map(str, loc))
    message = _message(detail, loc)
    return Problem(shown, line, column, code, f"{where}: {message}" if where else message, hint)


def date_order_problems(node: YamlValue, shown: str) -> list[Problem]:
    """The dates out of order in a record that failed validation (pydantic
    checks the order only once every field is valid), as validation says it."""
    wrong = out_of_order(node, node.get("type")) if isinstance(node, dict) else None
    if wrong is None:
        return []
    field, why = wrong
    line, column = _locate(node, [field])
    return [Problem(shown, line, column, "bad-date", f"{field}: {why}")]


def _is_validator_name(part: str | int) -> bool:
    # Annotated validators add loc parts like 'function-after[_check_url()]'.
    return isinstance(part, str) and ("[" in part or part in ("str", "int", "float"))


def _locate(node: YamlValue, loc: Loc, key_only: bool = False) -> tuple[int, int]:
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


def _message(detail: ErrorDetails, loc: Loc) -> str:
    kind = detail["type"]
    if kind == "missing":
        return "required field is missing"
    if kind == "extra_forbidden":
        return "unknown field"
    if kind == "string_too_short" and detail.get("ctx", {}).get("min_length") == 1:
        return "is empty; write the text here"
    if kind in ("union_tag_not_found", "union_tag_invalid"):
        return f"must be one of {', '.join(RECORD_TYPES)}"
    if kind == "enum":
        return f"{detail.get('input')!r} is not one of {detail['ctx']['expected'].replace(chr(39), '')}"
    if kind == "number_type":
        return f"{detail.get('input')!r} is not a number"
    if kind == "string_pattern_mismatch":
        field = _field(loc)
        if field in DATE_FIELDS:
            return f"{detail.get('input')!r} is not a date like 2023, 2023-05 or 2023-05-14"
        if field == "id" or "relations" in loc:
            return f"{detail.get('input')!r} is not a lowercase slug like cofact-thailand"
    message = detail["msg"].removeprefix("Value error, ")
    return message


def _field(loc: Loc) -> str:
    names = [part for part in loc if isinstance(part, str)]
    return names[-1] if names else ""


def _classify(detail: ErrorDetails, loc: Loc, node: YamlValue, words: Vocabulary) -> tuple[str, str]:
    kind, field, value = detail["type"], _field(loc), detail.get("input")
    if kind == "extra_forbidden":
        return "unknown-field", _near_field(loc, node)
    if kind == "number_type":
        return "wrong-type", "write a number such as 544 or 2.5"
    if kind == "enum":
        return "bad-value", _did_you_mean(
            value, [c.strip(" '") for c in detail["ctx"]["expected"].replace(" or ", ",").split(",")]
        )
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
        return "unknown-topic", _topic_hint(value, words)
    if "category" in loc:
        near = vocab.suggest(str(value), sorted(words.categories))
        return "unknown-category", f"did you mean {near[0]}?" if near else ""
    if field in URL_FIELDS:
        return "bad-url", ""
    if field in DATE_FIELDS:
        return "bad-date", ""
    if field == "id" and len(loc) == 1:
        return "bad-id", _id_hint(value)
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


def _did_you_mean(value: YamlValue, choices: list[str]) -> str:
    if not isinstance(value, str):
        return ""
    near = [value.lower()] if value.lower() in choices else vocab.suggest(value.lower(), choices)
    return f"did you mean {near[0]}?" if near else ""


def _id_hint(value: YamlValue, file: bool = True) -> str:
    from civictech_kb.model.slug import slugify

    try:
        suggested = slugify(value) if isinstance(value, str) else ""
    except ValueError:
        suggested = ""
    rule = "ids are lowercase letters, digits and single hyphens"
    if not suggested:
        return rule
    return f"{rule}, e.g. id: {suggested}" + (f" (and the file {suggested}.yaml)" if file else "")


def _near_field(loc: Loc, node: YamlValue) -> str:
    """The field meant by an unknown key: among the fields of the mapping
    it is in (a challenge's, a figure's...), or, for a field another record
    type has, that type and what this one uses instead."""
    from civictech_kb.model import schema

    name = str(loc[-1]) if loc else ""
    record_type = node.get("type") if isinstance(node, dict) else None
    model = schema.MODELS.get(record_type) if isinstance(record_type, str) else None
    parent = next((part for part in reversed(loc[:-1]) if isinstance(part, str)), None)
    if parent in NESTED_MODELS:
        fields = list(getattr(schema, NESTED_MODELS[parent]).model_fields)
    else:
        fields = list(model.model_fields) if model else list(schema.FIELD_ORDER)
    if parent is None and model and name in schema.FIELD_ORDER:
        owners = [t for t, m in schema.MODELS.items() if name in m.model_fields]
        instead = DATE_COUNTERPARTS.get(name)
        also = f"; a {record_type} has {instead}" if instead in fields else ""
        return f"{name} is a field of {', '.join(TYPE_DIRS[t] for t in owners)}{also}"
    near = vocab.suggest(name, fields)
    return f"did you mean {near[0]}?" if near else ""


def _country_hint(value: YamlValue) -> str:
    if not isinstance(value, str):
        return ""
    try:
        code = vocab.resolve_country(value)
    except CtkbError:
        return "use an ISO 3166-1 alpha-2 code such as MM, TH or KR"
    return f"{value!r} is {vocab.country_in_text(code)}: use {code}"


def _topic_hint(value: YamlValue, words: Vocabulary) -> str:
    if not isinstance(value, str):
        return ""
    try:
        return f"did you mean {words.resolve_topic(value)}?"
    except CtkbError:
        near = vocab.suggest(value, sorted(words.topics))
        return f"did you mean {near[0]}?" if near else "see `ctkb topics` for the vocabulary"
