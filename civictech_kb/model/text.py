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

# C0 controls except tab, line feed and carriage return; DEL; C1 controls;
# bidirectional embeddings, overrides and isolates; lone surrogates (which
# cannot be written as UTF-8) and the noncharacters U+FFFE and U+FFFF.
HIDDEN_CHARS = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff"
HIDDEN = re.compile(f"[{HIDDEN_CHARS}]")
# ...and carriage return, which lets a line overwrite itself on a terminal.
HIDDEN_OR_CR = re.compile(f"[{HIDDEN_CHARS}\r]")
_LINE_BREAKS = re.compile(f"[{HIDDEN_CHARS}\r\n\u2028\u2029]")


def _escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def visible(text: str) -> str:
    """Text with every hidden control character (and carriage return, which
    lets a line overwrite itself) shown as an escape; tabs and newlines kept."""
    return HIDDEN_OR_CR.sub(_escape, text)


def one_line(text: str) -> str:
    """visible(), and line breaks shown as escapes too: one line, always."""
    return _LINE_BREAKS.sub(_escape, text)
