"""The HTML report: one self-contained page with the same outline as the
Markdown report. Jinja2 escapes every value; control characters are
replaced; links come only from http(s) addresses (the organizer's --intro,
render/intro.py, may also link mailto: and within the page); a Content Security Policy
forbids scripts and any request, so the page works offline and on a phone.
Its charts are SVG drawn by render.svg_charts, with no chart library.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from civictech_kb.render.jinja_env import render_template
from civictech_kb.views.outline import ReportOutline
from civictech_kb.views.report import build_report
from civictech_kb.views.results import to_data

if TYPE_CHECKING:
    from civictech_kb.views.export import ExportRequest


def export(request: ExportRequest) -> bytes:
    return render_page(build_report(request)).encode("utf-8")


def render_page(report: ReportOutline) -> str:
    from markupsafe import Markup

    from civictech_kb.render.intro import intro_html
    from civictech_kb.render.markdown_report import NOTHING_TO_DRAW
    from civictech_kb.render.svg_charts import draw_charts

    return render_template(
        "report.html",
        report=report,
        intro=Markup("\n" + intro_html(report.intro) if report.intro else ""),  # markdown-it, raw HTML off
        charts=draw_charts(to_data(report.charts)),
        nothing_to_draw=NOTHING_TO_DRAW,
    )
