"""Strict, safe YAML reading with source positions.

Records are written by many hands, so the parser refuses everything a record
never needs and an attacker might use: anchors and aliases (billion laughs),
explicit tags, deep nesting, oversized files and scalars, bytes that are not
UTF-8, and invisible control or bidirectional-override characters. Dates are
kept as the text the author wrote; validation decides what they mean.

Parsing uses ruamel.yaml's pure-Python round-trip mode, so every mapping and
sequence knows the line and column of its keys and items.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

MAX_FILE_BYTES = 512 * 1024
MAX_SCALAR_CHARS = 64 * 1024
MAX_DEPTH = 12
MAX_INT_DIGITS = 30

# C0 controls except tab, newline and carriage return; DEL; C1 controls;
# bidirectional embeddings, overrides and isolates.
FORBIDDEN_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
CHAR_NAMES = {"\x1b": "escape (ESC)", "\x00": "NUL"}


@dataclass
class YamlFault(Exception):
    """Why a YAML text was refused, and where (1-based line and column)."""

    code: str
    message: str
    line: int = 0
    column: int = 0


def describe_char(char: str) -> str:
    return CHAR_NAMES.get(char, f"U+{ord(char):04X}")


def decode_text(data: bytes) -> str:
    """Bytes to text: UTF-8 only, an optional BOM dropped, no hidden controls."""
    if len(data) > MAX_FILE_BYTES:
        raise YamlFault("file-too-large", f"file is {len(data)} bytes; the limit is {MAX_FILE_BYTES}")
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


def _build_parser():
    from ruamel.yaml import YAML
    from ruamel.yaml.composer import Composer
    from ruamel.yaml.constructor import ConstructorError, RoundTripConstructor
    from ruamel.yaml.events import AliasEvent, MappingStartEvent, ScalarEvent, SequenceStartEvent

    def fault_at(event, code: str, message: str) -> YamlFault:
        mark = event.start_mark
        return YamlFault(code, message, mark.line + 1, mark.column + 1)

    class StrictComposer(Composer):
        depth = 0

        def compose_node(self, parent, index):
            event = self.parser.peek_event()
            if isinstance(event, AliasEvent):
                raise fault_at(event, "yaml-alias", "aliases (*name) are not allowed in records")
            if getattr(event, "anchor", None):
                raise fault_at(event, "yaml-alias", "anchors (&name) are not allowed in records")
            if getattr(event, "tag", None) and not getattr(event, "implicit", (True,))[0]:
                raise fault_at(event, "yaml-tag", f"explicit tags ({event.tag}) are not allowed")
            if isinstance(event, ScalarEvent) and len(event.value) > MAX_SCALAR_CHARS:
                raise fault_at(event, "too-large", f"text longer than {MAX_SCALAR_CHARS} characters")
            nests = isinstance(event, MappingStartEvent | SequenceStartEvent)
            if nests:
                self.depth += 1
                if self.depth > MAX_DEPTH:
                    raise fault_at(event, "yaml-depth", f"nested deeper than {MAX_DEPTH} levels")
            try:
                return super().compose_node(parent, index)
            finally:
                if nests:
                    self.depth -= 1

    class StrictConstructor(RoundTripConstructor):
        def construct_yaml_int(self, node):
            digits = node.value.lstrip("+-").replace("_", "")
            if len(digits) > MAX_INT_DIGITS:
                raise ConstructorError(
                    None, None, f"number with more than {MAX_INT_DIGITS} digits", node.start_mark
                )
            return super().construct_yaml_int(node)

        def construct_as_text(self, node):
            return str(node.value)

    StrictConstructor.add_constructor("tag:yaml.org,2002:int", StrictConstructor.construct_yaml_int)
    StrictConstructor.add_constructor("tag:yaml.org,2002:timestamp", StrictConstructor.construct_as_text)

    yaml = YAML(typ="rt", pure=True)
    yaml.Composer = StrictComposer
    yaml.Constructor = StrictConstructor
    yaml.allow_duplicate_keys = False
    return yaml


def parse_text(text: str) -> Any:
    """Parse one YAML document strictly; raise YamlFault on anything refused."""
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    yaml = _build_parser()
    try:
        return yaml.load(text)
    except YamlFault:
        raise
    except MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        code = "duplicate-key" if "duplicate key" in str(err.problem) else "yaml-syntax"
        message = " ".join(str(err.problem or err.context or "invalid YAML").split())
        if "expected a single document" in str(err):
            code, message = "yaml-syntax", "more than one YAML document in the file"
        raise YamlFault(code, message, line, column) from None
    except (YAMLError, ValueError, RecursionError) as err:
        raise YamlFault("yaml-syntax", " ".join(str(err).split())[:200] or "invalid YAML") from None


def read_yaml(path: Path) -> Any:
    """Read and parse a YAML file with every safety check applied."""
    try:
        data = path.read_bytes()
    except OSError as err:
        raise YamlFault("unreadable", err.strerror or "cannot read file") from None
    return parse_text(decode_text(data))


def position(node: Any, key: Any) -> tuple[int, int]:
    """1-based (line, column) of a mapping key or sequence item, or (0, 0)."""
    lc = getattr(node, "lc", None)
    if lc is None:
        return (0, 0)
    try:
        line, column = lc.key(key) if isinstance(key, str) else lc.item(key)
    except (KeyError, IndexError, TypeError, AttributeError):
        return (0, 0)
    return (line + 1, column + 1)


def value_position(node: Any, key: str) -> tuple[int, int] | None:
    """1-based (line, column) where a mapping's scalar value stands, if known."""
    try:
        if isinstance(node.get(key), dict | list):
            return None
        line, column = node.lc.value(key)
    except (AttributeError, KeyError, TypeError):
        return None
    return (line + 1, column + 1)


def plain(node: Any) -> Any:
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
