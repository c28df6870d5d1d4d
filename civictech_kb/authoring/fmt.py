"""`ctkb fmt`: one canonical layout for record files, keeping comments and
every character of what the author wrote.

The canonical layout:
- fields in schema order (`model.FIELD_ORDER`; nested fields in model order),
  a top-level field moving with the comment lines written just above it;
- countries, topics and relation ids sorted (their order carries no meaning),
  each item moving with its comments (the lines above it and at its end);
- short lists (aliases, countries, topics, relation ids), `names` and each
  figure in flow style, everything else in block style, indented 2 and 4;
- one quote character (double), keys never quoted; plain, quoted and block
  text kept as written, only never wrapped (no line width), LF line ends.

A file is only ever written when it parses and validates, and when its
formatted text reads back as the same data with every comment, is itself
canonical (formatting twice changes nothing); fmt_files rewrites files
without ever losing an edit.
"""

from __future__ import annotations

import io
from functools import cache
from typing import TYPE_CHECKING

from civictech_kb.authoring.comments import move_comment_lines, sort_key, sort_list
from civictech_kb.model.data import YamlMapping, YamlValue

if TYPE_CHECKING:
    from ruamel.yaml import YAML
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

SORTED_LISTS = ("countries", "topics")
FLOW_LISTS = ("aliases", "countries", "topics")
BLOCK_LISTS = ("links", "challenges", "lessons", "figures", "milestones", "sources")
NO_WIDTH = 1 << 20  # never wrap a line
DATE_TAG = "tag:yaml.org,2002:timestamp"


class NotCanonical(Exception):
    """Formatting would change the data or is not stable; nothing is written."""


@cache
def _nested_orders() -> dict[str, tuple[str, ...]]:
    from civictech_kb.model.schema import Archive, Challenge, Citation, Figure, Link, Milestone, Relations

    return {
        "links": tuple(Link.model_fields),
        "challenges": tuple(Challenge.model_fields),
        "figures": tuple(Figure.model_fields),
        "milestones": tuple(Milestone.model_fields),
        "sources": tuple(Citation.model_fields),
        "relations": tuple(Relations.model_fields),
        "archive": tuple(Archive.model_fields),
    }


# -- text ----------------------------------------------------------------------


def format_text(text: str) -> str:
    """The canonical text of one record's YAML text.

    Raises YamlFault when the strict parser refuses the text, NotCanonical
    when the result would not read back as the same data or is not stable.
    """
    result = _layout(text)
    if result != text and _layout(result) != result:
        raise NotCanonical("formatting is not stable for this file; please report it")
    return result


def _layout(text: str) -> str:
    from ruamel.yaml.comments import CommentedMap

    from civictech_kb.store.strict_yaml import YamlFault, parse_text, plain

    original = text
    node = parse_text(text)
    if isinstance(node, dict):
        text = _reorder_top_level(text, node)
    document = _round_trip_parser().load(text)
    if isinstance(document, CommentedMap):
        _canonical_record(document)
    out = io.StringIO()
    _round_trip_parser().dump(document, out)
    result = out.getvalue()
    if result == original:
        return result
    try:
        same = plain(parse_text(result)) == canonical_data(plain(node))
    except YamlFault:
        same = False
    if not same:
        raise NotCanonical("formatting would change the data of this file; please report it")
    if _comments(result) != _comments(original):
        raise NotCanonical(
            "formatting would lose a comment of this file: a comment inside [...] or {...} "
            "cannot be kept; write that list or mapping one item a line"
        )
    return result


def _comments(text: str) -> list[str]:
    """Every comment of a YAML text, as stripped lines in sorted order."""
    from ruamel.yaml.tokens import CommentToken

    found: list[str] = []

    def collect(comment: object) -> None:
        if isinstance(comment, CommentToken):
            found.extend(line.strip() for line in comment.value.splitlines() if line.strip())
        elif isinstance(comment, list | tuple):
            for part in comment:
                collect(part)

    for token in _round_trip_parser().scan(text):
        collect(getattr(token, "_comment", None))
    return sorted(found)


