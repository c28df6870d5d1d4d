"""The Typer application: its settings, the top-level options and the
option types the commands share. What a run does once its arguments are
read is in session.py, which knows nothing of Typer."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, get_args, get_origin, get_type_hints

import typer

from civictech_kb.cli import completion
from civictech_kb.cli.session import file_path, say, start
from civictech_kb.model.problems import ExitStatus
from civictech_kb.render import ListFormat, OutputFormat

# The order of `ctkb --help`: looking things up first, then pictures and
# exports, then the commands for people who write records.
HELP_ORDER = (
    "search", "country", "region", "compare", "challenges", "related", "list", "show", "sources", "topics",
    "stats", "timeline", "graph", "export", "site", "serve", "validate", "verify", "new", "fmt", "schema", "cache",
)  # fmt: skip


STRICT_HELP = "Fail on an invalid or misfiled record file instead of skipping it with a warning."


class CommandsInOrder(typer.core.TyperGroup):
    def list_commands(self, ctx) -> list[str]:
        rank = {name: number for number, name in enumerate(HELP_ORDER)}
        return sorted(self.commands, key=lambda name: rank.get(name, len(rank)))

    # The parser's complaints (here, and in the command it runs) as ctkb's own usage errors.
    def make_context(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        from civictech_kb.cli.placeholders import plain_placeholders

        plain_placeholders(self)
        with parser_errors():
            return super().make_context(*args, **kwargs)

    def invoke(self, ctx):  # type: ignore[no-untyped-def]
        with parser_errors():
            return super().invoke(ctx)

    def get_command(self, ctx, cmd_name):
        """A command; one that reads records also takes --strict after its
        name (`ctkb search x --strict`), as `ctkb --strict search x` does, and
        every command takes --no-pager after its name (`ctkb challenges --no-pager`)."""
        command = super().get_command(ctx, cmd_name)
        if command is None:
            return command
        params = command.params
        if any(p.name == "records" for p in params) and not any(p.name == "strict" for p in params):
            params.append(typer.core.TyperOption(param_decls=["--strict"], is_flag=True, expose_value=False,
                                                 callback=_strict_here, help=STRICT_HELP))  # fmt: skip
        if not any(p.name == "no_pager" for p in params):
            params.append(typer.core.TyperOption(param_decls=["--no-pager"], is_flag=True,
                          expose_value=False, callback=_no_pager_here, help=NO_PAGER_HELP))  # fmt: skip
        return command


# The parser's usage error class, which Typer exports only through its subclass BadParameter.
ParserUsageError = next(kind for kind in typer.BadParameter.__mro__ if kind.__name__ == "UsageError")


@contextmanager
def parser_errors() -> Iterator[None]:
    """A usage error of the command-line parser becomes one line on stderr
    (cli/errors.py) and exit 2; a bare command still shows its help."""
    try:
        yield
    except ParserUsageError as err:
        if type(err).__name__ == "NoArgsIsHelpError":
            raise
        from civictech_kb.cli.errors import parser_error_line

        say(parser_error_line(err))
        raise SystemExit(ExitStatus.USAGE) from None


def _strict_here(ctx, param, value: bool) -> None:
    # Read after the top-level options: it can only turn strictness on.
    if value:
        from civictech_kb.cli.session import state

        state.strict = True


NO_PAGER_HELP = "Write long output straight to the terminal, not through $CTKB_PAGER, $PAGER or less."


def _no_pager_here(ctx, param, value: bool) -> None:
    # Read after the top-level options: it can only turn paging off.
    if value:
        from civictech_kb.cli.pager import paging

        paging.wanted = False


EXIT_CODES = (
    "Exit codes: 0 success; 1 invalid records, a name not found, or no results "
    "(search, list, export and the views exit 1 when nothing matches, saying why on stderr); "
    "2 bad usage (a bad option or filter value, a missing path, an output that exists without --force); "
    "3 a bug in ctkb."
)


def new_app() -> typer.Typer:
    """A Typer app with ctkb's settings and no command yet."""
    return typer.Typer(
        cls=CommandsInOrder,
        epilog=EXIT_CODES,
        name="ctkb",
        no_args_is_help=True,
        pretty_exceptions_enable=False,
        rich_markup_mode=None,
        context_settings={"help_option_names": ["-h", "--help"]},
    )


