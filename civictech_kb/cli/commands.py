"""The Typer app with every command: each command module registers its
commands on typer_app.app when imported, and this imports them all."""

from __future__ import annotations

from civictech_kb.cli import (  # noqa: F401  (register commands)
    authoring_cmds,
    cache_cmds,
    export_cmds,
    pictures_cmds,
    publish_cmds,
    records_cmds,
    search_cmds,
    views_cmds,
)
from civictech_kb.cli.typer_app import app

__all__ = ["app"]
