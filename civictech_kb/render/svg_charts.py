"""Charts as inline SVG, drawn from templates with no chart library: bar
charts (a label above each bar, so a long label wraps instead of squeezing
the plot), columns for counts per year, and the region x challenge matrix
as a grid of shaded cells.

Geometry is computed here, the markup is in templates/charts/*.svg, where
Jinja2 escapes every label. Sizes are in CSS pixels at the chart's natural
width (text at 15px, next to a 16px body), and a page shrinks, never grows,
a chart to fit (max-width: 100%), so labels stay the size of the text
around them. The output is plain SVG: no script, no style sheet, nothing to
fetch, the same bytes for the same numbers.
"""

from __future__ import annotations

import math
import re
import unicodedata

from civictech_kb.model.data import JsonObject, YamlMapping
from civictech_kb.render.jinja_env import render_template

WIDTH = 480
PAD = 8
FONT = 15
SMALL = 13
LINE = 19
BAR = 18
GAP = 12
COLOURS = {"country": "#2b6cb0", "year": "#2f855a", "matrix": "#0072b2", "bars": "#2b6cb0"}
LABEL_COLUMN = 200  # the matrix's column of category names
CELL = 78  # the matrix's column per region


def text_width(text: str, size: float) -> float:
    """About how wide text is drawn at font size size: wide (CJK) characters
    one em, others a little over half."""
    return sum(size * (1.0 if unicodedata.east_asian_width(ch) in "WF" else 0.58) for ch in text)


def wrap(text: str, room: float, size: float) -> list[str]:
    """text in lines no wider than room: at spaces or after hyphens where it
    can, inside a word (or between CJK characters) where it must."""
    lines: list[str] = []
    line = ""
    for match in re.finditer(r"(\s*)(\S+?-(?=\S)|\S+)", str(text)):
        space, word = match.groups()
        candidate = f"{line}{' ' if space and line else ''}{word}"
        if text_width(candidate, size) <= room:
            line = candidate
            continue
        if line:
            lines.append(line)
        line = ""
        for ch in word:  # a word wider than the room is cut where it must be
            if line and text_width(line + ch, size) > room:
                lines.append(line)
                line = ""
            line += ch
    lines.append(line)
    return lines


def bar_chart(key: str, title: str, rows: list[YamlMapping], colour: str | None = None) -> str:
    """One bar per row ({"label", "count"}), longest = largest count, each
    with its count; the label on its own line(s) above the bar."""
    largest = max((row["count"] for row in rows), default=0) or 1
    room = WIDTH - 2 * PAD - 44  # the count's room after the longest bar
    y = PAD
    bars = []
    for row in rows:
        lines = wrap(row["label"], WIDTH - 2 * PAD, FONT)
        labels = [{"y": y + FONT + LINE * n, "text": line} for n, line in enumerate(lines)]
        y += LINE * len(lines) + 3
        length = max(2, round(room * row["count"] / largest, 1)) if row["count"] else 0
        bars.append(
            {"labels": labels, "y": y, "length": length, "count": row["count"], "label": row["label"]}
        )
        y += BAR + GAP
    return render_template(
        "charts/bars.svg", key=key, title=title, bars=bars, colour=colour or COLOURS["bars"],
        width=WIDTH, height=y - GAP + PAD, pad=PAD, bar_height=BAR, font=FONT,
    )  # fmt: skip


def column_chart(key: str, title: str, rows: list[YamlMapping], axis: str, colour: str | None = None) -> str:
    """One column per row ({"year", "count"}), in order, each year on the axis
    that has room for its label, counts above the columns that have room."""
    top, plot, bottom = PAD + 18, 150, 46
    largest = max((row["count"] for row in rows), default=0) or 1
    step_x = (WIDTH - 2 * PAD) / max(1, len(rows))
    every = max(1, math.ceil((text_width("0000", SMALL) + 6) / step_x))
    columns = []
    for n, row in enumerate(rows):
        height = round(plot * row["count"] / largest, 1)
        x = round(PAD + n * step_x, 1)
        columns.append({
            "x": round(x + step_x * 0.15, 1), "width": round(step_x * 0.7, 1), "y": round(top + plot - height, 1),
            "height": height, "count": row["count"], "label": row["year"], "centre": round(x + step_x / 2, 1),
            "labelled": n % every == 0, "counted": bool(row["count"]) and step_x >= text_width("00", SMALL),
        })  # fmt: skip
    return render_template(
        "charts/columns.svg", key=key, title=title, axis=axis, columns=columns, colour=colour or COLOURS["year"],
        width=WIDTH, height=top + plot + bottom, pad=PAD, base=top + plot, font=FONT, small=SMALL,
    )  # fmt: skip


def matrix_chart(key: str, title: str, matrix: YamlMapping, colour: str | None = None) -> str:
    """Categories down, regions across; each cell shaded by its count of
    records (darker is more) and printed with it; an empty cell stays blank."""
    largest = max((max(row) for row in matrix["counts"]), default=0) or 1
    headers = [wrap(region, CELL - 8, SMALL) for region in matrix["regions"]]
    head = PAD + 8 + LINE * max((len(lines) for lines in headers), default=1)
    columns: list[JsonObject] = [
        {
            "x": PAD + LABEL_COLUMN + n * CELL,
            "lines": lines,
            "centre": PAD + LABEL_COLUMN + n * CELL + CELL / 2,
        }
        for n, lines in enumerate(headers)
    ]
    y, rows = head, []
    for category, counts in zip(matrix["categories"], matrix["counts"], strict=True):
        lines = wrap(category["label"], LABEL_COLUMN - 10, FONT)
        height = max(32, LINE * len(lines) + 12)
        cells = []
        for column, count in zip(columns, counts, strict=True):
            shade = round(0.18 + 0.82 * count / largest, 2) if count else 0
            cells.append({"x": column["x"] + 2, "centre": column["centre"], "count": count, "shade": shade,
                          "dark": shade > 0.55})  # fmt: skip
        first = y + (height - LINE * len(lines)) / 2 + FONT - 2
        rows.append({"y": y, "height": height, "cells": cells, "label": category["label"],
                     "lines": [{"y": round(first + LINE * n, 1), "text": t} for n, t in enumerate(lines)]})  # fmt: skip
        y += height
    width = max(WIDTH, PAD * 2 + LABEL_COLUMN + CELL * len(columns))
    return render_template(
        "charts/matrix.svg", key=key, title=title, columns=columns, rows=rows, colour=colour or COLOURS["matrix"],
        width=width, height=y + PAD, pad=PAD, cell_width=CELL, font=FONT, small=SMALL, regions=matrix["regions"],
    )  # fmt: skip


def draw_charts(charts: YamlMapping) -> dict[str, str]:
    """The report's charts as SVG, by key: records per country ("country"),
    per year ("year") and the challenge matrix ("matrix"); charts with
    nothing to show are left out."""
    drawn = {}
    if charts["by_country"]:
        drawn["country"] = bar_chart(
            "country", "Records per country", charts["by_country"], COLOURS["country"]
        )
    if charts["by_year"]:
        drawn["year"] = column_chart("year", "Records per year", charts["by_year"], "year founded or held")
    if charts["challenges"]["regions"]:
        drawn["matrix"] = matrix_chart("matrix", "Challenges by region", charts["challenges"])
    by_country = charts.get("country_challenges") or {}
    if by_country.get("countries"):
        drawn["country-matrix"] = matrix_chart(
            "country-matrix", "Challenges by country", {**by_country, "regions": by_country["countries"]}
        )
    return drawn
