"""The licences of ctkb and the attribution every publication of the records
carries (reports, exports, the site, data packages, Datasette): said once,
here. The code is MIT; the data is CC BY-NC 4.0, as the handbook the records
draw on is licensed CC BY-NC.

The attribution credits every source record of the collection, from what
the source records themselves say (title, work, publishers, address,
licence), so a new source is credited without editing this file. A source
that states no licence is credited too, with the note that ctkb takes only
facts from it, in its own words."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

DATA_LICENCE = "CC BY-NC 4.0"
DATA_LICENCE_NAME = "Creative Commons Attribution-NonCommercial 4.0 International"
DATA_LICENCE_ID = "CC-BY-NC-4.0"  # the SPDX identifier
DATA_LICENCE_URL = "https://creativecommons.org/licenses/by-nc/4.0/"
CODE_LICENCE = "MIT"
NO_LICENCE = "none stated"  # what a source record's licence says when the document states none
FACTS_ONLY = "states no licence: ctkb takes only facts from it, in its own words"

# A source as credited: a bibliography entry (views.citations.source_entry):
# title, work, publishers (names), url, licence.
Credit = Mapping[str, object]


def states_licence(licence: object) -> bool:
    """Whether a source record's licence field names a licence."""
    return isinstance(licence, str) and licence.strip().casefold() not in ("", NO_LICENCE, "none", "unknown")


def credit_text(source: Credit) -> str:
    """One source as the attribution credits it."""
    text = f"“{source['title']}”"
    if source.get("work"):
        text += f", in {source['work']}"
    publishers = [str(p) for p in source.get("publishers") or []]  # type: ignore[attr-defined]
    if publishers:
        text += ", by " + (" and ".join(publishers) if len(publishers) < 3 else
                           ", ".join(publishers[:-1]) + " and " + publishers[-1])  # fmt: skip
    if source.get("url"):
        text += f" ({source['url']})"
    licence = source.get("licence")
    return text + (f", licensed {licence}" if states_licence(licence) else f", which {FACTS_ONLY}")


def attribution(sources: Iterable[Credit]) -> str:
    """The sentence that credits the sources and states the data licence."""
    credited = [credit_text(source) for source in sources]
    cited = "; ".join(credited) if credited else "the documents each record cites"
    return (
        f"The records summarise, in ctkb contributors' own words, {cited}; "
        f"the data is licensed {DATA_LICENCE}."
    )


def statement(sources: Iterable[Credit]) -> str:
    """The licence paragraph: terms, attribution, the code's licence."""
    return (
        f"Data licence: {DATA_LICENCE} ({DATA_LICENCE_URL}): share and adapt it for non-commercial "
        f"purposes, crediting the ctkb contributors and the sources named here. {attribution(sources)} "
        f"The ctkb code is under the {CODE_LICENCE} licence."
    )


def licence_data(sources: Iterable[Credit]) -> dict[str, str]:
    """The data licence as fields, for exports that carry data."""
    sources = list(sources)
    return {
        "licence": DATA_LICENCE,
        "licence_id": DATA_LICENCE_ID,
        "licence_url": DATA_LICENCE_URL,
        "attribution": attribution(sources),
        "statement": statement(sources),
        "code_licence": CODE_LICENCE,
    }


def record_licence(sources: Iterable[Credit]) -> dict[str, str]:
    """The field every exported record carries: the data licence and the attribution."""
    return {"data_licence": f"{DATA_LICENCE} ({DATA_LICENCE_URL}). {attribution(sources)}"}
