"""Terminal output with rich: tables and record cards.

Record text is always wrapped in rich Text objects, never parsed as markup,
with hidden control characters shown as escapes (safe_text.visible), and the
console never highlights or substitutes emoji codes. Piped output
(Display.decorated false) has no colour, no box lines and no rules.
"""

from __future__ import annotations

import io

from civictech_kb.model.record import TYPES
from civictech_kb.model.text import one_line, visible
from civictech_kb.render import UnsupportedView

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
        from civictech_kb.render import plain

        if plain.can_render(data):  # the same text, without importing rich's console
            return plain.search(data, display.width)
    out = console(display)
    renderer(out, data, display)
    return "".join(line.rstrip() + "\n" for line in out.file.getvalue().splitlines())


RECORD_COLUMNS = ("id", "name", "type", "countries", "year", "status")
NAME_ROOM = 14  # below this many columns for names, records are listed two lines each
WRAPPING = ("name", "countries")  # the rest (ids, types, years, statuses) stay whole


def _records(out, rows, display) -> None:
    cells = [_record_cells(row) for row in rows]
    if cells and _fixed_width(cells) + NAME_ROOM > display.width:
        _records_stacked(out, cells)
    else:
        grid = table(display, *RECORD_COLUMNS)
        for column in grid.columns:  # ids are typed back into commands: never split
            column.no_wrap = column.header not in WRAPPING
        for cell in cells:
            grid.add_row(*(text(cell[column]) for column in RECORD_COLUMNS))
        out.print(grid)
    if display.decorated:
        out.print(text(f"{len(rows)} record(s)", "dim"))


def _fixed_width(cells: list[dict]) -> int:
    """Columns the table needs besides the names: whole values, codes one per
    line at worst, two spaces between columns."""
    widths = [max(len(column), *(len(_widest_part(cell, column)) for cell in cells))
              for column in RECORD_COLUMNS if column != "name"]  # fmt: skip
    return sum(widths) + 2 * (len(RECORD_COLUMNS) - 1)


def _widest_part(cell: dict, column: str) -> str:
    return max(cell[column].split(), key=len, default="") if column in WRAPPING else cell[column]


def _record_cells(row: dict) -> dict[str, str]:
    values = {**row, "countries": joined(row["countries"])}
    return {column: str(values.get(column, "") or "") for column in RECORD_COLUMNS}


def _records_stacked(out, cells: list[dict]) -> None:
    """Too narrow for a table: each record's id and short facts, its name below."""
    for cell in cells:
        about = ", ".join(cell[c] for c in ("type", "countries", "year", "status") if cell[c])
        hanging(out, "", f"{cell['id']} ({about})")
        hanging(out, "    ", cell["name"])


def _record(out, data, display) -> None:
    from civictech_kb.render.record_card import facts, lists, prose

    heading(out, display, data["name"])
    grid = table(display, "field", "value")
    for label, value in facts(data):
        grid.add_row(text(label, "bold" if display.color else ""), text(value))
    out.print(grid)
    for label, body in prose(data):
        out.print()
        heading(out, display, label)
        out.print(text(body))
    _challenges(out, data.get("challenges", []), display)
    for title, items in lists(data):
        hanging_bullets(out, display, title, items)


def _challenges(out, challenges, display) -> None:
    if not challenges:
        return
    out.print()
    heading(out, display, "Challenges")
    for challenge in challenges:
        hanging(out, "- ", f"[{challenge['category']}] {challenge['summary']}")
        for response in challenge.get("responses", []):
            hanging(out, "    response: ", response)


def _problems(out, problems, display) -> None:
    for problem in problems:
        hint = f" ({problem['hint']})" if problem["hint"] else ""
        where = problem["path"]
        if problem["line"]:
            where += f":{problem['line']}:{problem['column'] or 1}"
        out.print(text(one_line(f"{where}: {problem['code']}: {problem['message']}{hint}")), soft_wrap=True)


VIEWS = {"records": _records, "record": _record, "problems": _problems}


def _timeline(out, data, display) -> None:
    from civictech_kb.render.chart import timeline

    timeline(out, display, data)


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


def hanging(out, prefix: str, body: str, style: str = "") -> None:
    """prefix then body, wrapped to the console width with every continuation
    line indented under the body's first line (a hanging indent)."""
    indent = len(prefix)
    lines = text(body, style).wrap(out, max(out.width - indent, 20), overflow="fold")
    for number, line in enumerate(lines):
        lead = text(prefix if number == 0 else " " * indent)
        lead.append_text(line)
        out.print(lead, no_wrap=True, crop=False)


def hanging_bullets(out, display, title: str, items: list[str]) -> None:
    """A titled list of "- item" lines whose wrapped lines hang under the text."""
    if not items:
        return
    out.print()
    heading(out, display, title)
    for item in items:
        hanging(out, "- ", item)


def _source_of(item: dict) -> str:
    """Where a challenge or lesson comes from: its record, after its countries in a region view."""
    if item.get("countries"):
        return f"{joined(item['countries'])}: {item['record']}"
    return item["record"]


def _country(out, data, display) -> None:
    heading(out, display, f"{data['name']} ({data['code']}), {data['region'] or 'no UN region'}")
    _place(out, data, display)


