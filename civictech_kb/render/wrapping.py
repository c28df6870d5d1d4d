"""Where a line of terminal text breaks, one rule for the terminal and the
pipe: at spaces; inside a word only between the characters of scripts
written without spaces (ideographs, kana, Hangul, fullwidth forms and emoji,
which take two cells, and Thai, Lao, Khmer and Myanmar); never inside a run
of other characters. So a web address, an id or a hash longer than the line
is kept whole on a line of its own and runs past the width, where it can be
copied, while CJK and Thai text still wraps by terminal cells.

>>> wrap("see https://example.org/a/very/long/path/to/a/page for more", 20)
['see', 'https://example.org/a/very/long/path/to/a/page', 'for more']
>>> wrap("台灣事實查核中心", 6)
['台灣事', '實查核', '中心']

Widths are measured with rich's public `rich.cells`, a light module, so
the plain search table (render/plain.py) can use this without rich's console.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import pairwise

_WORD = re.compile(r"\s*\S+\s*")  # a word with the spaces around it
# scripts written without spaces between words, whose characters take one
# cell (code point ranges: a regular expression costs half a millisecond to
# compile, on the path of every piped search)
_NO_SPACES = (
    (0x0E00, 0x0EFF),  # Thai, Lao
    (0x1000, 0x109F), (0xAA60, 0xAA7F), (0xA9E0, 0xA9FF),  # Myanmar and its extensions
    (0x1780, 0x17FF), (0x19E0, 0x19FF),  # Khmer
    (0x1950, 0x19DF), (0x1A20, 0x1AAF),  # Tai Le, New Tai Lue, Tai Tham
)  # fmt: skip
ZWJ = "\u200d"


def wrap(text: str, width: int) -> list[str]:
    """Lines of text (split at its newlines too), broken by `line_breaks`,
    trailing spaces removed."""
    lines = []
    for line in text.split("\n"):
        breaks = [0, *line_breaks(line, width), len(line)]
        lines += [line[start:end].rstrip() for start, end in pairwise(breaks)]
    return lines


def line_breaks(line: str, width: int) -> list[int]:
    """The offsets at which to break one line (no newline in it) so that it
    fits `width` cells: a word (and the spaces after it) goes on the current
    line if it fits there, else on a new one; a word wider than a whole line
    starts a new line and is broken only where `_pieces` allows, a piece
    wider than the line running past it."""
    from rich.cells import cell_len

    width = max(1, width)
    breaks: list[int] = []
    used = 0  # cells already on the current line
    for match in _WORD.finditer(line):
        start, word = match.start(), match.group()
        length = cell_len(word.rstrip())
        if width - used >= length:
            used += cell_len(word)
            continue
        if used and start:
            breaks.append(start)
        used = 0
        if length <= width:
            used = cell_len(word)
            continue
        for offset, piece in _pieces(word):
            if used and used + cell_len(piece.rstrip()) > width:
                breaks.append(start + offset)
                used = 0
            used += cell_len(piece)
    return breaks


def _pieces(word: str) -> Iterator[tuple[int, str]]:
    """(offset, text) of the parts of a word that a line may not break
    inside: each character of a script written without spaces (with the
    marks and joined characters after it), and each run of other characters."""
    start = 0
    for at in range(1, len(word)):
        if _may_break(word, at):
            yield start, word[start:at]
            start = at
    yield start, word[start:]


def _may_break(word: str, at: int) -> bool:
    from rich.cells import cell_len

    char, before = word[at], word[at - 1]
    if cell_len(char) == 0 or before == ZWJ:  # a mark, or what a joiner joins: never alone
        return False
    return _spaceless(char) or _spaceless(_base(word, at))


def _base(word: str, at: int) -> str:
    """The character before position `at` that the marks after it belong to."""
    from rich.cells import cell_len

    at -= 1
    while at > 0 and cell_len(word[at]) == 0:
        at -= 1
    return word[at]


def _spaceless(char: str) -> bool:
    from rich.cells import cell_len

    point = ord(char)
    return cell_len(char) == 2 or any(low <= point <= high for low, high in _NO_SPACES)
