"""validate, list and show: the commands that read records as they are."""

from __future__ import annotations

from typing import Annotated

import typer

from civictech_kb.cli.filters import Filters, undated_note, why_nothing
from civictech_kb.cli.session import (
    emit,
    file_path,
    given_folder,
    given_paths,
    load,
    nothing_found,
    records_root,
    reporting,
    say,
)  # fmt: skip
from civictech_kb.cli.typer_app import (
    CountryOpt,
    FormatOpt,
    ListFormatOpt,
    PathsArg,
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
from civictech_kb.model.problems import ExitStatus
from civictech_kb.render import ListFormat, OutputFormat, ProblemFormat


@app.command()
def validate(
    paths: PathsArg = None,
    records: RecordsOpt = None,
    fmt: Annotated[
        ProblemFormat, typer.Option("--format", "-f", help="text, json or github annotations.")
    ] = ProblemFormat.text,
) -> None:
    """Check records and report every problem as file:line:col: code: message.

    Exits 1 if anything is wrong, 0 if every record is valid.

    Example: ctkb validate records/projects/cofacts.yaml
    """
    from civictech_kb.store.loader import validate_paths
    from civictech_kb.views.results import ProblemList

    with reporting():
        problems = validate_paths(records_root(records), given_paths(paths))
    emit(ProblemList(problems=problems), fmt.value)
    if problems:
        if fmt is ProblemFormat.text:
            say(f"{len(problems)} problem(s) found")
        raise typer.Exit(ExitStatus.BAD_DATA)
    if fmt is ProblemFormat.text:
        say("all records are valid")


@app.command("list")
def list_records(
    record_type: TypeOpt = None,
    country: CountryOpt = None,
    region: RegionOpt = None,
    topic: TopicOpt = None,
    status: StatusOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    records: RecordsOpt = None,
    fmt: ListFormatOpt = ListFormat.table,
) -> None:
    """List records, optionally filtered.

    Example: ctkb list --type project --country thailand --topic fact-checking
    """
    from civictech_kb.views.selection import record_list

    filters = Filters(record_type, country, region, topic, status, since, until)
    with reporting():
        collection = load(records)
        record_filter = filters.record_filter(collection)
        rows = record_list(collection, record_filter)
        undated_note(collection, record_filter)
    emit(rows, fmt.value)
    if not rows.rows:
        raise nothing_found(why_nothing(filters, collection, record_filter))


@app.command()
def show(
    name: Annotated[str, typer.Argument(help="Record id, name or alias.", autocompletion=complete_record_id)],
    records: RecordsOpt = None,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """Show one record in full, with its derived region and reverse relations.

    Example: ctkb show cofacts
    """
    from civictech_kb.views.selection import record_card

    with reporting():
        card = record_card(load(records), name)
    emit(card, fmt.value)


@app.command()
def sources(records: RecordsOpt = None, fmt: FormatOpt = OutputFormat.table) -> None:
    """The bibliography: every source document the records cite, with its
    title, publishers, address and licence, and how many records cite it;
    then the licence of the data. `ctkb show SOURCE-ID` lists what rests on one.

    Example: ctkb sources
    """
    from civictech_kb.views.citations import sources_view

    with reporting():
        data = sources_view(load(records))
    emit(data, fmt.value)


@app.command()
def verify(
    paths: PathsArg = None,
    sources_dir: Annotated[
        str | None,
        typer.Option(
            "--sources-dir",
            metavar="DIR",
            help="Folder holding the sources' text files [default: RECORDS/sources].",
        ),
    ] = None,
    records: RecordsOpt = None,
    fmt: Annotated[
        ProblemFormat, typer.Option("--format", "-f", help="text, json or github annotations.")
    ] = ProblemFormat.text,
) -> None:
    """Check that every figure, year, date, web address and name in another
    script of a record stands in the cited section of the cited source's
    text, and every figure as the record states it: hedged the same way
    (more than, about, at least, not a plan) and counting the same kind of
    thing as its label (people, events, projects, places, ...);
    report each miss as file:line:col: unverified (or hedge-mismatch,
    label-mismatch): ...

    Exits 1 on any miss, unknown section or missing text, 0 otherwise.

    Example: ctkb verify --sources-dir ../shared/seeds
    """
    from civictech_kb.provenance.verify import verify_collection
    from civictech_kb.views.results import ProblemList

    with reporting():
        root = records_root(records)
        folder = given_folder(file_path(sources_dir), "--sources-dir") if sources_dir else root / "sources"
        report = verify_collection(load(records), folder, given_paths(paths))
    emit(ProblemList(problems=report.problems), fmt.value)
    if fmt is ProblemFormat.text:
        say(
            f"{report.checked} claim(s) checked in {report.records} record(s), {len(report.problems)} problem(s)"
            + (
                f"; {report.unchecked} claim(s) had no local source text to check against"
                if report.unchecked
                else ""
            )
        )
    if report.problems:
        raise typer.Exit(ExitStatus.BAD_DATA)
