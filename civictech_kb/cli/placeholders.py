"""The placeholders `--help` and usage lines show for values: QUERY, not
{QUERY}; INTEGER, TEXT or a range such as 1-5, not <int range> or <str>;
[table|json] for a choice. Typer's own placeholders are set on each
parameter, unless the command declares its own metavar. A range is said
once: in the placeholder when it has both ends (`--depth 1-5`, not also
`[1<=x<=5]`), else in words beside the default (`at least 0`).
"""

from __future__ import annotations

import re

import typer
import typer.core

from civictech_kb.cli.errors import range_words

TYPE_WORDS = {
    "int": "INTEGER",
    "integer": "INTEGER",
    "float": "NUMBER",
    "str": "TEXT",
    "text": "TEXT",
    "path": "PATH",
}


class PlainArgument(typer.core.TyperArgument):
    """An argument whose usage placeholder is its name: QUERY when required,
    [NAME] when optional, [PATHS]... when repeated."""

    def make_metavar(self, ctx: typer.Context, *, usage: bool = False) -> str:  # type: ignore[override]
        name = self.metavar or (self.name or "").upper()
        if name.startswith("["):
            return name
        if usage and not self.required:
            name = f"[{name}]"
        return name + ("..." if self.nargs != 1 and not name.endswith("...") else "")


_BOTH_ENDS = (
    r"(?:; )?\S+<=?x<=?\S+(?=[];])"  # click's "1<=x<=5" inside its [...] note (compiled when help is shown)
)


class PlainOption(typer.core.TyperOption):
    """An option whose help says its range once (see the module's docstring)."""

    def get_help_record(self, ctx: typer.Context) -> tuple[str, str] | None:  # type: ignore[override]
        record = super().get_help_record(ctx)
        low, high = getattr(self.type, "min", None), getattr(self.type, "max", None)
        if record is None or (low is None and high is None):
            return record
        names, help_text = record
        if low is not None and high is not None:  # the placeholder shows it
            help_text = (
                re.sub(_BOTH_ENDS, "", help_text).replace("[; ", "[").replace("  []", "").replace(" []", "")
            )
        return names, range_words(help_text)


def plain_placeholders(command: object) -> None:
    """Give every parameter of command (and of a group's commands) a plain placeholder, once."""
    if getattr(command, "_ctkb_placeholders", False):
        return
    for param in getattr(command, "params", ()):
        if isinstance(param, typer.core.TyperArgument):
            param.__class__ = PlainArgument
            param.metavar = param.metavar or (param.name or "").upper()  # also what its errors call it
        elif isinstance(param, typer.core.TyperOption):
            param.__class__ = PlainOption
            if param.metavar is None and not param.is_flag:
                param.metavar = _placeholder(param.type)
    for inner in getattr(command, "commands", {}).values():
        plain_placeholders(inner)
    command._ctkb_placeholders = True  # type: ignore[attr-defined]


def _placeholder(kind: object) -> str:
    choices = getattr(kind, "choices", None)
    if choices is not None:
        return f"[{'|'.join(str(getattr(c, 'value', c)) for c in choices)}]"
    low, high = getattr(kind, "min", None), getattr(kind, "max", None)
    if low is not None and high is not None:
        return f"{low}-{high}"
    name = str(getattr(kind, "name", "")).lower()
    return TYPE_WORDS.get(name.split()[0] if name else "", "VALUE")
