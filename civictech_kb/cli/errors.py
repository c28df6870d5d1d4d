"""How ctkb says what went wrong: one line on stderr, the same whoever found
it (a command's domain error, or the command-line parser's own complaint
about a missing argument or an unknown option), so that every usage error
reads `ctkb: usage error: ...` and exits 2.

Nothing here imports Typer or click: the parser's exceptions are read by
their public attributes (`format_message()`, `ctx`, `option_name`), so a
run that never loads the parser can still use these lines.
"""

from __future__ import annotations

import re

from civictech_kb.model.problems import CtkbError, ExitStatus

# click words its ranges as a formula: "1<=x<=5", "x>=1" (patterns compiled
# when a parser error is worded, not on every run)
_RANGES = (
    (r"(\S+)<=x<=(\S+)", r"\1 to \2"),
    (r"(\S+)<x<(\S+)", r"between \1 and \2"),
    (r"x>=(\S+)", r"at least \1"),
    (r"x<=(\S+)", r"at most \1"),
)


def usage_line(message: str, command: str | None = None) -> str:
    """The line of a usage error; with command ("ctkb graph"), where to read its help."""
    hint = f" (try '{command} --help')" if command else ""
    return f"ctkb: usage error: {message}{hint}"


def error_line(err: CtkbError) -> str:
    """The line of a domain error: a usage error if it is one (exit 2), else an error."""
    if err.exit_status == ExitStatus.USAGE:
        return usage_line(str(err))
    return f"ctkb: error: {err}"


def parser_error_line(err: object) -> str:
    """The line of one of the command-line parser's usage errors (a click
    UsageError): its message on one line, with a did-you-mean for an unknown
    option chosen by the policy of model/fuzzy.py, and where to read help."""
    ctx = getattr(err, "ctx", None)
    command = getattr(ctx, "command", None)
    option = getattr(err, "option_name", None)
    if hasattr(err, "possibilities") and isinstance(option, str) and command is not None:  # NoSuchOption
        message = _unknown_option(option, command, getattr(ctx, "command_path", "ctkb"))
    else:
        message = _plain(str(getattr(err, "format_message", lambda: err)()))
    return usage_line(message, getattr(ctx, "command_path", None))


def _plain(message: str) -> str:
    """click's sentence as a clause: one line, no full stop, no formula."""
    text = " ".join(message.split()).rstrip(".")
    text = range_words(text.replace(". Did you mean", "; did you mean"))
    return text[:1].lower() + text[1:]


def range_words(text: str) -> str:
    """click's range formulas in text said in words: "1 to 5", "at least 0"."""
    for pattern, words in _RANGES:
        text = re.sub(pattern, words, text)
    return text


def _unknown_option(option: str, command: object, path: str) -> str:
    from civictech_kb.model.fuzzy import close_matches, near_misses

    names = [name for param in getattr(command, "params", ()) for name in getattr(param, "opts", ())
             if name.startswith("--")]  # fmt: skip
    bare = {name.lstrip("-"): name for name in names}
    typed = option.lstrip("-")
    near = close_matches(typed, bare) or near_misses(typed, bare)
    hint = f"; did you mean {', '.join(bare[n] for n in near[:3])}?" if near else ""
    return f"{path} has no option {option}{hint}"
