"""Whether a number stands in a text as a record states it: with the same
hedge ("more than 200", "about 80", exactly 80), not as a plan where the
record gives a count, and counting the same kind of thing as its label (200
"participants" is not backed by a section that says 200 "projects", but
"members" is by 200 "civic hackers": a label may be reworded).

A text is read the same way on both sides: a record's running text and a
source's section. Around each place a number stands (a whole token, never
inside a web address or a code such as d8f3), the words just before and
after it give its hedge, the words of its clause whether it is a plan, and
the noun it stands before (else after) what it counts. The word lists live in
data/figure-words.yaml.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from civictech_kb.model.data import YamlMapping

# A URL, or the target of a Markdown link or image: no figure stands in it.
URL = re.compile(r"https?://[^\s<>()\"'，。、]+|\]\([^)\s]*\)", re.IGNORECASE)
# A number as a whole token: not inside a word or code (d8f3, PM2.5, COVID-19), a decimal or a longer number.
NUMBER = r"(?<![A-Za-z\d.,])(?<![A-Za-z]-)(?:\d{1,3}(?:,\d{3})+(?![\d,])|\d+)(?:\.\d+)?(?![A-Za-z\d])"
RANGE = re.compile(rf"({NUMBER})\s*(?:-|–|—|~|to)\s*({NUMBER})")
WORD = re.compile(r"[^\W\d_]+|[~+]")
# A word, a digit or a mark that ends a phrase (a hyphen or apostrophe does not: fact-checkers).
TOKEN = re.compile(r"[^\W\d_]+|[~+]|\d|[^\w\s'’~+-]")
LABEL_WORDS = 4  # at most this many words after a number in running text say what it counts
HEDGE_CHARS = 40  # how far before a number its hedge is looked for
HEDGES = ("approximate", "more_than", "min", "less_than", "max")
HEDGE_WORDS = {"exact": "exactly", "approximate": "about", "more_than": "more than", "min": "at least",
               "less_than": "less than", "max": "at most"}  # fmt: skip


@dataclass(frozen=True)
class Place:
    """One place a number stands in a text: the words around it (for
    messages), how it is hedged, whether its clause makes it a plan, and
    what it counts there (see counted)."""

    shown: str
    hedges: frozenset[str]
    planned: bool
    counts: tuple[str, str] | None  # (kind, the word that says it), None if no known word says it


def readable(text: str) -> str:
    """The text with web addresses and link targets blanked (same length)."""
    return URL.sub(lambda m: " " * len(m.group()), text)


def _folded(text: str) -> str:
    """The text case folded letter by letter, keeping its length (ß stays ß),
    so that places found in it are places in the text."""
    return "".join(ch if len(ch.casefold()) != 1 else ch.casefold() for ch in text)


def places(value: str, text: str, words_for: dict[str, int]) -> list[Place]:
    """Every place the figure `value` ("544", "10-30") stands in text, in
    digits or (words_for: word -> number) in words."""
    text = readable(unicodedata.normalize("NFKC", text))
    folded = _folded(text)
    low, dash, high = value.partition("-")
    ranges = [(m.start(), m.end(), m) for m in RANGE.finditer(text)]
    if dash:
        spans = [
            (s, e)
            for s, e, m in ranges
            if (_value(m.group(1)), _value(m.group(2))) == (float(low), float(high))
        ]
    else:
        wanted = float(value)
        spans = [(m.start(), m.end()) for m in re.finditer(NUMBER, text)
                 if _value(m.group()) == wanted and not any(s <= m.start() < e for s, e, _ in ranges)]  # fmt: skip
        for word, n in words_for.items():
            if n == wanted:
                spans += [(m.start(), m.end()) for m in re.finditer(rf"\b{re.escape(word)}\b", folded)]
    return [_place(text, folded, start, end) for start, end in sorted(spans)]


def _value(token: str) -> float:
    return float(token.replace(",", ""))


SHOWN_WORDS = 4  # words shown either side of a number in messages


def _place(text: str, folded: str, start: int, end: int) -> Place:
    vocabulary = figure_words()
    before, after = folded[max(0, start - HEDGE_CHARS) : start], folded[end : end + HEDGE_CHARS]
    hedges = hedges_of(before, after)
    words_before = [w for w in WORD.findall(_clause_end(before)) if w not in "~+"]
    words_after = [w for w in WORD.findall(_clause_start(after)) if w not in "~+"]
    planned = bool(set(words_before[-6:] + words_after[:6]) & vocabulary.plans)
    shown = " ".join(
        [*text[:start].split()[-SHOWN_WORDS:], text[start:end], *text[end:].split()[:SHOWN_WORDS]]
    )
    counts = counted(phrase(_clause_start(after + folded[end + HEDGE_CHARS : end + 120])))
    return Place(shown, hedges, planned, counts or counted(_words_before(folded, start)))


def _words_before(folded: str, start: int) -> list[str]:
    """The last two words of a number's clause before it that may say what it counts."""
    return [w for w in WORD.findall(_clause_end(folded[max(0, start - 60) : start])) if _own(w)][-2:]


