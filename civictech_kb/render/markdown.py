"""GitHub-flavoured Markdown. Record text is escaped so that no table
breaks and no HTML or link syntax from a record passes through."""

from __future__ import annotations

import re

from civictech_kb.model.record import TYPES
from civictech_kb.model.text import HIDDEN
from civictech_kb.render import UnsupportedView
from civictech_kb.views.stats import SECTIONS


def escape(value) -> str:
    """Inline text: Markdown punctuation, HTML and control characters
    neutralised, one line. `$` is escaped too, since GitHub reads $...$ as math.

    A word that GitHub would turn into a link or a notification (an address,
    a www. host, an email, @user, @org/team, #12, GH-12, a commit hash, a
    bare domain) is shown as code, where nothing links: the same characters,
    inert."""
    flat = HIDDEN.sub("\ufffd", " ".join(str(value).split()))
    return _TOKEN.sub(_escape_token, flat)


# A word: a run of characters that stay literal inside a code span, even in
# a table cell (no backtick, pipe, angle bracket or ampersand); else one character.
_TOKEN = re.compile(r"[^\s`|<>&]+|.", re.DOTALL)
# What cmark-gfm's autolink extension (scheme://, www., mailto:, xmpp:, a@b),
# GitHub's mentions and references (@user, #12, GH-12, owner/repo#12, commit
# hashes) and linkify-it's bare domains (evil.com, g0v.tw: its default
# top-level domains and any two letters) start from.
LINKISH = re.compile(
    r"://|^//|www\.|\b(?:mailto|xmpp):|@|#\d|\bgh-\d"
    r"|[a-z0-9]\.(?:biz|com|edu|gov|net|org|pro|web|xxx|aero|asia|coop|info|museum|name|shop|рф|[a-z]{2})\b"
    r"|^(?=[0-9a-f]*[0-9])(?=[0-9a-f]*[a-f])[0-9a-f]{7,40}$",
    re.IGNORECASE,
)


def _escape_token(match: re.Match) -> str:
    token = match.group()
    if len(token) > 1 and LINKISH.search(token):
        return f"`{token}`"
    token = token.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _PUNCTUATION.sub(r"\\\1", token)


_PUNCTUATION = re.compile(r"([\\`*_{}\[\]()#+!|~$])")


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
        [
            [r["id"], r["name"], r["type"], ", ".join(r["countries"]), r.get("year"), r.get("status")]
            for r in rows
        ],
    )


def _record(data) -> str:
    from civictech_kb.render.record_card import facts, lists, prose

    lines = [f"# {escape(data['name'])}", "", table(["field", "value"], facts(data))]
    for label, body in prose(data):
        lines += [f"## {label}", "", escape(body), ""]
    if data.get("challenges"):
        lines += ["## Challenges", ""]
        for challenge in data["challenges"]:
            lines.append(f"- \\[{escape(challenge['category'])}\\] {escape(challenge['summary'])}")
            lines += [f"  - response: {escape(r)}" for r in challenge.get("responses", [])]
        lines.append("")
    for title, items in lists(data):
        lines += [f"## {title}", "", *(f"- {escape(item)}" for item in items), ""]
    return "\n".join(lines).rstrip("\n") + "\n"


VIEWS = {"records": _records, "record": _record}


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
    lines = [
        f"# {escape(data['name'])} ({data['code']})",
        "",
        f"Region: {escape(data['region'] or 'none')}",
        "",
    ]
    for label in ("landscape", "context"):
        if data.get(label):
            lines += [f"## {label.capitalize()}", "", escape(data[label]), ""]
    return "\n".join(lines + _place(data)).rstrip("\n") + "\n"


def _place(data) -> list[str]:
    """What country and region views share: challenges, lessons and records."""
    lines = []
    if data["challenges"]:
        lines += ["## Challenges", ""]
        for category, items in data["challenges"].items():
            lines += [f"### {escape(data['category_labels'].get(category, category))}", ""]
            lines += _challenge_items(items)
            lines.append("")
    if data["lessons"]:
        lines += ["## Lessons", ""] + [f"- {escape(x['lesson'])} ({_source_of(x)})" for x in data["lessons"]]
        lines.append("")
    for kind, rows in data["records"].items():
        if rows:
            columns = ["id", "name", *(["countries"] if "countries" in rows[0] else []), "year", "status"]
            lines += [f"## {TYPES[kind].title}", ""]
            lines.append(table(columns, [[_joined(r[c]) for c in columns] for r in rows]))
    return lines


def _challenge_items(items: list[dict]) -> list[str]:
    lines = []
    for item in items:
        lines.append(f"- {escape(item['summary'])} ({_source_of(item)})")
        lines += [f"  - response: {escape(r)}" for r in item["responses"]]
    return lines


