"""The terminal's building blocks, on rich: a console writing to a string,
text that is never parsed as markup, tables, headings and hanging indents.
The table and chart renderers draw with these.

Record text is always wrapped in rich Text objects, never parsed as markup,
with hidden control characters shown as escapes (model.text.visible), and the
console never highlights or substitutes emoji codes. Piped output
(Display.decorated false) has no colour, no box lines and no rules.
rich is imported inside the functions, so that loading this module is cheap.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import TYPE_CHECKING, cast

from civictech_kb.model.text import visible
from civictech_kb.render import Display

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from civictech_kb.search.ranking import ScoreEntry, SearchHit


def console(display: Display) -> Console:
    """A console that writes into a string (console.file) at the display's width."""
    from rich.console import Console

    return Console(
        file=io.StringIO(),
        width=display.width,
        color_system="standard" if display.color else None,
        force_terminal=display.color,
        markup=False,
        emoji=False,
        highlight=False,
        soft_wrap=False,
    )


def written(out: Console) -> str:
    """What was printed on a console from console(), trailing spaces removed."""
    printed = cast(io.StringIO, out.file).getvalue()
    return "".join(line.rstrip() + "\n" for line in printed.splitlines())


def text(value: object, style: str = "") -> Text:
    from rich.text import Text

    return Text("" if value is None else visible(str(value)), style=style if style else "")


def table(display: Display, *columns: str, title: str | None = None) -> Table:
    from rich import box
    from rich.table import Table

    grid = Table(
        title=title if display.decorated else None,
        box=box.SIMPLE_HEAD if display.decorated else None,
        show_edge=False,
        header_style="bold" if display.color else "",
        pad_edge=False,
        expand=False,
    )
    for column in columns:
        grid.add_column(column, overflow="fold")
    return grid


def view_title(out: Console, display: Display, words: str) -> None:
    """A view's title: bold over a rule on a terminal; piped, underlined with
    "=" (as a setext heading is), so that it stands apart from its sections."""
    from rich.cells import cell_len

    out.print(text(words, "bold" if display.color else ""))
    rule = "─" if display.decorated else "="
    out.print(text(rule * min(out.width, max(1, cell_len(visible(words)))), "dim" if display.color else ""))


def heading(out: Console, display: Display, words: str) -> None:
    """A section's heading: bold and underlined in colour; piped, a line of its own."""
    out.print(text(words, "bold underline" if display.color else ""))


def joined(values: Iterable[object] | None) -> str:
    return ", ".join(str(v) for v in values or [])


def hanging(out: Console, prefix: str, body: str | Text, style: str = "", rest: str | None = None) -> None:
    """prefix then body, wrapped to the console width by terminal cells (a
    CJK character takes two, a combining mark none) at the breaks
    render.wrapping allows (an address or id too long for a line runs past
    it, whole), every continuation line starting with rest (default: spaces
    as wide as prefix) so that it hangs under the body's first line."""
    from rich.cells import cell_len

    indent = cell_len(prefix)
    rest = " " * indent if rest is None else rest
    room = max(out.width - max(indent, cell_len(rest)), 20)
    shown = text(body, style) if isinstance(body, str) else body
    for number, line in enumerate(wrapped(shown, room)):
        lead = text(prefix if number == 0 else rest)
        lead.append_text(line)
        out.print(lead, no_wrap=True, crop=False, overflow="ignore")


def wrapped(shown: Text, width: int) -> list[Text]:
    """Styled text cut into lines where render.wrapping breaks its plain text."""
    from civictech_kb.render.wrapping import line_breaks

    lines = []
    for line in shown.split("\n", allow_blank=True):
        if "\t" in line.plain:
            line.expand_tabs()
        for part in line.divide(line_breaks(line.plain, width)):
            part.rstrip()
            lines.append(part)
    return lines


def labelled(out: Console, display: Display, header: tuple[str, str], rows: list[tuple[str, str]]) -> None:
    """Two columns, a label and its value, laid out as a table is (a header
    row, a rule under it on a terminal), each value wrapped as `hanging`
    wraps it, so that an address in a value is never cut."""
    from rich.cells import cell_len

    gap = "   " if display.decorated else "  "
    width = max(cell_len(label) for label in (header[0], *(label for label, _ in rows)))
    room = max(out.width - width - len(gap), 20)
    bold = "bold" if display.color else ""
    out.print(text(f"{header[0].ljust(width)}{gap}{header[1]}", bold))
    if display.decorated:
        widest = max(
            (cell_len(line.plain) for _, value in rows for line in wrapped(text(value), room)), default=0
        )
        out.print(text("─" * min(out.width, width + len(gap) + widest), "dim" if display.color else ""))
    for label, value in rows:
        for number, line in enumerate(wrapped(text(value), room)):
            lead = text(label, bold) if number == 0 else text("")
            lead.append(" " * (width - cell_len(lead.plain)) + gap)
            lead.append_text(line)
            out.print(lead, no_wrap=True, crop=False, overflow="ignore")


def running_text(out: Console, body: str) -> None:
    """Running text (a summary, a landscape), wrapped as `hanging` wraps it."""
    hanging(out, "", body, rest="")


def hanging_bullets(out: Console, display: Display, title: str, items: list[str]) -> None:
    """A titled list of "- item" lines whose wrapped lines hang under the text."""
    if not items:
        return
    out.print()
    heading(out, display, title)
    for item in items:
        hanging(out, "- ", item)


def explain_lines(hit: SearchHit) -> list[str]:
    """How a search hit ranked: its tier and coverage, then its BM25F field by field."""
    return [ranked_line(hit), *why_lines(hit.explanation)] if hit.ranked else why_lines(hit.explanation)


def ranked_line(hit: SearchHit) -> str:
    """tier, coverage and BM25F total: what the score is made of (a hit
    ranked by search has them)."""
    r = hit.ranked
    assert r is not None
    tier = 1 if r.tier == "all words" else 0
    return (f"score {hit.score:g} = tier {tier} ({r.tier}) + bm25f {r.bm25f:g} x coverage {r.coverage:g}"
            f" / best {r.best:g}")  # fmt: skip


def why_lines(explanation: Iterable[ScoreEntry]) -> list[str]:
    """How a search hit scored, one line per query part: field term +score, ..."""
    by_query: dict[str, list[str]] = {}
    for entry in explanation:
        scored = f"{entry['field']} {entry['term']} +{entry['score']:g}"
        by_query.setdefault(entry["query"], []).append(scored)
    return [f"{query!r}: {', '.join(parts)}" for query, parts in by_query.items()]


def counted(number: int, noun: str) -> str:
    """number and noun, in the plural unless it is one: "1 record", "2 countries"."""
    return f"{number} {plural(noun, number)}"


def plural(noun: str, number: int) -> str:
    """noun in the singular for one, else in the plural."""
    if number == 1:
        return noun
    return noun[:-1] + "ies" if noun.endswith("y") else noun + "s"