def canonical_data(data: YamlValue) -> YamlValue:
    """Plain record data as the canonical layout orders it (lists sorted)."""
    if not isinstance(data, dict):
        return data
    data = dict(data)
    for key in SORTED_LISTS:
        if isinstance(data.get(key), list):
            data[key] = sorted(data[key], key=sort_key)
    relations = data.get("relations")
    if isinstance(relations, dict):
        data["relations"] = {k: sorted(v, key=sort_key) if isinstance(v, list) else v
                             for k, v in relations.items()}  # fmt: skip
    return data


def _reorder_top_level(text: str, node: YamlMapping) -> str:
    """Top-level fields of a block mapping in schema order, each moving with
    the comment lines just above it; the file's opening and closing comments
    stay in place."""
    from civictech_kb.model.schema import FIELD_ORDER
    from civictech_kb.store.strict_yaml import position

    starts = {key: position(node, key) for key in node}
    if any(column != 1 for _, column in starts.values()) or len({ln for ln, _ in starts.values()}) < len(
        starts
    ):
        return text  # a flow mapping: reordered in the round-trip tree instead
    rank = {name: i for i, name in enumerate(FIELD_ORDER)}
    keys = sorted(node, key=lambda k: starts[k][0])
    wanted = sorted(keys, key=lambda k: rank.get(k, len(rank)))
    if wanted == keys:
        return text
    lines = text.splitlines(keepends=True)
    first = starts[keys[0]][0] - 1
    head = lines[:first]
    chunks: dict[str, list[str]] = {}
    leading: list[str] = []
    bounds = [starts[k][0] - 1 for k in keys] + [len(lines)]
    for key, begin, end in zip(keys, bounds, bounds[1:], strict=False):
        body = lines[begin:end]
        above = leading
        leading = []
        while len(body) > 1 and body[-1].startswith("#"):
            leading.insert(0, body.pop())
        chunks[key] = above + body
    tail = leading
    out = head + [line for key in wanted for line in chunks[key]] + tail
    return "".join(line if line.endswith("\n") else line + "\n" for line in out)


# -- the round-trip tree ---------------------------------------------------------


class DateText(str):
    """A date written plain (`start: 2024-03-09`): read as text, as records
    hold dates, and written back plain, not quoted as text that looks like a
    date would be."""


def _round_trip_parser() -> YAML:
    """ruamel.yaml's round trip, which keeps comments, for text that the
    strict reader (store/strict_yaml.py) has already accepted; dates stay
    the text they were written as."""
    from ruamel.yaml import YAML
    from ruamel.yaml.constructor import RoundTripConstructor
    from ruamel.yaml.representer import RoundTripRepresenter

    class Constructor(RoundTripConstructor):
        pass

    Constructor.add_constructor(DATE_TAG, lambda _, node: DateText(node.value))
    yaml = YAML(typ="rt", pure=True)
    yaml.Constructor = Constructor
    yaml.allow_duplicate_keys = False

    class Representer(RoundTripRepresenter):  # what YAML(typ="rt") represents with
        pass

    Representer.add_representer(DateText, lambda self, value: self.represent_scalar(DATE_TAG, value))
    yaml.Representer = Representer
    yaml.preserve_quotes = True
    yaml.width = NO_WIDTH
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def _canonical_record(record: CommentedMap) -> None:
    from civictech_kb.model.schema import FIELD_ORDER

    _order_keys(record, FIELD_ORDER)
    _set_flow(record, False)
    for key, value in record.items():
        _canonical_field(record, key, value)
    _canonical_scalars(record)


def _canonical_field(record: CommentedMap, key: str, value: YamlValue) -> None:
    from ruamel.yaml.comments import CommentedSeq

    orders = _nested_orders()
    if key in SORTED_LISTS and isinstance(value, CommentedSeq):
        sort_list(value, record, key)
    if key in FLOW_LISTS or key == "names":
        _set_flow(value, True, record, key)
    if key == "relations" and isinstance(value, dict):
        _order_keys(value, orders["relations"])
        _set_flow(value, False, record, key)
        for name, ids in value.items():
            if isinstance(ids, CommentedSeq):
                sort_list(ids, value, name)
                _set_flow(ids, True, value, name)
    if key in BLOCK_LISTS and isinstance(value, list):
        _set_flow(value, False, record, key)
        for index, item in enumerate(value):
            if isinstance(item, dict):
                _order_keys(item, orders.get(key, ()))
                _set_flow(item, key == "figures", value, index)
            if key == "challenges" and isinstance(item, dict):
                _set_flow(item.get("responses"), False, item, "responses")
            if key == "milestones" and isinstance(item, dict) and isinstance(item.get("source"), dict):
                _order_keys(item["source"], orders["sources"])
                _set_flow(item["source"], True, item, "source")
    if key == "archive" and isinstance(value, dict):
        _order_keys(value, orders["archive"])
        _set_flow(value, False, record, key)


