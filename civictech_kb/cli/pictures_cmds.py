"""timeline and graph: pictures of the knowledge base."""

from __future__ import annotations

from typing import Annotated

import typer

from civictech_kb.cli.filters import Filters, undated_note, why_nothing
from civictech_kb.cli.session import (
    check_choices,
    emit,
    load,
    nothing_found,
    reporting,
    say,
)  # fmt: skip
from civictech_kb.cli.typer_app import (
    CountryOpt,
    FormatOpt,
    RecordsOpt,
    RegionOpt,
    SinceOpt,
    StatusOpt,
    TopicOpt,
    TypeOpt,
    UntilOpt,
    app,
    complete_record_id,
)  # fmt: skip
from civictech_kb.render import GraphFormat, OutputFormat


@app.command()
def timeline(
    record_type: TypeOpt = None,
    country: CountryOpt = None,
    region: RegionOpt = None,
    topic: TopicOpt = None,
    status: StatusOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    kind: Annotated[
        list[str] | None,
        typer.Option(
            "--kind", help="founding, event, milestone or publication (a source's date) (repeatable: any of)."
        ),
    ] = None,
    records: RecordsOpt = None,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """Founding years, event dates and the dated milestones of the records'
    history, year by year; --since and --until bound the years.

    Example: ctkb timeline --country myanmar --kind milestone
    """

    from civictech_kb.views.selection import select
    from civictech_kb.views.timeline import KINDS, counted
    from civictech_kb.views.timeline import timeline as build_timeline

    filters = Filters(record_type, country, region, topic, status, since, until)
    with reporting():
        check_choices(kind, KINDS, "--kind")
        collection = load(records)
        record_filter = filters.record_filter(collection)
        chosen = select(collection, record_filter._replace(since=None, until=None))
        data = build_timeline(chosen, kind or (), filters.since, filters.until)
    emit(data, fmt.value)
    if not data.years and chosen and (filters.since is None and filters.until is None):
        asked = list(dict.fromkeys(kind or KINDS))
        kinds = " or ".join([", ".join(asked[:-1]), asked[-1]] if len(asked) > 1 else asked)
        held = "holds" if len(chosen) == 1 else "hold"
        raise nothing_found(f"ctkb: the {counted(len(chosen))} the filters keep {held} no dated {kinds}")
    if not data.years:
        raise nothing_found(why_nothing(filters, collection, record_filter))


@app.command()
def graph(
    name: Annotated[
        str | None,
        typer.Argument(
            help="Record id, name or alias [default: the whole collection].",
            autocompletion=complete_record_id,
            show_default=False,
        ),
    ] = None,
    depth: Annotated[int, typer.Option("--depth", min=1, max=5, help="Links away from the record.")] = 1,
    records: RecordsOpt = None,
    fmt: Annotated[
        GraphFormat, typer.Option("--format", "-f", help="mermaid, dot or json.")
    ] = GraphFormat.mermaid,
) -> None:
    """The relations between records (inspired by, part of, organized by,
    partners) as a Mermaid or Graphviz DOT diagram.

    Example: ctkb graph cofacts --format mermaid
    """
    from civictech_kb.views.graph import relation_graph

    with reporting():
        collection = load(records)
        data = relation_graph(collection, name, depth)
    emit(data, fmt.value)
    if data.center is not None and not data.edges:
        record = collection.get(data.center)
        if record is not None:
            what = ": no record cites it" if record.type == "source" else " has no relations to other records"
            say(f"ctkb: {record.name} ({record.id}){what}")


@app.command()
def stats(
    chart: Annotated[bool, typer.Option("--chart", help="Draw bar charts and the challenge matrix.")] = False,
    record_type: TypeOpt = None,
    country: CountryOpt = None,
    region: RegionOpt = None,
    topic: TopicOpt = None,
    status: StatusOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    records: RecordsOpt = None,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """Counts of records by type, region, country, topic, status and decade,
    and which challenges are reported in which region; --chart draws them.

    Example: ctkb stats --chart --region "South-eastern Asia"
    """
    from civictech_kb.views.results import StatsChart
    from civictech_kb.views.selection import select
    from civictech_kb.views.stats import collection_stats

    filters = Filters(record_type, country, region, topic, status, since, until)
    with reporting():
        collection = load(records)
        record_filter = filters.record_filter(collection)
        chosen = select(collection, record_filter)
        undated_note(collection, record_filter)
        data = collection_stats(chosen, collection.vocabulary)
    emit(StatsChart(stats=data) if chart else data, fmt.value)
    if not chosen:
        raise nothing_found(why_nothing(filters, collection, record_filter))
