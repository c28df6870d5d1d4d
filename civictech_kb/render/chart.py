"""Pictures drawn with characters: the stats as horizontal bar charts and a
region x challenge matrix, and the timeline as a vertical time axis.

On a terminal (Display.decorated) bars are block characters in colour;
piped, they are plain '#' and '|', so the output pastes anywhere. Every
line fits the display width; a label too long for its column gets a line of
its own rather than being cut, and every bar carries its count.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Sequence
from typing import TYPE_CHECKING

from civictech_kb.model.wording import undated_text
from civictech_kb.render import COUNTS_NOTE, STATS_SECTIONS, Display
from civictech_kb.render.terminal import hanging, heading, table, text
from civictech_kb.views.results import (
    ChallengeMatrix,
    Count,
    CountryChallengeMatrix,
    Stats,
    Timeline,
    YearCount,
)
from civictech_kb.views.timeline import entry_text

if TYPE_CHECKING:
    from rich.console import Console

EIGHTHS = " ▏▎▍▌▋▊▉█"
MIN_LABEL = 12
STATS_CHARTS = (
    ("by_type", "Records by type"),
    ("by_region", "Records by region (UN sub-region)"),
    ("by_country", "Records by country"),
    ("by_topic", "Records by topic"),
    ("by_decade", "Records by decade founded or held"),
)


def cells(value: str) -> int:
    from rich.cells import cell_len

    return cell_len(value)


def pad(value: str, width: int) -> str:
    return value + " " * max(0, width - cells(value))


def bar(count: int, largest: int, room: int, display: Display) -> str:
    """A bar for count, the largest count filling room columns (one column
    per record when they fit); never empty for a count above zero."""
    scale = min(1.0, room / largest) if largest else 1.0
    if not display.decorated:
        return "#" * max(1 if count else 0, round(count * scale))
    eighths = max(1 if count else 0, round(count * scale * 8))
    return "█" * (eighths // 8) + (EIGHTHS[eighths % 8] if eighths % 8 else "")


def bar_chart(
    out: Console, display: Display, title: str, rows: Sequence[Count | YearCount], unit: str = ""
) -> None:
    """Label, bar, count: one line per row (two when a label is long)."""
    heading(out, display, title)
    if not rows:
        out.print(text("  (none)"))
        return
    largest = max(row.count for row in rows)
    label_width = min(max(cells(row.label) for row in rows), max(MIN_LABEL, display.width // 2))
    room = max(1, display.width - label_width - len(str(largest)) - 4)
    for row in rows:
        label = row.label
        if cells(label) > label_width:
            out.print(text(label))
            label = ""
        line = text(pad(label, label_width) + "  ")
        line.append(text(bar(row.count, largest, room, display), "cyan" if display.color else ""))
        line.append(text(f" {row.count}{unit}"))
        out.print(line)


def matrix(out: Console, display: Display, data: ChallengeMatrix | CountryChallengeMatrix) -> None:
    """Categories down, regions (or countries) across; each cell a short bar
    and its count. Columns that do not fit the width go to a second block below."""
    heading(out, display, f"{data.title} (records reporting each kind of challenge)")
    if not data.columns:
        out.print(text("  (no challenges recorded)"))
        return
    labels = [row.label for row in data.categories]
    label_width = min(max(cells(label) for label in labels), max(MIN_LABEL, display.width // 2))
    largest = max(max(row) for row in data.counts)
    cell_width = max(8, *(len(word) for name in data.columns for word in name.split()))
    per_block = max(1, (display.width - label_width) // (cell_width + 2))
    for start in range(0, len(data.columns), per_block):
        columns = range(start, min(start + per_block, len(data.columns)))
        _matrix_block(out, display, data, labels, (label_width, cell_width, largest), columns)
    out.print(text(f"Each number counts records; the bar is relative to the largest, {largest}."))


def _matrix_block(
    out: Console,
    display: Display,
    data: ChallengeMatrix | CountryChallengeMatrix,
    labels: list[str],
    sizes: tuple[int, int, int],
    columns: range,
) -> None:
    label_width, cell_width, largest = sizes
    out.print()
    wrapped = [textwrap.wrap(data.columns[c], cell_width) for c in columns]
    depth = max(len(lines) for lines in wrapped)
    for level in range(depth):
        words = [lines[level] if level < len(lines) else "" for lines in wrapped]
        out.print(text(" " * label_width + "".join("  " + word.ljust(cell_width) for word in words)))
    rule = "─" if display.decorated else "-"
    out.print(text(" " * label_width + ("  " + rule * cell_width) * len(wrapped)))
    mark, zero = ("█", "·") if display.decorated else ("#", ".")
    for label, counts in zip(labels, data.counts, strict=True):
        if cells(label) > label_width:
            out.print(text(label))
            label = ""
        line = text(pad(label, label_width))
        for column in columns:
            count = counts[column]
            line.append(text("  " + (f"{count:>3} " if count else f"{zero:>3} ")))
            blocks = mark * math.ceil(4 * count / largest) if count else ""
            line.append(text(f"{blocks:<{cell_width - 4}}", "magenta" if display.color else ""))
        out.print(line)


def stats_chart(out: Console, display: Display, data: Stats) -> None:
    """The stats as bar charts, then the challenge matrix."""
    heading(out, display, f"{data.total} record(s)")
    out.print(text(COUNTS_NOTE))
    for key, title in STATS_CHARTS:
        out.print()
        bar_chart(out, display, title, getattr(data, key))
    if data.undated:
        out.print(text(f"left out of the decades: {undated_text(data.undated)}"))
    out.print()
    matrix(out, display, data.challenges)
    if data.country_challenges.countries:
        out.print()
        matrix(out, display, data.country_challenges)


def stats_tables(out: Console, display: Display, data: Stats) -> None:
    """The stats as small two-column tables."""
    heading(out, display, f"{data.total} record(s)")
    out.print(text(COUNTS_NOTE))
    for key, title, column in STATS_SECTIONS:
        out.print()
        heading(out, display, title)
        grid = table(display, column, "records")
        grid.columns[1].justify = "right"
        for row in getattr(data, key) or [Count(key="", label="(none)", count=0)]:
            grid.add_row(text(row.label), text(row.count))
        out.print(grid)
    if data.undated:
        out.print(text(f"left out of the decades: {undated_text(data.undated)}"))


def timeline(out: Console, display: Display, data: Timeline) -> None:
    """Years down a vertical axis, each with a bar of its records and their
    names; empty years are shown (a run of them as one line), so gaps and
    growth read at a glance."""
    years = data.years
    dated = sum(year.count for year in years)
    if years:
        span = f"{years[0].year} to {years[-1].year}"
        heading(out, display, f"{dated} dated record(s), {span}")
    else:
        out.print(text("no dated records"))
    axis, tick, bullet = ("│", "┤", "•") if display.decorated else ("|", "|", "-")
    counts = {year.year: year for year in years}
    largest = max((year.count for year in years), default=1)
    room = max(1, display.width - 12)
    first = years[0].year if years else 0
    last = years[-1].year if years else -1
    year = first
    indent = " " * 5 + axis + "   "
    while year <= last:
        if year not in counts:
            gap_end = year
            while gap_end + 1 not in counts:
                gap_end += 1
            span = str(year) if gap_end == year else f"{year}-{gap_end}"
            out.print(text(f"{' ' * 5}{axis}  {span}: none", "dim" if display.color else ""))
            year = gap_end + 1
            continue
        entry = counts[year]
        line = text(f"{year} {tick} ", "bold" if display.color else "")
        line.append(text(bar(entry.count, largest, room, display), "cyan" if display.color else ""))
        line.append(text(f" {entry.count}"))
        out.print(line)
        for record in entry.records:
            hanging(out, f"{indent}{bullet} ", entry_text(record), rest=f"{indent}  ")
        year += 1
    if data.undated:
        closing = f"left out of the timeline: {undated_text(len(data.undated))}"
        out.print(text(closing, "dim" if display.color else ""))
