"""Piped table output of search hits without rich's console.

`ctkb search` is the command people run most and want instant; rich's
console, styles and tables cost more to import than the search itself. When
output is plain (a pipe or a file: no colour, no decoration) the "table"
format (render.FORMATS) asks here first, and search hits are written as the
same text, line for line,
wrapped as rich wraps it: rich's line-breaking rule, measured in terminal
cells with rich's public `rich.cells` (a light module). A test checks that
both give the same output.
"""

from __future__ import annotations

import re
from itertools import pairwise
from typing import TYPE_CHECKING

from civictech_kb.model.text import visible
from civictech_kb.render.terminal import explain_lines, joined

if TYPE_CHECKING:
    from civictech_kb.render import Display
    from civictech_kb.views.results import SearchResults

INDENT = 3
_WORD = re.compile(r"\s*\S+\s*")  # a word with the spaces around it, as rich divides text


def wrap(text: str, width: int) -> list[str]:
    """Lines of text at most `width` cells wide, broken where rich breaks them."""
    lines = []
    for line in text.split("\n"):
        breaks = [0, *_breaks(line, width), len(line)]
        lines += [line[start:end].rstrip() for start, end in pairwise(breaks)]
    return lines


def _breaks(line: str, width: int) -> list[int]:
    """Where rich's folding wrap breaks a line: a word (and the spaces after
    it) goes on the current line if its cells fit there, else on a new line;
    a word wider than a whole line is cut into pieces of `width` cells."""
    from rich.cells import cell_len, chop_cells

    breaks: list[int] = []
    used = 0  # cells already on the current line
    match = _WORD.match(line)
    while match is not None:
        start, word = match.start(), match.group()
        length = cell_len(word.rstrip())
        if width - used >= length:
            used += cell_len(word)
        elif length > width:
            pieces = chop_cells(word, width)
            for piece in pieces[:-1]:
                if start:
                    breaks.append(start)
                start += len(piece)
            if start:
                breaks.append(start)
            used = cell_len(pieces[-1])
        elif used and start:
            breaks.append(start)
            used = cell_len(word)
        match = _WORD.match(line, match.end())
    return breaks


def render(view: object, display: Display) -> str | None:
    """The plain table text of search hits; None for any other view (the
    table module writes it)."""
    from civictech_kb.views.results.hits import SearchResults

    if isinstance(view, SearchResults) and can_render(view):
        return search(view, display.width)
    return None


def can_render(view: SearchResults) -> bool:
    """Tabs are expanded by rich in ways not worth copying: leave those to it."""
    return not any("\t" in str(value) for hit in view.hits for value in hit)


def search(view: SearchResults, width: int) -> str:
    """The plain table view of search hits (see render/table.py `_search`)."""
    out = []
    for rank, hit in enumerate(view.hits, 1):
        title = f"{rank}. {hit.name}  {hit.type}  {hit.id}  score {hit.score:g}"
        out += wrap(visible(title), width)
        lines = [hit.snippet, f"matched: {joined(hit.matched_fields)}"]
        lines += [f"why: {line}" for line in (explain_lines(hit) if view.explain else [])]
        for line in lines:
            out += [" " * INDENT + part if part else "" for part in wrap(visible(line), width - INDENT)]
    return "".join(line.rstrip() + "\n" for line in out)
