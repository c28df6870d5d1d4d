"""Piped table output of search hits without rich's console.

`ctkb search` is the command people run most and want instant; rich's
console, styles and tables cost more to import than the search itself. When
output is plain (a pipe or a file: no colour, no decoration) the table
renderer hands search hits here, which writes the same text, line for line,
wrapped as rich wraps it (rich's own line-breaking and cell widths, from its
light modules). a test checks that both give the same output.
"""

from __future__ import annotations

from itertools import pairwise

from civictech_kb.model.text import visible
from civictech_kb.render.terminal import joined, why_lines
from civictech_kb.views.results import SearchResults

INDENT = 3


def wrap(text: str, width: int) -> list[str]:
    """Lines of text at most `width` cells wide, broken where rich breaks them."""
    from rich._wrap import divide_line

    lines = []
    for line in text.split("\n"):
        breaks = [0, *divide_line(line, width, fold=True), len(line)]
        lines += [line[start:end].rstrip() for start, end in pairwise(breaks)]
    return lines


def can_render(view: SearchResults) -> bool:
    """Tabs are expanded by rich in ways not worth copying: leave those to it."""
    return not any("\t" in str(value) for hit in view.hits for value in vars(hit).values())


def search(view: SearchResults, width: int) -> str:
    """The plain table view of search hits (see render/table.py `_search`)."""
    out = []
    for rank, hit in enumerate(view.hits, 1):
        title = f"{rank}. {hit.name}  {hit.type}  {hit.id}  score {hit.score:g}"
        out += wrap(visible(title), width)
        lines = [hit.snippet, f"matched: {joined(hit.matched_fields)}"]
        lines += [f"why: {line}" for line in why_lines(hit.explanation if view.explain else [])]
        for line in lines:
            out += [" " * INDENT + part if part else "" for part in wrap(visible(line), width - INDENT)]
    return "".join(line.rstrip() + "\n" for line in out)
