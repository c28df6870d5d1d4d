"""export: the records as a report, a spreadsheet, a web page or a database."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from civictech_kb.cli.filters import Filters, undated_note, why_nothing
from civictech_kb.cli.session import (
    load,
    nothing_found,
    reporting,
    say,
    warn_once,
    write_stdout,
)  # fmt: skip
from civictech_kb.cli.typer_app import (
    CountryOpt,
    RecordsOpt,
    RegionOpt,
    SinceOpt,
    StatusOpt,
    TopicOpt,
    TypeOpt,
    UntilOpt,
    app,
    given_path,
)  # fmt: skip
from civictech_kb.model.problems import NotFound
from civictech_kb.render import ExportFormat
from civictech_kb.render.export import DEFAULT_TITLE


class FolderName(type(Path())):  # type: ignore[misc]
    """An --output written with a trailing slash: its writer means a folder."""


def output_path(value: str) -> Path:
    """The --output value, never empty; a trailing slash says a folder is
    meant, which only a folder format (datapackage) accepts."""
    path = given_path(value)
    return FolderName(path) if value.endswith(("/", os.sep)) else path


ExportFormatOpt = Annotated[
    ExportFormat,
    typer.Option(
        "--format",
        "-f",
        help="md report, json, jsonl, csv, html page, sqlite database or a Frictionless datapackage folder.",
    ),
]
OutputOpt = Annotated[
    Path | None,
    typer.Option("--output", "-o", help="Write to this file (atomically) instead of stdout; for "
                 "datapackage, to this folder.", parser=output_path, metavar="PATH"),
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
                 "(kept as written; raw HTML shown as text, images as links).", parser=given_path, metavar="FILE"),
]  # fmt: skip
BomOpt = Annotated[bool, typer.Option("--bom", help="Start csv with a UTF-8 byte order mark (for Excel).")]


@app.command()
def export(
    fmt: ExportFormatOpt = ExportFormat.md,
    output: OutputOpt = None,
    force: ForceOpt = False,
    query: QueryOpt = None,
    date: DateOpt = None,
    title: TitleOpt = DEFAULT_TITLE,
    intro: IntroOpt = None,
    bom: BomOpt = False,
    record_type: TypeOpt = None,
    country: CountryOpt = None,
    region: RegionOpt = None,
    topic: TopicOpt = None,
    status: StatusOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    records: RecordsOpt = None,
) -> None:
    """Export records as a Markdown report, JSON, JSON Lines, CSV, an HTML page,
    an SQLite database or a Frictionless data package, chosen with the same
    filters as `ctkb list`.

    The same records give byte-identical output; fix the report date with
    --date or SOURCE_DATE_EPOCH. sqlite needs --output FILE and writes
    Datasette's metadata beside it (FILE without .db, then .metadata.json);
    datapackage needs --output FOLDER.

    Example: ctkb export --format md --country thailand > report.md
    """
    from civictech_kb.model.problems import UsageError
    from civictech_kb.render import is_binary
    from civictech_kb.render.export import (
        REPORT_FORMATS,
        export,
        export_files,
        generation_date,
        read_intro,
        selection_request,
        writes_folder,
    )
    from civictech_kb.store.atomic import write_files

    filters = Filters(record_type, country, region, topic, status, since, until)
    with reporting():
        folder = writes_folder(fmt.value)
        if output is None and folder:
            raise UsageError(f"--format {fmt.value} writes a folder of files; give it with --output FOLDER")
        if output is None and is_binary(fmt.value):
            raise UsageError(f"--format {fmt.value} is binary; write it to a file with --output FILE")
        if isinstance(output, FolderName) and not folder:
            raise UsageError(f"{output}/ names a folder; give a file name")
        collection = load(records)
        record_filter = filters.record_filter(collection)
        undated_note(collection, record_filter)
        if intro is not None and fmt.value not in REPORT_FORMATS:
            warn_once(f"--intro is for md and html reports; --format {fmt.value} has no opening text")
        try:
            request = selection_request(collection, record_filter, query,
                                        generated=generation_date(date), title=title, bom=bom,
                                        intro=read_intro(intro))  # fmt: skip
        except NotFound:
            why = (
                f"ctkb: no records match {query!r}"
                if query
                else why_nothing(filters, collection, record_filter)
            )
            raise nothing_found(f"{why}; nothing exported") from None
        if output is None:
            write_stdout(export(request, fmt.value))
        else:
            write_files(export_files(request, fmt.value, output), overwrite=force, folder=folder)
            count = len(request.records)
            say(f"wrote {output}: {count} {'record' if count == 1 else 'records'}")