def _source_of(item: dict) -> str:
    """A challenge's or lesson's record, after its countries in a region view; escaped."""
    if item.get("countries"):
        return f"{escape(_joined(item['countries']))}: {escape(item['record'])}"
    return escape(item["record"])


def _joined(value):
    return ", ".join(map(str, value)) if isinstance(value, list) else value


def _regions(regions) -> str:
    rows = [[r["name"], r["region"], ", ".join(f"{c['name']} ({c['records']})" for c in r["countries"]), r["records"]]
            for r in regions]  # fmt: skip
    from civictech_kb.render import REGION_COUNTS_NOTE

    return (
        table(["sub-region", "region", "countries (records)", "records"], rows) + f"\n{REGION_COUNTS_NOTE}\n"
    )


VIEWS["regions"] = _regions


def _region(data) -> str:
    title = f"{data['name']}, {data['region']}" if data["region"] else data["name"]
    lines = [f"# {escape(title)}", ""]
    if data["countries"]:
        lines += ["## Countries", ""]
        for country in data["countries"]:
            about = escape(country["summary"]) if country["summary"] else "no country profile yet"
            lines.append(f"- **{escape(country['name'])}** ({escape(country['code'])}), "
                         f"{country['records']} record(s): {about}")  # fmt: skip
        lines.append("")
    return "\n".join(lines + _place(data)).rstrip("\n") + "\n"


VIEWS["region"] = _region


def _challenges_report(data) -> str:
    lines = []
    for outer in data["groups"]:
        lines += [f"## {escape(outer['label'])} ({outer['count']})", ""]
        for inner in outer["groups"]:
            lines += [f"### {escape(inner['label'])}", "", *_challenge_items(inner["challenges"]), ""]
    return "\n".join(lines).rstrip("\n") + "\n" if lines else ""


VIEWS["challenges"] = _challenges_report


def _related(data) -> str:
    lines = [f"# {_described(data['record'])}", "", "## Linked records", ""]
    if data["links"]:
        lines.append(table(["relation", "id", "name", "type", "countries"],
                           [[x["label"], x["id"], x["name"], x["type"], _joined(x["countries"])] for x in data["links"]]))  # fmt: skip
    else:
        lines += ["None recorded.", ""]
    lines += [f"## Sharing topics or countries ({len(data['sharing'])} of {data['sharing_total']})", ""]
    if data["sharing"]:
        rows = [[x["id"], x["name"], x["type"], _joined(x["shared_topics"]), _joined(x["shared_countries"])]
                for x in data["sharing"]]  # fmt: skip
        lines.append(table(["id", "name", "type", "shared topics", "shared countries"], rows))
    return "\n".join(lines).rstrip("\n") + "\n"


def _described(record: dict) -> str:
    if record["name"] is None:
        return f"{escape(record['id'])} (not in these records)"
    return escape(", ".join([f"{record['name']} ({record['id']})", record["type"], *record["countries"]]))


VIEWS["related"] = _related


def _topics(topics) -> str:
    return table(["topic", "label", "records", "synonyms"],
                 [[t["id"], t["label"], t["records"], ", ".join(t["synonyms"])] for t in topics])  # fmt: skip


VIEWS["topics"] = _topics


VIEWS["country"] = _country


def _stats(data, chart: bool = False) -> str:
    """Counts as tables; with chart, each row also gets a bar of block characters."""
    from civictech_kb.render import COUNTS_NOTE

    lines = [f"**{data['total']} record(s).** {COUNTS_NOTE}", ""]
    for key, title, column in SECTIONS:
        lines += [f"## {title}", "", counts_table(column, data[key], bars=chart)]
    if data["undated"]:
        lines += [f"No date in the sources: {data['undated']} record(s).", ""]
    lines += ["## Challenges by region", "", MATRIX_NOTE, "", challenge_table(data["challenges"])]
    return "\n".join(lines).rstrip("\n") + "\n"


MATRIX_NOTE = "Records reporting each kind of challenge in each region."


def counts_table(column: str, rows: list[dict], bars: bool = True) -> str:
    """Rows of counts (label, count) as a table; with bars, a bar of block characters each."""
    largest = max((row["count"] for row in rows), default=0)
    headers = [column, "records", ""] if bars else [column, "records"]
    return table(headers, [[row["label"], row["count"], *([_bar(row["count"], largest)] if bars else [])]
                           for row in rows])  # fmt: skip


def challenge_table(matrix: dict) -> str:
    """The region x challenge-category matrix, empty cells left blank."""
    return table(["challenge", *matrix["regions"]],
                 [[row["label"], *(n or "" for n in counts)]
                  for row, counts in zip(matrix["categories"], matrix["counts"], strict=True)])  # fmt: skip


def _bar(count: int, largest: int, room: int = 30) -> str:
    return "█" * max(1 if count else 0, round(count * min(1.0, room / largest))) if largest else ""


VIEWS["stats"] = _stats
VIEWS["stats-chart"] = lambda data: _stats(data, chart=True)
