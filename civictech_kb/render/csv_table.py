"""CSV for spreadsheets: one row per record (source records are not rows:
each row's citations name them in full), every field quoted, lists joined
by "; "; each row carries the data licence. A cell that a spreadsheet would run as a formula (starting
with = + - @, a tab or a carriage return) gets a leading apostrophe."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from typing import TYPE_CHECKING

from civictech_kb.model.data import YamlMapping, YamlValue
from civictech_kb.model.wording import figure_text, milestone_text
from civictech_kb.render.printable import printable

if TYPE_CHECKING:
    from civictech_kb.views.export import ExportRequest

BOM = "\ufeff"
COLUMNS = (
    "id", "type", "name", "names", "aliases", "summary", "landscape", "context",
    "countries", "country_names", "regions", "location", "topics", "status",
    "founded", "ended", "start", "end", "website", "links", "relations", "related_from",
    "kind", "challenges", "lessons", "figures", "milestones", "citations", "data_licence",
)  # fmt: skip
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
SEPARATOR = "; "


def export(request: ExportRequest) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for record in request.complete_records():
        if record["type"] == "source":
            continue  # sources are cited in full in each row's citations
        writer.writerow([safe_cell(cell_text(column, record.get(column))) for column in COLUMNS])
    return ((BOM if request.bom else "") + out.getvalue()).encode("utf-8")


def safe_cell(text: str) -> str:
    """Text a spreadsheet shows as text, never runs as a formula."""
    text = printable(text)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def cell_text(column: str, value: YamlValue) -> str:
    """One field as the text of one cell."""
    if value is None:
        return ""
    format_cell = CELL_FORMATS.get(column)
    if format_cell:
        return SEPARATOR.join(format_cell(value))
    if isinstance(value, list):
        return SEPARATOR.join(map(str, value))
    return str(value)


def _names(names: dict[str, str]) -> list[str]:
    return [f"{tag}: {name}" for tag, name in names.items()]


def _relations(relations: dict[str, list[str]]) -> list[str]:
    return [f"{kind}: {target}" for kind, targets in relations.items() for target in targets]


def _challenge(challenge: YamlMapping) -> str:
    responses = "".join(f" Response: {response}" for response in challenge.get("responses", []))
    return f"{challenge['category']}: {challenge['summary']}{responses}"


CELL_FORMATS: dict[str, Callable[[YamlValue], list[str]]] = {
    "names": _names,
    "regions": lambda regions: [region["subregion"] for region in regions],
    "links": lambda links: [f"{link['label']}: {link['url']}" for link in links],
    "relations": _relations,
    "related_from": _relations,
    "challenges": lambda challenges: [_challenge(c) for c in challenges],
    "figures": lambda figures: [figure_text(f) for f in figures],
    "milestones": lambda milestones: [milestone_text(m) for m in milestones],
    "citations": lambda citations: [c["text"] for c in citations],
}
