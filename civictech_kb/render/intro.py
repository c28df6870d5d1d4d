"""An organizer's opening text (`export --intro FILE`) in a report: their own
Markdown, kept as written in the md report and drawn as HTML in the html
report, with what ctkb's output never holds taken out:

- raw HTML: in Markdown each `<` that would open a tag or comment is
  escaped (shown as written); in HTML it is text;
- images (a picture from another host is an outside request): shown as a
  link in Markdown, as text in HTML;
- links to anything but http(s), mailto and addresses within the page or
  site (no `javascript:`, `data:`, `file:`): shown as text;
- hidden control characters: written as escapes (model.text.visible).

The Markdown written is parsed again (markdown-it, CommonMark) to check
that none of these is left; if one is, the whole text is escaped as record
text is, paragraph by paragraph, so nothing in it forms Markdown.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from typing import TYPE_CHECKING

from civictech_kb.model.text import visible
from civictech_kb.render.markdown_text import escape

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

SAFE_SCHEMES = ("http", "https", "mailto")
_SCHEME = re.compile(r"\s*<?\s*([A-Za-z][A-Za-z0-9+.-]{1,31}):")
_AUTOLINK = re.compile(r"<(?:([A-Za-z][A-Za-z0-9+.-]{1,31}):[^\s<>]*|[\w.!#$%&'*+/=?^`{|}~-]+@[\w.-]+)>")
_CODE_SPAN = re.compile(r"(`+).*?(?<!`)\1(?!`)")
_HEADINGS = ("heading_open",)


@cache
def _parser(html: bool) -> MarkdownIt:
    """CommonMark; for the check (html) raw HTML is read as HTML and every
    link is read as one, whatever its address, so that none is missed."""
    from markdown_it import MarkdownIt

    parser = MarkdownIt("commonmark", {"html": html})
    if html:
        parser.validateLink = lambda url: True  # type: ignore[method-assign]
    else:
        parser.disable("image")
        parser.validateLink = _safe  # type: ignore[method-assign]
    return parser


def _safe(url: str) -> bool:
    """An address a report may link to: http(s), mailto, or one with no scheme (in the page)."""
    scheme = _SCHEME.match(url)
    return scheme is None or scheme.group(1).lower() in SAFE_SCHEMES


def intro_markdown(text: str) -> str:
    """The opening text as Markdown, as written but for what the module's
    docstring lists; all of it escaped if the check finds any left."""
    shown = visible(text)
    written = "\n".join(_neutral_lines(shown))
    if _clean(written):
        return written
    from civictech_kb.views.report import paragraphs

    return "\n\n".join(escape(part) for part in paragraphs(shown))


def intro_html(text: str) -> str:
    """The opening text as HTML blocks: raw HTML as text, no images, only safe links."""
    return str(_parser(False).render(visible(text))).strip()


def intro_headings(markdown: str) -> list[str]:
    """The text of each heading of Markdown, in order (for their anchors)."""
    tokens = _parser(True).parse(markdown)
    return [_plain(tokens[n + 1]) for n, token in enumerate(tokens) if token.type in _HEADINGS]


def _plain(inline: Token) -> str:
    return "".join(child.content for child in inline.children or [] if child.type in ("text", "code_inline"))


def _clean(markdown: str) -> bool:
    for token in _tokens(_parser(True).parse(markdown)):
        if token.type in ("html_block", "html_inline", "image"):
            return False
        if token.type == "link_open" and not _safe(str(token.attrs.get("href", ""))):
            return False
    return True


def _tokens(tokens: list[Token]) -> Iterator[Token]:
    for token in tokens:
        yield token
        yield from _tokens(token.children or [])


def _neutral_lines(text: str) -> Iterator[str]:
    """The lines of text with raw HTML, images and unsafe links broken
    outside code (code blocks and spans show their characters as they are)."""
    code = _code_lines(text)
    for number, line in enumerate(text.split("\n")):
        if number in code:
            yield line
            continue
        parts = []
        at = 0
        for span in _CODE_SPAN.finditer(line):
            parts += [_neutral(line[at : span.start()]), span.group()]
            at = span.end()
        yield "".join([*parts, _neutral(line[at:])])


def _code_lines(text: str) -> set[int]:
    """Numbers (from 0) of the lines inside code blocks, fences included."""
    lines: set[int] = set()
    for token in _parser(True).parse(text):
        if token.type in ("code_block", "fence") and token.map:
            lines.update(range(*token.map))
    return lines


def _neutral(part: str) -> str:
    out = []
    for at, char in enumerate(part):
        rest = part[at:]
        if char == "<" and re.match(r"<[A-Za-z/!?]", rest):
            autolink = _AUTOLINK.match(rest)
            if autolink is None or (autolink.group(1) or "mailto").lower() not in SAFE_SCHEMES:
                char = "\\<"
        elif char == "!" and rest.startswith("!["):
            char = "\\!"
        elif char == "(" and at and part[at - 1] == "]" and not _safe(rest[1:]):
            char = "\\("
        elif char == "[" and re.match(r"\s*$", part[:at]) and re.match(r"\[[^\]]+\]:", rest):
            target = rest[rest.index("]:") + 2 :]
            char = char if _safe(target.strip()) else "\\["
        out.append(char)
    return "".join(out)
