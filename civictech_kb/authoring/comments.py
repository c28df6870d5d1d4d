"""Comments that travel with what they annotate when `ctkb fmt` reorders
keys or sorts a list: ruamel keeps a comment line with the value before it,
so moving values alone would give comments to the wrong item."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from civictech_kb.model.data import YamlValue

if TYPE_CHECKING:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq
    from ruamel.yaml.error import CommentMark
    from ruamel.yaml.tokens import CommentToken


def sort_key(value: YamlValue) -> tuple[str, str]:
    return (type(value).__name__, str(value))


def move_comment_lines(mapping: CommentedMap, keys: list[str], wanted: list[str]) -> None:
    """ruamel keeps the comment lines written above a key with the value
    before it. Before keys move, give those lines to the key that will stand
    before their own key (and the lines closing the mapping to its new last
    key), where both hold plain values; elsewhere they move with the value."""
    from ruamel.yaml.error import CommentMark
    from ruamel.yaml.tokens import CommentToken

    def token(key: str) -> CommentToken | None:
        slots = mapping.ca.items.get(key)
        found: CommentToken | None = (
            slots[2] if slots and len(slots) > 2 and not isinstance(mapping[key], dict | list) else None
        )
        return found

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


def sort_list(items: CommentedSeq, parent: YamlValue = None, key: str | int | None = None) -> None:
    """Sort a list of ids, each item keeping its end-of-line comment and the
    comment lines just above it (ruamel keeps those with the item before, or
    with the parent's key for the first item); lines after the last item
    stay at the end."""
    order = sorted(range(len(items)), key=lambda i: sort_key(items[i]))
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

    items: CommentedSeq
    parent: CommentedMap
    key: str | int | None
    above: list[str]
    ends: dict[int, tuple[str, int]]
    key_end: tuple[str, int] | None

    @classmethod
    def read(cls, items: CommentedSeq, parent: YamlValue, key: str | int | None) -> _ListComments | None:
        from ruamel.yaml.comments import CommentedMap

        if items.fa.flow_style() or not isinstance(parent, CommentedMap):
            return None
        if any(isinstance(item, dict | list) for item in items):
            return None
        slots = parent.ca.items.get(key) or [None] * 4
        above = [""] * (len(items) + 1)
        ends: dict[int, tuple[str, int]] = {}
        key_end: tuple[str, int] | None = None
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


def _comment_lines(text: str) -> list[tuple[str, CommentMark]]:
    """Whole comment lines as ruamel keeps them above a first item: one token
    per comment, with the blank lines after it, at the comment's column."""
    from ruamel.yaml.error import CommentMark

    tokens: list[tuple[str, int]] = []  # (text, column)
    for line in text.splitlines(keepends=True):
        stripped = line.lstrip(" ")
        if stripped.strip():
            tokens.append((stripped, len(line) - len(stripped)))
        elif tokens:
            tokens[-1] = (tokens[-1][0] + "\n", tokens[-1][1])
        else:
            tokens.append(("\n", 0))
    return [(value, CommentMark(column)) for value, column in tokens]
