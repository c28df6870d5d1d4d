"""A source's text cut into sections by its Markdown headings, and a cited
section found in it.

A citation names a section as a path of headings, from the outside in,
joined by " > " ("1.(8) Japan > B. c. Civictech Zen Chiba"). Each step is
the start of a heading's text, or its numbering markers ("1.", "(8)", "B.",
"c.") followed by the start of the innermost heading's text: "1.(8) Japan"
is the heading "(8) Japan" inside the heading that starts "1.". Headings
need not start a line (a text whose lines were run together still has its
"### " markers), so a heading's text runs on into its section; matching by
the start of the text works either way.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

HEADING = re.compile(r"(?:^|(?<=\s))(#{1,6})[ \t]+(?=\S)")
MARKER = re.compile(r"^(\d{1,3}\.(?!\d)|\(\d{1,3}\)|[A-Za-z]\.(?![A-Za-z]))\s*")
STEP_SEPARATOR = " > "
TITLE_CHARS = 200  # at most this much of an outer heading counts as its title


def _spaced(text: str) -> str:
    """Text for matching: NFKC (full-width brackets become ASCII), runs of
    white space as one space."""
    return " ".join(unicodedata.normalize("NFKC", text).split())


@dataclass(frozen=True)
class Heading:
    level: int
    start: int  # where the marker ("### ") begins
    text_start: int  # where the heading's text begins
    end: int  # where its section ends: the next heading of the same or a higher level
    key: str  # the folded text from text_start (a little more than the heading)
    raw: str  # the same, case kept: numbering markers are told apart by case (B. is not b.)


@dataclass(frozen=True)
class Section:
    """A resolved section: its text (subsections included) and the titles of
    the headings around it, which give context such as a year."""

    text: str
    context: str
    path: tuple[int, ...]  # indexes of the headings walked, outermost first


class SourceText:
    """The full text of a source document, with its headings."""

    def __init__(self, text: str):
        self.text = unicodedata.normalize("NFC", text)

    @cached_property
    def headings(self) -> list[Heading]:
        found = [(len(m.group(1)), m.start(), m.end()) for m in HEADING.finditer(self.text)]
        headings = []
        for number, (level, start, text_start) in enumerate(found):
            end = next((s for lvl, s, _ in found[number + 1 :] if lvl <= level), len(self.text))
            raw = _spaced(self.text[text_start : text_start + 400])
            headings.append(Heading(level, start, text_start, end, raw.casefold(), raw))
        return headings

    def whole(self) -> Section:
        return Section(self.text, "", ())

    def find(self, section: str) -> Section | None:
        """The section a citation names, or None if the text has no such headings."""
        steps = [_spaced(step) for step in section.split(STEP_SEPARATOR) if step.strip()]
        inside = range(len(self.headings))
        path: list[int] = []
        for step in steps:
            found = self._step(step, inside)
            if not found:
                return None
            path += found
            inside = self._within(found[-1])
        if not path:
            return None
        last = self.headings[path[-1]]
        return Section(self.text[last.start : last.end], self._context(path[-1]), tuple(path))

    def _within(self, index: int) -> range:
        outer = self.headings[index]
        stop = next((n for n in range(index + 1, len(self.headings)) if self.headings[n].start >= outer.end),
                    len(self.headings))  # fmt: skip
        return range(index + 1, stop)

    def _step(self, step: str, inside: range) -> list[int]:
        """Headings walked for one step: the whole step as the start of a
        heading, else its first marker then the rest inside that heading."""
        marker = MARKER.match(step)
        lead = marker.group(1) if marker else ""
        whole = self._first(inside, lambda h: _starts(h.key, step.casefold()) and h.raw.startswith(lead))
        if whole is not None:
            return [whole]
        if not marker:
            return []
        rest = step[marker.end() :].strip()
        head = self._first(inside, lambda h: _starts(h.raw, marker.group(1)))
        if head is None:
            return []
        if not rest:
            return [head]
        deeper = self._step(rest, self._within(head))
        return [head, *deeper] if deeper else []

    def _first(self, inside: range, matches: Callable[[Heading], bool]) -> int | None:
        """The shallowest matching heading, the first of those in the text."""
        hits = [n for n in inside if matches(self.headings[n])]
        return min(hits, key=lambda n: (self.headings[n].level, n)) if hits else None

    def _context(self, index: int) -> str:
        """The first line of each heading enclosing the one at index."""
        heading = self.headings[index]
        around = [
            h for h in self.headings[:index] if h.start < heading.start < h.end and h.level < heading.level
        ]
        return "\n".join(self._title(h) for h in around)

    def _title(self, heading: Heading) -> str:
        """A heading's own text: up to the end of its line or the next
        heading, at most TITLE_CHARS characters."""
        following = next((h.start for h in self.headings if h.start > heading.start), len(self.text))
        line = self.text[heading.text_start : following].split("\n", 1)[0]
        return line[:TITLE_CHARS].strip()


def _starts(key: str, step: str) -> bool:
    """Whether a heading's text starts with the step, ending at a word boundary."""
    if not key.startswith(step):
        return False
    after = key[len(step) : len(step) + 1]
    return not after or not (after.isalnum() and step[-1:].isalnum())
