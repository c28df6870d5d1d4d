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
from collections.abc import Iterator
from functools import cache, lru_cache
from itertools import pairwise
from typing import NamedTuple, Protocol

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


@lru_cache(maxsize=1 << 16)
def stem(word: str) -> str:
    """The English stem of a word (Snowball): vaccination, vaccines -> vaccin.
    Words that are not plain ASCII letters are left as they are."""
    if len(word) <= 2 or not (word.isascii() and word.isalpha()):
        return word
    return _stemmer().stemWord(word)


class _Stemmer(Protocol):
    """What search uses of a PyStemmer stemmer."""

    def stemWord(self, word: str) -> str: ...


class _Converter(Protocol):
    """What search uses of an opencc converter."""

    def convert(self, text: str) -> str: ...


@cache
def _stemmer() -> _Stemmer:
    # PyStemmer: Snowball's own C stemmers, the same stems as the pure-Python
    # snowballstemmer (checked on 575,000 words), which imports all of its 30
    # languages to give one (about 10 ms of every search).
    import Stemmer  # type: ignore[import-not-found]  # ships no types or stubs; _Stemmer says what is used

    stemmer: _Stemmer = Stemmer.Stemmer("english")
    return stemmer


def fold_variants(run: str) -> str:
    """Traditional Chinese characters written as their Simplified forms
    (臺灣 -> 台湾), so that either finds both; other text is unchanged."""
    if not _han_char().search(run):
        return run
    folded = _t2s().convert(run)
    return folded if len(folded) == len(run) else run


@cache
def _t2s() -> _Converter:
    import opencc  # type: ignore[import-untyped]  # ships no types or stubs; _Converter says what is used

    converter: _Converter = opencc.OpenCC("t2s")
    return converter


@cache
def _han_char() -> re.Pattern[str]:
    # Compiled on first use: a class of 28,000 code points costs about 2 ms
    # to compile, and most searches meet no Han character.
    return re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


class Chunk(NamedTuple):
    """One word or unspaced run of text, with where it sits in the NFKC text.

    `key` is the normalised form with joiners removed ("pm25"), `parts` the
    stems of the pieces (words) or the bigrams (runs), `whole` the stem of
    the key, and `terms` what the index holds for it."""

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
def _chunk_pattern() -> re.Pattern[str]:
    runs = "|".join(f"[{script}]+" for script in RUN_SCRIPTS)
    letter = f"[^\\W_{''.join(RUN_SCRIPTS)}]"
    # letters and digits, their combining marks, and joiners between letters
    word = f"{letter}(?:[{_marks()}]|[{re.escape(JOINERS)}]?{letter})*"
    return re.compile(f"(?P<run>{runs})|(?P<word>{word})")


@cache
def _cluster_pattern() -> re.Pattern[str]:
    return re.compile(f".[{_marks()}]*", re.DOTALL)


@cache
def _ascii_chunk_pattern() -> re.Pattern[str]:
    """What _chunk_pattern matches in ASCII text (no runs, no marks), at a
    fraction of its cost to compile: that one's classes span tens of
    thousands of code points, which `re` walks one by one."""
    letter = "[^\\W_]"
    joiners = re.escape("".join(ch for ch in JOINERS if ch.isascii()))
    return re.compile(f"(?P<word>{letter}(?:[{joiners}]?{letter})*)")


def _matches(text: str) -> Iterator[re.Match[str]]:
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


def spellings(text: str) -> list[str]:
    """The words of a text whose stem is not the word itself ("checking"),
    as written (casefolded); fuzzy matching compares typed words with them."""
    found: list[str] = []
    for match in _matches(text):
        token = _token(match.lastgroup or "word", match.group())
        if token and token[0] == "word" and token[3] != token[1]:
            found.append(token[1])
    return found


def terms_and_spellings(text: str) -> tuple[list[str], list[str]]:
    """terms(text) and spellings(text), reading the text once (what building
    the index does for every field of every record: no match objects)."""
    found: list[str] = []
    spelled: list[str] = []
    normal = unicodedata.normalize("NFKC", text)
    if normal.isascii():
        for word in _ascii_chunk_pattern().findall(normal):
            terms_of, spelling = _indexed("word", word)
            found += terms_of
            if spelling:
                spelled.append(spelling)
        return found, spelled
    for run, word in _chunk_pattern().findall(normal):
        terms_of, spelling = _indexed("run", run) if run else _indexed("word", word)
        found += terms_of
        if spelling:
            spelled.append(spelling)
    return found, spelled


@lru_cache(maxsize=1 << 16)
def _indexed(kind: str, text: str) -> tuple[tuple[str, ...], str]:
    """The terms of one matched word or run, and its spelling if its stem
    differs from it (else "")."""
    token = _token(kind, text)
    if not token:
        return (), ""
    return token[-1], token[1] if token[0] == "word" and token[3] != token[1] else ""


@lru_cache(maxsize=1 << 16)
def _token(kind: str, text: str) -> tuple[str, str, tuple[str, ...], str, tuple[str, ...]] | None:
    """(kind, key, parts, whole, terms) of one matched word or run."""
    text = text.casefold()
    if kind == "run":
        text = fold_variants(text)
        return kind, text, bigrams(text), text, tuple(dict.fromkeys((text, *bigrams(text))))
    pieces = [p for p in _joiner_pattern().split(_POSSESSIVE.sub("", text)) if p]
    if not pieces:
        return None
    key = "".join(pieces)
    parts = tuple(stem(p) for p in pieces)
    whole = stem(key) if len(pieces) > 1 else parts[0]
    return kind, key, parts, whole, tuple(dict.fromkeys((whole, *parts)))


def cluster_units(run: str) -> list[str]:
    """The characters of a run, each with its combining marks."""
    return list(_cluster_pattern().findall(run))


def bigrams(run: str) -> tuple[str, ...]:
    """The character bigrams of a run (a mark stays with its letter); the run
    itself if it is one character long."""
    units = cluster_units(run)
    return tuple(dict.fromkeys(a + b for a, b in pairwise(units))) or (run,)


def run_chunk(key: str, start: int = 0) -> Chunk:
    """A chunk for a piece of a run (see search/segment.py)."""
    return Chunk(
        start, start + len(key), "run", key, bigrams(key), key, tuple(dict.fromkeys((key, *bigrams(key))))
    )


_POSSESSIVE = re.compile("['\u2019]s$")


@cache
def _joiner_pattern() -> re.Pattern[str]:
    return re.compile(f"[{re.escape(JOINERS)}]")


def phrase_key(text: str) -> str:
    """The joined key of a phrase: "Fact checking" and "fact-checking" -> "factchecking"."""
    return "".join(chunk.key for chunk in chunks(text))


def stem_key(text: str) -> str:
    """The joined stems of a phrase: "Fact checks" -> "factcheck"."""
    return "".join(chunk.whole for chunk in chunks(text))


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
