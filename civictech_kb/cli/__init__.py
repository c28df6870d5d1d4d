"""The ctkb command line: a thin layer over the library.

`main` (startup.py) is the console entry point. `app` is the Typer
application with every command, each command module registering its
commands when imported; it is built on first use, because a search that the
fast path answers (fast_path.py) never imports Typer.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from civictech_kb.cli.startup import main

if TYPE_CHECKING:
    import typer

    app: typer.Typer

COMMAND_MODULES = ("authoring_cmds", "cache_cmds", "export_cmds", "pictures_cmds", "publish_cmds", "records_cmds",
                   "search_cmds", "views_cmds")  # fmt: skip

__all__ = ["app", "main"]


def __getattr__(name: str) -> object:
    if name != "app":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    for module in COMMAND_MODULES:
        importlib.import_module(f"{__name__}.{module}")
    from civictech_kb.cli.typer_app import app

    globals()["app"] = app  # found directly next time
    return app
