"""Long output on a terminal goes through a pager, as git does.

Only text for stdout, only when stdout is a terminal and the text is taller
than it, and never with --no-pager (before or after the command's name).
The pager is $CTKB_PAGER, else $PAGER, else `less`; one set to `cat` or to
nothing turns paging off. Like git, it runs with LESS=FRX (quit when the
text fits, keep colours, leave it on the screen) and LV=-c unless those are
set. Help and errors never come here: click prints help itself and
diagnostics go to stderr. A pager that cannot be started, or that fails,
loses nothing: the text is written to stdout instead.
"""

from __future__ import annotations

import os
import sys

DEFAULT_PAGER = "less"
PAGER_ENV = {"LESS": "FRX", "LV": "-c"}  # git's defaults for the pager's environment
OFF = ("", "cat")


class Paging:
    """Whether this run may page its output (--no-pager turns it off)."""

    wanted: bool = True


paging = Paging()


def command() -> list[str] | None:
    """The pager to run, as arguments; None when paging is off or the pager cannot be found."""
    import shlex  # here, not at the top: most runs write to a pipe and never page
    import shutil

    chosen = os.environ.get("CTKB_PAGER", os.environ.get("PAGER", DEFAULT_PAGER))
    try:
        argv = shlex.split(chosen)
    except ValueError:
        return None
    if chosen.strip() in OFF or not argv or shutil.which(argv[0]) is None:
        return None
    return argv


def stdout_is_terminal() -> bool:
    return sys.stdout is not None and sys.stdout.isatty()


def terminal_rows() -> int:
    """The terminal's height: $LINES, else what the terminal says, else 24."""
    try:
        return int(os.environ["LINES"])
    except (KeyError, ValueError):
        try:
            return os.get_terminal_size(sys.stdout.fileno()).lines or 24
        except (OSError, ValueError, AttributeError):
            return 24


def page(text: str) -> bool:
    """Show text through the pager if it should be paged; False when it was
    not shown (not a terminal, short enough, paging off, or the pager did not
    start or failed), so the caller writes it to stdout itself."""
    if not paging.wanted or not stdout_is_terminal() or text.count("\n") < terminal_rows():
        return False
    argv = command()
    if argv is None:
        return False
    import subprocess

    encoding = getattr(sys.stdout, "encoding", None) or "utf-8"
    env = {**PAGER_ENV, **os.environ}
    try:
        sys.stdout.flush()
        pager = subprocess.Popen(argv, stdin=subprocess.PIPE, env=env)
    except OSError:
        return False
    try:
        if pager.stdin is not None:  # always, with stdin=PIPE
            pager.stdin.write(text.encode(encoding, errors="backslashreplace"))
            pager.stdin.close()
    except BrokenPipeError:  # the reader quit before the end: what it wanted is seen
        pass
    while True:
        try:
            return pager.wait() == 0
        except KeyboardInterrupt:  # the pager handles ^C itself; wait until it is done
            continue
