"""Terminal output with rich: each view result as tables, record cards and
indented lists (the building blocks are in render.terminal, the bar charts
and the timeline in render.chart).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import singledispatch
from typing import TYPE_CHECKING

from civictech_kb.model import vocab
from civictech_kb.model.data import YamlMapping
from civictech_kb.model.licence import FACTS_ONLY, states_licence
from civictech_kb.model.record import TYPES
from civictech_kb.model.text import one_line
from civictech_kb.render import REGION_COUNTS_NOTE, Display, unsupported
from civictech_kb.render.terminal import (
    console,
    counted,
    explain_lines,
    hanging,
    hanging_bullets,
    heading,
    joined,
    labelled,
    plural,
    running_text,
    table,
    text,
    view_title,
    written,
)
from civictech_kb.views.compare import CompareView
from civictech_kb.views.results import (
    ChallengeItem,
    ChallengesReport,
    CountryView,
    PlaceChallenge,
    PlaceLesson,
    ProblemList,
    RecordBrief,
    RecordCard,
    RecordList,
    RegionsOverview,
    RegionView,
    RelatedRecords,
    SearchResults,
    Sharing,
    SourceList,
    Stats,
    StatsChart,
    Timeline,
    TopicList,
)

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

STYLED = True  # writes its own colour codes; record text is cleaned in terminal.text()


def render(view: object, display: Display) -> str:
    out = console(display)
    draw(view, out, display)
    return written(out)


@singledispatch
def draw(view: object, out: Console, display: Display) -> None:
    raise unsupported("table", view)


RECORD_COLUMNS = ("id", "name", "type", "countries", "year", "status")
NAME_ROOM = 14  # below this many columns for names, records are listed two lines each
WRAPPING = ("name", "countries")  # the rest (ids, types, years, statuses) stay whole


@draw.register(RecordList)
def _records(view: RecordList, out: Console, display: Display) -> None:
    cells = [_record_cells(row.__dict__) for row in view.rows]
    if not cells:
        return  # no lonely header: stderr says why nothing is listed
    # on a terminal and piped alike, within the width (one line per record is --format tsv)
    if _fixed_width(cells) + NAME_ROOM > display.width:
        _records_stacked(out, cells)
    else:
        grid = table(display, *RECORD_COLUMNS)
        for column in grid.columns:  # ids are typed back into commands: never split
            column.no_wrap = column.header not in WRAPPING
        for cell in cells:
            grid.add_row(*(text(cell[column]) for column in RECORD_COLUMNS))
        out.print(grid)
    if display.decorated:
        out.print(text(f"{len(view.rows)} record(s)", "dim"))


def _fixed_width(cells: list[dict[str, str]]) -> int:
    """Columns the table needs besides the names: whole values, codes one per
    line at worst, two spaces between columns."""
    widths = [max(len(column), *(len(_widest_part(cell, column)) for cell in cells))
              for column in RECORD_COLUMNS if column != "name"]  # fmt: skip
    return sum(widths) + 2 * (len(RECORD_COLUMNS) - 1)


def _widest_part(cell: dict[str, str], column: str) -> str:
    return max(cell[column].split(), key=len, default="") if column in WRAPPING else cell[column]


def _record_cells(row: YamlMapping) -> dict[str, str]:
    values = {**row, "countries": joined(row["countries"])}
    return {column: str(values.get(column, "") or "") for column in RECORD_COLUMNS}


def _records_stacked(out: Console, cells: list[dict[str, str]]) -> None:
    """Too narrow for a table: each record's id and short facts, its name below."""
    for cell in cells:
        about = ", ".join(cell[c] for c in ("type", "countries", "year", "status") if cell[c])
        hanging(out, "", f"{cell['id']} ({about})", rest="  ")  # only an id starts a line
        hanging(out, "    ", cell["name"])


@draw.register(RecordCard)
def _record(view: RecordCard, out: Console, display: Display) -> None:
    from civictech_kb.render.record_card import category_label, facts, lists, prose

    data = view.data
    view_title(out, display, data["name"])
    labelled(out, display, ("field", "value"), facts(data, view.topic_labels))
    for label, body in prose(data):
        out.print()
        heading(out, display, label)
        running_text(out, body)
    challenges = data.get("challenges", [])
    if challenges:
        out.print()
        heading(out, display, "Challenges")
    for challenge in challenges:
        hanging(out, "- ", f"[{category_label(challenge, view.category_labels)}] {challenge['summary']}")
        for response in challenge.get("responses", []):
            hanging(out, "    response: ", response)
    for title, items in lists(data, view.record_names):
        hanging_bullets(out, display, title, items)


