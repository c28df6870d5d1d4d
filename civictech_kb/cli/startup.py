"""What ctkb does to start fast on Typer, kept in one place: build only
the command a run invokes.

Typer turns every command's signature into a click command at each run,
which is much of ctkb's start-up; a run needs only the one it runs. This
uses Typer's public attributes only (`registered_commands`,
`registered_groups`, the `typer.Option` metadata of the callback).
"""

from __future__ import annotations

import copy
import os
from collections.abc import Callable
from typing import Annotated

import typer


def lean_app(app: typer.Typer, callback: Callable[..., object], args: list[str]) -> typer.Typer:
    """The app holding only the command that args invoke, or the whole app.

    Typer turns every command's signature into a click command at each run,
    which is much of ctkb's start-up; a run needs only the one it runs. The
    command's own help, usage errors and exit codes are the same either way.
    Without a command, with --help before it, an unknown name, or during
    shell completion, the whole app answers: top-level help, "No such
    command" and its suggestions list every command.
    """
    if not isinstance(app, typer.Typer):  # replaced, as tests of main() do
        return app
    name = _command_name(callback, args)
    commands = [c for c in app.registered_commands
                if (c.name or typer.main.get_command_name(c.callback.__name__)) == name]  # fmt: skip
    groups = [g for g in app.registered_groups if g.name == name]
    if len(commands) + len(groups) != 1 or any(key.endswith("_COMPLETE") for key in os.environ):
        return app
    lean = copy.copy(app)
    lean.registered_commands, lean.registered_groups = commands, groups
    return lean


def _command_name(callback: Callable[..., object], args: list[str]) -> str | None:
    """The first argument that is not a top-level option or its value."""
    takes_value = _options_with_values(callback)
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
    from typing import get_args, get_origin, get_type_hints

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
