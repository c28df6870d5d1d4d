"""Strict, safe YAML reading with source positions.

Records are written by many hands, so the parser refuses everything a record
never needs and an attacker might use: anchors and aliases (billion laughs),
explicit tags, deep nesting, oversized files and scalars, too many values,
bytes that are not UTF-8, and invisible control or bidirectional-override
characters, whether written raw or as double-quoted escapes. Dates are
kept as the text the author wrote; validation decides what they mean.

This is the one reader of YAML in ctkb (records, vocabularies, the field
guide; `fmt` reads through it too before it rewrites with ruamel.yaml's
round trip). It walks the event stream of libyaml, PyYAML's C parser (or
PyYAML's pure-Python parser, which gives the same events, where libyaml is
missing), checks every event, and builds plain dicts and lists that know
the line and column of their keys and items; nodes are never composed, so
aliases are refused before anything could expand them.
"""

from __future__ import annotations

import re
from collections.abc import Generator, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, cast

from civictech_kb.model.data import YamlValue
from civictech_kb.model.text import HIDDEN, HIDDEN_OR_CR
from civictech_kb.store.file_bytes import MAX_FILE_BYTES as MAX_FILE_BYTES  # re-exported: where callers look
from civictech_kb.store.file_bytes import YamlFault as YamlFault
from civictech_kb.store.file_bytes import read_bounded as read_bounded
from civictech_kb.store.file_bytes import read_with_stat as read_with_stat

if TYPE_CHECKING:
    from yaml.error import MarkedYAMLError, YAMLError
    from yaml.events import Event, ScalarEvent


MAX_SCALAR_CHARS = 64 * 1024
MAX_DEPTH = 12
MAX_INT_DIGITS = 30
# Keys, values and items in one file. A full record has a few hundred; this
# bounds the time one file can take (well under a second, even with the
# pure-Python parser) more tightly than its size does.
MAX_NODES = 5000

# Hidden controls and bidirectional overrides (see safe_text), in the file
# and, after escapes like "\e" or "\u202e" are decoded, in any text.
FORBIDDEN_CHARS = HIDDEN
CHAR_NAMES = {"\x1b": "escape (ESC)", "\x00": "NUL", "\r": "carriage return"}


def describe_char(char: str) -> str:
    return CHAR_NAMES.get(char, f"U+{ord(char):04X}")


def decode_text(data: bytes) -> str:
    """Bytes to text: UTF-8 only, an optional BOM dropped, no hidden controls."""
    if len(data) > MAX_FILE_BYTES:
        raise YamlFault("file-too-large", f"file is larger than the limit of {MAX_FILE_BYTES} bytes")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise YamlFault("bad-encoding", "file is UTF-16; save it as UTF-8", 1, 1)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        column = err.start - (data.rfind(b"\n", 0, err.start) + 1) + 1
        raise YamlFault("bad-encoding", "bytes that are not valid UTF-8", line, column) from None
    text = text.removeprefix("\ufeff")
    bad = FORBIDDEN_CHARS.search(text)
    if bad:
        line = text.count("\n", 0, bad.start()) + 1
        column = bad.start() - (text.rfind("\n", 0, bad.start()) + 1) + 1
        raise YamlFault(
            "control-char", f"forbidden invisible character {describe_char(bad.group())}", line, column
        )
    return text


Place = tuple[int, int]  # 0-based (line, column), as the parser's marks count


class _Mark(Protocol):
    """Where an event starts, in PyYAML's and libyaml's marks alike."""

    line: int
    column: int


class _Positions:
    """Where keys, values and items stand (0-based), in ruamel's `.lc` style."""

    __slots__ = ("_keys", "_values")

    def __init__(self) -> None:
        self._keys: dict[str, Place] = {}
        self._values: dict[str | int, Place] = {}  # by key in a mapping, by index in a sequence

    def key(self, key: str) -> Place:
        return self._keys[key]

    def value(self, key: str) -> Place:
        return self._values[key]

    def item(self, index: int) -> Place:
        return self._values[index]


class PositionedDict(dict[str, YamlValue]):
    """A mapping that remembers where each key and value stands."""

    __slots__ = ("lc",)
    lc: _Positions


class PositionedList(list[YamlValue]):
    """A sequence that remembers where each item stands."""

    __slots__ = ("lc",)
    lc: _Positions


class _Frame:
    """An open mapping or sequence while events are read, and for a mapping
    the key read whose value is still to come."""

    __slots__ = ("container", "key")

    def __init__(self, container: PositionedDict | PositionedList) -> None:
        self.container = container
        self.key: str | None = None


_INT = re.compile(r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?")
_NULL = frozenset({"", "~", "null", "Null", "NULL"})
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}


