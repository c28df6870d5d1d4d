"""Renderers: view results from the library -> text or files in one output format.

FORMATS is the one registry of output formats. Each format names the module
that writes views in it (its `render(view, display) -> str`, which dispatches
on the view's class, views.results) and the module that writes `ctkb export`
files in it (its `export(request) -> bytes`), each loaded only when used. A
format may also name a lighter module that writes some views as the same
plain text for a pipe (its `render(view, display)` gives None for the others).
rich is imported under render/ and nowhere else.

Whatever a view renderer writes passes through model.text.visible, so no
hidden control character reaches stdout in any format. A module that writes
its own terminal styling sets STYLED = True and cleans record text itself.
File formats clean text as their format requires (each says how).
"""

from __future__ import annotations

import importlib
from enum import Enum
from types import ModuleType
from typing import TYPE_CHECKING, NamedTuple

from civictech_kb.model.problems import UsageError

if TYPE_CHECKING:
    from civictech_kb.views.export import ExportRequest


class Format(NamedTuple):
    """An output format: where its views and its export files are written."""

    name: str
    views: str | None = None  # module whose render(view, display) writes views as text
    plain: str | None = None  # for a plain display, a lighter module writing the same text for some views
    files: str | None = None  # module whose export(request) writes a file of records
    binary: bool = False  # files that are not text, never written to a terminal
    folder: bool = False  # writes a folder of files (its module's export_files(request))
    commands: bool = False  # its lines are GitHub Actions workflow commands, on purpose


FORMATS = {
    f.name: f
    for f in (
        Format("table", views="civictech_kb.render.table", plain="civictech_kb.render.plain"),
        Format("text", views="civictech_kb.render.table", plain="civictech_kb.render.plain"),
        Format("json", views="civictech_kb.render.json_format", files="civictech_kb.render.json_format"),
        Format("jsonl", files="civictech_kb.render.json_lines"),
        Format("md", views="civictech_kb.render.markdown", files="civictech_kb.render.markdown_report"),
        Format("csv", views="civictech_kb.render.delimited", files="civictech_kb.render.csv_table"),
        Format("tsv", views="civictech_kb.render.tsv"),
        Format("html", files="civictech_kb.render.html_page"),
        Format("sqlite", files="civictech_kb.render.sqlite_db", binary=True),
        Format("datapackage", files="civictech_kb.render.datapackage", binary=True, folder=True),
        Format("github", views="civictech_kb.render.github", commands=True),
        Format("mermaid", views="civictech_kb.render.mermaid"),
        Format("dot", views="civictech_kb.render.dot"),
    )
}


# The choices each command offers (Typer needs them as enums, before any renderer loads).
class OutputFormat(str, Enum):
    table = "table"
    json = "json"
    md = "md"


class ListFormat(str, Enum):
    """list and search: a table, or rows for scripts and spreadsheets."""

    table = "table"
    json = "json"
    md = "md"
    csv = "csv"
    tsv = "tsv"


class GraphFormat(str, Enum):
    mermaid = "mermaid"
    dot = "dot"
    json = "json"


class ProblemFormat(str, Enum):
    text = "text"
    json = "json"
    github = "github"


class ExportFormat(str, Enum):
    md = "md"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    html = "html"
    sqlite = "sqlite"
    datapackage = "datapackage"


class Display(NamedTuple):
    """How the output will be seen: width in columns, and whether colour and
    decoration are wanted (a terminal) or plain text (a pipe, NO_COLOR)."""

    width: int = 80
    color: bool = False
    decorated: bool = False


class UnsupportedView(UsageError):
    """A format has no renderer for a view (a usage error: ask for another format)."""


def render(view: object, fmt: str, display: Display | None = None) -> str:
    """A view result (views.results) as text in format fmt."""
    from civictech_kb.model.text import visible

    chosen, display = _format(fmt), display or Display()
    if chosen.views is None:
        raise UnsupportedView(f"{fmt} is a file format; export records in it with `ctkb export`")
    if chosen.plain and not display.color and not display.decorated:
        text: str | None = importlib.import_module(chosen.plain).render(view, display)
        if text is not None:  # the same text as the views module's, which need not be imported
            return text
    module = importlib.import_module(chosen.views)
    output: str = module.render(view, display)
    return output if getattr(module, "STYLED", False) else visible(output)


def render_file(request: ExportRequest, fmt: str) -> bytes:
    """The records of an export request as the bytes of a file in format fmt."""
    data: bytes = file_module(fmt).export(request)
    return data


def file_module(fmt: str) -> ModuleType:
    """The module writing export files in format fmt."""
    module_name = _format(fmt).files
    if module_name is None:
        raise UnsupportedView(f"{fmt} shows views only; it writes no files")
    return importlib.import_module(module_name)


def is_binary(fmt: str) -> bool:
    return _format(fmt).binary


def _format(fmt: str) -> Format:
    try:
        return FORMATS[fmt]
    except KeyError:
        raise UsageError(f"unknown format {fmt!r}; one of {', '.join(FORMATS)}") from None


def unsupported(fmt: str, view: object) -> UnsupportedView:
    """The error for a view a format does not draw."""
    return UnsupportedView(f"the {fmt} format has no view for {type(view).__name__}")


def writes_commands(fmt: str) -> bool:
    """Whether a format's output is GitHub Actions workflow commands on purpose."""
    return _format(fmt).commands


# Said with the counts of records by country and region, in every format.
COUNTS_NOTE = "A record in several countries counts in each of them and in each of their regions."
# Said under every list of regions, in every format.
REGION_COUNTS_NOTE = (
    "Counts are of projects, communities, organizations and events; country profiles are not counted."
)
# The counts of ctkb stats in the order they are shown: field of views.results.Stats,
# title, what the key column holds.
STATS_SECTIONS = (
    ("by_type", "By type", "type"),
    ("by_region", "By region", "region"),
    ("by_country", "By country", "country"),
    ("by_topic", "By topic", "topic"),
    ("by_status", "By status", "status"),
    ("by_decade", "By decade", "decade"),
)
