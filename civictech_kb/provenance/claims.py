"""What in a record can be checked mechanically against its source, and
whether a text says it: figures' numbers, years and dates, web addresses,
and names written in a script other than Latin."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from civictech_kb.model.data import YamlMapping

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


def record_claims(data: YamlMapping) -> Iterator[Claim]:
    """Every claim of one record's data that a source's text can confirm."""
    for number, figure in enumerate(data.get("figures", [])):
        for key in ("value", "min", "more_than", "max", "less_than"):
            if figure.get(key) is not None:
                yield Claim("figure", _number(figure[key]), figure["label"], ("figures", number, key))
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
    """The number written in digits (544, 1,200, 1.5) or, up to a thousand, in words."""
    wanted = float(value)
    for match in re.finditer(
        r"(?<![\d.,])\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d,])|(?<![\d.,])\d+(?:\.\d+)?", text
    ):
        if float(match.group().replace(",", "")) == wanted:
            return True
    folded = unicodedata.normalize("NFKC", text).casefold()
    return any(n == wanted and re.search(rf"\b{word}\b", folded) for word, n in NUMBER_WORDS.items())


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


def says_name(value: str, text: str, context: str = "") -> bool:
    """The name, as the text writes it (Unicode-normalised, case folded)."""

    def norm(s: str) -> str:
        return " ".join(unicodedata.normalize("NFKC", s).casefold().split())

    return norm(value) in norm(text)
