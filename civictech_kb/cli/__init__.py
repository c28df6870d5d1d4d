"""The ctkb command line: a thin layer over the library.

Each module registers its commands on the shared Typer app when imported.
"""

from . import cache_cmds, pictures_cmds, records_cmds, search_cmds  # noqa: F401 (register commands)
from .app import app, main

__all__ = ["app", "main"]
