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
from dataclasses import dataclass
from functools import cache
from typing import Any

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
    from civictech_kb.store.strict_yaml import YamlFault, parse_text, plain

    original = text
    node = parse_text(text)
    if isinstance(node, dict):
        text = _reorder_top_level(text, node)
    document = _round_trip_parser().load(text)
    if isinstance(document, dict):
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

    def collect(comment) -> None:
        if isinstance(comment, CommentToken):
            found.extend(line.strip() for line in comment.value.splitlines() if line.strip())
        elif isinstance(comment, list | tuple):
            for part in comment:
                collect(part)

    for token in _round_trip_parser().scan(text):
        collect(getattr(token, "_comment", None))
    return sorted(found)


def canonical_data(data: Any) -> Any:
    """Plain record data as the canonical layout orders it (lists sorted)."""
    if not isinstance(data, dict):
        return data
    data = dict(data)
    for key in SORTED_LISTS:
        if isinstance(data.get(key), list):
            data[key] = sorted(data[key], key=_sort_key)
    relations = data.get("relations")
    if isinstance(relations, dict):
        data["relations"] = {k: sorted(v, key=_sort_key) if isinstance(v, list) else v
                             for k, v in relations.items()}  # fmt: skip
    return data


def _sort_key(value: Any) -> tuple[str, str]:
    return (type(value).__name__, str(value))


def _reorder_top_level(text: str, node: dict) -> str:
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
    head, chunks, leading = lines[:first], {}, []
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


def _round_trip_parser():
    """ruamel.yaml's round trip, which keeps comments, for text that the
    strict reader (store/strict_yaml.py) has already accepted; dates stay
    the text they were written as."""
    from ruamel.yaml import YAML
    from ruamel.yaml.constructor import RoundTripConstructor

    class Constructor(RoundTripConstructor):
        pass

    Constructor.add_constructor(DATE_TAG, lambda _, node: DateText(node.value))
    yaml = YAML(typ="rt", pure=True)
    yaml.Constructor = Constructor
    yaml.allow_duplicate_keys = False

    class Representer(yaml.Representer):
        pass

    Representer.add_representer(DateText, lambda self, value: self.represent_scalar(DATE_TAG, value))
    yaml.Representer = Representer
    yaml.preserve_quotes = True
    yaml.width = NO_WIDTH
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def _canonical_record(record) -> None:
    from civictech_kb.model.schema import FIELD_ORDER

    _order_keys(record, FIELD_ORDER)
    _set_flow(record, False)
    for key, value in record.items():
        _canonical_field(record, key, value)
    _canonical_scalars(record)


def _canonical_field(record, key: str, value: Any) -> None:
    orders = _nested_orders()
    if key in SORTED_LISTS and isinstance(value, list):
        _sort_list(value, record, key)
    if key in FLOW_LISTS or key == "names":
        _set_flow(value, True, record, key)
    if key == "relations" and isinstance(value, dict):
        _order_keys(value, orders["relations"])
        _set_flow(value, False, record, key)
        for name, ids in value.items():
            if isinstance(ids, list):
                _sort_list(ids, value, name)
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


def _order_keys(mapping, order: tuple[str, ...]) -> None:
    """Keys in the given order (others after, as they were), comments kept
    with the key they belong to."""
    if not isinstance(mapping, dict) or not order:
        return
    rank = {name: i for i, name in enumerate(order)}
    keys = list(mapping)
    wanted = sorted(keys, key=lambda k: rank.get(k, len(rank)))
    if wanted == keys:
        return
    _move_comment_lines(mapping, keys, wanted)
    _replace_items(mapping, [(key, mapping[key], mapping.ca.items.get(key)) for key in wanted])


def _move_comment_lines(mapping, keys: list, wanted: list) -> None:
    """ruamel keeps the comment lines written above a key with the value
    before it. Before keys move, give those lines to the key that will stand
    before their own key (and the lines closing the mapping to its new last
    key), where both hold plain values; elsewhere they move with the value."""
    from ruamel.yaml.error import CommentMark
    from ruamel.yaml.tokens import CommentToken

    def token(key):
        slots = mapping.ca.items.get(key)
        return slots[2] if slots and len(slots) > 2 and not isinstance(mapping[key], dict | list) else None

    for index, key in enumerate(keys):
        comment = token(key)
        if comment is None or "\n" not in comment.value.rstrip("\n"):
            continue
        eol, _, lines = comment.value.partition("\n")
        owner = keys[index + 1] if index + 1 < len(keys) else None
        position = wanted.index(owner) if owner is not None else len(wanted)
        receiver = wanted[position - 1] if position > 0 else None
        if receiver is None or receiver == key or isinstance(mapping[receiver], dict | list):
            continue
        comment.value = eol + "\n"
        if not eol:
            del mapping.ca.items[key]
        target = token(receiver)
        if target is None:
            mapping.ca.items[receiver] = [None, None, CommentToken("\n" + lines, CommentMark(0)), None]
        else:
            target.value += lines


def _sort_list(items, parent=None, key: Any = None) -> None:
    """Sort a list of ids, each item keeping its end-of-line comment and the
    comment lines just above it (ruamel keeps those with the item before, or
    with the parent's key for the first item); lines after the last item
    stay at the end."""
    order = sorted(range(len(items)), key=lambda i: _sort_key(items[i]))
    if order == list(range(len(items))):
        return
    comments = _ListComments.read(items, parent, key)
    values = [items[i] for i in order]
    moved = {new: items.ca.items[old] for new, old in enumerate(order) if old in items.ca.items}
    items[:] = values
    items.ca.items.clear()
    if comments is None:  # a layout these comments cannot be told apart in: they move with their item
        items.ca.items.update(moved)
    else:
        comments.write(order)


