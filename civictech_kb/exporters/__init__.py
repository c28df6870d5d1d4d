"""One module per export format, registered in `export.EXPORTERS`."""

from __future__ import annotations

import re

CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """Text with control characters other than tab and line breaks replaced
    by U+FFFD: HTML forbids them and spreadsheets trip over them."""
    return CONTROL.sub("\ufffd", text)
