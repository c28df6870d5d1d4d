"""Partial dates as records write them: "2019", "2019-05" or "2019-05-14".

A partial date stands for the whole period it names: "2023" is every day
of 2023, so an event from 2023-05 to 2023 ends after it starts. One parser
for validation and for every comparison of dates.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Mapping
from datetime import date

# ASCII digits only: \d would take other scripts' digits too.
_PARTIAL = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")
MIN_YEAR = 1900  # civic tech is younger; an earlier year is a typo (0001, 1019)
FUTURE_YEARS = 10  # events are announced ahead, not decades ahead (9999)


def max_year() -> int:
    return date.today().year + FUTURE_YEARS


def date_range(text: str) -> tuple[date, date]:
    """The first and last day of the period a partial date names.

    Raises ValueError for text that is not YYYY, YYYY-MM or YYYY-MM-DD, for
    a day or month that does not exist (2023-02-30, 2023-13) and for a year
    outside MIN_YEAR to this year + FUTURE_YEARS.
    """
    match = _PARTIAL.fullmatch(text)
    if not match:
        raise ValueError(f"{text!r} is not a date such as 2019, 2019-05 or 2019-05-14")
    year = int(match.group(1))
    month = int(match.group(2)) if match.group(2) else None
    day = int(match.group(3)) if match.group(3) else None
    if not MIN_YEAR <= year <= max_year():
        raise ValueError(f"year {year} is outside {MIN_YEAR} to {max_year()}")
    if month is None:
        return date(year, 1, 1), date(year, 12, 31)
    if not 1 <= month <= 12:
        raise ValueError(f"{text!r} has no month {month}")
    last = calendar.monthrange(year, month)[1]
    if day is None:
        return date(year, month, 1), date(year, month, last)
    if not 1 <= day <= last:
        raise ValueError(f"{text!r} is not a day: {calendar.month_name[month]} {year} has {last} days")
    return date(year, month, day), date(year, month, day)


def ends_before(end: str, start: str) -> bool:
    """Whether the period end names is over before the period start names begins."""
    return date_range(end)[1] < date_range(start)[0]


# The dates a record of each type gives in order: (the first, the last).
DATE_ORDER = {"project": ("founded", "ended"), "event": ("start", "end")}


def out_of_order(fields: Mapping[str, object], record_type: object) -> tuple[str, str] | None:
    """(the later field, why) when a record's dates come in the wrong order:
    ("ended", "ended comes before founded"). None when they are in order, or
    one is missing or not a date (its own check says so)."""
    pair = DATE_ORDER.get(record_type) if isinstance(record_type, str) else None
    if pair is None:
        return None
    first, last = (_text(fields.get(name)) for name in pair)
    try:
        wrong = bool(first and last and ends_before(last, first))
    except ValueError:
        return None
    return (pair[1], f"{pair[1]} comes before {pair[0]}") if wrong else None


def _text(value: object) -> str:
    """A date as records write it; a bare year arrives from YAML as a number."""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value if isinstance(value, str) else ""
