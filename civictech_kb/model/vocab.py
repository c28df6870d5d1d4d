"""The controlled vocabularies of places: countries and their UN M49
regions, with the data files the other vocabularies (model/vocabulary.py:
topics and challenge categories; search's glossary and stopwords) are read
from. The data lives in `data/*.yaml`; this module answers questions about it.
"""

from __future__ import annotations

import contextlib
import hashlib
import unicodedata
from functools import cache
from pathlib import Path
from typing import NamedTuple

from civictech_kb.model.data import YamlMapping, YamlValue
from civictech_kb.model.fuzzy import close_matches, closest_with_edits
from civictech_kb.model.problems import Ambiguous, NotFound

DATA_DIR = Path(__file__).parent.parent / "data"


class Region(NamedTuple):
    """A UN M49 sub-region (e.g. South-eastern Asia) within its region (Asia)."""

    name: str
    parent: str
    countries: tuple[str, ...]


def fold(text: str) -> str:
    """Normalise text for matching: NFKC, casefold, single spaces."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def slugify_label(text: str) -> str:
    return "-".join(fold(text).replace("_", " ").replace("-", " ").split())


DATA_FILES = (
    "topics.yaml",
    "challenge-categories.yaml",
    "regions.yaml",
    "countries.yaml",
    "stopwords.yaml",
    "glossary.yaml",
    "locales.yaml",
)


@cache
def data_file(name: str) -> YamlValue:
    """The plain data of one of the data files (data/NAME), read once."""
    from civictech_kb.store.strict_yaml import parse_text, plain

    text = (DATA_DIR / name).read_text(encoding="utf-8")
    return plain(parse_text(text))


def stopwords() -> dict[str, list[str]]:
    """Words search leaves out of scoring: "english" (question and function
    words) and "unspaced" (particles of scripts written without spaces)."""
    data: dict[str, list[str]] = data_file("stopwords.yaml")
    return data


@cache
def glossary() -> dict[str, str]:
    """A word or place name in another language -> the English words the
    records use for it (data/glossary.yaml)."""
    return {other: entry["en"] for entry in data_file("glossary.yaml") for other in entry["other"]}


@cache
def regions() -> dict[str, Region]:
    """Sub-regions by name, in the order of the data file."""
    return {
        name: Region(name, parent, tuple(codes))
        for parent, subregions in data_file("regions.yaml").items()
        for name, codes in subregions.items()
    }


@cache
def _subregion_by_country() -> dict[str, Region]:
    return {code: region for region in regions().values() for code in region.countries}


def region_of(code: str) -> Region | None:
    return _subregion_by_country().get(code)


@cache
def _pycountry_codes() -> frozenset[str]:
    import pycountry

    return frozenset(c.alpha_2 for c in pycountry.countries)


def country_codes() -> frozenset[str]:
    """Every ISO 3166-1 alpha-2 code."""
    return _pycountry_codes()


def is_country_code(code: str) -> bool:
    return code in _pycountry_codes()


def _country_extras() -> dict[str, YamlMapping]:
    extras: dict[str, YamlMapping] = data_file("countries.yaml")
    return extras


def country_extras() -> dict[str, YamlMapping]:
    """ctkb's own names for countries by code: display name, aliases, demonyms (data/countries.yaml)."""
    return _country_extras()


def country_name(code: str) -> str:
    """The short English name ctkb shows for a country code."""
    extra = _country_extras().get(code)
    if extra and extra.get("name"):
        name: str = extra["name"]
        return name
    import pycountry

    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        return code
    return getattr(country, "common_name", None) or country.name


@cache
def _with_article() -> frozenset[str]:
    codes: list[str] = data_file("country-articles.yaml")["the"]
    return frozenset(codes)


def country_in_text(code: str) -> str:
    """A country's name as running text says it, with "the" where English
    puts one (data/country-articles.yaml): "the Philippines", "Thailand"."""
    name = country_name(code)
    return f"the {name}" if code in _with_article() else name


def country_heading(code: str) -> str:
    """A country's name as a title or a sentence starts with it: "The Philippines", "Thailand"."""
    text = country_in_text(code)
    return text[:1].upper() + text[1:]


@cache
def country_names_index() -> dict[str, str]:
    """Every folded name, code, alias, local name and demonym -> alpha-2 code."""
    index = dict(_english_country_index())
    for name, code in cldr_country_names().items():
        index.setdefault(fold(name), code)
    return index


@cache
def _english_country_index() -> dict[str, str]:
    """The part of country_names_index that needs no CLDR data (codes, ISO
    names, ctkb's aliases and demonyms): loading CLDR's locales costs about
    0.1 s, which an exact English name or code need not pay."""
    import pycountry

    index: dict[str, str] = {}
    for country in pycountry.countries:
        for name in (country.alpha_2, country.alpha_3, country.name,
                     getattr(country, "common_name", None), getattr(country, "official_name", None)):  # fmt: skip
            if name:
                index.setdefault(fold(name), country.alpha_2)
    for code, extra in _country_extras().items():
        for name in [extra.get("name"), *extra.get("aliases", ()), *extra.get("demonyms", ())]:
            if name:
                index[fold(name)] = code
    return index


