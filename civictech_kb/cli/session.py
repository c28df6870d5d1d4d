"""One run of ctkb, whatever read its arguments (the Typer app or the
fast path, cli/fast_path.py): the run's settings, loading the records,
writing stdout and stderr, and the one place where domain errors become a
line on stderr and an exit code. Nothing here imports Typer, so a search
answered by the fast path never loads it.

An exit is a SystemExit with the code (ExitStatus); Typer lets it through
unchanged, so both ways out are the same.
"""

from __future__ import annotations

import io
import os
import sys
from contextlib import contextmanager
from pathlib import Path

from civictech_kb.cli.errors import error_line, usage_line
from civictech_kb.model.problems import CtkbError, ExitStatus, InvalidRecords, OutputFailed
from civictech_kb.render import Display

INTERRUPTED = 128 + 2  # killed by SIGINT, as shells report it


class State:
    records: Path | None = None
    use_cache: bool = True
    strict: bool = False

    def __init__(self) -> None:
        self.warned: set[str] = set()  # warnings said in this run


state = State()


def start(
    records: Path | None = None, no_cache: bool = False, strict: bool = False, no_pager: bool = False
) -> None:
    """Begin a run with the top-level options (--records, --no-cache, --strict, --no-pager)."""
    from civictech_kb.cli.pager import paging

    paging.wanted = not no_pager
    state.records = records
    state.strict = strict
    state.use_cache = not no_cache and not os.environ.get("CTKB_NO_CACHE")
    state.warned = set()


def file_path(text: str) -> Path:
    """A path argument as the file system names it. Arguments are decoded as
    UTF-8 text (see main); under a non-UTF-8 locale the file system expects
    its own encoding of the same bytes."""
    return Path(os.fsdecode(text.encode("utf-8", "surrogateescape")))


def given_paths(paths: list[str] | None) -> list[Path]:
    """The files or folders of records named on the command line; a usage
    error for one that does not exist (an unreadable one is a problem of the data)."""
    from civictech_kb.model.problems import UsageError

    found = [file_path(p) for p in paths or []]
    for path in found:
        if not os.path.lexists(path):
            raise UsageError(f"{path} does not exist; give record files or folders of records")
    return found


def given_folder(path: Path, option: str) -> Path:
    """A folder named by option; a usage error if it is missing or not a folder."""
    from civictech_kb.model.problems import UsageError

    if not path.is_dir():
        what = "is not a folder" if path.exists() else "does not exist"
        raise UsageError(f"{option} {path} {what}; give a folder")
    return path


def records_root(option: Path | None = None) -> Path:
    from civictech_kb.store.loader import records_dir

    return records_dir(option or state.records)


def load(option: Path | None = None):
    """The collection the user pointed at. Files with problems are skipped
    with one warning line each kind; with --strict they are InvalidRecords."""
    from civictech_kb.store.loader import load_collection

    root = records_root(option)
    if not sys.stderr.isatty():
        collection = load_collection(root, use_cache=state.use_cache, strict=state.strict)
    else:
        from civictech_kb.render.progress import progress_bar

        with progress_bar("reading records") as progress:
            collection = load_collection(
                root, use_cache=state.use_cache, progress=progress, strict=state.strict
            )
    _warn_left_out(collection)
    for warning in collection.warnings:
        warn_once(warning)
    return collection


def _warn_left_out(collection) -> None:
    if collection.skipped:
        files = list(dict.fromkeys(problem.path for problem in collection.skipped))
        first = {}
        for problem in collection.skipped:
            first.setdefault(problem.path, problem)
        shown = [f"{p.location()}: {p.code}" for p in list(first.values())[:2]]
        more = f" and {len(files) - 2} more" if len(files) > 2 else ""
        say(
            f"ctkb: {_count(len(files), 'record')} skipped: {', '.join(shown)}{more}; run `ctkb validate` for details"
        )
    if collection.left_out_links:
        links = collection.left_out_links
        shown = [f"{p.location()}: {p.message.split(':', 1)[0]}" for p in links[:2]]
        more = f" and {len(links) - 2} more" if len(links) > 2 else ""
        noun = "link to a skipped record" if len(links) == 1 else "links to skipped records"
        say(f"ctkb: {len(links)} {noun} left out: {', '.join(shown)}{more}; run `ctkb validate` for details")
    if collection.misfiled:
        count = len(collection.misfiled)
        shown = ", ".join(p.path for p in collection.misfiled[:2]) + (
            f" and {count - 2} more" if count > 2 else ""
        )
        verb = "is" if count == 1 else "are"
        say(
            f"ctkb: {_count(count, 'file')} outside the type folders {verb} not read: {shown}; run `ctkb validate`"
        )


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def warn_once(message: str) -> None:
    """A warning on stderr, said once per run however often it arises."""
    if message not in state.warned:
        state.warned.add(message)
        say(f"ctkb: warning: {message}")


