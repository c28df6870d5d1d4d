"""How facts read in every output format: figures, dates, citations and the
short facts of a record. Renderers and views call these, so that `ctkb show`,
the reports and the spreadsheet export say a fact the same way.

>>> figure_text({"label": "participants", "value": 50000, "unit": "people", "year": 2023})
'participants: 50,000 people (2023)'
>>> citation_text({"document": "g0v handbook", "section": "4.1", "url": "https://g0v.tw"})
'g0v handbook, section “4.1”, https://g0v.tw'
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any


def number_text(value: object) -> str:
    """A figure's value: whole numbers with thousands separators (50,000);
    anything else (a float, a range written as text) as written."""
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    return str(value)


def figure_text(figure: Mapping[str, Any]) -> str:
    """A figure as a reader says it: participants: 544 people (2023)."""
    unit = f" {figure['unit']}" if figure.get("unit") else ""
    year = f" ({figure['year']})" if figure.get("year") else ""
    return f"{figure['label']}: {number_text(figure['value'])}{unit}{year}"


def date_text(value: object) -> str:
    """A date as records write it: 2014, 2014-03 or 2014-03-01."""
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def citation_text(source: Mapping[str, Any], *, address: bool = True) -> str:
    """Where a fact comes from, in words: the document, its section and (with
    address) its web address; "" for a source with none of them.

    Every output cites sources through this one function."""
    parts = [
        source.get("document"),
        f"section “{source['section']}”" if source.get("section") else None,
        source.get("url") if address else None,
    ]
    return ", ".join(str(part) for part in parts if part)


def fact_text(key: str, value: Any) -> str:
    """A short fact of a record (a field of its data, derived fields
    included) as one line of text: topics by their labels, other-language
    names with their language, regions by name, lists joined by commas."""
    if key == "topics":
        from civictech_kb.model import vocab

        labels = vocab.topics()
        return ", ".join(labels[t].label if t in labels else t for t in value)
    if isinstance(value, Mapping):  # names: language tag -> name
        return ", ".join(f"{name} ({tag})" for tag, name in value.items())
    if isinstance(value, list):
        return ", ".join(v["subregion"] if isinstance(v, Mapping) else date_text(v) for v in value)
    return date_text(value)
