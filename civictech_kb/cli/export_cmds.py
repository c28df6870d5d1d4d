"""export: the records as a report, a spreadsheet, a web page or a database."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from civictech_kb.cli.app import (
    RecordsOpt,
    app,
    given_path,
    load,
    reporting,
    write_stdout,
)
from civictech_kb.cli.filters import NO_FILTERS, Filters, with_filters
from civictech_kb.render.export import DEFAULT_TITLE, ExportFormat


def output_file(value: str) -> Path:
    """The --output value: a file to write, never empty or a folder (one that
    exists, or one named with a trailing slash)."""
    path = given_path(value)
    if value.endswith(("/", os.sep)):
        raise typer.BadParameter(f"{value} names a folder; give a file name")
    if path.is_dir():
        raise typer.BadParameter(f"{path} is a directory; give a file name")
    return path


ExportFormatOpt = Annotated[
    ExportFormat,
    typer.Option("--format", "-f", help="md report, json, jsonl, csv, html page or sqlite database."),
]
OutputOpt = Annotated[
    Path | None,
    typer.Option("--output", "-o", help="Write to this file (atomically) instead of stdout.", parser=output_file,
                 dir_okay=False, metavar="FILE"),
]  # fmt: skip
ForceOpt = Annotated[bool, typer.Option("--force", help="Replace the --output file if it exists.")]
QueryOpt = Annotated[
    str | None,
    typer.Option("--query", "-q", help="Export only the records this search finds, best first.",
                 metavar="TEXT"),
]  # fmt: skip
DateOpt = Annotated[
    str | None,
    typer.Option("--date", help="Date printed on md and html reports "
                 "[default: $SOURCE_DATE_EPOCH, else today].", metavar="YYYY-MM-DD"),
]  # fmt: skip
TitleOpt = Annotated[str, typer.Option("--title", help="Title of md and html reports.", metavar="TEXT")]
IntroOpt = Annotated[
    Path | None,
    typer.Option("--intro", help="Opening text of md and html reports, from a Markdown or plain text file "
                 "(shown as written).", parser=given_path, metavar="FILE"),
]  # fmt: skip
BomOpt = Annotated[bool, typer.Option("--bom", help="Start csv with a UTF-8 byte order mark (for Excel).")]


@app.command()
@with_filters
def export(
    fmt: ExportFormatOpt = ExportFormat.md,
    output: OutputOpt = None,
    force: ForceOpt = False,
    query: QueryOpt = None,
    date: DateOpt = None,
    title: TitleOpt = DEFAULT_TITLE,
    intro: IntroOpt = None,
    bom: BomOpt = False,
    filters: Filters = NO_FILTERS,
    records: RecordsOpt = None,
) -> None:
    """Export records as a Markdown report, JSON, JSON Lines, CSV, an HTML page
    or an SQLite database, chosen with the same filters as `ctkb list`.

    The same records give byte-identical output; fix the report date with
    --date or SOURCE_DATE_EPOCH. sqlite needs --output.

    Example: ctkb export --format md --country thailand > report.md
    """
    from civictech_kb.model.problems import UsageError
    from civictech_kb.render.export import export_selection, generation_date, is_binary, read_intro
    from civictech_kb.store.atomic import write_atomically

    with reporting():
        if output is None and is_binary(fmt.value):
            raise UsageError(f"--format {fmt.value} is binary; write it to a file with --output FILE")
        record_filter = filters.record_filter()
        data = export_selection(load(records), fmt.value, record_filter, query,
                                generated=generation_date(date), title=title, bom=bom,
                                intro=read_intro(intro))  # fmt: skip
        if output is None:
            write_stdout(data)
        else:
            write_atomically(output, data, overwrite=force)
