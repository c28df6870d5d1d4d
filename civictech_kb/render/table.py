"""Terminal output with rich: tables and record cards.

Record text is always wrapped in rich Text objects, never parsed as markup,
with hidden control characters shown as escapes (safe_text.visible), and the
console never highlights or substitutes emoji codes. Piped output
(Display.decorated false) has no colour, no box lines and no rules.
"""

from __future__ import annotations

import io

from ..safe_text import one_line, visible
from . import UnsupportedView

STYLED = True  # writes its own colour codes; record text is cleaned in text()


def console(display):
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


def text(value, style: str = ""):
    from rich.text import Text

    return Text("" if value is None else visible(str(value)), style=style if style else "")


def table(display, *columns: str, title: str | None = None):
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


def heading(out, display, title: str) -> None:
    out.print(text(title, "bold underline" if display.color else ""))


def joined(values) -> str:
    return ", ".join(str(v) for v in values or [])


def render(view: str, data, display) -> str:
    renderer = VIEWS.get(view)
    if renderer is None:
        raise UnsupportedView(f"no table view for {view}")
    if view == "search" and not display.decorated and not display.color:
        from . import plain

        if plain.can_render(data):  # the same text, without importing rich's console
            return plain.search(data, display.width)
    out = console(display)
    renderer(out, data, display)
    return "".join(line.rstrip() + "\n" for line in out.file.getvalue().splitlines())


def _records(out, rows, display) -> None:
    grid = table(display, "id", "name", "type", "countries", "year", "status")
    grid.columns[0].no_wrap = True  # ids are typed back into commands: keep each on one line
    for row in rows:
        grid.add_row(*(text(v) for v in (row["id"], row["name"], row["type"], joined(row["countries"]),
                                          row.get("year", ""), row.get("status", ""))))  # fmt: skip
    out.print(grid)
    if display.decorated:
        out.print(text(f"{len(rows)} record(s)", "dim"))


def _record(out, data, display) -> None:
    heading(out, display, data["name"])
    facts = table(display, "field", "value")
    for label, key in FACT_FIELDS:
        value = data.get(key)
        if value:
            facts.add_row(text(label, "bold" if display.color else ""), text(_fact(value)))
    out.print(facts)
    for label, key in PROSE_FIELDS:
        if data.get(key):
            out.print()
            heading(out, display, label)
            out.print(text(data[key]))
    _challenges(out, data.get("challenges", []), display)
    _bullets(out, display, "Lessons", data.get("lessons", []))
    _bullets(out, display, "Figures", [_figure(f) for f in data.get("figures", [])])
    _bullets(out, display, "Links", [f"{link['label']}: {link['url']}" for link in data.get("links", [])])
    _bullets(out, display, "Relations", _relations(data))
    _bullets(out, display, "Sources", [_source(s) for s in data.get("sources", [])])


FACT_FIELDS = (
    ("id", "id"), ("type", "type"), ("other names", "names"), ("aliases", "aliases"),
    ("countries", "country_names"), ("region", "regions"), ("location", "location"),
    ("topics", "topics"), ("status", "status"), ("founded", "founded"), ("ended", "ended"),
    ("start", "start"), ("end", "end"), ("website", "website"),
)  # fmt: skip
PROSE_FIELDS = (("Summary", "summary"), ("Landscape", "landscape"), ("Context", "context"))


def _fact(value) -> str:
    if isinstance(value, dict):
        return ", ".join(f"{v} ({k})" for k, v in value.items())
    if isinstance(value, list):
        return ", ".join(v["subregion"] if isinstance(v, dict) else str(v) for v in value)
    return str(value)


def _challenges(out, challenges, display) -> None:
    if not challenges:
        return
    out.print()
    heading(out, display, "Challenges")
    for challenge in challenges:
        out.print(text(f"- [{challenge['category']}] {challenge['summary']}"))
        for response in challenge.get("responses", []):
            out.print(text(f"    response: {response}"))


def _bullets(out, display, title: str, items: list[str]) -> None:
    if not items:
        return
    out.print()
    heading(out, display, title)
    for item in items:
        out.print(text(f"- {item}"))


