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


def _named(place: ComparedPlace, record_id: str) -> str:
    return place.record_names.get(record_id, record_id)


def _cells(place: ComparedPlace, category: str) -> str:
    items = place.challenges[category]
    return "\n".join(f"- {item.summary} [{_named(place, item.record)}]" for item in items) if items else NONE


def _rows(view: CompareView) -> list[tuple[str, list[str]]]:
    """(row label, one cell per place) for every part of the comparison:
    records by their names (one a line), topics by their labels."""
    rows = [(label, [_cells(p, cid) for p in view.places]) for cid, label in view.category_labels.items()
            if any(p.challenges[cid] for p in view.places)]  # fmt: skip
    rows.append(("Lessons", ["\n".join(f"- {item.lesson} [{_named(p, item.record)}]" for item in p.lessons)
                             or NONE for p in view.places]))  # fmt: skip
    kinds = [kind for kind in view.places[0].records if any(p.records[kind] for p in view.places)]
    rows += [(f"Records: {kind}", ["\n".join(f"- {_named(p, i)}" for i in p.records[kind]) or NONE
                                   for p in view.places]) for kind in kinds]  # fmt: skip
    rows.append(("Topics", [joined(f"{_label(view, t)} ({n})" for t, n in p.topics.items()) or NONE
                            for p in view.places]))  # fmt: skip
    return rows


def _label(view: CompareView, topic: str) -> str:
    return view.topic_labels.get(topic, topic)


def _fits(rows: list[tuple[str, list[str]]], places: int, width: int) -> bool:
    """Whether a column a place leaves room for every word of its cells
    (the label column takes its widest word, columns two cells apart)."""
    from rich.cells import cell_len

    def widest(texts: list[str]) -> int:
        return max((cell_len(word) for t in texts for word in t.split()), default=0)

    room = (width - widest([label for label, _ in rows]) - 2 * places) // places
    return widest([cell for _, cells in rows for cell in cells]) <= room


def _difference_lines(view: CompareView) -> list[str]:
    diff = view.differences
    lines = [
        f"{view.category_labels[cid]}: recorded only for {joined(who)}"
        for cid, who in diff.categories.items()
    ]
    lines += [f"topic {_label(view, t)}: recorded only for {joined(who)}" for t, who in diff.topics.items()]
    if diff.shared_topics:
        lines.append(f"topics all share: {joined(_label(view, t) for t in diff.shared_topics)}")
    return lines


def draw(view: CompareView, out: Console, display: Display) -> None:
    """One column per place; when the columns would be narrower than a word
    in them (so the table would split it), each part place by place instead."""
    view_title(out, display, " / ".join(p.name for p in view.places))
    rows = _rows(view)
    if _fits(rows, len(view.places), display.width):
        grid = table(display, "", *(p.name for p in view.places))
        for label, cells in rows:
            grid.add_row(text(label), *(text(cell) for cell in cells))
        out.print(grid)
    else:
        for label, cells in rows:
            out.print()
            heading(out, display, label)
            for place, cell in zip(view.places, cells, strict=True):
                out.print(text(f"{place.name}:", "bold" if display.color else ""))
                for line in cell.splitlines():
                    hanging(out, "  ", line, rest="    " if line.startswith("- ") else "  ")
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
            lines += ["", *(_markdown_line(line) for line in cell.splitlines()), ""]
    lines += ["## Where they differ", ""]
    lines += [f"- {escape(line)}" for line in _difference_lines(view) or ["nothing the records tell apart"]]
    return "\n".join(lines) + "\n"


def _markdown_line(line: str) -> str:
    """A cell's line in Markdown: its "- " items as list items, the text escaped."""
    return f"- {escape(line[2:])}" if line.startswith("- ") else escape(line)
