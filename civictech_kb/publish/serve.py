"""`ctkb serve`: Datasette (the optional `serve` extra) on a fresh SQLite
export of the records, with its metadata, bound to 127.0.0.1 unless asked
otherwise. ctkb stays a single-process tool: to serve many readers, publish
the exported file (README: datasette publish, Datasette Lite, read-only
replicas)."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

from civictech_kb.model.problems import CtkbError, ExitStatus
from civictech_kb.model.record import Collection
from civictech_kb.render.export import DEFAULT_TITLE, ExportRequest, export_files
from civictech_kb.store.atomic import write_files

DATABASE = "ctkb"


class ServeUnavailable(CtkbError):
    """Datasette, which `ctkb serve` runs, is not installed (the `serve` extra)."""

    exit_status = ExitStatus.USAGE


def write_database(collection: Collection, folder: Path, generated: date, title: str = DEFAULT_TITLE) -> Path:
    """Export every record to folder/ctkb.db with ctkb.metadata.json beside it."""
    request = ExportRequest(collection, list(collection), generated, title)
    database = folder / f"{DATABASE}.db"
    write_files(export_files(request, "sqlite", database), overwrite=True)
    return database


def datasette_command(database: Path, host: str, port: int, get: str | None = None) -> list[str]:
    """The datasette command line serving database read-only, or answering
    one request (--get PATH) without opening a port."""
    if importlib.util.find_spec("datasette") is None:
        raise ServeUnavailable("ctkb serve needs Datasette: pip install 'civictech-kb[serve]'")
    metadata = database.with_name(f"{database.stem}.metadata.json")
    command = [sys.executable, "-m", "datasette", "serve", "--immutable", str(database),
               "--metadata", str(metadata), "--setting", "default_page_size", "50"]  # fmt: skip
    if get is not None:
        return [*command, "--get", get]
    return [*command, "--host", host, "--port", str(port)]


def serve(
    collection: Collection,
    generated: date,
    *,
    host: str = "127.0.0.1",
    port: int = 8001,
    get: str | None = None,
    title: str = DEFAULT_TITLE,
) -> subprocess.CompletedProcess[bytes]:
    """Run Datasette on a fresh export until it stops (or, with get, answer
    that one path: the response is in the result's stdout)."""
    with tempfile.TemporaryDirectory(prefix="ctkb-serve-") as folder:
        database = write_database(collection, Path(folder), generated, title)
        command = datasette_command(database, host, port, get)
        return subprocess.run(command, capture_output=get is not None, check=False)
