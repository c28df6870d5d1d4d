"""The HTML report: one self-contained page with the same outline as the
Markdown report. Jinja2 escapes every value; control characters are
replaced; links come only from http(s) addresses; a Content Security Policy
forbids scripts and any request, so the page works offline and on a phone.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from civictech_kb.render.printable import printable
from civictech_kb.views.report import build_report, paragraphs

BINARY = False
TEMPLATES = Path(__file__).parent / "templates"


def export(request) -> bytes:
    return render_page(build_report(request)).encode("utf-8")


def render_page(report: dict) -> str:
    from civictech_kb.model.problems import ChartsUnavailable
    from civictech_kb.render.markdown_report import NOTHING_TO_DRAW
    from civictech_kb.render.svg_charts import INSTALL_HINT, draw_charts

    try:
        charts = draw_charts(report["charts"])
    except ChartsUnavailable:
        charts = None  # the page shows the numbers as tables and says how to get the charts
    template = _environment().get_template("report.html")
    return template.render(
        report=report, charts=charts, charts_hint=INSTALL_HINT, nothing_to_draw=NOTHING_TO_DRAW
    )


def _finalize(value) -> object:
    """What a template prints: text without control characters (not allowed
    in HTML). Markup the template made itself passes unchanged."""
    from markupsafe import Markup

    if isinstance(value, str) and not isinstance(value, Markup):
        return printable(value)
    return value


@cache
def _environment():
    import jinja2

    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        finalize=_finalize,
        keep_trailing_newline=True,
    )
    environment.filters["paragraphs"] = paragraphs
    return environment
