"""The Typer application, its shared options and the one place where
domain errors become a line on stderr and an exit code."""

from __future__ import annotations

import gc
import io
import os
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer

from civictech_kb.cli import completion
from civictech_kb.model.problems import CtkbError, ExitStatus, InvalidRecords, OutputFailed, UsageError
from civictech_kb.render import Display, ListFormat, OutputFormat

# The order of `ctkb --help`: looking things up first, then pictures and
# exports, then the commands for people who write records.
HELP_ORDER = (
    "search", "country", "region", "compare", "challenges", "related", "list", "show", "sources", "topics",
    "stats", "timeline", "graph", "export", "site", "serve", "validate", "verify", "new", "fmt", "schema", "cache",
)  # fmt: skip


class CommandsInOrder(typer.core.TyperGroup):
    def list_commands(self, ctx) -> list[str]:
        rank = {name: number for number, name in enumerate(HELP_ORDER)}
        return sorted(self.commands, key=lambda name: rank.get(name, len(rank)))


EXIT_CODES = (
    "Exit codes: 0 success; 1 invalid records, a name not found, or no results "
    "(search, list, export and the views exit 1 when nothing matches, saying why on stderr); "
    "2 bad usage (a bad option or filter value); 3 a bug in ctkb."
)

app = typer.Typer(
    cls=CommandsInOrder,
    epilog=EXIT_CODES,
    name="ctkb",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)

# Shell completion (`ctkb --install-completion`): cheap, and silent on broken records.


def _records_param(ctx: typer.Context) -> Path | None:
    while ctx is not None:
        if ctx.params.get("records"):
            return Path(ctx.params["records"])
        ctx = ctx.parent
    return None


def complete_record_id(ctx: typer.Context, incomplete: str) -> list[str]:
    from civictech_kb.cli.completion import record_ids

    return record_ids(incomplete, _records_param(ctx))


def given_path(value: str) -> Path:
    """A path option's value; an empty one would silently mean the current folder."""
    if not value.strip():
        raise typer.BadParameter("is empty; give a path")
    return file_path(value)


def file_path(text: str) -> Path:
    """A path argument as the file system names it. Arguments are decoded as
    UTF-8 text (see main); under a non-UTF-8 locale the file system expects
    its own encoding of the same bytes."""
    return Path(os.fsdecode(text.encode("utf-8", "surrogateescape")))


RecordsOpt = Annotated[
    Path | None,
    typer.Option("--records", metavar="DIR", parser=given_path, help="Records directory [default: $CTKB_RECORDS, else the bundled records].",
                 show_default=False, file_okay=True, dir_okay=True),
]  # fmt: skip
PathsArg = Annotated[
    list[str] | None,
    typer.Argument(help="Files or folders to check [default: all records].", show_default=False),
]
FormatOpt = Annotated[OutputFormat, typer.Option("--format", "-f", help="Output format.")]
ListFormatOpt = Annotated[
    ListFormat,
    typer.Option(
        "--format", "-f", help="Output format; csv and tsv have the same columns whatever the content."
    ),
]
TypeOpt = Annotated[list[str] | None, typer.Option("--type", "-t", help="Record type (repeatable: any of).", autocompletion=completion.record_types,
                                                   metavar="TYPE")]  # fmt: skip
CountryOpt = Annotated[list[str] | None, typer.Option("--country", "-c", autocompletion=completion.countries, metavar="COUNTRY",
                       help="Country name, alias or ISO code (repeatable: all of).")]  # fmt: skip
RegionOpt = Annotated[list[str] | None, typer.Option("--region", "-r", metavar="REGION", autocompletion=completion.regions,
                      help="UN M49 region or sub-region, e.g. 'South-eastern Asia' (repeatable: all of).")]  # fmt: skip
TopicOpt = Annotated[list[str] | None, typer.Option("--topic", help="Topic id or synonym (repeatable: all of).", metavar="TOPIC",
                                                   autocompletion=completion.topics)]  # fmt: skip
StatusOpt = Annotated[list[str] | None, typer.Option("--status", metavar="STATUS", autocompletion=completion.statuses,
                      help="active, inactive, ended or unknown (repeatable: any of).")]  # fmt: skip
SinceOpt = Annotated[
    int | None, typer.Option("--since", metavar="YEAR", help="Founded or held in this year or later.")
]
UntilOpt = Annotated[
    int | None, typer.Option("--until", metavar="YEAR", help="Founded or held in this year or earlier.")
]


