"""Piped table output of search hits without rich's console.

`ctkb search` is the command people run most and want instant; rich's
console, styles and tables cost more to import than the search itself. When
output is plain (a pipe or a file: no colour, no decoration) the "table"
format (render.FORMATS) asks here first, and search hits are written as the
same text, line for line, wrapped by the one rule both use
(render/wrapping.py, measured with rich's light public `rich.cells`). A
test checks that both give the same output.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from civictech_kb.model.text import visible
from civictech_kb.render.terminal import explain_lines, joined
from civictech_kb.render.wrapping import wrap

if TYPE_CHECKING:
    from civictech_kb.render import Display
    from civictech_kb.views.results import SearchResults

INDENT = 3


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
