"""The ctkb command line: a thin layer over the library.

Each module registers its commands on the shared Typer app when imported.
"""

from . import (
    records_cmds,  # noqa: F401  (registers commands)
    search_cmds,  # noqa: F401
)
from .app import app, main

__all__ = ["app", "main"]