INTERRUPTED = 128 + 2  # killed by SIGINT, as shells report it


class State:
    records: Path | None = None
    use_cache: bool = True
    strict: bool = False

    def __init__(self) -> None:
        self.warned: set[str] = set()  # warnings said in this run


state = State()


def _show_version(wanted: bool) -> None:
    # Eager: answered while the options are read, before a command is required.
    if wanted:
        from importlib.metadata import version as package_version

        typer.echo(f"ctkb {package_version('civictech-kb')}")
        raise typer.Exit()


@app.callback()
def _main(
    records: RecordsOpt = None,
    no_cache: Annotated[
        bool, typer.Option("--no-cache", help="Read every record file; skip the cache.")
    ] = False,
    strict: Annotated[
        bool,
        typer.Option(
            "--strict",
            help="Fail on an invalid or misfiled record file instead of skipping it with a warning.",
        ),
    ] = False,
    version: Annotated[
        bool,
        typer.Option("--version", is_eager=True, callback=_show_version, help="Show the version and exit."),
    ] = False,
) -> None:
    """ctkb: look up civic tech projects, communities, organizations, events and
    countries in East and South Asia, with their challenges and lessons.

    Examples: ctkb search "fact-checking" | ctkb country myanmar | ctkb export --format md
    """
    state.records = records
    state.strict = strict
    state.use_cache = not no_cache and not os.environ.get("CTKB_NO_CACHE")
    state.warned = set()


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
        _drop_stdout()
        reason = getattr(err, "strerror", None) or str(err)
        raise OutputFailed(f"cannot write the output: {reason}") from None


def _inert_bytes(data: bytes) -> bytes:
    from civictech_kb.model.text import inert_lines

    return inert_lines(data.decode("utf-8")).encode("utf-8") if b"::" in data else data


def _drop_stdout() -> None:
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
        raise typer.Exit(ExitStatus.BAD_DATA) from None
    except UsageError as err:
        say(f"ctkb: usage error: {err}")
        raise typer.Exit(err.exit_status) from None
    except CtkbError as err:
        say(f"ctkb: error: {err}")
        raise typer.Exit(err.exit_status) from None


def nothing_found(message: str) -> typer.Exit:
    """The one rule for empty results, in search, list, export and the views:
    the (empty) output is written, one line on stderr says why, exit 1."""
    say(message)
    return typer.Exit(ExitStatus.BAD_DATA)


def usage_error(message: str) -> typer.Exit:
    say(f"ctkb: usage error: {message}")
    return typer.Exit(ExitStatus.USAGE)


def invoked(args: list[str]) -> typer.Typer:
    """The app holding only the command that args invoke (see startup.py)."""
    from civictech_kb.cli.startup import lean_app

    return lean_app(app, _main, args)


def main() -> None:
    """Console-script entry point: no traceback ever reaches the user."""
    # A short run: reference counting frees what it drops, and collecting
    # cycles among the many objects a large load creates costs more than it saves.
    gc.disable()
    _prepare_streams()
    sys.argv[1:] = [argument_text(arg) for arg in sys.argv[1:]]
    from civictech_kb.store.cache import CacheDamaged

    try:
        try:
            invoked(sys.argv[1:])()
        except CacheDamaged:  # the cache was found damaged and deleted: answer again from the files
            invoked(sys.argv[1:])()
    except BrokenPipeError:
        sys.stderr.close()
        raise SystemExit(0) from None
    except KeyboardInterrupt:
        say("ctkb: interrupted")
        raise SystemExit(INTERRUPTED) from None
    except CtkbError as err:  # raised outside a command's reporting()
        say(f"ctkb: error: {err}")
        raise SystemExit(err.exit_status) from None
    except Exception as err:
        if os.environ.get("CTKB_DEBUG"):
            raise
        say(f"ctkb: internal error: {type(err).__name__}: {err} (set CTKB_DEBUG=1 for details)")
        raise SystemExit(3) from None


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


def check_choices(values: list[str] | None, allowed: list[str], option: str) -> None:
    """A usage error for a value of a repeatable option that is not one of allowed."""
    from civictech_kb.model.problems import UsageError
    from civictech_kb.model.vocab import suggest

    for item in values or []:
        if item not in allowed:
            near = [item.lower()] if item.lower() in allowed else suggest(item.lower(), allowed)
            hint = f"; did you mean {near[0]}?" if near else ""
            raise UsageError(f"{option} {item!r} is not one of {', '.join(allowed)}{hint}")
