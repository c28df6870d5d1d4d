"""Text normalisation and tokens: what a text says, as index terms.

Text is normalised with NFKC and casefold (combining marks are kept, so Thai
and Burmese survive), then cut into chunks. Spaced scripts give words, split
at hyphens and dots and also joined ("fact-checking" -> fact, checking,
factchecking) with light plural folding; scripts written without spaces
(Han, kana, Thai, Burmese, Khmer, Lao) and short Hangul words give the whole
run plus its character bigrams.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from functools import cache, lru_cache
from itertools import pairwise
from typing import NamedTuple

# fmt: off
STOPWORDS = frozenset((
    "a", "an", "the", "and", "or", "of", "in", "on", "at", "to", "for", "from", "by", "with",
    "about", "into", "over", "under", "within", "across", "what", "which", "who", "whom", "how",
    "where", "when", "why", "is", "are", "was", "were", "be", "been", "do", "does", "did", "any",
    "some", "that", "this", "these", "those", "there", "their", "its", "it", "i", "me", "my",
    "we", "our", "you", "your", "find", "show", "tell", "list", "give", "get", "all",
))
# Words ending in s that are not plurals (or whose singular is not wanted).
KEEP_FINAL_S = frozenset((
    "news", "series", "species", "status", "virus", "census", "bus", "gas", "lass", "sos", "its",
    "this", "has", "was", "does",
))
# fmt: on

# Scripts written without spaces between words.
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3005\u3007\U00020000-\U0003134f"
HIRAGANA = "\u3041-\u309f"
KATAKANA = "\u30a0-\u30ff\u31f0-\u31ff"
HANGUL = "\u1100-\u11ff\u3130-\u318f\uac00-\ud7af"
THAI = "\u0e00-\u0e7f"
LAO = "\u0e80-\u0eff"
MYANMAR = "\u1000-\u109f\ua9e0-\ua9ff\uaa60-\uaa7f"
KHMER = "\u1780-\u17ff\u19e0-\u19ff"
RUN_SCRIPTS = (HAN, HIRAGANA, KATAKANA, HANGUL, THAI, LAO, MYANMAR, KHMER)
JOINERS = "-\u2010\u2011\u2012\u2013./_'\u2019\u00b7"


def normalise(text: str) -> str:
    """NFKC plus casefold; marks that Thai and Burmese need are kept."""
    return unicodedata.normalize("NFKC", text).casefold()


def fold_plural(word: str) -> str:
    """A light English plural fold: communities -> community, masks -> mask."""
    if len(word) <= 3 or not (word.isascii() and word.isalpha()) or word in KEEP_FINAL_S:
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "shes", "ches", "xes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


class Chunk(NamedTuple):
    """One word or unspaced run of text, with where it sits in the NFKC text.

    `key` is the normalised form with joiners removed ("pm25"), `parts` the
    plural-folded pieces (words) or the bigrams (runs), `whole` the folded
    key, and `terms` what the index holds for it."""

    start: int
    end: int
    kind: str  # "word" or "run"
    key: str
    parts: tuple[str, ...]
    whole: str
    terms: tuple[str, ...]


# Blocks holding the combining marks of living scripts written with spaces
# (Latin, Cyrillic, Indic, ...); unspaced scripts carry their marks in their runs.
MARK_BLOCKS = ((0x0300, 0x2000), (0x20D0, 0x2100), (0x2DE0, 0x2E00), (0x302A, 0x3030),
               (0x3099, 0x309B), (0xA66F, 0xAB00), (0xFB1E, 0xFB1F), (0xFE00, 0xFE30))  # fmt: skip


@cache
def _marks() -> str:
    """A regex class body of the combining marks in MARK_BLOCKS."""
    ranges: list[list[int]] = []
    for first, stop in MARK_BLOCKS:
        for code in range(first, stop):
            if not unicodedata.category(chr(code)).startswith("M"):
                continue
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1][1] = code
            else:
                ranges.append([code, code])
    return "".join(re.escape(chr(a)) + ("-" + re.escape(chr(b)) if b > a else "") for a, b in ranges)


@cache
def _chunk_pattern() -> re.Pattern:
    runs = "|".join(f"[{script}]+" for script in RUN_SCRIPTS)
    letter = f"[^\\W_{''.join(RUN_SCRIPTS)}]"
    # letters and digits, their combining marks, and joiners between letters
    word = f"{letter}(?:[{_marks()}]|[{re.escape(JOINERS)}]?{letter})*"
    return re.compile(f"(?P<run>{runs})|(?P<word>{word})")


@cache
def _cluster_pattern() -> re.Pattern:
    return re.compile(f".[{_marks()}]*", re.DOTALL)


@cache
def _ascii_chunk_pattern() -> re.Pattern:
    """What _chunk_pattern matches in ASCII text (no runs, no marks), at a
    fraction of its cost to compile: that one's classes span tens of
    thousands of code points, which `re` walks one by one."""
    letter = "[^\\W_]"
    joiners = re.escape("".join(ch for ch in JOINERS if ch.isascii()))
    return re.compile(f"(?P<word>{letter}(?:[{joiners}]?{letter})*)")


def _matches(text: str):
    """Chunk matches in NFKC(text); the full pattern is compiled only when
    some text is not ASCII."""
    normal = unicodedata.normalize("NFKC", text)
    return (_ascii_chunk_pattern() if normal.isascii() else _chunk_pattern()).finditer(normal)


def chunks(text: str) -> list[Chunk]:
    """The chunks of a text, in order; offsets refer to NFKC(text)."""
    found = []
    for match in _matches(text):
        token = _token(match.lastgroup, match.group())
        if token:
            found.append(Chunk(match.start(), match.end(), *token))
    return found


def terms(text: str) -> list[str]:
    """Every index term of a text, repeated as often as it occurs."""
    found: list[str] = []
    for match in _matches(text):
        token = _token(match.lastgroup, match.group())
        if token:
            found.extend(token[-1])
    return found


@lru_cache(maxsize=1 << 16)
def _token(kind: str, text: str) -> tuple | None:
    """(kind, key, parts, whole, terms) of one matched word or run."""
    text = text.casefold()
    if kind == "run":
        units = _cluster_pattern().findall(text)
        bigrams = tuple(dict.fromkeys(a + b for a, b in pairwise(units))) or (text,)
        return kind, text, bigrams, text, tuple(dict.fromkeys((text, *bigrams)))
    pieces = [p for p in _joiner_pattern().split(_POSSESSIVE.sub("", text)) if p]
    if not pieces:
        return None
    key = "".join(pieces)
    parts = tuple(fold_plural(p) for p in pieces)
    whole = fold_plural(key) if len(pieces) > 1 else parts[0]
    return kind, key, parts, whole, tuple(dict.fromkeys((whole, *parts)))


_POSSESSIVE = re.compile("['\u2019]s$")


@cache
def _joiner_pattern() -> re.Pattern:
    return re.compile(f"[{re.escape(JOINERS)}]")


def phrase_key(text: str) -> str:
    """The joined key of a phrase: "Fact checking" and "fact-checking" -> "factchecking"."""
    return "".join(chunk.key for chunk in chunks(text))


def is_spaced_word(term: str) -> bool:
    return not any(_char_is_run(ch) for ch in term[:1])


@cache
def _run_ranges() -> tuple[list[int], list[int]]:
    """The first and last code points of the ranges in RUN_SCRIPTS, sorted."""
    spans = []
    for script in RUN_SCRIPTS:
        at = 0
        while at < len(script):
            if at + 2 < len(script) and script[at + 1] == "-":
                spans.append((ord(script[at]), ord(script[at + 2])))
                at += 3
            else:
                spans.append((ord(script[at]), ord(script[at])))
                at += 1
    spans.sort()
    return [a for a, _ in spans], [b for _, b in spans]


def _char_is_run(ch: str) -> bool:
    """Whether ch belongs to a script written without spaces."""
    code = ord(ch)
    if code < 0x0E00:
        return False
    firsts, lasts = _run_ranges()
    at = bisect.bisect_right(firsts, code) - 1
    return at >= 0 and code <= lasts[at]