def _resolve_plain(value: str, mark: _Mark | None) -> YamlValue:
    """A plain scalar by the YAML 1.2 core schema; dates stay text."""
    if value in _NULL:
        return None
    if value in _BOOL:
        return _BOOL[value]
    if _INT.fullmatch(value):
        digits = value.lstrip("+-")
        if len(digits) > MAX_INT_DIGITS:
            raise YamlFault("yaml-syntax", f"number with more than {MAX_INT_DIGITS} digits",
                            *((mark.line + 1, mark.column + 1) if mark else (0, 0)))  # fmt: skip
        if digits.startswith(("0o", "0x")):
            return int(value, 0)
        return int(value, 10)
    if _FLOAT.fullmatch(value):
        return float(value)
    return value


def _events(text: str, fast: bool = True) -> Generator[Event, None, None]:
    """The YAML event stream of text, from libyaml (PyYAML's C parser) when
    it is there and fast is asked for, else from PyYAML's pure-Python parser:
    the same events (a plain scalar's style is "" in one, None in the other)."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader) if fast else yaml.SafeLoader
    # yaml.parse is a generator function (closed in _parse); its stub says Iterator
    return cast("Generator[Event, None, None]", yaml.parse(text, Loader=loader))


def _place(event: Event) -> Place:
    """Where an event starts (0-based); every event a parser yields has a mark."""
    mark = event.start_mark
    return (mark.line, mark.column) if mark is not None else (0, 0)


def _fault(event: Event, code: str, message: str) -> YamlFault:
    line, column = _place(event)
    return YamlFault(code, message, line + 1, column + 1)


def _check_event(event: Event, depth: int, is_scalar: bool) -> None:
    """What every event that makes a node (not an alias: _build refuses
    those first) must satisfy."""
    if getattr(event, "anchor", None):
        raise _fault(event, "yaml-alias", "anchors (&name) are not allowed in records")
    tag = getattr(event, "tag", None)
    if tag is not None and tag not in ("!", "?"):
        raise _fault(event, "yaml-tag", f"explicit tags ({tag}) are not allowed")
    if is_scalar:
        scalar = cast("ScalarEvent", event)
        if len(scalar.value) > MAX_SCALAR_CHARS:
            raise _fault(event, "too-large", f"text longer than {MAX_SCALAR_CHARS} characters")
        if scalar.style == '"':
            _check_escapes(scalar)
    if depth > MAX_DEPTH:
        raise _fault(event, "yaml-depth", f"nested deeper than {MAX_DEPTH} levels")


def _check_escapes(event: ScalarEvent) -> None:
    """A double-quoted scalar's escapes ("\\e", "\\x1b", "\\u202e", "\\r")
    must not smuggle in what the file itself may not contain."""
    bad = HIDDEN_OR_CR.search(event.value)
    if bad:
        raise _fault(event, "control-char", f"forbidden invisible character {describe_char(bad.group())}")


def _build(events: Iterable[Event]) -> YamlValue:
    """Plain data with positions from a parser's event stream, refusing what
    records never need (see the module docstring)."""
    from yaml.events import (
        AliasEvent,
        DocumentStartEvent,
        MappingEndEvent,
        MappingStartEvent,
        ScalarEvent,
        SequenceEndEvent,
        SequenceStartEvent,
        StreamEndEvent,
    )  # fmt: skip

    ends = (MappingEndEvent, SequenceEndEvent)
    stack: list[_Frame] = []
    root: YamlValue = None
    value: YamlValue
    documents = nodes = 0
    for event in events:
        is_scalar = isinstance(event, ScalarEvent)  # most events: the checks below are for the others
        if not is_scalar:
            if isinstance(event, DocumentStartEvent):
                documents += 1
                if documents > 1:
                    raise _fault(event, "yaml-syntax", "more than one YAML document in the file")
                continue
            if isinstance(event, StreamEndEvent):
                break
            if isinstance(event, ends):
                finished = stack.pop().container
                if not stack:
                    root = finished
                continue
            if isinstance(event, AliasEvent):
                raise _fault(event, "yaml-alias", "aliases (*name) are not allowed in records")
        _check_event(event, len(stack) + 1, is_scalar)
        scalar = None  # a scalar's text: a key's, when the mapping open waits for one
        nodes += 1
        if nodes > MAX_NODES:
            raise _fault(event, "too-large", f"more than {MAX_NODES} keys, values and items")
        opened = True
        if is_scalar:
            scalar_event = cast("ScalarEvent", event)
            scalar = scalar_event.value
            plain_style = not scalar_event.style and scalar_event.implicit[0]
            value = _resolve_plain(scalar, scalar_event.start_mark) if plain_style else scalar
            opened = False
        elif isinstance(event, MappingStartEvent):
            value = PositionedDict()
            value.lc = _Positions()
        elif isinstance(event, SequenceStartEvent):
            value = PositionedList()
            value.lc = _Positions()
        else:
            continue
        if not stack:
            if opened:
                stack.append(_Frame(cast("PositionedDict | PositionedList", value)))
            else:
                root = value
            continue
        _attach(stack[-1], value, scalar, event)
        if opened:
            stack.append(_Frame(cast("PositionedDict | PositionedList", value)))
    return root


def _attach(frame: _Frame, value: YamlValue, scalar: str | None, event: Event) -> None:
    container = frame.container
    mark = event.start_mark
    where = (mark.line, mark.column) if mark is not None else (0, 0)
    if isinstance(container, PositionedList):
        container.lc._values[len(container)] = where
        container.append(value)
    elif frame.key is None:
        if scalar is None:
            raise _fault(event, "yaml-syntax", "a key must be plain text, not a list or mapping")
        key = scalar  # keys are always text: `on:` and `1:` name fields
        if key in container:
            raise _fault(event, "duplicate-key", f"duplicate key {key!r}")
        container.lc._keys[key] = where
        frame.key = key
    else:
        container[frame.key] = value
        container.lc._values[frame.key] = where
        frame.key = None


def parse_text(text: str) -> YamlValue:
    """Parse one YAML document strictly into plain data with positions;
    raise YamlFault on anything refused. Text libyaml cannot parse is parsed
    again by the pure-Python parser, which yields events up to the fault, so
    that ctkb's own checks (nesting, escapes) speak first, as they would had
    the whole text been read that way."""
    from yaml.error import YAMLError

    try:
        return _parse(text, fast=True)
    except YAMLError:
        pass
    try:
        return _parse(text, fast=False)
    except YAMLError as err:
        raise _yaml_fault(err, text) from None


def _parse(text: str, fast: bool) -> YamlValue:
    events = _events(text, fast)
    try:
        return _build(events)
    except (ValueError, RecursionError) as err:
        raise YamlFault("yaml-syntax", " ".join(str(err).split())[:200] or "invalid YAML") from None
    finally:
        events.close()  # frees the parser now, not whenever it is collected


def _yaml_fault(err: YAMLError, text: str) -> YamlFault:
    from yaml.error import MarkedYAMLError
    from yaml.reader import ReaderError

    if isinstance(err, MarkedYAMLError):
        return _syntax_fault(err, text)
    if isinstance(err, ReaderError):
        line = text.count("\n", 0, err.position) + 1
        column = err.position - (text.rfind("\n", 0, err.position) + 1) + 1
        shown = describe_char(chr(err.character)) if isinstance(err.character, int) else "character"
        return YamlFault("control-char", f"forbidden {shown}", line, column)
    return YamlFault("yaml-syntax", " ".join(str(err).split())[:200] or "invalid YAML")


def _syntax_fault(err: MarkedYAMLError, text: str) -> YamlFault:
    """A YAML syntax error on the line to fix, with the likely fix: a key
    whose colon is missing is reported on its own line, not the next one; a
    colon inside plain text gets the text quoted."""
    message = " ".join(str(err.problem or err.context or "invalid YAML").split())
    mark = err.problem_mark or err.context_mark
    hint = ""
    if "could not find expected ':'" in message and err.context_mark:
        mark, message, hint = err.context_mark, "a key without its colon", "write key: value"
    line, column = (mark.line + 1, mark.column + 1) if mark else (0, 0)
    if message == "mapping values are not allowed here" and line:
        written = text.splitlines()[line - 1] if line <= len(text.splitlines()) else ""
        key, colon, value = written.partition(": ")
        if colon and value.strip() and not value.lstrip().startswith(("'", '"', "[", "{")):
            import json

            message = "a colon followed by a space inside plain text"
            hint = f"quote the text: {key.strip()}: {json.dumps(value.strip(), ensure_ascii=False)}"
    return YamlFault("yaml-syntax", message, line, column, hint)


def read_yaml(path: Path) -> YamlValue:
    """Read and parse a YAML file with every safety check applied."""
    return parse_text(decode_text(read_bounded(path)))


def position(node: YamlValue, key: str | int) -> tuple[int, int]:
    """1-based (line, column) of a mapping key or sequence item, or (0, 0)."""
    lc = getattr(node, "lc", None)
    if lc is None:
        return (0, 0)
    try:
        line, column = lc.key(key) if isinstance(key, str) else lc.item(key)
    except (KeyError, IndexError, TypeError, AttributeError):
        return (0, 0)
    return (line + 1, column + 1)


def value_position(node: YamlValue, key: str) -> tuple[int, int] | None:
    """1-based (line, column) where a mapping's scalar value stands, if known."""
    try:
        if isinstance(node.get(key), dict | list):
            return None
        line, column = node.lc.value(key)
    except (AttributeError, KeyError, TypeError):
        return None
    return (line + 1, column + 1)


def plain(node: YamlValue) -> YamlValue:
    """Round-trip containers to plain dicts, lists and scalars."""
    if isinstance(node, dict):
        return {str(k) if not isinstance(k, str) else k: plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [plain(v) for v in node]
    if isinstance(node, str):
        return str(node)
    if isinstance(node, bool) or node is None:
        return node
    if isinstance(node, int):
        return int(node)
    if isinstance(node, float):
        return float(node)
    return node
