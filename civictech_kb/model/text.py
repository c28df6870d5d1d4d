"""Text from records made harmless for whatever shows it.

Record text reaches terminals, where a control character can move the
cursor, recolour or retitle the window, or hide what follows, and where a
bidirectional override can make text read differently from what it is. The
loader refuses such characters in records; these functions are the second
line, applied to everything ctkb writes, so a file name or a message built
from one cannot carry them either. A hidden character is shown as its
JSON-style escape (\\u001b), which keeps it visible and keeps JSON valid.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

# Characters that hide text: tag characters (U+E0000-E007F, which spell
# ASCII no one sees), the 66 noncharacters, and the Hangul fillers that
# render as blank letters.
NONCHARACTERS = "\ufdd0-\ufdef" + "".join(
    f"{chr(p * 0x10000 + 0xFFFE)}{chr(p * 0x10000 + 0xFFFF)}" for p in range(17)
)
FILLERS = "\u115f\u1160\u3164\uffa0"
HIDING_CHARS = f"\U000e0000-\U000e007f{NONCHARACTERS}{FILLERS}"
# C0 controls except tab, line feed and carriage return; DEL; C1 controls;
# bidirectional embeddings, overrides and isolates; lone surrogates (which
# cannot be written as UTF-8); and the characters that hide text.
HIDDEN_CHARS = f"\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff{HIDING_CHARS}"
HIDDEN = re.compile(f"[{HIDDEN_CHARS}]")
# ...and carriage return, which lets a line overwrite itself on a terminal.
HIDDEN_OR_CR = re.compile(f"[{HIDDEN_CHARS}\r]")


@cache
def _line_breaks() -> re.Pattern[str]:
    # Compiled on first use (about 0.6 ms, as each class here): only a message on stderr needs it.
    return re.compile(f"[{HIDDEN_CHARS}\r\n\u2028\u2029]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code > 0xFFFF:  # as JSON writes it: a UTF-16 surrogate pair
        code -= 0x10000
        return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
    return f"\\u{code:04x}"


def visible(text: str) -> str:
    """Text with every hidden control character (and carriage return, which
    lets a line overwrite itself) shown as an escape; tabs and newlines kept."""
    return HIDDEN_OR_CR.sub(_escape, text)


def one_line(text: str) -> str:
    """visible(), and line breaks shown as escapes too: one line, always."""
    return _line_breaks().sub(_escape, text)


# GitHub Actions runs a log line that starts with "::" (after white space)
# as a workflow command (::error, ::add-mask::, ::stop-commands::).
_COMMAND_LINE = re.compile(r"^([^\S\n]*)::", re.MULTILINE)


def inert_lines(text: str) -> str:
    """Text with no line a CI log would run as a workflow command: a
    leading "::" becomes "\\::" (which Markdown shows as "::")."""
    return _COMMAND_LINE.sub(r"\1\\::", text) if "::" in text else text


# In a name, alias or id nothing may be invisible: besides the hidden
# characters, every format character (zero-width space, word joiner, BOM,
# direction marks, soft hyphen...) but the joiners scripts and emoji need,
# private-use and unassigned code points. Prose may keep format characters.
_NAME_REFUSED_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Cn"}
JOINERS = "\u200c\u200d"  # ZWNJ, ZWJ
_HIDDEN_IN_NAMES = re.compile(f"[{HIDDEN_CHARS}]")


def invisible_in_name(text: str) -> str | None:
    """The first character a name must not hold because it cannot be seen, or None."""
    for char in text:
        if char in JOINERS or char in "\t\n\r":  # white space is seen: it is left to the schema
            continue
        if unicodedata.category(char) in _NAME_REFUSED_CATEGORIES or _HIDDEN_IN_NAMES.match(char):
            return char
    return None


def describe(char: str) -> str:
    """U+200B (ZERO WIDTH SPACE): a character named so a reader can find it."""
    name = unicodedata.name(char, "")
    return f"U+{ord(char):04X}" + (f" ({name})" if name else "")