@draw.register(ProblemList)
def _problems(view: ProblemList, out: Console, display: Display) -> None:
    for problem in view.problems:
        out.print(text(one_line(problem.as_text())), soft_wrap=True)


@draw.register(Timeline)
def _timeline(view: Timeline, out: Console, display: Display) -> None:
    from civictech_kb.render.chart import timeline

    timeline(out, display, view)


@draw.register(SearchResults)
def _search(view: SearchResults, out: Console, display: Display) -> None:
    for rank, hit in enumerate(view.hits, 1):
        facts = f"  {hit.type}  {hit.id}  score {hit.score:g}"
        title = text(f"{rank}. ")
        title.append(text(hit.name, "bold" if display.color else ""))
        title.append(text(facts, "dim" if display.color else ""))
        hanging(out, "", title, rest="")
        hanging(out, "   ", _highlighted(hit.snippet, hit.highlights if display.color else []))
        lines = [f"matched: {joined(hit.matched_fields)}"]
        lines += [f"why: {line}" for line in (explain_lines(hit) if view.explain else [])]
        for line in lines:
            hanging(out, "   ", line)


def _highlighted(snippet: str, spans: Sequence[tuple[int, int]]) -> Text:
    """A snippet with the words that matched in bold (on a terminal)."""
    shown = text(snippet)
    if shown.plain == snippet:  # offsets hold only if nothing was escaped
        for start, end in spans:
            shown.stylize("bold underline", start, end)
    return shown


def _source_of(item: PlaceChallenge | PlaceLesson | ChallengeItem) -> str:
    """Where a challenge or lesson comes from: its record (and the others
    stating the same challenge), after its countries in a region view."""
    records = ", ".join([item.record, *(getattr(item, "also", None) or [])])
    if item.countries:
        return f"{joined(item.countries)}: {records}"
    return records


def _challenge_lines(out: Console, item: PlaceChallenge | ChallengeItem) -> None:
    hanging(out, "  - ", f"{item.summary} [{_source_of(item)}]")
    for response in item.responses:
        hanging(out, "      response: ", response)
    for source in getattr(item, "sources", []):
        hanging(out, "      source: ", source)


@draw.register(CompareView)
def _compare(view: CompareView, out: Console, display: Display) -> None:
    from civictech_kb.render import compare_text

    compare_text.draw(view, out, display)


@draw.register(CountryView)
def _country(view: CountryView, out: Console, display: Display) -> None:
    view_title(
        out, display, f"{vocab.country_heading(view.code)} ({view.code}), {view.region or 'no UN region'}"
    )
    for label, prose in (("Landscape", view.landscape), ("Context", view.context)):
        if prose:
            out.print()
            heading(out, display, label)
            running_text(out, prose)
    _place(out, view, display)


@draw.register(RegionView)
def _region(view: RegionView, out: Console, display: Display) -> None:
    view_title(out, display, f"{view.name}, {view.region}" if view.region else view.name)
    if view.countries:
        out.print()
        heading(out, display, "Countries")
        for country in view.countries:
            about = f" {country.summary}" if country.summary else " (no country profile yet)"
            hanging(
                out, "- ", f"{country.name} ({country.code}), {counted(country.records, 'record')}:{about}"
            )
    _place(out, view, display)


def _place(out: Console, view: CountryView | RegionView, display: Display) -> None:
    """What country and region views share: challenges, lessons and records."""
    if view.challenges:
        out.print()
        heading(out, display, "Challenges")
        for category, items in view.challenges.items():
            out.print(
                text(f"{view.category_labels.get(category, category)}:", "bold" if display.color else "")
            )
            for item in items:
                _challenge_lines(out, item)
    hanging_bullets(out, display, "Lessons", [f"{x.lesson} [{_source_of(x)}]" for x in view.lessons])
    hanging_bullets(
        out, display, "History", [f"{m.date}: {m.summary} [{m.record}; {m.source}]" for m in view.history]
    )
    hanging_bullets(out, display, "Sources",
                    [f"{record}: {text}" for record, texts in view.sources.items() for text in texts])  # fmt: skip
    for kind, rows in view.records.items():
        if not rows:
            continue
        dicts = [row.__dict__ for row in rows]
        columns = ("id", "name", *(["countries"] if rows[0].countries is not None else []), "year", "status")
        columns = tuple(c for c in columns if c in ("id", "name") or any(row[c] for row in dicts))
        out.print()
        heading(out, display, f"{TYPES[kind].title} ({len(rows)})")
        grid = table(display, *columns)
        grid.columns[0].no_wrap = True
        for row in dicts:
            grid.add_row(*(text(joined(row[k]) if k == "countries" else row[k]) for k in columns))
        out.print(grid)


