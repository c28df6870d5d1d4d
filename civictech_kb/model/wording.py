"""How facts read in every output format: figures, dates, citations and the
short facts of a record. Renderers and views call these, so that `ctkb show`,
the reports and the spreadsheet export say a fact the same way.

>>> figure_text({"label": "participants", "value": 50000, "unit": "people", "year": 2023})
'participants: 50,000 people (2023)'
>>> figure_text({"label": "people", "min": 10, "max": 30, "approximate": True})
'people: about 10–30'
>>> figure_text({"label": "civic hackers", "more_than": 200})
'civic hackers: more than 200'
>>> citation_text({"title": "g0v handbook", "publishers": ["g0v Jothon"], "section": "4.1",
...                "url": "https://g0v.tw"})
'“g0v handbook”, g0v Jothon, section “4.1”, https://g0v.tw'
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping

from civictech_kb.model.data import YamlValue


def number_text(value: object) -> str:
    """A figure's value: whole numbers with thousands separators (50,000);
    anything else (a float, a range written as text) as written."""
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    return str(value)


def figure_text(figure: Mapping[str, YamlValue]) -> str:
    """A figure as a reader says it: participants: 544 people (2023); bounds
    as 10–30, "at least 10", "more than 200", "at most 30", "less than 30"
    (or two of them joined by "and"); "about" when the source gives it as
    approximate."""
    unit = f" {figure['unit']}" if figure.get("unit") else ""
    year = f" ({figure['year']})" if figure.get("year") else ""
    return f"{figure['label']}: {amount_text(figure)}{unit}{year}"


BOUND_WORDS = {"min": "at least", "more_than": "more than", "max": "at most", "less_than": "less than"}


def amount_text(figure: Mapping[str, YamlValue]) -> str:
    """A figure's value or bounds, without label or unit: about 544,
    about 10–30, more than about 200, more than 10 and at most 30."""
    about = "about " if figure.get("approximate") else ""
    if figure.get("value") is not None:
        return about + number_text(figure["value"])
    low, high = figure.get("min"), figure.get("max")
    if low is not None and high is not None:
        return f"{about}{number_text(low)}–{number_text(high)}"
    return " and ".join(
        f"{words} {about}{number_text(figure[key])}"
        for key, words in BOUND_WORDS.items()
        if figure.get(key) is not None
    )


def milestone_text(milestone: Mapping[str, YamlValue]) -> str:
    """A milestone in one line: date: what happened (its citation, when resolved)."""
    citation = milestone.get("citation", {}).get("text")
    return f"{milestone['date']}: {milestone['summary']}" + (f" ({citation})" if citation else "")


def undated_text(count: int) -> str:
    """Records the sources give no date for, as every view says them (list's
    note on --since/--until, the timeline's and the stats' closing lines):
    "2 records with no founding or start date in the sources"."""
    return f"{count} record{'' if count == 1 else 's'} with no founding or start date in the sources"


def date_text(value: object) -> str:
    """A date as records write it: 2014, 2014-03 or 2014-03-01."""
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def citation_text(source: Mapping[str, YamlValue], *, address: bool = True) -> str:
    """Where a fact comes from, in words: a citation resolved against its
    source record (views.citations.resolve) as “Title”, in Work, Publishers,
    section “…”, the point, and (with address) the web address; "" for a
    citation with none of them.

    Every output cites sources through this one function."""
    parts = [
        f"“{source['title']}”" if source.get("title") else None,
        f"in {source['work']}" if source.get("work") else None,
        " and ".join(source["publishers"]) if source.get("publishers") else None,
        f"section “{source['section']}”" if source.get("section") else None,
        source.get("point"),
        source.get("url") if address else None,
    ]
    return ", ".join(str(part) for part in parts if part)


def reference_text(entry: Mapping[str, YamlValue], *, address: bool = True) -> str:
    """A bibliography entry in one line: “Title”, in Work, Publishers, date,
    (with address) the web address, where it is archived, its licence."""
    parts = [
        f"“{entry['title']}”",
        f"in {entry['work']}" if entry.get("work") else None,
        " and ".join(entry["publishers"]) if entry.get("publishers") else None,
        entry.get("date"),
        entry.get("url") if address else None,
        entry.get("archive"),
        f"licence: {entry['licence']}" if entry.get("licence") else None,
    ]
    return ", ".join(str(part) for part in parts if part)


def fact_text(key: str, value: YamlValue, topic_label: Callable[[str], str] | None = None) -> str:
    """A short fact of a record (a field of its data, derived fields
    included) as one line of text: topics by their labels (topic_label;
    default: the built-in topics'), other-language names with their
    language, regions by name, lists joined by commas."""
    if key == "topics":
        if topic_label is None:
            from civictech_kb.model.vocabulary import builtin_vocabulary

            topic_label = builtin_vocabulary().topic_label
        return ", ".join(topic_label(t) for t in value)
    if isinstance(value, Mapping) and "repository" in value:  # a source's archived copy
        commit = f" at {value['commit']}" if value.get("commit") else ""
        return f"{value['repository']}: {value['path']}{commit}"
    if isinstance(value, Mapping):  # names: language tag -> name
        return ", ".join(f"{name} ({tag})" for tag, name in value.items())
    if isinstance(value, list):
        return ", ".join(v["subregion"] if isinstance(v, Mapping) else date_text(v) for v in value)
    return date_text(value)