def phrase(text: str) -> list[str]:
    """The words that say what a number counts, from the text just after
    it: at most LABEL_WORDS of a label's own, up to a mark, another number
    or a word that ends a label ("15 citizen hackers who ...": citizen
    hackers); a counted_through word ("of") stays, as a divide. A word
    joined to the number by a hyphen is the whole phrase ("five-day")."""
    vocabulary = figure_words()
    joined = re.match(r"-([^\W\d_]+)", text.casefold())
    if joined:  # "five-day conference": what it counts is the word it is joined to
        return [joined.group(1)]
    words: list[str] = []
    for token in TOKEN.findall(text.casefold()):
        if not token[0].isalpha() and token not in "~+":
            break
        if token in vocabulary.counted_through:
            words.append(token)
        elif token in vocabulary.label_ends:
            break
        elif _own(token):
            words.append(token)
            if sum(w not in vocabulary.counted_through for w in words) == LABEL_WORDS:
                break
    return words


def counted(words: list[str]) -> tuple[str, str] | None:
    """What kind of thing a phrase names and the word that says so: its
    first word of a known kind in the plural ("volunteers gathered"), else
    its last in the singular ("1 project team"); before "of" first ("teams
    of volunteers"), after it only if nothing before it is known ("types of
    events"). None if no word of it is known."""
    vocabulary = figure_words()
    parts: list[list[str]] = [[]]
    for word in words:
        if word in vocabulary.counted_through:
            parts.append([])
        else:
            parts[-1].append(word)
    for part in parts:
        plural = next(((vocabulary.plurals[w], w) for w in part if w in vocabulary.plurals), None)
        singular = [(vocabulary.singulars[w], w) for w in part if w in vocabulary.singulars]
        if plural or singular:
            return plural or singular[-1]
    return None


def _clause_end(before: str) -> str:
    return re.split(r"[.;!?。；！？\n]", before)[-1]


def _clause_start(after: str) -> str:
    return re.split(r"[.;!?。；！？\n]", after)[0]


def hedges_of(before: str, after: str) -> frozenset[str]:
    """How the words just before and after a number hedge it: a set of the
    figure fields that say so (exact where nothing hedges it)."""
    vocabulary = figure_words()
    tail = " ".join(before.split())
    for filler in vocabulary.fillers:  # "only about 1,500": the hedge before the filler
        tail = re.sub(rf"(?:^|\s){re.escape(filler)}$", "", tail)
    head = " ".join(after.split())
    heads = {head, re.sub(rf"^[{vocabulary.counters}]", "", head).lstrip()}  # "200人左右": about 200 people
    found = set()
    for kind in HEDGES:
        words = vocabulary.hedges[kind]
        if any(_ends_with(tail, phrase) for phrase in words["before"]) or any(
            _starts_with(text, phrase) for phrase in words["after"] for text in heads
        ):
            found.add(kind)
    spans = vocabulary.spans
    next_word = next(iter(WORD.findall(head)), "")
    spans_time = next_word in spans["units"] and any(_ends_with(tail, word) for word in spans["words"])
    if found & {"more_than", "less_than"} and spans_time:
        found.add("exact")  # "over five days": across five days, or more than five
    return frozenset(found or {"exact"})


def _ends_with(text: str, phrase: str) -> bool:
    if not text.endswith(phrase):
        return False
    before = text[: len(text) - len(phrase)]
    return not before or not (before[-1].isalnum() and phrase[0].isalnum() and _latin(phrase[0]))


def _starts_with(text: str, phrase: str) -> bool:
    if not text.startswith(phrase):
        return False
    rest = text[len(phrase) :]
    return not rest or not (rest[0].isalnum() and phrase[-1].isalnum() and _latin(phrase[-1]))


def _latin(text: str) -> bool:
    return any(ch.isalpha() and unicodedata.name(ch, "").startswith("LATIN") for ch in text)


