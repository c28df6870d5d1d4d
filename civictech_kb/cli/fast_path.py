"""The fast path: `ctkb search` answered without importing Typer.

Why it exists: issue #16 asks a warm search of the bundled records to take
at most half the time of `sqlite-utils search` on the same records, about
60 ms in all, of which Python itself takes 15. Importing Typer (with its
vendored click) and building the search command from its signature cost
about 35 ms more than the whole search; see benchmarks/README.md.

What it does: it reads `ctkb [--records DIR] [--no-cache] [--strict]
[--no-pager] search QUERY [options]` (--strict and --no-pager also after
`search`) when every argument is certain to mean what Typer would
make of it, and runs the same code the Typer command runs
(search_run.run_search), inside the same handling of a closed pipe and of
Ctrl-C that Typer's main gives a command. Anything else (help, --version, a
value that is empty, not a plain number or not one of the choices, a value
that starts with "-", an unknown option or command, `--`, grouped short
options, shell completion) is left to the Typer app, which also says what
is wrong. tests/cli/test_fast_path.py runs many argument lists both ways
and compares stdout, stderr and exit codes, and checks that these options
are the Typer command's.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Callable
from typing import NamedTuple

from civictech_kb.cli.filters import Filters
from civictech_kb.cli.session import file_path, start
from civictech_kb.render import ListFormat

FLAG, TEXT, MANY, NUMBER, PATH, FORMAT = "flag", "text", "many", "number", "path", "format"
INTERRUPTED_IN_COMMAND = 130  # what Typer's main exits with on Ctrl-C inside a command


class Option(NamedTuple):
    """An option the fast path reads: the parameter it sets and what its value is."""

    dest: str
    kind: str


def _options(*table: tuple[tuple[str, ...], str, str]) -> dict[str, Option]:
    return {name: Option(dest, kind) for names, dest, kind in table for name in names}


# The top-level options (typer_app._main) and those of `ctkb search` (search_cmds.search).
TOP_OPTIONS = _options((("--records",), "records", PATH), (("--no-cache",), "no_cache", FLAG),
                       (("--strict",), "strict", FLAG), (("--no-pager",), "no_pager", FLAG))  # fmt: skip
SEARCH_OPTIONS = _options(
    (("--type", "-t"), "record_type", MANY),
    (("--country", "-c"), "country", MANY),
    (("--region", "-r"), "region", MANY),
    (("--topic",), "topic", MANY),
    (("--status",), "status", MANY),
    (("--since",), "since", NUMBER),
    (("--until",), "until", NUMBER),
    (("--limit", "-n"), "limit", NUMBER),
    (("--explain",), "explain", FLAG),
    (("--records",), "records", PATH),
    (("--format", "-f"), "fmt", FORMAT),
    # Taken after the command's name too (typer_app.CommandsInOrder.get_command);
    # there they can only turn strictness on and paging off, as before it.
    (("--strict",), "strict", FLAG),
    (("--no-pager",), "no_pager", FLAG),
)
FILTERS = ("record_type", "country", "region", "topic", "status", "since", "until")
RUN_FLAGS = ("strict", "no_pager")  # search options that are the run's (session.start)


class Uncertain(Exception):
    """Arguments the fast path leaves to Typer."""


def runner(args: list[str]) -> Callable[[], None] | None:
    """What runs the search that args ask for, or None when Typer must answer."""
    if any(key.endswith("_COMPLETE") for key in os.environ):
        return None
    try:
        top, rest = _read(args, TOP_OPTIONS, stop_at_positional=True)
        if rest[:1] != ["search"]:
            return None
        given, positional = _read(rest[1:], SEARCH_OPTIONS)
    except Uncertain:
        return None
    if len(positional) != 1:
        return None
    filters = Filters(**{name: given.pop(name) for name in FILTERS if name in given})
    top |= {name: given.pop(name) for name in RUN_FLAGS if name in given}
    settings = {"limit": 10, "explain": False, "records": None, "fmt": ListFormat.table} | given

    def run() -> None:
        start(**top)
        _as_typer_runs_a_command(lambda: _search(positional[0], filters, **settings))

    return run


def _search(query: str, filters: Filters, **settings: object) -> None:
    from civictech_kb.cli.search_run import run_search

    run_search(query, filters, **settings)  # type: ignore[arg-type]


def _read(args: list[str], table: dict[str, Option], stop_at_positional: bool = False):
    """(the options' values by parameter, the other arguments) of args, as
    click reads them: a repeated option's last value wins, a MANY option
    collects every value. Uncertain for anything this does not read."""
    values: dict[str, object] = {}
    positional: list[str] = []
    tokens = iter(args)
    for token in tokens:
        if not token.startswith("-"):
            if stop_at_positional:
                return values, [token, *tokens]
            positional.append(token)
            continue
        name, equals, value = token.partition("=") if token.startswith("--") else (token, "", "")
        option = table.get(name)
        if option is None:
            raise Uncertain(token)
        if option.kind == FLAG:
            if equals:
                raise Uncertain(token)
            values[option.dest] = True
            continue
        if not equals:
            value = next(tokens, "-")  # a missing value is left to Typer's error
        if value.startswith("-"):
            raise Uncertain(value)
        converted = _value(option.kind, value)
        if option.kind == MANY:
            values.setdefault(option.dest, []).append(converted)  # type: ignore[union-attr]
        else:
            values[option.dest] = converted
    return values, positional


def _value(kind: str, text: str) -> object:
    """An option's value as the Typer command receives it."""
    if kind == NUMBER:
        if not (text.isascii() and text.isdigit()):
            raise Uncertain(text)
        return int(text)
    if kind == PATH:
        if not text.strip():  # typer_app.given_path: an error
            raise Uncertain(text)
        return file_path(text)
    if kind == FORMAT:
        if text not in {choice.value for choice in ListFormat}:
            raise Uncertain(text)
        return ListFormat(text)
    return text


def _as_typer_runs_a_command(command: Callable[[], None]) -> None:
    """Run command as Typer's main runs one (typer/core.py `_main`): Ctrl-C
    is exit 130 without a word, a closed stdout is exit 1 with the rest of
    the output dropped, and a command that returns exits 0."""
    from civictech_kb.cli.session import drop_stdout

    try:
        command()
    except KeyboardInterrupt:
        raise SystemExit(INTERRUPTED_IN_COMMAND) from None
    except OSError as err:
        if err.errno != errno.EPIPE:
            raise
        drop_stdout()
        raise SystemExit(1) from None
    raise SystemExit(0)
