"""The licences of ctkb and the attribution every publication of the records
carries (reports, exports, the site, data packages, Datasette): said once,
here. The code is MIT; the data is CC BY-NC 4.0, as the handbook the records
draw on is licensed CC BY-NC."""

from __future__ import annotations

DATA_LICENCE = "CC BY-NC 4.0"
DATA_LICENCE_NAME = "Creative Commons Attribution-NonCommercial 4.0 International"
DATA_LICENCE_ID = "CC-BY-NC-4.0"  # the SPDX identifier
DATA_LICENCE_URL = "https://creativecommons.org/licenses/by-nc/4.0/"
HANDBOOK = "g0v Civic Tech Project & Community Handbook"
SOURCE_TITLE = f"{HANDBOOK}, by g0v Jothon"
SOURCE_URL = "https://g0v.hackmd.io/@jothon/ctpbook_en"
ATTRIBUTION = (
    f"The records summarise, in ctkb contributors' own words, the {HANDBOOK} (English edition) "
    f"by g0v Jothon with NDI ({SOURCE_URL}), licensed CC BY-NC, and the other documents each record "
    f"cites; the data is licensed {DATA_LICENCE}."
)
CODE_LICENCE = "MIT"
STATEMENT = (
    f"Data licence: {DATA_LICENCE} ({DATA_LICENCE_URL}): share and adapt it for non-commercial "
    f"purposes, crediting the ctkb contributors and g0v Jothon's handbook. {ATTRIBUTION} "
    f"The ctkb code is under the {CODE_LICENCE} licence."
)


def attribution() -> str:
    """The sentence that credits the sources and states the data licence."""
    return ATTRIBUTION


def licence_data() -> dict[str, str]:
    """The data licence as fields, for exports that carry data."""
    return {
        "licence": DATA_LICENCE,
        "licence_id": DATA_LICENCE_ID,
        "licence_url": DATA_LICENCE_URL,
        "attribution": ATTRIBUTION,
        "statement": STATEMENT,
        "code_licence": CODE_LICENCE,
    }


def record_licence() -> dict[str, str]:
    """The field every exported record carries: the data licence and the attribution."""
    return {"data_licence": f"{DATA_LICENCE} ({DATA_LICENCE_URL}). {ATTRIBUTION}"}
