"""site and serve: the knowledge base published as a static website or
through Datasette."""

from __future__ import annotations

from typing import Annotated

import typer

from civictech_kb.cli.app import RecordsOpt, app, load, reporting
from civictech_kb.cli.export_cmds import DateOpt, TitleOpt
from civictech_kb.render.export import DEFAULT_TITLE


@app.command()
def serve(
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", "-p", min=0, max=65535, help="Port to listen on.")] = 8001,
    get: Annotated[
        str | None,
        typer.Option("--get", metavar="PATH", help="Print the response to this path and exit (no server)."),
    ] = None,
    title: TitleOpt = DEFAULT_TITLE,
    date: DateOpt = None,
    records: RecordsOpt = None,
) -> None:
    """Browse the records in Datasette: facets, full-text search in every
    script, canned queries. Needs the serve extra: pip install 'civictech-kb[serve]'.

    A fresh SQLite export with its metadata is served read-only on
    127.0.0.1:8001 until interrupted.

    Example: ctkb serve --port 8080
    """
    import sys

    from civictech_kb.publish.serve import serve as run_datasette
    from civictech_kb.render.export import generation_date

    with reporting():
        result = run_datasette(
            load(records), generation_date(date), host=host, port=port, get=get, title=title
        )
    if get is not None:
        sys.stdout.buffer.write(result.stdout)
        sys.stderr.buffer.write(result.stderr)
    raise typer.Exit(result.returncode)
