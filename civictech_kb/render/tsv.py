"""TSV of the lists `ctkb list` and `ctkb search` print (see delimited.py)."""

from __future__ import annotations

from civictech_kb.render import Display
from civictech_kb.render.delimited import tsv_text


def render(view: object, display: Display) -> str:
    return tsv_text(view)