def _order_keys(mapping: YamlValue, order: tuple[str, ...]) -> None:
    """Keys in the given order (others after, as they were), comments kept
    with the key they belong to."""
    from ruamel.yaml.comments import CommentedMap

    if not isinstance(mapping, CommentedMap) or not order:
        return
    rank = {name: i for i, name in enumerate(order)}
    keys = list(mapping)
    wanted = sorted(keys, key=lambda k: rank.get(k, len(rank)))
    if wanted == keys:
        return
    move_comment_lines(mapping, keys, wanted)
    _replace_items(mapping, [(key, mapping[key], mapping.ca.items.get(key)) for key in wanted])


def _has_comments(node: YamlValue) -> bool:
    ca = getattr(node, "ca", None)
    if ca is None:
        return False
    return bool(ca.comment or ca.items) or any(_has_comments(child) for child in _children(node))


def _children(node: YamlValue) -> list[YamlValue]:
    if isinstance(node, dict):
        return list(node.values())
    if isinstance(node, list):
        return list(node)
    return []


def _set_flow(node: YamlValue, flow: bool, parent: YamlValue = None, key: str | int | None = None) -> None:
    """Flow or block style for a mapping or sequence; a block holding
    comments stays block (flow style would drop them), an empty one is flow,
    and one with a comment after it keeps its style (the comment would not fit)."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if not isinstance(node, CommentedMap | CommentedSeq):
        return
    if node and node.fa.flow_style() != flow and _comment_after(parent, key):
        return
    if not node:
        node.fa.set_flow_style()
    elif flow and not _has_comments(node):
        node.fa.set_flow_style()
        _flatten_block_text(node)
    elif not flow:
        node.fa.set_block_style()


def _comment_after(parent: YamlValue, key: str | int | None) -> bool:
    """Whether a comment follows the key's (or item's) value on its line, or
    opens a nested block: changing the value's style would misplace it."""
    slots = getattr(getattr(parent, "ca", None), "items", {}).get(key) or ()
    wanted = (2, 3) if isinstance(parent, dict) else (0, 1)
    return any(index < len(slots) and slots[index] for index in wanted)


def _flatten_block_text(node: CommentedMap | CommentedSeq) -> None:
    """Folded or literal text cannot stand in a flow collection: plain text
    (quoted by the emitter as needed) says the same."""
    from ruamel.yaml.scalarstring import FoldedScalarString, LiteralScalarString

    for index, child in enumerate(_children(node)):
        if isinstance(child, FoldedScalarString | LiteralScalarString):
            key = list(node)[index] if isinstance(node, dict) else index
            node[key] = str(child)


def _canonical_scalars(node: YamlValue) -> None:
    """Single-quoted text becomes double-quoted; quoted keys become plain."""
    from ruamel.yaml.comments import CommentedMap
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString, SingleQuotedScalarString

    if isinstance(node, CommentedMap):
        for key in list(node):
            value = node[key]
            if isinstance(value, SingleQuotedScalarString):
                node[key] = DoubleQuotedScalarString(str(value))
            _canonical_scalars(value)
        if any(type(key) is not str for key in node):
            _plain_keys(node)
    elif isinstance(node, list):
        for index, value in enumerate(node):
            if isinstance(value, SingleQuotedScalarString):
                node[index] = DoubleQuotedScalarString(str(value))
            _canonical_scalars(value)


def _plain_keys(mapping: CommentedMap) -> None:
    _replace_items(mapping, [(str(key), mapping[key], mapping.ca.items.get(key)) for key in mapping])


def _replace_items(mapping: CommentedMap, items: list[tuple[str, YamlValue, object]]) -> None:
    """Empty the mapping, then put back (key, value, comment) in the order given."""
    for key in list(mapping):
        del mapping[key]
    for key, value, comment in items:
        mapping[key] = value
        if comment is not None:
            mapping.ca.items[key] = comment
