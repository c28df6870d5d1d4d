"""GitHub Actions workflow commands: one ::error annotation per problem."""

from __future__ import annotations

from civictech_kb.render import Display, unsupported
from civictech_kb.views.results import ProblemList


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render(view: object, display: Display) -> str:
    if not isinstance(view, ProblemList):
        raise unsupported("github", view)
    lines = []
    for problem in view.problems:
        props = [f"file={_escape_property(problem.path)}"]
        if problem.line:
            props += [f"line={problem.line}", f"col={problem.column or 1}"]
        props.append(f"title={_escape_property(problem.code)}")
        message = problem.message + (f" ({problem.hint})" if problem.hint else "")
        lines.append(f"::error {','.join(props)}::{_escape_data(message)}")
    return "".join(line + "\n" for line in lines)
