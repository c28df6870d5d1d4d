"""site and serve: the knowledge base published as a static website or
through Datasette."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from civictech_kb.cli.export_cmds import DateOpt, TitleOpt
from civictech_kb.cli.session import load, reporting
from civictech_kb.cli.typer_app import RecordsOpt, app, given_path
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


@app.command()
def site(
    outdir: Annotated[
        Path, typer.Argument(help="Folder to build the site in.", parser=given_path, metavar="OUTDIR")
    ],
    title: TitleOpt = DEFAULT_TITLE,
    date: DateOpt = None,
    force: Annotated[
        bool, typer.Option("--force", help="Replace OUTDIR even if ctkb did not build it.")
    ] = False,
    search: Annotated[
        bool | None,
        typer.Option(
            "--search/--no-search",
            help="Index the pages with Pagefind (the site extra) [default: when installed].",
            show_default=False,
        ),
    ] = None,
    records: RecordsOpt = None,
) -> None:
    """Build the knowledge base as a static website: a page per record,
    country, region, topic and source, the challenges, comparisons, the
    relations graph, downloads and search, with relative links only.

    Publish OUTDIR on any static host (GitHub Pages: see the README).

    Example: ctkb site public --date 2026-01-01
    """
    from civictech_kb.cli.session import say
    from civictech_kb.publish.site import build_site
    from civictech_kb.render.export import generation_date

    with reporting():
        built = build_site(load(records), outdir, generated=generation_date(date), title=title, force=force,
                           pagefind=search)  # fmt: skip
    searched = "with Pagefind full-text search" if built.pagefind else "name search only (no Pagefind)"
    say(f"ctkb: {built.pages} pages in {built.path}, {searched}")
