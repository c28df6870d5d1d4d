"""Renderers: plain data from the library -> text in one output format.

One module per format; REGISTRY maps a format name to its module, loaded
only when used. Each module exposes `render(view, data, display) -> str`,
where `view` names the shape of `data` (records, record, problems, ...).
rich is imported here and nowhere else.

Whatever a renderer writes passes through safe_text.visible, so no hidden
control character reaches stdout in any format. A module that writes its own
terminal styling sets STYLED = True and cleans record text itself.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from enum import Enum

from civictech_kb.model.problems import UsageError


class OutputFormat(str, Enum):
    table = "table"
    json = "json"
    md = "md"


class GraphFormat(str, Enum):
    mermaid = "mermaid"
    dot = "dot"
    json = "json"


class ProblemFormat(str, Enum):
    text = "text"
    json = "json"
    github = "github"


REGISTRY = {
    "table": "civictech_kb.render.table",
    "text": "civictech_kb.render.table",
    "json": "civictech_kb.render.json_format",
    "md": "civictech_kb.render.markdown",
    "github": "civictech_kb.render.github",
    "mermaid": "civictech_kb.render.mermaid",
    "dot": "civictech_kb.render.dot",
}


@dataclass(frozen=True)
class Display:
    """How the output will be seen: width in columns, and whether colour and
    decoration are wanted (a terminal) or plain text (a pipe, NO_COLOR)."""

    width: int = 80
    color: bool = False
    decorated: bool = False


def render(view: str, data, fmt: str, display: Display | None = None) -> str:
    """Render data of the given view in format fmt."""
    from civictech_kb.model.text import visible

    module = importlib.import_module(REGISTRY[fmt])
    output = module.render(view, data, display or Display())
    return output if getattr(module, "STYLED", False) else visible(output)


# Said with the counts of records by country and region, in every format.
COUNTS_NOTE = "A record in several countries counts in each of them and in each of their regions."
# Said under every list of regions, in every format.
REGION_COUNTS_NOTE = (
    "Counts are of projects, communities, organizations and events; country profiles are not counted."
)


class UnsupportedView(UsageError):
    """A format has no renderer for a view (a usage error: ask for another format)."""
