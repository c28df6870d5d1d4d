"""Charts for the HTML report as inline SVG, drawn with pygal (the optional
`charts` extra: `pip install 'civictech-kb[charts]'`).

pygal is imported only here and only when a page is drawn. Its output is
made fit for a page whose Content Security Policy forbids scripts and
requests, and for golden files:
- every chart gets a fixed id (pygal would pick a random one), which also
  scopes its stylesheet to that chart;
- the <script> pygal adds for its tooltips and the comments (which carry
  the date) are removed from the tree before it is written;
- no font or stylesheet is loaded from anywhere.
Labels are written by the XML serializer, which escapes them.
"""

from __future__ import annotations

import math

from civictech_kb.model.problems import ChartsUnavailable

INSTALL_HINT = "pip install 'civictech-kb[charts]'"
WIDTH = 480  # drawn at this width and scaled to the page: text stays legible at phone width
LABEL_FONT = 18
FONT = 'system-ui, -apple-system, "Segoe UI", "Noto Sans", sans-serif'
COLOURS = {"country": "#2b6cb0", "year": "#2f855a"}
# Regions in the challenge chart: distinct for colour-blind readers (Okabe-Ito), then greys.
MATRIX_COLOURS = (
    "#0072b2",
    "#e69f00",
    "#009e73",
    "#cc79a7",
    "#56b4e9",
    "#d55e00",
    "#f0e442",
    "#999999",
    "#666666",
    "#333333",
) * 3


def draw_charts(charts: dict) -> dict[str, str]:
    """The report's charts as SVG, by key: records per country ("country"),
    per year ("year") and the challenge matrix ("matrix"); charts with
    nothing to show are left out."""
    try:
        import pygal  # noqa: F401
    except ImportError:
        raise ChartsUnavailable(f"the charts need pygal: {INSTALL_HINT}") from None
    drawn = {}
    if charts["by_country"]:
        drawn["country"] = _countries(charts["by_country"])
    if charts["by_year"]:
        drawn["year"] = _years(charts["by_year"])
    if charts["challenges"]["regions"]:
        drawn["matrix"] = _matrix(charts["challenges"])
    return drawn


def _text(value) -> str:
    """A label as the page may show it: control characters replaced."""
    from civictech_kb.render.printable import printable

    return printable(str(value))


def _style(colours):
    from pygal.style import Style

    return Style(
        font_family=FONT,
        background="#ffffff",
        plot_background="#ffffff",
        foreground="#1f2328",
        foreground_strong="#1f2328",
        foreground_subtle="#57606a",
        colors=(colours,) if isinstance(colours, str) else tuple(colours),
        opacity="1",
        opacity_hover="1",
        transition="0ms",
        title_font_size=22,
        label_font_size=LABEL_FONT,
        major_label_font_size=LABEL_FONT,
        value_font_size=19,
        legend_font_size=19,
    )


def _width(labels: list[str]) -> int:
    """Wide enough for the longest label beside a plot of useful width (pygal
    never finishes drawing a plot that its labels leave no room for)."""
    longest = max((len(label) for label in labels), default=0)
    return max(WIDTH, 260 + math.ceil(0.65 * LABEL_FONT * longest))  # pygal reckons 0.6 em a character


def _config(**options) -> dict:
    return {
        "js": [],
        "css": ["file://style.css", "file://graph.css"],  # pygal's own, read from its package and inlined
        "disable_xml_declaration": True,
        "explicit_size": False,
        "show_legend": False,
        "print_values": True,
        "print_zeroes": False,
        "truncate_label": -1,  # labels are never cut short
        "truncate_legend": -1,
        **options,
    }


def _render(chart, key: str) -> str:
    chart.uuid = f"ctkb-{key}"  # pygal draws a random id otherwise
    chart.add_xml_filter(_inert)
    return chart.render(is_unicode=True)


def _inert(root):
    """The tree without scripts and comments (pygal's xml_filters hook)."""
    for parent in list(root.iter()):
        for child in list(parent):
            tag = child.tag if isinstance(child.tag, str) else ""
            if not tag or tag.rsplit("}", 1)[-1] == "script":
                parent.remove(child)
    return root


def _countries(rows: list[dict]) -> str:
    import pygal

    rows = list(reversed(rows))  # pygal draws the first label at the bottom: most records on top
    chart = pygal.HorizontalBar(
        **_config(width=_width([row["label"] for row in rows]), height=120 + 40 * len(rows), title="Records per country",
                  x_title="records", show_x_labels=False,
                  show_y_guides=False, show_x_guides=False),
        style=_style(COLOURS["country"]),
    )  # fmt: skip
    chart.x_labels = [_text(row["label"]) for row in rows]
    chart.add("records", [row["count"] for row in rows])
    return _render(chart, "country")


def _years(rows: list[dict]) -> str:
    import pygal

    many = len(rows) > 6
    top = max(row["count"] for row in rows)
    step = max(1, math.ceil(top / 5))
    chart = pygal.Bar(
        **_config(width=WIDTH, height=380, title="Records per year", x_title="year founded or held",
                  y_title="records", x_label_rotation=-60 if many else 0, show_x_guides=False,
                  y_labels=list(range(0, top + step, step))),  # whole numbers of records
        style=_style(COLOURS["year"]),
    )  # fmt: skip
    chart.x_labels = [_text(row["year"]) for row in rows]
    chart.add("records", [row["count"] or None for row in rows])
    return _render(chart, "year")


def _matrix(matrix: dict) -> str:
    """A bar for each kind of challenge, split by the regions reporting it:
    each part's length and printed number are the records reporting it there."""
    import pygal

    categories = list(reversed(matrix["categories"]))  # first category on top
    counts = list(reversed(matrix["counts"]))
    chart = pygal.HorizontalStackedBar(
        **_config(width=_width([category["label"] for category in categories]), height=160 + 40 * len(categories) + 30 * len(matrix["regions"]), title="Challenges by region",
                  x_title="records", show_x_labels=False, show_x_guides=False,
                  show_y_guides=False, show_legend=True, legend_at_bottom=True, legend_at_bottom_columns=1),
        style=_style(MATRIX_COLOURS[: len(matrix["regions"])]),
    )  # fmt: skip
    chart.x_labels = [_text(category["label"]) for category in categories]
    for column, region in enumerate(matrix["regions"]):
        chart.add(_text(region), [row[column] or None for row in counts])
    return _render(chart, "matrix")
