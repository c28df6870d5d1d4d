"""Text that file formats can carry: control characters made visible."""

from __future__ import annotations

from civictech_kb.model.text import HIDDEN

CONTROL = HIDDEN


def printable(text: str) -> str:
    """Text with control characters other than tab and line breaks replaced
    by U+FFFD: HTML forbids them and spreadsheets trip over them."""
    return CONTROL.sub("\ufffd", text)