app = new_app()

# Shell completion (`ctkb --install-completion`): cheap, and silent on broken records.


def complete_record_id(ctx: typer.Context, incomplete: str) -> list[str]:
    return completion.record_ids(incomplete, completion.records_option(ctx))


def given_path(value: str) -> Path:
    """A path option's value; an empty one would silently mean the current folder."""
    if not value.strip():
        raise typer.BadParameter("is empty; give a path")
    return file_path(value)


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
TypeOpt = Annotated[list[str] | None, typer.Option("--type", "-t", help="project, community, organization, event, country or source (repeatable: any of).", autocompletion=completion.record_types,
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
            help=STRICT_HELP,
        ),
    ] = False,
    no_pager: Annotated[bool, typer.Option("--no-pager", help=NO_PAGER_HELP)] = False,
    version: Annotated[
        bool,
        typer.Option("--version", is_eager=True, callback=_show_version, help="Show the version and exit."),
    ] = False,
) -> None:
    """ctkb: look up civic tech projects, communities, organizations, events and
    countries in East and South Asia, with their challenges and lessons.

    Examples: ctkb search "fact-checking" | ctkb country myanmar | ctkb export --format md
    """
    start(records, no_cache, strict, no_pager)


def invoked(args: list[str]) -> typer.Typer:
    """The app holding only the command that args invoke, or the whole app.

    Typer turns every command's signature into a click command at each run;
    a run needs only the one it runs: 15 to 25 ms of CPU less on `ctkb list`
    and `ctkb show` (measured 2026-12-01, benchmarks/README.md), which the
    fast path does not answer. The lean app is a new_app() given the
    callback and that one command, not a copy. The command's own help,
    usage errors and exit codes are the same either way. Without a command,
    with --help before it, an unknown name, or during shell completion, the
    whole app answers: top-level help, "No such command" and its
    suggestions list every command.
    """
    if not isinstance(app, typer.Typer):  # replaced, as tests of main() do
        return app
    name = _command_name(args)
    commands = [c for c in app.registered_commands
                if (c.name or typer.main.get_command_name(c.callback.__name__)) == name]  # fmt: skip
    groups = [g for g in app.registered_groups if g.name == name]
    if len(commands) + len(groups) != 1 or any(key.endswith("_COMPLETE") for key in os.environ):
        return app
    lean = new_app()
    lean.registered_callback = app.registered_callback
    lean.registered_commands, lean.registered_groups = commands, groups
    return lean


def _command_name(args: list[str]) -> str | None:
    """The first argument that is not a top-level option or its value."""
    takes_value = _options_with_values(_main)
    waiting = False
    for arg in args:
        if waiting:
            waiting = False
        elif arg in ("-h", "--help"):
            return None
        elif arg.startswith("-"):
            waiting = arg in takes_value
        else:
            return arg
    return None


def _options_with_values(callback: Callable[..., object]) -> set[str]:
    """The option names of a callback's non-flag options (--records), read
    from its `Annotated[..., typer.Option(...)]` parameters."""
    names: set[str] = set()
    for hint in get_type_hints(callback, include_extras=True).values():
        if get_origin(hint) is not Annotated or get_args(hint)[0] is bool:
            continue
        for info in get_args(hint)[1:]:
            # In an Annotated option, Typer takes a first argument "--name" as a name, not a default.
            first = getattr(info, "default", None)
            names.update([first] if isinstance(first, str) and first.startswith("-") else [])
            names.update(getattr(info, "param_decls", None) or ())
    return names
