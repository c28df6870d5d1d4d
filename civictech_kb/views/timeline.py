"""Records placed in time: by founding year, or by the date an event began."""

from __future__ import annotations

from collections.abc import Iterable

from civictech_kb.model.record import Record


def timeline(records: Iterable[Record]) -> dict:
    """Years in order, each with its records (dated ones only), and the ids
    of records the sources give no date for. Country profiles have no date
    and are left out."""
    by_year: dict[int, list[dict]] = {}
    undated = []
    for record in records:
        if record.type == "country":
            continue
        if record.year is None:
            undated.append(record.id)
            continue
        entry = {"id": record.id, "name": record.name, "type": record.type, "date": record.date,
                 "countries": record.countries}  # fmt: skip
        by_year.setdefault(record.year, []).append(entry)
    years = [
        {"year": year, "count": len(entries), "records": sorted(entries, key=lambda e: (e["date"], e["id"]))}
        for year, entries in sorted(by_year.items())
    ]
    return {"years": years, "undated": sorted(undated)}
