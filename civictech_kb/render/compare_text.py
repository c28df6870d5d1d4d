"""`ctkb compare` as a table on a terminal (one column per place, within the
terminal's width) and as Markdown; `--format json` is views.results.to_data."""

from __future__ import annotations

from typing import TYPE_CHECKING

from civictech_kb.render import Display
from civictech_kb.render.markdown_text import escape
from civictech_kb.render.terminal import hanging, heading, joined, table, text, view_title
from civictech_kb.views.compare import ComparedPlace, CompareView

if TYPE_CHECKING:
    from rich.console import Console


NONE = "none recorded"  # a cell with nothing in it: not a lone dash that reads as an empty bullet


def _cells(place: ComparedPlace, category: str) -> str:
    items = place.challenges[category]
    return "\n".join(f"- {item.summary} [{item.record}]" for item in items) if items else NONE


def _rows(view: CompareView) -> list[tuple[str, list[str]]]:
    """(row label, one cell per place) for every part of the comparison."""
    rows = [(label, [_cells(p, cid) for p in view.places]) for cid, label in view.category_labels.items()
            if any(p.challenges[cid] for p in view.places)]  # fmt: skip
    rows.append(("Lessons", ["\n".join(f"- {item.lesson} [{item.record}]" for item in p.lessons) or NONE
                             for p in view.places]))  # fmt: skip
    kinds = [kind for kind in view.places[0].records if any(p.records[kind] for p in view.places)]
    rows += [(f"Records: {kind}", [joined(p.records[kind]) or NONE for p in view.places]) for kind in kinds]
    rows.append(("Topics", [joined(f"{t} ({n})" for t, n in p.topics.items()) or NONE for p in view.places]))
    return rows


def _difference_lines(view: CompareView) -> list[str]:
    diff = view.differences
    lines = [
        f"{view.category_labels[cid]}: recorded only for {joined(who)}"
        for cid, who in diff.categories.items()
    ]
    lines += [f"topic {topic}: recorded only for {joined(who)}" for topic, who in diff.topics.items()]
    if diff.shared_topics:
        lines.append(f"topics all share: {joined(diff.shared_topics)}")
    return lines


def draw(view: CompareView, out: Console, display: Display) -> None:
    view_title(out, display, " / ".join(p.name for p in view.places))
    grid = table(display, "", *(p.name for p in view.places))
    for label, cells in _rows(view):
        grid.add_row(text(label), *(text(cell) for cell in cells))
    out.print(grid)
    out.print()
    heading(out, display, "Where they differ")
    for line in _difference_lines(view) or ["nothing the records tell apart"]:
        hanging(out, "- ", line)


def write(view: CompareView) -> str:
    lines = [f"# {escape(' / '.join(p.name for p in view.places))}", ""]
    for label, cells in _rows(view):
        lines += [f"## {escape(label)}", ""]
        for place, cell in zip(view.places, cells, strict=True):
            lines.append(f"**{escape(place.name)}**")
            lines += ["", *(escape(line) for line in cell.splitlines()), ""]
    lines += ["## Where they differ", ""]
    lines += [f"- {escape(line)}" for line in _difference_lines(view) or ["nothing the records tell apart"]]
    return "\n".join(lines) + "\n"
