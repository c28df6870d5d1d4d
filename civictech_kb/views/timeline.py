"""Records and history placed in time: founding years, the dates events
began, and the dated milestones records give."""

from __future__ import annotations

from collections.abc import Iterable

from civictech_kb.model.record import Record
from civictech_kb.views.filters import is_undated
from civictech_kb.views.results import Timeline, TimelineEntry, TimelineYear

KINDS = ("founding", "event", "milestone", "publication")  # publication: a source record's date


def timeline(
    records: Iterable[Record], kinds: Iterable[str] = (), since: int | None = None, until: int | None = None
) -> Timeline:
    """Years in order, each with its entries of the kinds asked for (all
    when none): a record's founding, an event's start, a milestone; and the
    ids of records the sources give no date for. Country profiles have no
    founding date, but their milestones count; a source record (chosen only
    with the type source) is placed at its date. since and until bound the
    years shown."""
    wanted = set(kinds) or set(KINDS)
    by_year: dict[int, list[TimelineEntry]] = {}
    undated = []
    for record in records:
        entries = [*_dated(record), *_milestones(record)]
        if is_undated(record):
            undated.append(record.id)
        for entry in entries:
            year = int((entry.date or "0")[:4])
            if entry.kind in wanted and (since is None or year >= since) and (until is None or year <= until):
                by_year.setdefault(year, []).append(entry)
    years = [
        TimelineYear(year=year, count=len(entries),
                     records=sorted(entries, key=lambda e: (e.date or "", e.kind != "milestone", e.id)))
        for year, entries in sorted(by_year.items())
    ]  # fmt: skip
    shown_undated = sorted(undated) if wanted & {"founding", "event"} else []
    return Timeline(years=years, undated=shown_undated)


def counted(number: int) -> str:
    """ "1 record", "2 records"."""
    return f"{number} record" if number == 1 else f"{number} records"


def _dated(record: Record) -> list[TimelineEntry]:
    if record.type == "country" or record.year is None:
        return []
    kind = {"event": "event", "source": "publication"}.get(record.type, "founding")
    return [TimelineEntry(kind=kind, id=record.id, name=record.name, type=record.type, date=record.date,
                          countries=record.countries)]  # fmt: skip


def _milestones(record: Record) -> list[TimelineEntry]:
    return [
        TimelineEntry(kind="milestone", id=record.id, name=record.name, type=record.type, date=m["date"],
                      summary=m["summary"], countries=record.countries)
        for m in record.get("milestones", [])
    ]  # fmt: skip


def entry_text(entry: TimelineEntry) -> str:
    """One timeline entry in words: "Cofacts (project, TW)", or for a
    milestone "2019-03-24 Thailand: the first election after the coup (TH)"."""
    where = ", ".join(entry.countries)
    if entry.kind == "milestone":
        return f"{entry.date} {entry.name}: {entry.summary}" + (f" ({where})" if where else "")
    return f"{entry.name} ({', '.join([entry.type, *entry.countries])})"