@dataclass
class _ListComments:
    """The comments of a block list of plain items, as text: `above[i]` the
    whole lines above item i (`above[len]` those after the last item),
    `ends[i]` item i's end-of-line comment and its column."""

    items: Any
    parent: Any
    key: Any
    above: list[str]
    ends: dict[int, tuple[str, int]]
    key_end: tuple[str, int] | None

    @classmethod
    def read(cls, items, parent, key) -> _ListComments | None:
        if items.fa.flow_style() or not isinstance(parent, dict) or not hasattr(parent, "ca"):
            return None
        if any(isinstance(item, dict | list) for item in items):
            return None
        slots = parent.ca.items.get(key) or [None] * 4
        above, ends, key_end = [""] * (len(items) + 1), {}, None
        if slots[2] is not None:  # the key's own end-of-line comment, then the lines above item 0
            end, _, above[0] = slots[2].value.partition("\n")
            key_end = (end, slots[2].start_mark.column)
        above[0] += "".join(" " * token.start_mark.column + token.value for token in slots[3] or ())
        for index, entry in items.ca.items.items():
            if any(entry[1:]) or entry[0] is None:
                return None
            end, _, above[index + 1] = entry[0].value.partition("\n")
            if end and not end.startswith("#"):
                return None
            if end:
                ends[index] = (end, entry[0].start_mark.column)
        return cls(items, parent, key, above, ends, key_end)

    def write(self, order: list[int]) -> None:
        from ruamel.yaml.error import CommentMark
        from ruamel.yaml.tokens import CommentToken

        first = self.above[order[0]]
        head = None
        if self.key_end is not None and (self.key_end[0] or first):
            head = CommentToken(self.key_end[0] + "\n" + first, CommentMark(self.key_end[1]))
            first = ""
        lines = [CommentToken(*token) for token in _comment_lines(first)] or None
        slots = [*(self.parent.ca.items.get(self.key) or [None] * 4)[:2], head, lines]
        if any(slots):
            self.parent.ca.items[self.key] = slots
        else:
            self.parent.ca.items.pop(self.key, None)
        self.items.ca.comment = [head, lines] if head or lines else None
        for new, old in enumerate(order):
            end, column = self.ends.get(old, ("", 0))
            after = self.above[order[new + 1]] if new + 1 < len(order) else self.above[-1]
            if end or after:
                token = CommentToken(end + "\n" + after, CommentMark(column))
                self.items.ca.items[new] = [token, None, None, None]


def _comment_lines(text: str) -> list[tuple[str, Any]]:
    """Whole comment lines as ruamel keeps them above a first item: one token
    per comment, with the blank lines after it, at the comment's column."""
    from ruamel.yaml.error import CommentMark

    tokens: list[list] = []
    for line in text.splitlines(keepends=True):
        stripped = line.lstrip(" ")
        if stripped.strip():
            tokens.append([stripped, len(line) - len(stripped)])
        elif tokens:
            tokens[-1][0] += "\n"
        else:
            tokens.append(["\n", 0])
    return [(value, CommentMark(column)) for value, column in tokens]


def _has_comments(node) -> bool:
    ca = getattr(node, "ca", None)
    if ca is None:
        return False
    return bool(ca.comment or ca.items) or any(_has_comments(child) for child in _children(node))


def _children(node) -> list:
    if isinstance(node, dict):
        return list(node.values())
    if isinstance(node, list):
        return list(node)
    return []


def _set_flow(node, flow: bool, parent=None, key: Any = None) -> None:
    """Flow or block style for a mapping or sequence; a block holding
    comments stays block (flow style would drop them), an empty one is flow,
    and one with a comment after it keeps its style (the comment would not fit)."""
    if not isinstance(node, dict | list) or not hasattr(node, "fa"):
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


def _comment_after(parent, key: Any) -> bool:
    """Whether a comment follows the key's (or item's) value on its line, or
    opens a nested block: changing the value's style would misplace it."""
    slots = getattr(getattr(parent, "ca", None), "items", {}).get(key) or ()
    wanted = (2, 3) if isinstance(parent, dict) else (0, 1)
    return any(index < len(slots) and slots[index] for index in wanted)


def _flatten_block_text(node) -> None:
    """Folded or literal text cannot stand in a flow collection: plain text
    (quoted by the emitter as needed) says the same."""
    from ruamel.yaml.scalarstring import FoldedScalarString, LiteralScalarString

    for index, child in enumerate(_children(node)):
        if isinstance(child, FoldedScalarString | LiteralScalarString):
            key = list(node)[index] if isinstance(node, dict) else index
            node[key] = str(child)


def _canonical_scalars(node) -> None:
    """Single-quoted text becomes double-quoted; quoted keys become plain."""
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString, SingleQuotedScalarString

    if isinstance(node, dict):
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


def _plain_keys(mapping) -> None:
    _replace_items(mapping, [(str(key), mapping[key], mapping.ca.items.get(key)) for key in mapping])


def _replace_items(mapping, items: list[tuple]) -> None:
    """Empty the mapping, then put back (key, value, comment) in the order given."""
    for key in list(mapping):
        del mapping[key]
    for key, value, comment in items:
        mapping[key] = value
        if comment is not None:
            mapping.ca.items[key] = comment