def display() -> Display:
    """How stdout will be seen: a terminal gets colour and decoration unless
    NO_COLOR is set; a pipe or file gets plain text. COLUMNS sets the width."""
    tty = sys.stdout is not None and sys.stdout.isatty()
    width = _columns(default=100 if tty else 80)
    color = tty and "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb"
    return Display(width=width, color=color, decorated=tty)


MIN_COLUMNS = 40  # narrower, and tables would print one character per line


def _columns(default: int) -> int:
    """COLUMNS, else the terminal's width, else default; never under MIN_COLUMNS
    (a terminal may report 0 columns, or a handful)."""
    try:
        columns = int(os.environ.get("COLUMNS", ""))
    except ValueError:
        try:
            columns = os.get_terminal_size(sys.stdout.fileno()).columns if sys.stdout.isatty() else default
        except (OSError, ValueError, AttributeError):
            columns = default
        columns = columns or default
    return max(MIN_COLUMNS, columns)


def emit(view: object, fmt: str) -> None:
    """Render a view result and write it to stdout; a format without this view is a usage error."""
    from civictech_kb.render import render, writes_commands

    with reporting():
        output = render(view, fmt, display())
        write_stdout(output, commands=writes_commands(fmt))


def write_stdout(text: str | bytes, *, commands: bool = False) -> None:
    """Text (or a text file's bytes) on stdout, with no line that a CI log
    would run as a workflow command unless commands is set (--format github).
    OutputFailed when stdout is closed or cannot take it (a full disk); a
    closed pipe is main()'s to handle."""
    from civictech_kb.model.text import inert_lines

    if not commands:
        text = inert_lines(text) if isinstance(text, str) else _inert_bytes(text)
    if isinstance(text, str) and text:
        from civictech_kb.cli.pager import page

        if page(text):  # long text on a terminal, shown by the pager (cli/pager.py)
            return
    stream = sys.stdout
    try:
        if stream is None:
            raise OSError("standard output is closed")
        if isinstance(text, bytes):
            stream.flush()
            stream.buffer.write(text)
        else:
            stream.write(text)
        stream.flush()
    except BrokenPipeError:
        raise
    except (OSError, ValueError) as err:  # ValueError: a closed file object
        drop_stdout()
        reason = getattr(err, "strerror", None) or str(err)
        raise OutputFailed(f"cannot write the output: {reason}") from None


def _inert_bytes(data: bytes) -> bytes:
    from civictech_kb.model.text import inert_lines

    return inert_lines(data.decode("utf-8")).encode("utf-8") if b"::" in data else data


def drop_stdout() -> None:
    """After a failed write, send what is still buffered nowhere, so that
    Python's own flush at exit does not fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError, io.UnsupportedOperation):
        pass


def say(message: str) -> None:
    """A diagnostic line on stderr: always one line, with nothing hidden in it."""
    from civictech_kb.model.text import inert_lines, one_line

    sys.stderr.write(inert_lines(one_line(message.rstrip("\n"))) + "\n")


@contextmanager
def reporting():
    """Turn domain errors into one line per problem on stderr and an exit code."""
    try:
        yield
    except InvalidRecords as err:
        for problem in err.problems:
            say(problem.as_text())
        say(f"ctkb: {len(err.problems)} problem(s) in the records; run `ctkb validate` for details")
        raise SystemExit(ExitStatus.BAD_DATA) from None
    except CtkbError as err:
        say(error_line(err))
        raise SystemExit(err.exit_status) from None


def nothing_found(message: str) -> SystemExit:
    """The one rule for empty results, in search, list, export and the views:
    the (empty) output is written, one line on stderr says why, exit 1."""
    say(message)
    return SystemExit(ExitStatus.BAD_DATA)


def usage_error(message: str) -> SystemExit:
    say(usage_line(message))
    return SystemExit(ExitStatus.USAGE)


def check_choices(values: list[str] | None, allowed: list[str], option: str) -> None:
    """A usage error for a value of a repeatable option that is not one of allowed."""
    from civictech_kb.model.problems import UsageError
    from civictech_kb.model.vocab import suggest

    for item in values or []:
        if item not in allowed:
            near = [item.lower()] if item.lower() in allowed else suggest(item.lower(), allowed)
            hint = f"; did you mean {near[0]}?" if near else ""
            raise UsageError(f"{option} {item!r} is not one of {', '.join(allowed)}{hint}")
