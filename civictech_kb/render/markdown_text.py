"""Markdown's building blocks, shared by the views (render.markdown) and the
report (render.markdown_report): escaping record text, tables, and the
tables of counts with bars of block characters."""

from __future__ import annotations

import re
from collections.abc import Sequence

from civictech_kb.model.text import HIDDEN
from civictech_kb.views.results import ChallengeMatrix, Count, CountryChallengeMatrix, YearCount

MATRIX_NOTE = "Records reporting each kind of challenge in each region."


def escape(value: object, *, in_table: bool = False) -> str:
    """Record text as inline Markdown that reads back as the same characters
    and forms nothing: no link, image, HTML, heading, list, quote, emphasis,
    strikethrough or table. One line; hidden control characters become U+FFFD.

    Only what GFM would act on is escaped, and only where it would act:
    backslashes, backticks, brackets and `$` (GitHub reads $...$ as math)
    always; `*`, `_` and `~` unless nothing can open there (between spaces,
    or `_` inside a word); `<` before what could be a tag or an autolink; `&`
    only where it would spell an entity (`&amp;`); `#`, `>`, `-`, `+`, `=`,
    `1.` and `1)` only where they would start a block (the text may begin a
    line or a list item), and a heading's closing `#`s; `|` in a table cell
    (in_table) or in what could be a table's delimiter row. So `Elect Live!`,
    `1.(5)`, `R&D` and `AT&T` come out as they are.

    A word that GitHub would turn into a link or a notification (an address,
    a www. host, an email, @user, @org/team, #12, GH-12, a commit hash, a
    bare domain) is shown as code, where nothing links: the same characters,
    inert; brackets and punctuation around it stay outside the code."""
    flat = HIDDEN.sub("\ufffd", " ".join(str(value).split()))
    forced = set() if in_table else _block_markers(flat)
    delimiter_row = bool(_DELIMITER_ROW.fullmatch(flat))
    out: list[str] = []

    def plain(start: int, end: int) -> None:
        out.extend(_escaped_char(flat, i, in_table or delimiter_row, i in forced) for i in range(start, end))

    for match in _TOKEN.finditer(flat):
        token, start, end = match.group(), match.start(), match.end()
        core = _linkish_core(token)
        if core is None:
            plain(start, end)
            continue
        lead = token.index(core)
        plain(start, start + lead)
        out.append(f"`{core}`")
        plain(start + lead + len(core), end)
    return "".join(out)


# A word: a run of characters that stay literal inside a code span, even in
# a table cell or a link label (no backtick, pipe, angle bracket, ampersand
# or square bracket); else one character.
_TOKEN = re.compile(r"[^\s`|<>&\[\]]+|.", re.DOTALL)
# What cmark-gfm's autolink extension (scheme://, www., mailto:, xmpp:, a@b),
# GitHub's mentions and references (@user, #12, GH-12, owner/repo#12, commit
# hashes) and linkify-it's bare domains (evil.com, g0v.tw: its default
# top-level domains and any two letters) start from.
LINKISH = re.compile(
    r"//|www\.|\b(?:mailto|xmpp):|@|#\d|\bgh-\d"
    r"|[a-z0-9]\.(?:biz|com|edu|gov|net|org|pro|web|xxx|aero|asia|coop|info|museum|name|shop|рф|[a-z]{2})(?![^\W_])"
    r"|^(?=[0-9a-f]*[0-9])(?=[0-9a-f]*[a-f])[0-9a-f]{7,40}$",
    re.IGNORECASE,
)
_OPENING, _CLOSING = "(\"'", ".,:;!?\"')"
ALWAYS = frozenset("\\`[]$")  # escaped wherever they are
FLANKING = frozenset("*_~")  # emphasis and strikethrough
# At the start of a line: an ATX heading, a quote, a bullet, a numbered item,
# a setext underline or a thematic break (the index of the character to escape).
_BLOCK_START = re.compile(
    r"#{1,6}(?:\s|$)|>|[-+*](?:\s|$)|(?:=+|-(?:\s*-)*)$|\d{1,9}(?P<number>[.)])(?:\s|$)"
)
_DELIMITER_ROW = re.compile(r"[\s|:-]*\|[\s|:-]*")
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def _linkish_core(token: str) -> str | None:
    """The part of a word to show as code (the word without the brackets and
    punctuation around it), or None when nothing in it would link."""
    if len(token) < 2 or not LINKISH.search(token):
        return None
    core = token.lstrip(_OPENING)
    while core and core[-1] in _CLOSING and (core[-1] != ")" or core.count(")") > core.count("(")):
        core = core[:-1]
    return core if len(core) > 1 and LINKISH.search(core) else token


def _block_markers(flat: str) -> set[int]:
    """Where the text would start a block if it began a line: the index of the one character to escape."""
    marker = _BLOCK_START.match(flat)
    indexes = {marker.start("number") if marker.group("number") else 0} if marker else set()
    closing = re.search(r"(?<=\s)#+$", flat)  # an ATX heading's closing sequence
    return indexes | ({closing.start()} if closing else set())


def _escaped_char(flat: str, i: int, pipes: bool, forced: bool) -> str:
    char = flat[i]
    if forced or char in ALWAYS or (char == "|" and pipes):
        return "\\" + char
    if char in FLANKING:
        before, after = flat[i - 1 : i], flat[i + 1 : i + 2]
        between_spaces = before.isspace() and after.isspace()
        inert = between_spaces or (char == "_" and before.isalnum() and after.isalnum())
        return char if inert else "\\" + char
    if char == "<" and re.match(r"[A-Za-z/!?]", flat[i + 1 : i + 2]):
        return "\\<"
    if char == "&" and _ENTITY.match(flat, i):
        return "&amp;"
    return char


def cell(value: object) -> str:
    """A table cell: escaped inline text (pipes included)."""
    return escape(value, in_table=True) if value not in (None, "") else ""


def table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def counts_table(column: str, rows: Sequence[Count | YearCount], bars: bool = True) -> str:
    """Rows of counts (label, count) as a table; with bars, a bar of block characters each."""
    largest = max((row.count for row in rows), default=0)
    headers = [column, "records", ""] if bars else [column, "records"]
    return table(headers, [[row.label, row.count, *([bar(row.count, largest)] if bars else [])]
                           for row in rows])  # fmt: skip


def challenge_table(matrix: ChallengeMatrix | CountryChallengeMatrix) -> str:
    """The region (or country) x challenge-category matrix, empty cells left blank."""
    return table(["challenge", *(cell(name) for name in matrix.columns)],
                 [[row.label, *(n or "" for n in counts)]
                  for row, counts in zip(matrix.categories, matrix.counts, strict=True)])  # fmt: skip


def bar(count: int, largest: int, room: int = 30) -> str:
    return "█" * max(1 if count else 0, round(count * min(1.0, room / largest))) if largest else ""
