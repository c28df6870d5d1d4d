"""The ctkb command line: a thin layer over the library.

`main` (startup.py) is the console entry point. `app` is the Typer
application with every command (commands.py); it is built on first use,
because a search that the fast path answers (fast_path.py) never imports
Typer.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from civictech_kb.cli.startup import main

if TYPE_CHECKING:
    from civictech_kb.cli.commands import app

__all__ = ["app", "main"]


def __getattr__(name: str) -> object:
    if name != "app":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from civictech_kb.cli.commands import app

    globals()["app"] = app  # found directly next time
    return app
