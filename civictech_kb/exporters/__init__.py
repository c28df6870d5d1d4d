"""One module per export format, registered in `export.EXPORTERS`."""

from __future__ import annotations

from ..safe_text import HIDDEN

CONTROL = HIDDEN


def printable(text: str) -> str:
    """Text with control characters other than tab and line breaks replaced
    by U+FFFD: HTML forbids them and spreadsheets trip over them."""
    return CONTROL.sub("\ufffd", text)
