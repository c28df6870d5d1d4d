"""new, fmt and schema: the commands contributors use to write records."""

from __future__ import annotations

from enum import Enum
from typing import Annotated

import typer

from civictech_kb.cli import completion
from civictech_kb.cli.session import (
    INTERRUPTED,
    given_paths,
    records_root,
    reporting,
    say,
    write_stdout,
)  # fmt: skip
from civictech_kb.cli.typer_app import RecordsOpt, app
from civictech_kb.model.problems import ExitStatus, OutputFailed
from civictech_kb.model.record import RECORD_TYPES

RecordTypeArg = Enum("RecordTypeArg", {name: name for name in RECORD_TYPES}, type=str)


@app.command()
def new(
    record_type: Annotated[
        str,
        typer.Argument(
            metavar="TYPE",
            autocompletion=completion.record_types,
            help="project, community, organization, event or country.",
        ),
    ],
    name: Annotated[str, typer.Argument(help="The name, as the group writes it; the id is made from it.")],
    country: Annotated[
        list[str] | None,
        typer.Option(
            "--country",
            "-c",
            autocompletion=completion.countries,
            help="Country name, alias or ISO code (repeatable).",
        ),
    ] = None,
    topic: Annotated[
        list[str] | None,
        typer.Option("--topic", autocompletion=completion.topics, help="Topic id or synonym (repeatable)."),
    ] = None,
    website: Annotated[str | None, typer.Option("--website", help="The official http(s) address.")] = None,
    record_id: Annotated[
        str | None,
        typer.Option(
            "--id", help="The id, when the name gives none (e.g. a name in Korean) [default: made from NAME]."
        ),
    ] = None,
    records: RecordsOpt = None,
) -> None:
    """Create a record file with every field of its type, each explained in a
    comment, and print its path. Never replaces a file or reuses an id.

    The new file names no facts but those given here: fill in summary and
    sources (and what else your source says), then run ctkb validate.

    Example: ctkb new project "My Project" --country thailand --topic fact-checking
    """
    from civictech_kb.authoring.new import new_record
    from civictech_kb.store.loader import display_path

    with reporting():
        path = new_record(
            records_root(records), record_type, name, record_id, country or [], topic or [], website
        )
        try:
            write_stdout(f"{display_path(path)}\n")
        except OutputFailed:  # nobody learns where the new record is: leave none behind
            path.unlink(missing_ok=True)
            raise
    say("fill in the summary and sources, then run `ctkb validate` and `ctkb fmt` on it")


@app.command("fmt")
def fmt_records(
    paths: Annotated[
        list[str] | None, typer.Argument(help="Files or folders [default: all records].", show_default=False)
    ] = None,
    check: Annotated[
        bool,
        typer.Option(
            "--check",
            help="Write nothing; list the files that would change and exit 1 if there are any (for CI).",
        ),
    ] = False,
    diff: Annotated[
        bool,
        typer.Option(
            "--diff",
            help="Write nothing; show what would change as a unified diff, exit 1 if anything would.",
        ),
    ] = False,
    records: RecordsOpt = None,
) -> None:
    """Rewrite records in the canonical layout: fields in schema order, sorted
    countries, topics and relations, one quoting style; comments and text kept.

    A file that does not parse or validate is reported and left untouched.

    Example: ctkb fmt --check    |    ctkb fmt --diff records/projects/cofacts.yaml
    """
    from civictech_kb.authoring.fmt_files import format_paths
    from civictech_kb.model.problems import InvalidRecords
    from civictech_kb.model.text import one_line
    from civictech_kb.store.loader import display_path

    changed = []

    def tell(path) -> None:  # as each file is written, so an interrupted run has said what it did
        changed.append(path)
        write_stdout(one_line(display_path(path)) + "\n")

    with reporting():
        check = check or diff
        try:
            report = format_paths(records_root(records), given_paths(paths), check,
                                  changed.append if diff else tell, diff)  # fmt: skip
        except KeyboardInterrupt:
            done = "would be reformatted" if check else "were already reformatted"
            say(f"ctkb: interrupted; {len(changed)} file(s) {done}" + (" (listed above)" if changed else ""))
            raise typer.Exit(INTERRUPTED) from None
        write_stdout("".join(report.diffs))
        if report.problems:
            raise InvalidRecords(report.problems)
    verb = "would be reformatted" if check else "reformatted"
    say(f"{len(report.changed)} file(s) {verb}, {len(report.unchanged)} already canonical")
    if check and report.changed:
        raise typer.Exit(ExitStatus.BAD_DATA)


@app.command()
def schema(
    record_type: Annotated[
        RecordTypeArg | None,
        typer.Argument(metavar="[TYPE]", show_default=False, help="One record type [default: any record]."),
    ] = None,
) -> None:
    """Print the JSON Schema of a record type, or of any record, for editors
    (yaml-language-server) and other tools.

    The topics and categories a collection adds (its vocabulary.yaml) are
    in it when --records (or $CTKB_RECORDS) points at the collection.

    Example: ctkb schema project > schema/project.schema.json
    """
    import json

    from civictech_kb.authoring.editor_schema import schema_document
    from civictech_kb.store.vocabulary_file import read_vocabulary

    with reporting():
        root = records_root()
        vocabulary, _ = read_vocabulary(root) if root.is_dir() else (None, [])
        document = schema_document(record_type.value if record_type else None, vocabulary)
        write_stdout(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
