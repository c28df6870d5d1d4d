"""What the knowledge base covers: the countries and regions it has records
on, said when what the user typed is not close to anything."""

from __future__ import annotations

from civictech_kb.model import vocab
from civictech_kb.model.record import Collection


def covered_countries(collection: Collection) -> list[str]:
    """Codes of the countries with a country record or any record, by name."""
    codes = set(collection.country_records) | {code for r in collection.records for code in r.countries}
    return sorted(codes, key=vocab.country_name)


def covered_regions(collection: Collection) -> list[str]:
    """The sub-regions with records, in the order of the regions file."""
    codes = set(covered_countries(collection))
    return [region.name for region in vocab.regions().values() if codes & set(region.countries)]


def countries_note(collection: Collection | None) -> str:
    if collection is None:
        return ""
    names = [vocab.country_name(code) for code in covered_countries(collection)]
    return (
        f"the knowledge base covers {', '.join(names)}"
        if names
        else "the knowledge base covers no country yet"
    )


def regions_note(collection: Collection | None) -> str:
    if collection is None:
        return ""
    names = covered_regions(collection)
    return f"regions with records: {', '.join(names)}" if names else "no region has records yet"
