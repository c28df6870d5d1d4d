"""How a run of ctkb starts: the console entry point.

`main` reads the arguments, lets the fast path answer a search it fully
understands (fast_path.py, no Typer), and otherwise hands over to the Typer
app with only the invoked command built (typer_app.invoked). Around either,
it is the last line of defence: no traceback ever reaches the user.
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Callable

from civictech_kb.cli.errors import error_line
from civictech_kb.cli.session import INTERRUPTED, say
from civictech_kb.model.problems import CtkbError


def main() -> None:
    """Console-script entry point: no traceback ever reaches the user."""
    # A short run: reference counting frees what it drops, and collecting
    # cycles among the many objects a large load creates costs more than it saves.
    gc.disable()
    _prepare_streams()
    sys.argv[1:] = [argument_text(arg) for arg in sys.argv[1:]]
    from civictech_kb.cli import fast_path
    from civictech_kb.store.cache import CacheDamaged

    try:
        run = fast_path.runner(sys.argv[1:]) or typer_runner(sys.argv[1:])
        try:
            run()
        except CacheDamaged:  # the cache was found damaged and deleted: answer again from the files
            run()
    except BrokenPipeError:
        sys.stderr.close()
        raise SystemExit(0) from None
    except KeyboardInterrupt:
        say("ctkb: interrupted")
        raise SystemExit(INTERRUPTED) from None
    except CtkbError as err:  # raised outside a command's reporting()
        say(error_line(err))
        raise SystemExit(err.exit_status) from None
    except Exception as err:
        if os.environ.get("CTKB_DEBUG"):
            raise
        say(f"ctkb: internal error: {type(err).__name__}: {err} (set CTKB_DEBUG=1 for details)")
        raise SystemExit(3) from None


def typer_runner(args: list[str]) -> Callable[[], object]:
    """The Typer app that answers args, every command registered, only the invoked one built."""
    from civictech_kb.cli.commands import app  # noqa: F401  (registers every command)
    from civictech_kb.cli.typer_app import invoked

    return invoked(args)


def _prepare_streams() -> None:
    """A stdout or stderr that cannot hold every character (PYTHONIOENCODING=ascii,
    the C locale, a Windows code page) writes the others as escapes (\\ub9c8)."""
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("_", "-")
        if stream is not None and encoding not in ("utf-8", "utf8") and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")


def argument_text(arg: str) -> str:
    """A command-line argument as text. Under a locale that is not UTF-8,
    Python hands over the bytes of non-ASCII arguments as surrogates; the
    terminal sent UTF-8, so they are decoded as such (file_path turns a path
    back into what the file system expects)."""
    if not any("\udc80" <= char <= "\udcff" for char in arg):
        return arg
    raw = os.fsencode(arg)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return arg
