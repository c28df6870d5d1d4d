"""GitHub-flavoured Markdown: each view result as headings, lists and tables.
Record text is escaped so that no table breaks and no HTML or link syntax
from a record passes through. The report (`ctkb export --format md`) is
written by render.markdown_report with the same escaping and tables.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import singledispatch

from civictech_kb.model import vocab
from civictech_kb.model.licence import FACTS_ONLY, states_licence
from civictech_kb.model.record import TYPES
from civictech_kb.model.wording import undated_text
from civictech_kb.render import COUNTS_NOTE, REGION_COUNTS_NOTE, STATS_SECTIONS, Display, unsupported
from civictech_kb.render.markdown_text import MATRIX_NOTE, bar, challenge_table, counts_table, escape, table
from civictech_kb.render.terminal import ranked_line
from civictech_kb.views.compare import CompareView
from civictech_kb.views.outline import ReportOutline
from civictech_kb.views.results import (
    ChallengeItem,
    ChallengesReport,
    CountryView,
    PlaceChallenge,
    PlaceLesson,
    RecordBrief,
    RecordCard,
    RecordList,
    RegionsOverview,
    RegionView,
    RelatedRecords,
    SearchResults,
    SourceList,
    Stats,
    StatsChart,
    Timeline,
    TopicList,
)


def render(view: object, display: Display) -> str:
    return write(view)


@singledispatch
def write(view: object) -> str:
    raise unsupported("md", view)


@write.register(ReportOutline)
def _report(view: ReportOutline) -> str:
    from civictech_kb.render.markdown_report import render_report

    return render_report(view)


@write.register(RecordList)
def _records(view: RecordList) -> str:
    return table(
        ["id", "name", "type", "countries", "year", "status"],
        [[r.id, r.name, r.type, ", ".join(r.countries), r.year, r.status] for r in view.rows],
    )


@write.register(RecordCard)
def _record(view: RecordCard) -> str:
    from civictech_kb.render.record_card import category_label, facts, lists, prose

    data = view.data
    lines = [f"# {escape(data['name'])}", "", table(["field", "value"], facts(data, view.topic_labels))]
    for label, body in prose(data):
        lines += [f"## {label}", "", escape(body), ""]
    if data.get("challenges"):
        lines += ["## Challenges", ""]
        for challenge in data["challenges"]:
            lines.append(
                f"- \\[{escape(category_label(challenge, view.category_labels))}\\] {escape(challenge['summary'])}"
            )
            lines += [f"  - response: {escape(r)}" for r in challenge.get("responses", [])]
        lines.append("")
    for title, items in lists(data, view.record_names):
        lines += [f"## {title}", "", *(f"- {escape(item)}" for item in items), ""]
    return "\n".join(lines).rstrip("\n") + "\n"


@write.register(Timeline)
def _timeline(view: Timeline) -> str:
    lines = []
    largest = max((year.count for year in view.years), default=0)
    for year in view.years:
        lines.append(f"- **{year.year}** {bar(year.count, largest)} {year.count}")
        for entry in year.records:
            milestone = entry.kind == "milestone"
            where = ", ".join(entry.countries if milestone else [entry.type, *entry.countries])
            what = f"{entry.date} {entry.name}: {entry.summary}" if milestone else entry.name
            lines.append(f"  - {escape(what)}" + (f" ({escape(where)})" if where else ""))
    if view.undated:
        lines.append(f"\nLeft out of the timeline: {undated_text(len(view.undated))}.")
    return "\n".join(lines) + "\n"


@write.register(SearchResults)
def _search(view: SearchResults) -> str:
    if not view.hits:
        return ""
    headers = ["#", "name", "id", "type", "score", "matched", "snippet"]
    rows: list[list[object]] = [
        [rank, h.name, h.id, h.type, f"{h.score:g}", ", ".join(h.matched_fields), h.snippet]
        for rank, h in enumerate(view.hits, 1)
    ]
    if view.explain:
        headers.append("why")
        for row, hit in zip(rows, view.hits, strict=True):
            fields = [f"{e['query']}: {e['field']} {e['term']} +{e['score']:g}" for e in hit.explanation]
            row.append("; ".join([ranked_line(hit), *fields] if hit.ranked else fields))
    return table(headers, rows)


@write.register(CompareView)
def _compare(view: CompareView) -> str:
    from civictech_kb.render import compare_text

    return compare_text.write(view)


@write.register(CountryView)
def _country(view: CountryView) -> str:
    title = vocab.country_heading(view.code)
    lines = [f"# {escape(title)} ({view.code})", "", f"Region: {escape(view.region or 'none')}", ""]
    for label, prose in (("Landscape", view.landscape), ("Context", view.context)):
        if prose:
            lines += [f"## {label}", "", escape(prose), ""]
    return "\n".join(lines + _place(view)).rstrip("\n") + "\n"


@write.register(RegionView)
def _region(view: RegionView) -> str:
    title = f"{view.name}, {view.region}" if view.region else view.name
    lines = [f"# {escape(title)}", ""]
    if view.countries:
        lines += ["## Countries", ""]
        for country in view.countries:
            about = escape(country.summary) if country.summary else "no country profile yet"
            lines.append(f"- **{escape(country.name)}** ({escape(country.code)}), "
                         f"{country.records} record(s): {about}")  # fmt: skip
        lines.append("")
    return "\n".join(lines + _place(view)).rstrip("\n") + "\n"


def _place(view: CountryView | RegionView) -> list[str]:
    """What country and region views share: challenges, lessons and records."""
    lines = []
    if view.challenges:
        lines += ["## Challenges", ""]
        for category, items in view.challenges.items():
            lines += [f"### {escape(view.category_labels.get(category, category))}", ""]
            lines += _challenge_items(items)
            lines.append("")
    if view.lessons:
        lines += ["## Lessons", ""] + [f"- {escape(x.lesson)} ({_source_of(x)})" for x in view.lessons]
        lines.append("")
    if view.history:
        lines += ["## History", ""]
        lines += [f"- {escape(m.date)}: {escape(m.summary)} ({escape(m.record)}; {escape(m.source)})"
                  for m in view.history]  # fmt: skip
        lines.append("")
    if view.sources:
        lines += ["## Sources", ""]
        lines += [
            f"- {escape(record)}: {escape(text)}" for record, texts in view.sources.items() for text in texts
        ]
        lines.append("")
    for kind, rows in view.records.items():
        if rows:
            regional = rows[0].countries is not None
            columns = ["id", "name", *(["countries"] if regional else []), "year", "status"]
            lines += [f"## {TYPES[kind].title}", ""]
            lines.append(table(columns, [[_joined(vars(r)[c]) for c in columns] for r in rows]))
    return lines


def _challenge_items(items: Sequence[PlaceChallenge | ChallengeItem]) -> list[str]:
    lines = []
    for item in items:
        lines.append(f"- {escape(item.summary)} ({_source_of(item)})")
        lines += [f"  - response: {escape(r)}" for r in item.responses]
        lines += [f"  - source: {escape(s)}" for s in getattr(item, "sources", [])]
    return lines


@write.register(SourceList)
def _sources(view: SourceList) -> str:
    lines = [f"- **{escape(e['id'])}**: {escape(e['text'])} (cited by {e['cited_by']}"
             + ("" if states_licence(e.get("licence")) else f"; it {escape(FACTS_ONLY)}") + ")"
             for e in view.sources]  # fmt: skip
    return "\n".join([*lines, "", escape(view.licence["statement"])]) + "\n"


def _source_of(item: PlaceChallenge | PlaceLesson | ChallengeItem) -> str:
    """A challenge's or lesson's record (and the others stating the same
    challenge), after its countries in a region view; escaped."""
    records = escape(", ".join([item.record, *(getattr(item, "also", None) or [])]))
    if item.countries:
        return f"{escape(_joined(item.countries))}: {records}"
    return records


def _joined(value: object) -> object:
    return ", ".join(map(str, value)) if isinstance(value, list) else value


@write.register(RegionsOverview)
def _regions(view: RegionsOverview) -> str:
    rows = [[r.name, r.region, ", ".join(f"{c.name} ({c.records})" for c in r.countries), r.records]
            for r in view.regions]  # fmt: skip
    return (
        table(["sub-region", "region", "countries (records)", "records"], rows) + f"\n{REGION_COUNTS_NOTE}\n"
    )


@write.register(ChallengesReport)
def _challenges_report(view: ChallengesReport) -> str:
    lines = []
    for outer in view.groups:
        lines += [f"## {escape(outer.label)} ({outer.count})", ""]
        for inner in outer.groups:
            lines += [f"### {escape(inner.label)}", "", *_challenge_items(inner.challenges), ""]
    return "\n".join(lines).rstrip("\n") + "\n" if lines else ""


@write.register(RelatedRecords)
def _related(view: RelatedRecords) -> str:
    lines = [f"# {_described(view.record)}", "", "## Linked records", ""]
    if view.links:
        lines.append(table(["relation", "id", "name", "type", "countries"],
                           [[x.label, x.id, x.name, x.type, _joined(x.countries)] for x in view.links]))  # fmt: skip
    else:
        lines += ["None recorded.", ""]
    if view.record.type == "source":  # a source has no topics or countries to share
        return "\n".join(lines).rstrip("\n") + "\n"
    lines += [f"## Sharing topics or countries ({len(view.sharing)} of {view.sharing_total})", ""]
    if view.sharing:
        rows = [
            [x.id, x.name, x.type, _joined(x.shared_topics), _joined(x.shared_countries)]
            for x in view.sharing
        ]
        lines.append(table(["id", "name", "type", "shared topics", "shared countries"], rows))
    return "\n".join(lines).rstrip("\n") + "\n"


def _described(record: RecordBrief) -> str:
    if record.name is None:
        return f"{escape(record.id)} (not in these records)"
    return escape(", ".join([f"{record.name} ({record.id})", record.type or "", *record.countries]))


@write.register(TopicList)
def _topics(view: TopicList) -> str:
    return table(["topic", "label", "records", "synonyms"],
                 [[t.id, t.label, t.records, ", ".join(t.synonyms)] for t in view.topics])  # fmt: skip


@write.register(Stats)
def _stats(view: Stats) -> str:
    return stats_text(view)


@write.register(StatsChart)
def _stats_chart(view: StatsChart) -> str:
    return stats_text(view.stats, chart=True)


def stats_text(data: Stats, chart: bool = False) -> str:
    """Counts as tables; with chart, each row also gets a bar of block characters."""
    lines = [f"**{data.total} record(s).** {COUNTS_NOTE}", ""]
    for key, title, column in STATS_SECTIONS:
        lines += [f"## {title}", "", counts_table(column, getattr(data, key), bars=chart)]
    if data.undated:
        lines += [f"Left out of the decades: {undated_text(data.undated)}.", ""]
    lines += ["## Challenges by region", "", MATRIX_NOTE, "", challenge_table(data.challenges)]
    if data.country_challenges.countries:
        lines += ["## Challenges by country", "", MATRIX_NOTE, "", challenge_table(data.country_challenges)]
    return "\n".join(lines).rstrip("\n") + "\n"