def text_figure(text: str, start: int, end: int) -> tuple[frozenset[str], bool, tuple[str, ...]]:
    """How a record's running text states the number at text[start:end]:
    its hedges, whether its clause makes it a plan, and the words that say
    what it counts: its phrase after it (see phrase: "15 citizen hackers
    volunteered to", "Fifteen volunteers gathered 243 ..."), else the two
    words before it ("participants (about 60) formed", "Day 2")."""
    text = readable(text)
    folded = _folded(text)
    place = _place(text, folded, start, end)
    after = phrase(_clause_start(folded[end : end + 80]))
    named = WORD.findall(folded[max(0, start - 20) : start])[-1:]  # "Day 2", "No. 19"
    before = _words_before(folded, start)
    return place.hedges, place.planned, tuple(after + [w for w in named if _own(w)] if after else before)


def _own(word: str) -> bool:
    vocabulary = figure_words()
    return word not in vocabulary.function_words and word not in "~+" and word not in vocabulary.hedge_words


@dataclass(frozen=True)
class FigureWords:
    hedges: dict[str, dict[str, list[str]]]
    fillers: list[str]
    spans: dict[str, list[str]]
    plans: frozenset[str]
    function_words: frozenset[str]
    label_ends: frozenset[str]
    counted_through: frozenset[str]
    plurals: dict[str, str]  # a word of a known kind -> its kind
    singulars: dict[str, str]  # its singular -> its kind
    hedge_words: frozenset[str]
    counters: str  # counter words that may stand between a number and its hedge (人, 명)


@cache
def figure_words() -> FigureWords:
    """The word lists of data/figure-words.yaml."""
    from civictech_kb.model import vocab

    data: YamlMapping = vocab.data_file("figure-words.yaml")
    hedges = {kind: {side: [str(w) for w in data["hedges"][kind].get(side, [])] for side in ("before", "after")}
              for kind in HEDGES}  # fmt: skip
    spoken = {part for kind in hedges.values() for side in kind.values() for w in side for part in w.split()}
    plurals = {str(word): str(kind) for kind, words in data["kinds"].items() for word in words}
    singulars = {singular(word): kind for word, kind in plurals.items() if singular(word) not in plurals}
    return FigureWords(hedges, [str(w) for w in data["fillers"]], data["spans"], frozenset(map(str, data["plans"])),
                       frozenset(map(str, data["function_words"])), frozenset(map(str, data["label_ends"])),
                       frozenset(map(str, data["counted_through"])), plurals, singulars,
                       frozenset(spoken), re.escape("".join(map(str, data["counters"]))))  # fmt: skip


def singular(word: str) -> str:
    """The singular of an English plural (cities: city, classes: class, apps: app)."""
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("sses", "shes", "ches", "xes")):
        return word[:-2]
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


def hedge_text(hedges: frozenset[str]) -> str:
    """How a set of hedges reads: "more than", "about or more than"."""
    return " or ".join(HEDGE_WORDS[h] for h in sorted(hedges, key=list(HEDGE_WORDS).index))


def mismatch(claim_hedges: frozenset[str], planned: bool, label: tuple[str, ...],
             found: list[Place]) -> tuple[str, Place] | None:  # fmt: skip
    """Why the places a number stands do not back a figure as a record
    states it: ("label", place) if each counts a known kind of thing other
    than its label's (see counted; a word of no known kind never differs),
    ("plan", place) if those that do are a plan where the record gives a
    count, ("hedge", place) if they are hedged otherwise; None if one backs it."""
    wanted = counted(phrase(" ".join(label)))
    beside = [p for p in found if not wanted or not p.counts or p.counts[0] == wanted[0]]
    if not beside:
        return ("label", found[0]) if found else None
    if any(_backs(p, claim_hedges, planned) for p in beside):
        return None
    plans = [p for p in beside if p.planned and not planned]
    if plans and any(p.hedges & claim_hedges for p in plans):
        return ("plan", plans[0])
    return ("hedge", next((p for p in beside if not p.hedges & claim_hedges), beside[0]))


def _backs(place: Place, claim_hedges: frozenset[str], planned: bool) -> bool:
    return bool(place.hedges & claim_hedges) and (planned or not place.planned)


def claim_hedges(figure: YamlMapping, key: str) -> frozenset[str]:
    """How a record's figure field hedges the number at `key` ("value",
    "min", "more_than", ...; "range" for min and max together)."""
    approximate = {"approximate"} if figure.get("approximate") else set()
    if key in ("value", "range"):
        return frozenset(approximate or {"exact"})
    return frozenset({key} | approximate)
