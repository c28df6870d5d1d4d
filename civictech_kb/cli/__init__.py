"""The ctkb command line: a thin layer over the library.

Each module registers its commands on the shared Typer app when imported.
"""

from . import cache_cmds, export_cmds, pictures_cmds, records_cmds  # noqa: F401  (register commands)
from .app import app, main

__all__ = ["app", "main"]