def _figure(figure: dict) -> str:
    unit = f" {figure['unit']}" if figure.get("unit") else ""
    year = f" ({figure['year']})" if figure.get("year") else ""
    return f"{figure['label']}: {figure['value']}{unit}{year}"


def _source(source: dict) -> str:
    parts = [source.get("document"), source.get("section"), source.get("url")]
    return ", ".join(p for p in parts if p)


def _relations(data: dict) -> list[str]:
    lines = [f"{kind.replace('_', ' ')}: {joined(ids)}" for kind, ids in data.get("relations", {}).items()]
    lines += [f"{kind.replace('_', ' ')}: {joined(ids)}" for kind, ids in data.get("related_from", {}).items()]
    return lines


def _problems(out, problems, display) -> None:
    for problem in problems:
        hint = f" ({problem['hint']})" if problem["hint"] else ""
        where = problem["path"]
        if problem["line"]:
            where += f":{problem['line']}:{problem['column'] or 1}"
        out.print(text(one_line(f"{where}: {problem['code']}: {problem['message']}{hint}")), soft_wrap=True)


VIEWS = {"records": _records, "record": _record, "problems": _problems}


def _timeline(out, data, display) -> None:
    bar, bullet = ("█", "•") if display.decorated else ("#", "-")
    widest = max((year["count"] for year in data["years"]), default=0)
    for year in data["years"]:
        out.print(text(f"{year['year']}  {bar * year['count']:<{widest}}  {year['count']}",
                       "bold" if display.color else ""))  # fmt: skip
        for entry in year["records"]:
            where = ", ".join([entry["type"], *entry["countries"]])
            out.print(text(f"      {bullet} {entry['name']} ({where})"))
    if data["undated"]:
        out.print(text(f"no date in the sources: {len(data['undated'])} record(s)", "dim" if display.color else ""))


VIEWS["timeline"] = _timeline


def _search(out, hits, display) -> None:
    from rich.padding import Padding

    for rank, hit in enumerate(hits, 1):
        facts = f"  {hit['type']}  {hit['id']}  score {hit['score']:g}"
        title = text(f"{rank}. ")
        title.append(text(hit["name"], "bold" if display.color else ""))
        title.append(text(facts, "dim" if display.color else ""))
        out.print(title)
        lines = [hit["snippet"], f"matched: {joined(hit['matched_fields'])}"]
        lines += [f"why: {line}" for line in _why(hit.get("explanation", []))]
        for line in lines:
            out.print(Padding(text(line), (0, 0, 0, 3)))


def _why(explanation: list[dict]) -> list[str]:
    """One line per query part: field term +score, ..."""
    by_query: dict[str, list[str]] = {}
    for entry in explanation:
        scored = f"{entry['field']} {entry['term']} +{entry['score']:g}"
        by_query.setdefault(entry["query"], []).append(scored)
    return [f"{query!r}: {', '.join(parts)}" for query, parts in by_query.items()]


VIEWS["search"] = _search


def _country(out, data, display) -> None:
    heading(out, display, f"{data['name']} ({data['code']}), {data['region'] or 'no UN region'}")
    for label in ("landscape", "context"):
        if data.get(label):
            out.print()
            heading(out, display, label.capitalize())
            out.print(text(data[label]))
    if data["challenges"]:
        out.print()
        heading(out, display, "Challenges")
        for category, items in data["challenges"].items():
            out.print(text(f"{category}:", "bold" if display.color else ""))
            for item in items:
                out.print(text(f"  - {item['summary']} [{item['record']}]"))
                for response in item["responses"]:
                    out.print(text(f"      response: {response}"))
    _bullets(out, display, "Lessons", [f"{x['lesson']} [{x['record']}]" for x in data["lessons"]])
    for kind, rows in data["records"].items():
        if rows:
            out.print()
            heading(out, display, f"{kind.capitalize()}s ({len(rows)})")
            grid = table(display, "id", "name", "year", "status")
            grid.columns[0].no_wrap = True
            for row in rows:
                grid.add_row(*(text(row[k]) for k in ("id", "name", "year", "status")))
            out.print(grid)


VIEWS["country"] = _country
