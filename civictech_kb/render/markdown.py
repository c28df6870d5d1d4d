"""GitHub-flavoured Markdown. Record text is escaped so that no table
breaks and no HTML or link syntax from a record passes through."""

from __future__ import annotations

import re

from ..safe_text import HIDDEN
from . import UnsupportedView


def escape(value) -> str:
    """Inline text: Markdown punctuation, HTML and control characters
    neutralised, one line. `$` is escaped too, since GitHub reads $...$ as math."""
    flat = " ".join(str(value).split())
    flat = HIDDEN.sub("\ufffd", flat)
    flat = flat.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return re.sub(r"([\\`*_{}\[\]()#+!|~$])", r"\\\1", flat)


def cell(value) -> str:
    """A table cell: escaped inline text (pipes included)."""
    return escape(value) if value not in (None, "") else ""


def table(headers: list[str], rows: list[list]) -> str:
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def render(view: str, data, display) -> str:
    renderer = VIEWS.get(view)
    if renderer is None:
        raise UnsupportedView(f"no Markdown view for {view}")
    return renderer(data)


def _records(rows) -> str:
    return table(
        ["id", "name", "type", "countries", "year", "status"],
        [[r["id"], r["name"], r["type"], ", ".join(r["countries"]), r.get("year"), r.get("status")]
         for r in rows],
    )


VIEWS = {"records": _records}


def _timeline(data) -> str:
    lines = []
    largest = max((year["count"] for year in data["years"]), default=0)
    for year in data["years"]:
        lines.append(f"- **{year['year']}** {_bar(year['count'], largest)} {year['count']}")
        for entry in year["records"]:
            where = ", ".join([entry["type"], *entry["countries"]])
            lines.append(f"  - {escape(entry['name'])} ({escape(where)})")
    if data["undated"]:
        lines.append(f"\nNo date in the sources: {len(data['undated'])} record(s).")
    return "\n".join(lines) + "\n"


VIEWS["timeline"] = _timeline


def _search(hits) -> str:
    if not hits:
        return ""
    headers = ["#", "name", "id", "type", "score", "matched", "snippet"]
    rows = [
        [rank, h["name"], h["id"], h["type"], f"{h['score']:g}", ", ".join(h["matched_fields"]),
         h["snippet"]]
        for rank, h in enumerate(hits, 1)
    ]  # fmt: skip
    if any("explanation" in h for h in hits):
        headers.append("why")
        for row, hit in zip(rows, hits, strict=True):
            row.append("; ".join(_why(entry) for entry in hit["explanation"]))
    return table(headers, rows)


def _why(entry: dict) -> str:
    return f"{entry['query']}: {entry['field']} {entry['term']} +{entry['score']:g}"


VIEWS["search"] = _search


def _country(data) -> str:
    lines = [f"# {escape(data['name'])} ({data['code']})", "", f"Region: {escape(data['region'] or 'none')}", ""]
    for label in ("landscape", "context"):
        if data.get(label):
            lines += [f"## {label.capitalize()}", "", escape(data[label]), ""]
    if data["challenges"]:
        lines += ["## Challenges", ""]
        for category, items in data["challenges"].items():
            lines += [f"### {escape(category)}", ""]
            for item in items:
                lines.append(f"- {escape(item['summary'])} ({escape(item['record'])})")
                lines += [f"  - response: {escape(r)}" for r in item["responses"]]
            lines.append("")
    if data["lessons"]:
        lines += ["## Lessons", ""] + [f"- {escape(x['lesson'])} ({escape(x['record'])})" for x in data["lessons"]]
        lines.append("")
    for kind, rows in data["records"].items():
        if rows:
            lines += [f"## {kind.capitalize()}s", ""]
            lines.append(table(["id", "name", "year", "status"], [[r["id"], r["name"], r["year"], r["status"]] for r in rows]))
    return "\n".join(lines).rstrip("\n") + "\n"


VIEWS["country"] = _country


STATS_SECTIONS = (
    ("by_type", "By type", "type"),
    ("by_region", "By region", "region"),
    ("by_country", "By country", "country"),
    ("by_topic", "By topic", "topic"),
    ("by_status", "By status", "status"),
    ("by_decade", "By decade", "decade"),
)


def _stats(data, chart: bool = False) -> str:
    """Counts as tables; with chart, each row also gets a bar of block characters."""
    lines = [f"**{data['total']} record(s).** A record in several countries counts in each of them and in "
             "each of their regions.", ""]  # fmt: skip
    for key, title, column in STATS_SECTIONS:
        rows = data[key]
        largest = max((row["count"] for row in rows), default=0)
        headers = [column, "records", ""] if chart else [column, "records"]
        bars = [[_bar(row["count"], largest)] if chart else [] for row in rows]
        body = [[row["label"], row["count"], *bar] for row, bar in zip(rows, bars, strict=True)]
        lines += [f"## {title}", "", table(headers, body)]
    if data["undated"]:
        lines += [f"No date in the sources: {data['undated']} record(s).", ""]
    matrix = data["challenges"]
    lines += ["## Challenges by region", "", "Records reporting each kind of challenge in each region.", ""]
    lines.append(table(["challenge", *matrix["regions"]],
                       [[row["label"], *(n or "" for n in counts)]
                        for row, counts in zip(matrix["categories"], matrix["counts"], strict=True)]))  # fmt: skip
    return "\n".join(lines).rstrip("\n") + "\n"


def _bar(count: int, largest: int, room: int = 30) -> str:
    return "█" * max(1 if count else 0, round(count * min(1.0, room / largest))) if largest else ""


VIEWS["stats"] = _stats
VIEWS["stats-chart"] = lambda data: _stats(data, chart=True)
