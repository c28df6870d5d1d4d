"""What in a record can be checked mechanically against its source, and
whether a text says it: figures' numbers, years and dates, web addresses,
and names written in a script other than Latin."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from civictech_kb.model.data import YamlMapping
from civictech_kb.provenance.figures import (
    claim_hedges,
    counted,
    hedge_text,
    mismatch,
    phrase,
    places,
    text_figure,
)

MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
          "october", "november", "december")  # fmt: skip
NUMBER_WORDS = {word: n for n, word in enumerate(
    ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty"])} | {
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    "hundred": 100, "a hundred": 100, "a thousand": 1000}  # fmt: skip
DATE_FIELDS = ("founded", "ended", "start", "end")


@dataclass(frozen=True)
class Claim:
    """One checkable statement of a record: what kind, its value as written,
    the field it stands in (for messages) and its place in the data."""

    kind: str  # figure, date, address, name
    value: str
    field: str  # e.g. "participants" for a figure, "founded", "links.0.url"
    where: tuple[str | int, ...]  # path into the record's data, e.g. ("figures", 0, "value")
    citation: YamlMapping | None = None  # its own citation (a milestone's); None: the record's
    # A figure as the record states it (figures.py): its hedges ("exact",
    # "more_than", ...; none: not read), whether it is given as a plan, and
    # the words of its label.
    hedges: frozenset[str] = frozenset()
    planned: bool = False
    label: tuple[str, ...] = ()


def record_claims(data: YamlMapping) -> Iterator[Claim]:
    """Every claim of one record's data that a source's text can confirm."""
    for number, figure in enumerate(data.get("figures", [])):
        ranged = figure.get("min") is not None and figure.get("max") is not None
        label = (figure["label"], *([figure["unit"]] if figure.get("unit") else []))
        if ranged:  # "10-30" is one claim: both ends, as a range of the text
            value = f"{_number(figure['min'])}-{_number(figure['max'])}"
            hedges = claim_hedges(figure, "range")
            yield Claim(
                "figure", value, figure["label"], ("figures", number, "min"), hedges=hedges, label=label
            )
        for key in ("value", "min", "more_than", "max", "less_than"):
            if figure.get(key) is not None and not (ranged and key in ("min", "max")):
                yield Claim("figure", _number(figure[key]), figure["label"], ("figures", number, key),
                            hedges=claim_hedges(figure, key), label=label)  # fmt: skip
        if figure.get("year"):
            yield Claim("date", str(figure["year"]), f"{figure['label']} year", ("figures", number, "year"))
    for key in DATE_FIELDS:
        if data.get(key):
            yield Claim("date", str(data[key]), key, (key,))
    for number, milestone in enumerate(data.get("milestones", [])):
        yield Claim(
            "date", str(milestone["date"]), "milestone", ("milestones", number, "date"), milestone["source"]
        )
    if data.get("website"):
        yield Claim("address", data["website"], "website", ("website",))
    for number, link in enumerate(data.get("links", [])):
        yield Claim("address", link["url"], f"link {link['label']}", ("links", number, "url"))
    names = [(("name",), data["name"]), *((("names", tag), name) for tag, name in data.get("names", {}).items()),
             *((("aliases", n), alias) for n, alias in enumerate(data.get("aliases", [])))]  # fmt: skip
    for where, name in names:
        if other_script(name):
            yield Claim("name", name, ".".join(map(str, where)), where)
    yield from prose_claims(data)


# -- claims in running text ------------------------------------------------------------

PROSE_FIELDS = ("summary", "landscape", "context")
URL = re.compile(r"https?://[^\s<>()\"'，。、]+", re.IGNORECASE)
CLOCK = re.compile(r"(?<!\d)\d{1,2}:\d{2}(?!\d)")  # 11:00: a time of day, not a figure
# A number standing alone: not part of a word or code (g0v, COVID-19, PM2.5, 4-1 as a chapter is a range).
PROSE_NUMBER = re.compile(
    r"(?<![\w.,/\-])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?:\s*(?:-|–|to)\s*(\d{1,3}(?:,\d{3})+|\d+))?(?![\w\-/]|[.,]\d)"
)
PROSE_WORDS = {word: n for word, n in NUMBER_WORDS.items() if n >= 2 and " " not in word}
WORD = re.compile(r"[^\W\d_]+")
MONTH_NAMES = "|".join(MONTHS)
BESIDE_MONTH = re.compile(rf"^\s*(?:of\s+)?(?:{MONTH_NAMES})\b|\b(?:{MONTH_NAMES})\s*$", re.IGNORECASE)


def prose_claims(data: YamlMapping) -> Iterator[Claim]:
    """The figures (in digits or words, ranges as one), years, web addresses
    and names in a script other than Latin that a record's running text
    states: its summary, landscape and context, lessons, challenges and
    their responses (under the challenge's own citation, if any), and
    milestones' summaries (under the milestone's citation). Clock times are
    left out; a number inside a word or code (g0v, COVID-19) is not one."""
    for key in PROSE_FIELDS:
        if isinstance(data.get(key), str):
            yield from text_claims(data[key], key, (key,))
    for number, lesson in enumerate(data.get("lessons", [])):
        yield from text_claims(lesson, f"lesson {number + 1}", ("lessons", number))
    for number, challenge in enumerate(data.get("challenges", [])):
        own = challenge.get("source") if isinstance(challenge.get("source"), dict) else None
        yield from text_claims(
            challenge["summary"], f"challenge {number + 1}", ("challenges", number, "summary"), own
        )
        for n, response in enumerate(challenge.get("responses", [])):
            yield from text_claims(
                response, f"challenge {number + 1} response", ("challenges", number, "responses", n), own
            )
    for number, milestone in enumerate(data.get("milestones", [])):
        yield from text_claims(
            milestone["summary"], "milestone", ("milestones", number, "summary"), milestone["source"]
        )


def text_claims(
    text: str, field: str, where: tuple[str | int, ...], citation: YamlMapping | None = None
) -> Iterator[Claim]:
    """The checkable claims in one piece of running text."""
    label = f"{field} text"
    for match in URL.finditer(text):
        yield Claim("address", match.group().rstrip(".,;:!?)]）"), label, where, citation)
    rest = CLOCK.sub(" ", URL.sub(" ", text))
    for match in PROSE_NUMBER.finditer(rest):
        after, before = rest[match.end() : match.end() + 14], rest[max(0, match.start() - 12) : match.start()]
        is_year = re.fullmatch(r"(?:19|20)\d\d", match.group(1)) is not None
        if not is_year and (BESIDE_MONTH.search(after) or BESIDE_MONTH.search(before)):
            continue  # "15 to 17 November", "March 22": days of a month, part of a date
        first, second = match.group(1).replace(",", ""), (match.group(2) or "").replace(",", "")
        if second:
            yield _text_figure(f"{first}-{second}", label, where, citation, rest, match)
        elif re.fullmatch(r"(?:19|20)\d\d", first):
            yield Claim("date", first, label, where, citation)
        else:
            yield _text_figure(first, label, where, citation, rest, match)
    folded = rest.casefold()
    for word, n in PROSE_WORDS.items():
        found = re.search(rf"\b{word}\b", folded)
        if found:
            yield _text_figure(str(n), label, where, citation, rest, found)
    for match in WORD.finditer(rest):  # each run of letters of another script within a word
        for run in re.findall(r"[^\W\d_]+", "".join(ch if other_script(ch) else " " for ch in match.group())):
            yield Claim("name", run, label, where, citation)


def _text_figure(value: str, field: str, where: tuple[str | int, ...], citation: YamlMapping | None,
                 text: str, match: re.Match[str]) -> Claim:  # fmt: skip
    """A figure of running text, with its hedge, plan and label as the text states them."""
    hedges, planned, label = text_figure(text, match.start(), match.end())
    if re.fullmatch(r"(?:19|20)\d\d-(?:19|20)\d\d", value):
        label = ()  # "2012-2017": a span of years, which counts nothing
    return Claim("figure", value, field, where, citation, hedges, planned, label)


def _number(value: object) -> str:
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)


def other_script(text: str) -> bool:
    """Whether text holds a letter of a script other than Latin."""
    return any(ch.isalpha() and not unicodedata.name(ch, "").startswith("LATIN") for ch in text)


# -- does the text say it? ---------------------------------------------------------


def says(claim: Claim, text: str, context: str = "") -> bool:
    """Whether text (a cited section; context: the headings around it) says the claim."""
    checks = {"figure": says_number, "date": says_date, "address": says_address, "name": says_name}
    return checks[claim.kind](claim.value, text, context)


def says_number(value: str, text: str, context: str = "") -> bool:
    """The number written in digits (544, 1,200, 1.5) or, up to a thousand,
    in words; a range ("10-30") as a range with both ends (10-30, 10–30,
    10 to 30). Numbers are whole tokens: 54 is not found in 544, a lone
    number is not found as the end of a range (20 is not in "20-50"), and
    none is found inside a web address or a code (d8f3), so a changed
    figure does not pass on a neighbouring one (see figures.places)."""
    return any(places(value, part, NUMBER_WORDS) for part in (text, context) if part)


def figure_problem(claim: Claim, texts: list[str]) -> tuple[str, str, str] | None:
    """For a figure the texts say: (code, what is wrong, hint) if no place
    they say it backs it as the record states it (its hedge, a plan, its
    label; see figures.mismatch), else None."""
    if claim.kind != "figure" or not claim.hedges:
        return None
    found = mismatch(claim.hedges, claim.planned, claim.label,
                     [place for text in texts for place in places(claim.value, text, NUMBER_WORDS)])  # fmt: skip
    if found is None:
        return None
    why, place = found
    if why == "label" and place.counts is not None:
        says = counted(phrase(" ".join(claim.label)))
        return ("label-mismatch", f": the section counts {claim.value} {place.counts[1]} here, the record says "
                f"{says[1] if says else ' '.join(claim.label)} (“{place.shown}”)",
                "check the figure and its label: a label may be reworded, but must count the same kind of thing"
                " (people, events, projects, places, ...)")  # fmt: skip
    if why == "plan":
        return ("hedge-mismatch", f" is stated as a count, but the source gives it as a plan (“{place.shown}”)",
                "say in the text that it is a plan or a target, or leave the figure out")  # fmt: skip
    return ("hedge-mismatch", f" is stated as {hedge_text(claim.hedges)} {claim.value}, but the source gives "
            f"{hedge_text(place.hedges)} {claim.value} (\u201c{place.shown}\u201d)",
            "hedge the figure as the source does: value, approximate: true, more_than, less_than, min or max;"
            " in running text, about, more than, fewer than, at least or at most")  # fmt: skip


def says_date(value: str, text: str, context: str = "") -> bool:
    """A year, year-month or day as the text writes it: 2019, May 2023,
    March 22, 2022, 2018-11-05, 2018年11月; a month or day without its
    year (11/5, 11/5-6, November) only under a heading that gives the year
    (the notes "OGP Korea 2018"), where a year alone may stand too."""
    parts = [int(p) for p in value.split("-")]
    year = parts[0]
    folded = unicodedata.normalize("NFKC", text).casefold()
    in_headings = _has_year(year, unicodedata.normalize("NFKC", context).casefold())
    if len(parts) == 1:
        return in_headings or _has_year(year, folded)
    month = parts[1]
    name = rf"(?:{MONTHS[month - 1]}|{MONTHS[month - 1][:3]}\.?)"
    if len(parts) == 2:
        patterns = [rf"\b{name},?\s+(?:\d{{1,2}}(?:st|nd|rd|th)?,?\s+)?{year}\b", rf"\b{year}[-/.]0?{month}(?!\d)",
                    rf"{year}\s*年\s*0?{month}\s*月"]  # fmt: skip
        if in_headings:
            patterns += [rf"(?<![\d/]){month}/\d{{1,2}}(?![\d/])", rf"\b{name}\b"]
        return any(re.search(p, folded) for p in patterns)
    day = parts[2]
    ordinal = rf"0?{day}(?:st|nd|rd|th)?"
    patterns = [rf"\b{name}\s+{ordinal},?\s+{year}\b", rf"\b{ordinal}\s+{name},?\s+{year}\b",
                rf"\b{year}[-/.]0?{month}[-/.]0?{day}(?!\d)", rf"{year}\s*年\s*0?{month}\s*月\s*0?{day}\s*日"]  # fmt: skip
    if in_headings:
        patterns += [rf"(?<![\d/])0?{month}/0?{day}(?![\d/])", rf"(?<![\d/])0?{month}/\d{{1,2}}\s*[-–~]\s*0?{day}(?!\d)",
                     rf"\b{name}\s+{ordinal}\b", rf"\b{ordinal}\s+{name}\b", rf"\b{name}\s+\d{{1,2}}\s*[-–]\s*{day}\b",
                     rf"(?<!\d)0?{month}\s*月\s*0?{day}\s*日"]  # fmt: skip
    return any(re.search(p, folded) for p in patterns)


def _has_year(year: int, folded: str) -> bool:
    return re.search(rf"(?<!\d){year}(?!\d)", folded) is not None


def address_key(url: str) -> str:
    """An address without its scheme, www., case of the host, or final slash."""
    bare = re.sub(r"^[a-z][a-z0-9+.-]*://", "", url.strip(), flags=re.IGNORECASE)
    bare = re.sub(r"^www\.", "", bare, flags=re.IGNORECASE)
    host, slash, rest = bare.partition("/")
    return (host.lower() + slash + rest).rstrip("/")


def says_address(value: str, text: str, context: str = "") -> bool:
    """The web address, with or without its scheme, www. or final slash."""
    key = address_key(value)
    for match in re.finditer(r"(?:[a-z][a-z0-9+.-]*://)?[^\s<>()\"'，。、]+", text, flags=re.IGNORECASE):
        candidate = address_key(match.group().rstrip(".,;:!?)]）"))
        if candidate == key or candidate.lower() == key.lower():
            return True
    return False


# Scripts written without spaces between words: there a name may run on
# into the next word, so only a substring can be asked for.
UNSPACED = ("CJK", "HIRAGANA", "KATAKANA", "THAI", "LAO", "KHMER", "MYANMAR", "TIBETAN")


def says_name(value: str, text: str, context: str = "") -> bool:
    """The name, as the text writes it (Unicode-normalised, case folded). In
    a script written with spaces (Hangul, Cyrillic, ...) the name must begin
    and end at a word boundary: 마스크찾아 is not found in 마스크찾아줌."""

    def norm(s: str) -> str:
        return " ".join(unicodedata.normalize("NFKC", s).casefold().split())

    name, folded = norm(value), norm(text)
    for match in re.finditer(re.escape(name), folded):
        before, after = folded[match.start() - 1 : match.start()], folded[match.end() : match.end() + 1]
        if not (_runs_on(before, name[:1]) or _runs_on(after, name[-1:])):
            return True
    return False


def _runs_on(neighbour: str, edge: str) -> bool:
    """Whether a letter beside a match continues the word of the name's edge letter."""
    if not neighbour or not edge or not (neighbour.isalnum() and edge.isalnum()):
        return False
    if not other_script(edge):
        return True  # Latin letters run on into Latin letters
    return not unicodedata.name(edge, "").startswith(UNSPACED)
