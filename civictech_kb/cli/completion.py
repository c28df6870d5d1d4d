"""Shell completion candidates: record ids, countries, topics and record types.

Completion runs on every <TAB>, so each function here is cheap (record ids
and the covered countries come from file names and lines, never from parsing
YAML) and never raises: a broken or missing collection simply completes
nothing. Countries and regions are offered by the names ctkb shows
(Thailand), whatever name form was typed (Offered).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import SupportsIndex

import typer
from typer import Context


class Offered(str):
    """A candidate Typer passes to the shell whatever was typed. Typer's
    autocompletion keeps only values that start with the typed text, while
    a country typed as "th" or "ไทย" is offered as it is shown: "Thailand"."""

    def startswith(
        self,
        prefix: str | tuple[str, ...],
        start: SupportsIndex | None = None,
        end: SupportsIndex | None = None,
    ) -> bool:
        return True


def record_ids(incomplete: str, records: Path | str | None = None) -> list[str]:
    """Ids (file names) of the records below the records directory; only
    names that are valid ids, since a shell may not quote what it offers."""
    from civictech_kb.model.ids import is_record_id
    from civictech_kb.model.record import TYPE_DIRS
    from civictech_kb.store.loader import RECORD_SUFFIXES, records_dir

    root = records_dir(Path(records) if records else None)
    ids = set()
    for folder in TYPE_DIRS.values():
        try:
            with os.scandir(root / folder) as entries:
                ids.update(e.name.rsplit(".", 1)[0] for e in entries if e.name.endswith(RECORD_SUFFIXES))
        except (OSError, ValueError):
            continue
    return sorted(i for i in ids if i.startswith(incomplete) and is_record_id(i))


def records_option(ctx: object) -> Path | None:
    """The --records folder given on the command line being completed, if any."""
    while ctx is not None:
        given = getattr(ctx, "params", {}).get("records")
        if given:
            return Path(given)
        ctx = getattr(ctx, "parent", None)
    return None


def countries(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """(country name, code) of the countries one of whose names starts with
    what was typed: the English name, a CLDR name, a ctkb alias, or (from two
    letters on) an ISO code; "th" and "ไทย" both offer Thailand, and a
    leading "the" is skipped. Never a demonym, nor an ISO official name
    ("Kingdom of ..."). The countries the records cover come first, then the
    others, each by name."""
    try:
        from civictech_kb.model import vocab

        key = vocab.fold(incomplete)
        names, codes = _country_name_forms()
        found = {code for code, forms in names.items() if any(form.startswith(key) for form in forms)}
        if len(key) >= 2:
            found |= {code for code, forms in codes.items() if any(form.startswith(key) for form in forms)}
        covered = covered_countries(records_option(ctx))
        ranked = sorted(found, key=lambda code: (code not in covered, vocab.country_name(code)))
        return [(Offered(vocab.country_name(code)), code) for code in ranked]
    except Exception:  # completion must never crash the shell, whatever the data
        return []


def _country_name_forms() -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """(code -> folded names, code -> folded ISO codes) that a country
    completes from; no demonyms, no official or inverted ISO names."""
    import pycountry

    from civictech_kb.model import vocab

    names: dict[str, set[str]] = {}

    def add(code: str, name: str | None) -> None:
        folded = vocab.fold(name or "")
        if folded and "," not in folded:
            names.setdefault(code, set()).add(folded.removeprefix("the "))

    for country in pycountry.countries:
        for name in (
            country.name,
            getattr(country, "common_name", None),
            vocab.country_name(country.alpha_2),
        ):
            add(country.alpha_2, name)
    for code, extra in vocab.country_extras().items():
        for name in [extra.get("name"), *extra.get("aliases", ())]:
            add(code, name)
    for name, code in vocab.cldr_country_names().items():
        add(code, name)
    codes = {c.alpha_2: {c.alpha_2.casefold(), c.alpha_3.casefold()} for c in pycountry.countries}
    return names, codes


def covered_countries(records: Path | None) -> set[str]:
    """Codes of the countries the records have a profile for, read from the
    country files' `countries:` line (or their names) without parsing YAML."""
    import re

    from civictech_kb.model import vocab
    from civictech_kb.model.record import TYPE_DIRS
    from civictech_kb.store.loader import RECORD_SUFFIXES, records_dir

    codes: set[str] = set()
    try:
        with os.scandir(records_dir(records) / TYPE_DIRS["country"]) as entries:
            files = [entry.path for entry in entries if entry.name.endswith(RECORD_SUFFIXES)]
    except (OSError, ValueError):
        return codes
    for path in files:
        try:
            with open(path, encoding="utf-8", errors="replace") as file:
                head = file.read(65536)
        except OSError:
            continue
        listed = re.search(
            r"^countries:[ \t]*\[([^\]\n]*)\]|^countries:[ \t]*\n((?:[ \t]*-.*\n?)+)", head, re.M
        )
        named = re.findall(r"[A-Z]{2}", " ".join(listed.groups(""))) if listed else []
        stem = vocab.fold(Path(path).stem.replace("-", " "))
        codes.update(code for code in named if vocab.is_country_code(code))
        codes.update(
            [vocab.country_names_index()[stem]] if not named and stem in vocab.country_names_index() else []
        )
    return codes


def record_types(incomplete: str) -> list[str]:
    from civictech_kb.model.record import RECORD_TYPES

    return [name for name in RECORD_TYPES if name.startswith(incomplete)]


def statuses(incomplete: str) -> list[str]:
    from civictech_kb.model.record import STATUSES

    return [status for status in STATUSES if status.startswith(incomplete)]


def topics(ctx: Context, incomplete: str) -> list[tuple[str, str]]:
    """(topic id, label) of the topics starting with what was typed, the
    collection's own (its vocabulary file) included."""
    return _labelled(ctx, "topics", incomplete)


def categories(ctx: Context, incomplete: str) -> list[tuple[str, str]]:
    """(category id, label) of the challenge categories starting with what
    was typed, the collection's own included."""
    return _labelled(ctx, "categories", incomplete)


def _labelled(ctx: Context | None, kind: str, incomplete: str) -> list[tuple[str, str]]:
    try:
        from civictech_kb.model.vocabulary import builtin_vocabulary
        from civictech_kb.store.loader import records_dir
        from civictech_kb.store.vocabulary_file import read_vocabulary

        vocabulary = read_vocabulary(records_dir(records_option(ctx)))[0] or builtin_vocabulary()
        entries = (vocabulary.topics if kind == "topics" else vocabulary.categories).values()
        return [(entry.id, entry.label) for entry in entries if entry.id.startswith(incomplete)]
    except Exception:  # completion must never crash the shell, whatever the data
        return []


def regions(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """(name, what it is) of the UN M49 sub-regions and regions with records
    whose names start with what was typed (any case): those of the countries
    with a profile."""
    try:
        from civictech_kb.model import vocab

        covered = covered_countries(records_option(ctx))
        key = incomplete.casefold()
        areas = [name for region in vocab.regions().values() if covered & set(region.countries)
                 for name in (region.name, region.parent)]  # fmt: skip
        parents = {region.parent for region in vocab.regions().values()}
        return [(Offered(name), "region" if name in parents else "sub-region")
                for name in sorted(set(areas)) if name.casefold().startswith(key)]  # fmt: skip
    except Exception:  # completion must never crash the shell, whatever the data
        return []
