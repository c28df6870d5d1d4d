"""validate, list and show: the commands that read records as they are."""

from __future__ import annotations

from typing import Annotated

import typer

from ..problems import ExitStatus
from ..render import OutputFormat, ProblemFormat
from .app import (
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
    emit,
    load,
    records_root,
    reporting,
    say,
)  # fmt: skip


@app.command()
def validate(
    paths: Annotated[list[str] | None, typer.Argument(help="Files or folders to check [default: all records].",
                                                      show_default=False)] = None,
    records: RecordsOpt = None,
    fmt: Annotated[ProblemFormat, typer.Option("--format", "-f", help="text, json or github annotations.")]
    = ProblemFormat.text,
) -> None:
    """Check records and report every problem as file:line:col: code: message.

    Exits 1 if anything is wrong, 0 if every record is valid.

    Example: ctkb validate records/projects/cofacts.yaml
    """
    from pathlib import Path

    from ..loader import validate_paths

    with reporting():
        problems = validate_paths(records_root(records), [Path(p) for p in paths or []])
    emit("problems", [p.as_dict() for p in problems], fmt.value)
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
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """List records, optionally filtered.

    Example: ctkb list --type project --country thailand --topic fact-checking
    """
    from ..query import select, summary_row

    with reporting():
        record_filter = make_filter(record_type, country, region, topic, status, since, until)
        rows = [summary_row(r) for r in select(load(records), record_filter)]
    emit("records", rows, fmt.value)


@app.command()
def show(
    name: Annotated[str, typer.Argument(help="Record id, name or alias.", autocompletion=complete_record_id)],
    records: RecordsOpt = None,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """Show one record in full, with its derived region and reverse relations.

    Example: ctkb show cofacts
    """
    from ..query import with_derived

    with reporting():
        collection = load(records)
        data = with_derived(collection, collection.find(name))
    emit("record", data, fmt.value)


def make_filter(record_type, country, region, topic, status, since, until):
    """A RecordFilter from the shared filter options; bad values are usage errors."""
    from ..problems import UsageError
    from ..query import build_filter
    from .app import RECORD_TYPES, STATUSES

    for value, allowed, option in ((record_type, RECORD_TYPES, "--type"), (status, STATUSES, "--status")):
        for item in value or []:
            if item not in allowed:
                raise UsageError(f"{option} {item!r} is not one of {', '.join(allowed)}")
    return build_filter(record_type or (), country or (), region or (), topic or (), status or (), since, until)