def cldr_country_names() -> dict[str, str]:
    """The names CLDR gives the countries of data/locales.yaml's sub-regions
    in its locales ("เมียนมา (พม่า)" gives both names) -> alpha-2 code."""
    import re

    from babel import Locale

    wanted = data_file("locales.yaml")
    codes = [code for name in wanted["subregions"] for code in regions()[name].countries]
    names: dict[str, str] = {}
    for locale in wanted["locales"]:
        territories = Locale.parse(locale).territories
        for code in codes:
            for name in re.split(r"\s*[()（）]\s*", territories.get(code, "")):
                if name.strip():
                    names.setdefault(name.strip(), code)
    return names


@cache
def demonyms() -> dict[str, str]:
    """Folded demonym -> alpha-2 code ("korean" -> KR)."""
    return {fold(d): code for code, extra in _country_extras().items() for d in extra.get("demonyms", ())}


def data_stamp() -> str:
    """A digest of the vocabulary files and of pycountry's version: what a
    cache of validated records depends on besides the records."""
    from importlib.machinery import PathFinder  # importlib.util would be one more import on every run

    digest = hashlib.sha256()
    for name in DATA_FILES:
        digest.update((DATA_DIR / name).read_bytes())
    spec = PathFinder.find_spec("pycountry")
    if spec is not None and spec.origin:
        with contextlib.suppress(OSError):
            info = (Path(spec.origin).parent / "databases" / "iso3166-1.json").stat()
            digest.update(f"{info.st_size} {info.st_mtime_ns}".encode())
    return digest.hexdigest()


def resolve_country(text: str) -> str:
    """A country name, local name, alias, demonym or ISO code -> alpha-2 code.

    Small typos are forgiven when one country is clearly closest. Raises
    NotFound or Ambiguous with the closest names in the message.
    """
    key = fold(text)
    if key in _english_country_index():  # CLDR names never override these (setdefault)
        return _english_country_index()[key]
    index = country_names_index()
    if key in index:
        return index[key]
    close = closest_with_edits(key, index)
    if close:
        fewest = close[0][1]
        codes = list(dict.fromkeys(index[name] for name, n in close if n == fewest))
        if len(codes) == 1:
            return codes[0]
        names = ", ".join(country_name(code) for code in codes[:5])
        raise Ambiguous(f"{text!r} could be several countries: {names}")
    raise NotFound(f"no country matches {text!r}")


def resolve_region(text: str) -> Region:
    """A sub-region name (any case, hyphens optional, small typos) -> Region.

    NotFound or Ambiguous, with the closest names, when no single sub-region
    is clearly meant ("eastern" could be Eastern Africa or Eastern Asia).
    """
    key = _region_key(text)
    by_key = {_region_key(name): region for name, region in regions().items()}
    if key in by_key:
        return by_key[key]
    close = closest_with_edits(key, by_key)
    fewest = [by_key[name] for name, n in close if n == close[0][1]]
    containing = [region for name, region in by_key.items() if len(key) >= 4 and key in name]
    if len(fewest) == 1 or (not fewest and len(containing) == 1):
        return (fewest or containing)[0]
    if fewest or containing:
        names = ", ".join(region.name for region in fewest or containing)
        raise Ambiguous(f"{text!r} could be several regions: {names}")
    raise NotFound(f"no region matches {text!r}")


def _region_key(text: str) -> str:
    """A region name folded so that "South-eastern Asia", "southeast asia"
    and "South East Asia" meet: no separators, "eastern" read as "east"."""
    return "".join(word.removesuffix("ern") for word in slugify_label(text).split("-"))


def resolve_area(text: str) -> str:
    """The name of a region (Asia) or sub-region (South-eastern Asia) a user
    typed; sub-region names are forgiven as resolve_region forgives them."""
    parents = {slugify_label(r.parent): r.parent for r in regions().values()}
    return parents.get(slugify_label(text)) or resolve_region(text).name


@cache
def area_countries(name: str) -> frozenset[str]:
    """Codes in a sub-region (South-eastern Asia) or a region (Asia); cached,
    since filters ask once per record."""
    return frozenset(
        {
            code
            for region in regions().values()
            if name in (region.name, region.parent)
            for code in region.countries
        }
    )


def suggest(value: str, choices: list[str], limit: int = 1) -> list[str]:
    """The choices close enough to a mistyped value to be meant, best first
    (the policy of model/fuzzy.py)."""
    return close_matches(value, choices, limit)
