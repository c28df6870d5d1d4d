"""The one Jinja2 environment of ctkb's HTML and SVG templates: every value
escaped, control characters replaced, undefined names an error."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from civictech_kb.render.printable import printable

if TYPE_CHECKING:
    import jinja2

TEMPLATES = Path(__file__).parent / "templates"


def _finalize(value: object) -> object:
    """What a template prints: text without control characters (not allowed
    in HTML or XML). Markup the template made itself passes unchanged."""
    from markupsafe import Markup

    if isinstance(value, str) and not isinstance(value, Markup):
        return printable(value)
    return value


@cache
def environment() -> jinja2.Environment:
    import jinja2

    from civictech_kb.model import vocab
    from civictech_kb.views.report import paragraphs

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        finalize=_finalize,
        keep_trailing_newline=True,
        trim_blocks=False,
    )
    env.filters["paragraphs"] = paragraphs
    env.filters["country_in_text"] = vocab.country_in_text  # "the Philippines", in running text
    env.filters["country_heading"] = vocab.country_heading  # "The Philippines", as a title
    return env


def render_template(name: str, **context: object) -> str:
    return str(environment().get_template(name).render(**context))
