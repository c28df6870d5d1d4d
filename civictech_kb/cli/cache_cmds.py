"""ctkb cache: inspect and clear the on-disk cache."""

from __future__ import annotations

import typer

from civictech_kb.cli.session import say, write_stdout
from civictech_kb.cli.typer_app import app

cache_app = typer.Typer(help="The on-disk cache of validated records.", no_args_is_help=True)
app.add_typer(cache_app, name="cache")


@cache_app.command("clear")
def clear() -> None:
    """Remove every cached collection, and any journal or temporary file
    left behind; the next command re-reads all records.

    Example: ctkb cache clear
    """
    from civictech_kb.store.cache import clear_cache

    say(f"removed {clear_cache()} cache file(s)")


@cache_app.command("path")
def path() -> None:
    """Print the folder where ctkb keeps its cache.

    Example: ctkb cache path
    """
    from civictech_kb.store.cache import cache_dir

    directory, why = cache_dir()
    if directory is None:
        say(f"ctkb: {why}")
        raise typer.Exit(1)
    write_stdout(f"{directory}\n")
