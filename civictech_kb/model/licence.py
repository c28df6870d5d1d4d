"""The data licence and the attribution every publication of the records
carries (reports, the site, data packages, Datasette): said once, here."""

from __future__ import annotations

DATA_LICENCE = "CC BY-NC 4.0"
DATA_LICENCE_NAME = "Creative Commons Attribution-NonCommercial 4.0 International"
DATA_LICENCE_ID = "CC-BY-NC-4.0"  # the SPDX identifier
DATA_LICENCE_URL = "https://creativecommons.org/licenses/by-nc/4.0/"
SOURCE_TITLE = "g0v Jothon's civic tech handbook for East and South Asia"
ATTRIBUTION = (
    "The records summarise g0v Jothon's civic tech handbook for East and South Asia, "
    f"in ctkb contributors' own words; the data is licensed {DATA_LICENCE}."
)
CODE_LICENCE = "MIT"


def attribution() -> str:
    """The sentence that credits the sources and states the data licence."""
    return ATTRIBUTION