def _place(out, data, display) -> None:
    """What country and region views share: prose, challenges, lessons and records."""
    for label in ("landscape", "context"):
        if data.get(label):
            out.print()
            heading(out, display, label.capitalize())
            out.print(text(data[label]))
    if data["challenges"]:
        out.print()
        heading(out, display, "Challenges")
        for category, items in data["challenges"].items():
            label = data["category_labels"].get(category, category)
            out.print(text(f"{label}:", "bold" if display.color else ""))
            for item in items:
                hanging(out, "  - ", f"{item['summary']} [{_source_of(item)}]")
                for response in item["responses"]:
                    hanging(out, "      response: ", response)
    hanging_bullets(out, display, "Lessons", [f"{x['lesson']} [{_source_of(x)}]" for x in data["lessons"]])
    for kind, rows in data["records"].items():
        if rows:
            columns = ("id", "name", *(["countries"] if "countries" in rows[0] else []), "year", "status")
            out.print()
            columns = tuple(c for c in columns if c in ("id", "name") or any(row[c] for row in rows))
            heading(out, display, f"{TYPES[kind].title} ({len(rows)})")
            grid = table(display, *columns)
            grid.columns[0].no_wrap = True
            for row in rows:
                grid.add_row(*(text(joined(row[k]) if k == "countries" else row[k]) for k in columns))
            out.print(grid)


VIEWS["country"] = _country


def _regions(out, regions, display) -> None:
    grid = table(display, "sub-region", "countries (records)", "records", title="Regions")
    grid.columns[0].no_wrap = True
    grid.columns[2].justify = "right"
    for region in regions:
        countries = [f"{c['name']} ({c['records']}{'' if c['profile'] else ', no profile'})"
                     for c in region["countries"]]  # fmt: skip
        grid.add_row(text(region["name"]), text(joined(countries)), text(region["records"]))
    out.print(grid)
    from civictech_kb.render import REGION_COUNTS_NOTE

    out.print(text(REGION_COUNTS_NOTE))


VIEWS["regions"] = _regions


def _region(out, data, display) -> None:
    heading(out, display, f"{data['name']}, {data['region']}" if data["region"] else data["name"])
    if data["countries"]:
        out.print()
        heading(out, display, "Countries")
        for country in data["countries"]:
            about = f" {country['summary']}" if country["summary"] else " (no country profile yet)"
            count = _count(country["records"], "record")
            hanging(out, "- ", f"{country['name']} ({country['code']}), {count}:{about}")
    _place(out, data, display)


def _count(number: int, noun: str) -> str:
    return f"{number} {_noun([None] * number, noun)}"


def _noun(items: list, noun: str) -> str:
    """noun in the singular for one item, else in the plural."""
    if len(items) == 1:
        return noun
    return noun[:-1] + "ies" if noun.endswith("y") else noun + "s"


VIEWS["region"] = _region


def _challenges_report(out, data, display) -> None:
    for number, outer in enumerate(data["groups"]):
        if number:
            out.print()
        heading(out, display, f"{outer['label']} ({outer['count']})")
        for inner in outer["groups"]:
            out.print(text(f"{inner['label']}:", "bold" if display.color else ""))
            for item in inner["challenges"]:
                hanging(out, "  - ", f"{item['summary']} [{_source_of(item)}]")
                for response in item["responses"]:
                    hanging(out, "      response: ", response)
    if display.decorated:
        out.print(text(f"{_count(data['count'], 'challenge')}", "dim"))


VIEWS["challenges"] = _challenges_report


def _related(out, data, display) -> None:
    heading(out, display, _described(data["record"]))
    out.print()
    heading(out, display, "Linked records")
    if not data["links"]:
        out.print(text("none recorded"))
    by_label: dict[str, list[dict]] = {}
    for link in data["links"]:
        by_label.setdefault(link["label"], []).append(link)
    for label, links in by_label.items():
        out.print(text(f"{label}:", "bold" if display.color else ""))
        for link in links:
            hanging(out, "  - ", _described(link))
    out.print()
    shown, total = len(data["sharing"]), data["sharing_total"]
    heading(out, display, f"Sharing topics or countries ({shown} of {total})" if shown < total
            else f"Sharing topics or countries ({total})")  # fmt: skip
    for other in data["sharing"]:
        shares = [f"{_noun(other[key], noun)} {joined(other[key])}" for key, noun in
                  (("shared_topics", "topic"), ("shared_countries", "country")) if other[key]]  # fmt: skip
        hanging(out, "  - ", f"{_described(other)}; shares {'; '.join(shares)}")


def _described(record: dict) -> str:
    """Name (id), type, countries; a record missing from the collection by its id alone."""
    if record["name"] is None:
        return f"{record['id']} (not in these records)"
    return ", ".join([f"{record['name']} ({record['id']})", record["type"], *record["countries"]])


VIEWS["related"] = _related


def _topics(out, topics, display) -> None:
    grid = table(display, "topic", "records", "label: synonyms", title="Topics")
    grid.columns[0].no_wrap = True
    grid.columns[1].justify = "right"
    for topic in topics:
        described = f"{topic['label']}: {joined(topic['synonyms'])}"
        grid.add_row(text(topic["id"]), text(topic["records"]), text(described))
    out.print(grid)


VIEWS["topics"] = _topics


def _stats(out, data, display) -> None:
    from civictech_kb.render.chart import stats_tables

    stats_tables(out, display, data)


def _stats_chart(out, data, display) -> None:
    from civictech_kb.render.chart import stats_chart

    stats_chart(out, display, data)


VIEWS["stats"] = _stats
VIEWS["stats-chart"] = _stats_chart
