"""What a lenient read (`load_collection(strict=False)`) does to the links of
the records it keeps: a relation to a record left out for its problems leads
nowhere, so it is taken out of the record, and each one taken out is a
Problem (`link-to-skipped`) at the relation's own line, so that the reader
is told rather than seeing the link vanish."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from civictech_kb.model.problems import Problem
from civictech_kb.model.record import Record
from civictech_kb.store.paths import display_path

CODE = "link-to-skipped"


def without_links_to(
    records: list[Record], left_out: Mapping[str, str]
) -> tuple[list[Record], list[Problem]]:
    """The records with their relations to the ids of left_out (id -> the
    file it was read from) taken out, and a Problem for each one taken out."""
    kept, problems = [], []
    for record in records:
        links = record.data.get("relations")
        if not links or not any(target in left_out for _, target in record.relations()):
            kept.append(record)
            continue
        problems += _problems(record, left_out)
        relations = {
            relation: [t for t in targets if t not in left_out] for relation, targets in links.items()
        }
        data = {**record.data, "relations": {r: t for r, t in relations.items() if t}}
        kept.append(Record(data, record.path, record.positions))
    return kept, problems


def _problems(record: Record, left_out: Mapping[str, str]) -> list[Problem]:
    problems = []
    for relation, targets in record.data["relations"].items():
        for number, target in enumerate(targets):
            if target in left_out:
                line, column = record.positions.get(f"relations.{relation}.{number}", (0, 0))
                message = (f"relations.{relation} {target}: a record left out for its problems "
                           f"({left_out[target]}); the link is left out too")  # fmt: skip
                problems.append(Problem(display_path(Path(record.path)), line, column, CODE, message))
    return problems
