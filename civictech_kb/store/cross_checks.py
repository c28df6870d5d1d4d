"""Cross-record checks: what no single file can tell about itself."""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

from civictech_kb.model.problems import Problem
from civictech_kb.model.record import Collection, Record
from civictech_kb.model.vocab import country_name


def _shown(record: Record) -> str:
    from civictech_kb.store.loader import display_path

    return display_path(Path(record.path))


def check_collection(collection: Collection) -> list[Problem]:
    """Duplicate ids, dangling relations and countries without a country record."""
    return [
        *_duplicate_ids(collection),
        *_dangling_relations(collection),
        *_missing_country_records(collection),
        *_duplicate_country_records(collection),
    ]


def _duplicate_ids(collection: Collection) -> list[Problem]:
    by_id: dict[str, list[Record]] = defaultdict(list)
    for record in collection.records:
        by_id[record.id].append(record)
    problems = []
    for record_id, records in by_id.items():
        for record in records[1:]:
            problems.append(Problem(_shown(record), 1, 1, "duplicate-id",
                                    f"id {record_id!r} is also used by {_shown(records[0])}"))  # fmt: skip
    return problems


def _dangling_relations(collection: Collection) -> list[Problem]:
    problems = []
    for record in collection.records:
        for relation, target in record.relations():
            if target != record.id and target in collection:
                continue
            # reads the file: only for a problem
            line, column = _find_text(record.path, target, after="relations")
            if target == record.id:
                problems.append(Problem(_shown(record), line, column, "self-relation",
                                        f"relations.{relation}: a record cannot relate to itself"))  # fmt: skip
            elif target not in collection.by_id:
                problems.append(Problem(_shown(record), line, column, "dangling-relation",
                                        f"relations.{relation}: no record has the id {target!r}",
                                        _nearest_id(collection, target)))  # fmt: skip
    return problems


def _nearest_id(collection: Collection, target: str) -> str:
    from civictech_kb.model.vocab import suggest

    near = suggest(target, list(collection.by_id))
    return f"did you mean {near[0]}?" if near else ""


def _missing_country_records(collection: Collection) -> list[Problem]:
    described = set(collection.country_records)
    problems = []
    for record in collection.records:
        for code in record.countries:
            if code not in described:
                line, column = _find_text(record.path, code, after="countries")
                problems.append(Problem(_shown(record), line, column, "missing-country-record",
                                        f"countries: {code} ({country_name(code)}) has no country record",
                                        f"add countries/{_slug(country_name(code))}.yaml"))  # fmt: skip
    return problems


def _duplicate_country_records(collection: Collection) -> list[Problem]:
    seen: dict[str, Record] = {}
    problems = []
    for record in collection.records:
        if record.type != "country" or not record.countries:
            continue
        code = record.countries[0]
        if code in seen:
            problems.append(Problem(_shown(record), 0, 0, "duplicate-country",
                                    f"{code} is already described by {_shown(seen[code])}"))  # fmt: skip
        seen[code] = record
    return problems


def _find_text(path: str, needle: str, after: str) -> tuple[int, int]:
    """Line and column of needle's first appearance after the line where the
    field `after` begins (written plain, `after:`, or quoted, `"after":`).

    Records keep only their data once loaded; problems found across records
    are rare enough that reading the file again to place them costs nothing.
    """
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return (0, 0)
    marker = re.compile(rf"""\s*\{{?\s*["']?{after}["']?\s*:""")
    started = False
    for number, line in enumerate(lines, start=1):
        started = started or bool(marker.match(line))
        column = line.find(needle)
        if started and column >= 0:
            return (number, column + 1)
    return (0, 0)


def _slug(text: str) -> str:
    from civictech_kb.model.vocab import slugify_label

    return slugify_label(text)
