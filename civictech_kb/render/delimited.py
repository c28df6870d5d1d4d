"""CSV and TSV of the lists `ctkb list` and `ctkb search` print: one header
row, one row per record, the same columns whatever the content, lists
joined by "; ". Cells a spreadsheet would run as formulas get a leading
apostrophe (as in export), in CSV and TSV alike, since spreadsheets open
both; TSV cells have tabs and line breaks as spaces."""

from __future__ import annotations

import csv
import io
from functools import singledispatch

from civictech_kb.render import Display, unsupported
from civictech_kb.render.csv_table import SEPARATOR, safe_cell
from civictech_kb.views.results import RecordList, SearchResults

RECORD_COLUMNS = ("id", "name", "type", "countries", "year", "status", "topics")
SEARCH_COLUMNS = ("rank", "id", "name", "type", "score", "matched_fields", "snippet")


@singledispatch
def rows(view: object) -> tuple[tuple[str, ...], list[list[object]]]:
    raise unsupported("csv", view)


@rows.register(RecordList)
def _records(view: RecordList) -> tuple[tuple[str, ...], list[list[object]]]:
    return RECORD_COLUMNS, [[getattr(row, column, None) for column in RECORD_COLUMNS] for row in view.rows]


@rows.register(SearchResults)
def _search(view: SearchResults) -> tuple[tuple[str, ...], list[list[object]]]:
    found = [[rank, hit.id, hit.name, hit.type, f"{hit.score:g}", hit.matched_fields, hit.snippet]
             for rank, hit in enumerate(view.hits, 1)]  # fmt: skip
    return SEARCH_COLUMNS, found


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return SEPARATOR.join(map(str, value))
    return str(value)


def csv_text(view: object) -> str:
    header, body = rows(view)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([safe_cell(_cell(value)) for value in row] for row in body)
    return out.getvalue()


def tsv_text(view: object) -> str:
    header, body = rows(view)
    lines = ["\t".join(header)]
    lines += ["\t".join(safe_cell(" ".join(_cell(value).split())) for value in row) for row in body]
    return "\n".join(lines) + "\n"


def render(view: object, display: Display) -> str:
    return csv_text(view)
