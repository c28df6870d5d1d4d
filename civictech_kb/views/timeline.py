"""Records placed in time: by founding year, or by the date an event began."""

from __future__ import annotations

from collections.abc import Iterable

from civictech_kb.model.record import Record
from civictech_kb.views.results import Timeline, TimelineEntry, TimelineYear


def timeline(records: Iterable[Record]) -> Timeline:
    """Years in order, each with its records (dated ones only), and the ids
    of records the sources give no date for. Country profiles have no date
    and are left out."""
    by_year: dict[int, list[TimelineEntry]] = {}
    undated = []
    for record in records:
        if record.type == "country":
            continue
        if record.year is None:
            undated.append(record.id)
            continue
        entry = TimelineEntry(id=record.id, name=record.name, type=record.type, date=record.date,
                              countries=record.countries)  # fmt: skip
        by_year.setdefault(record.year, []).append(entry)
    years = [
        TimelineYear(
            year=year, count=len(entries), records=sorted(entries, key=lambda e: (e.date or "", e.id))
        )
        for year, entries in sorted(by_year.items())
    ]
    return Timeline(years=years, undated=sorted(undated))
