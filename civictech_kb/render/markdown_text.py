"""Markdown's building blocks, shared by the views (render.markdown) and the
report (render.markdown_report): escaping record text, tables, and the
tables of counts with bars of block characters."""

from __future__ import annotations

import re
from collections.abc import Sequence

from civictech_kb.model.text import HIDDEN
from civictech_kb.views.results import ChallengeMatrix, Count, CountryChallengeMatrix, YearCount

MATRIX_NOTE = "Records reporting each kind of challenge in each region."


def escape(value: object) -> str:
    """Inline text: Markdown punctuation, HTML and control characters
    neutralised, one line. `$` is escaped too, since GitHub reads $...$ as math.

    A word that GitHub would turn into a link or a notification (an address,
    a www. host, an email, @user, @org/team, #12, GH-12, a commit hash, a
    bare domain) is shown as code, where nothing links: the same characters,
    inert."""
    flat = HIDDEN.sub("\ufffd", " ".join(str(value).split()))
    return _TOKEN.sub(_escape_token, flat)


# A word: a run of characters that stay literal inside a code span, even in
# a table cell (no backtick, pipe, angle bracket or ampersand); else one character.
_TOKEN = re.compile(r"[^\s`|<>&]+|.", re.DOTALL)
# What cmark-gfm's autolink extension (scheme://, www., mailto:, xmpp:, a@b),
# GitHub's mentions and references (@user, #12, GH-12, owner/repo#12, commit
# hashes) and linkify-it's bare domains (evil.com, g0v.tw: its default
# top-level domains and any two letters) start from.
LINKISH = re.compile(
    r"://|^//|www\.|\b(?:mailto|xmpp):|@|#\d|\bgh-\d"
    r"|[a-z0-9]\.(?:biz|com|edu|gov|net|org|pro|web|xxx|aero|asia|coop|info|museum|name|shop|рф|[a-z]{2})\b"
    r"|^(?=[0-9a-f]*[0-9])(?=[0-9a-f]*[a-f])[0-9a-f]{7,40}$",
    re.IGNORECASE,
)


def _escape_token(match: re.Match[str]) -> str:
    token = match.group()
    if len(token) > 1 and LINKISH.search(token):
        return f"`{token}`"
    token = token.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _PUNCTUATION.sub(r"\\\1", token)


_PUNCTUATION = re.compile(r"([\\`*_{}\[\]()#+!|~$])")


def cell(value: object) -> str:
    """A table cell: escaped inline text (pipes included)."""
    return escape(value) if value not in (None, "") else ""


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