@draw.register(SourceList)
def _sources(view: SourceList, out: Console, display: Display) -> None:
    for entry in view.sources:
        cited = entry["cited_by"]
        flag = "" if states_licence(entry.get("licence")) else f"; it {FACTS_ONLY}"
        hanging(
            out,
            "- ",
            f"{entry['id']}: {entry['text']} (cited by {cited} record{'s' if cited != 1 else ''}{flag})",
        )
    out.print()
    hanging(out, "", view.licence["statement"])


@draw.register(RegionsOverview)
def _regions(view: RegionsOverview, out: Console, display: Display) -> None:
    grid = table(display, "sub-region", "countries (records)", "records", title="Regions")
    grid.columns[0].no_wrap = True
    grid.columns[2].justify = "right"
    for region in view.regions:
        countries = [f"{c.name} ({c.records}{'' if c.profile else ', no profile'})" for c in region.countries]
        grid.add_row(text(region.name), text(joined(countries)), text(region.records))
    out.print(grid)
    out.print(text(REGION_COUNTS_NOTE))


@draw.register(ChallengesReport)
def _challenges_report(view: ChallengesReport, out: Console, display: Display) -> None:
    for number, outer in enumerate(view.groups):
        if number:
            out.print()
        heading(out, display, f"{outer.label} ({outer.count})")
        for inner in outer.groups:
            out.print(text(f"{inner.label}:", "bold" if display.color else ""))
            for item in inner.challenges:
                _challenge_lines(out, item)
    if display.decorated:
        out.print(text(counted(view.count, "challenge"), "dim"))


@draw.register(RelatedRecords)
def _related(view: RelatedRecords, out: Console, display: Display) -> None:
    view_title(out, display, _described(view.record))
    out.print()
    heading(out, display, "Linked records")
    if not view.links:
        out.print(text("none recorded"))
    by_label: dict[str, list[RecordBrief]] = {}
    for link in view.links:
        brief = RecordBrief(id=link.id, name=link.name, type=link.type, countries=link.countries)
        by_label.setdefault(link.label, []).append(brief)
    for label, briefs in by_label.items():
        out.print(text(f"{label}:", "bold" if display.color else ""))
        for brief in briefs:
            hanging(out, "  - ", _described(brief))
    if view.record.type == "source":  # a source has no topics or countries to share
        return
    out.print()
    shown, total = len(view.sharing), view.sharing_total
    heading(out, display, f"Sharing topics or countries ({shown} of {total})" if shown < total
            else f"Sharing topics or countries ({total})")  # fmt: skip
    for other in view.sharing:
        hanging(out, "  - ", f"{_described(other)}; shares {_shares(other)}")


def _shares(other: Sharing) -> str:
    parts = [(other.shared_topics, "topic"), (other.shared_countries, "country")]
    return "; ".join(f"{plural(noun, len(items))} {joined(items)}" for items, noun in parts if items)


def _described(record: RecordBrief | Sharing) -> str:
    """Name (id), type, countries; a record missing from the collection by its id alone."""
    if record.name is None:
        return f"{record.id} (not in these records)"
    return ", ".join([f"{record.name} ({record.id})", record.type or "", *record.countries])


@draw.register(TopicList)
def _topics(view: TopicList, out: Console, display: Display) -> None:
    grid = table(display, "topic", "records", "label: synonyms", title="Topics")
    grid.columns[0].no_wrap = True
    grid.columns[1].justify = "right"
    for topic in view.topics:
        grid.add_row(text(topic.id), text(topic.records), text(f"{topic.label}: {joined(topic.synonyms)}"))
    out.print(grid)


@draw.register(Stats)
def _stats(view: Stats, out: Console, display: Display) -> None:
    from civictech_kb.render.chart import stats_tables

    stats_tables(out, display, view)


@draw.register(StatsChart)
def _stats_chart(view: StatsChart, out: Console, display: Display) -> None:
    from civictech_kb.render.chart import stats_chart

    stats_chart(out, display, view.stats)
