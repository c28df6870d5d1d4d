"""The ctkb command line: a thin layer over the library.

Each module registers its commands on the shared Typer app when imported.
"""

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
from civictech_kb.cli.app import app, main

__all__ = ["app", "main"]
