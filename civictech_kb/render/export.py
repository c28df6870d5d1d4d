"""Exports: the records a filter (and a search) choose, as one file (or a
folder of files) in one format, for reports, spreadsheets, web pages and
data tools.

The formats and the modules writing them are in the one registry,
render.FORMATS; each file module exposes `export(request: ExportRequest) ->
bytes` (a folder format, `export_files(request)`). Output is deterministic:
the same records and date give the same bytes.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from civictech_kb.model.problems import NotFound, SearchUnavailable, UsageError
from civictech_kb.model.record import Collection, Record
from civictech_kb.views.export import DEFAULT_TITLE as DEFAULT_TITLE
from civictech_kb.views.export import ExportRequest as ExportRequest

if TYPE_CHECKING:  # query and vocab are imported when used, keeping `ctkb --help` fast
    from civictech_kb.model.vocabulary import Vocabulary
    from civictech_kb.views.filters import RecordFilter


def writes_folder(fmt: str) -> bool:
    """Whether format fmt is a folder of files (a data package), not one file."""
    from civictech_kb.render import FORMATS

    return FORMATS[fmt].folder


def export(request: ExportRequest, fmt: str) -> bytes:
    """The chosen records in format fmt, as the bytes of a file."""
    from civictech_kb.render import render_file

    if request.bom and fmt != "csv":
        raise UsageError("--bom applies to --format csv only")
    return render_file(request, fmt)


def export_selection(
    collection: Collection,
    fmt: str,
    record_filter: RecordFilter | None = None,
    query: str | None = None,
    *,
    generated: date | None = None,
    title: str = DEFAULT_TITLE,
    bom: bool = False,
    intro: str = "",
) -> bytes:
    """The records a filter (and a search query) choose, exported in format
    fmt (all records without a filter; dated generation_date() when no date
    is given). NotFound when nothing is chosen: an empty export is a mistake."""
    from civictech_kb.views.filters import RecordFilter

    request = selection_request(collection, record_filter or RecordFilter(), query,
                                generated=generated or generation_date(None), title=title,
                                bom=bom, intro=intro)  # fmt: skip
    return export(request, fmt)


def selection_request(
    collection: Collection,
    record_filter: RecordFilter,
    query: str | None = None,
    *,
    generated: date,
    title: str = DEFAULT_TITLE,
    bom: bool = False,
    intro: str = "",
) -> ExportRequest:
    """What to export: the records a filter (and a search query) choose.
    NotFound when nothing is chosen: an empty export is a mistake."""
    records = choose_records(collection, record_filter, query)
    if not records:
        raise NotFound("no records match; nothing exported")
    selection = describe_selection(record_filter, query, collection.vocabulary)
    return ExportRequest(collection, records, generated, title, selection, bom, intro)


def export_files(request: ExportRequest, fmt: str, output: Path) -> dict[Path, bytes]:
    """Every file an export to output writes: the file itself and any
    companions (the Datasette metadata beside a database), or, for a
    folder format, each file in the folder output."""
    from civictech_kb.render import file_module

    module = file_module(fmt)
    if writes_folder(fmt):
        if output.exists() and not output.is_dir():
            raise UsageError(f"--format {fmt} writes a folder; {output} is a file")
        return {output / name: data for name, data in module.export_files(request).items()}
    if output.is_dir():
        raise UsageError(f"{output} is a directory; give a file name")
    companions = getattr(module, "companions", None)
    return {output: export(request, fmt), **(companions(request, output) if companions else {})}


def choose_records(collection: Collection, record_filter: RecordFilter, query: str | None) -> list[Record]:
    """The records a filter keeps, in id order; with a query, the search hits
    the filter keeps, best first."""
    if query is None:
        from civictech_kb.views.selection import select

        return select(collection, record_filter)
    return [collection.by_id[record_id] for record_id in _search_ids(collection, query, record_filter)]


def _search_ids(collection: Collection, query: str, record_filter: RecordFilter) -> list[str]:
    try:
        search = importlib.import_module("civictech_kb.search.ranking")
    except ModuleNotFoundError as err:
        if err.name != "civictech_kb.search.ranking":
            raise
        raise SearchUnavailable("--query needs ctkb's search, which this installation lacks") from None
    hits = search.search(collection, query, record_filter, limit=max(len(collection), 1))
    return [hit.id for hit in hits]


REPORT_FORMATS = ("md", "html")  # the formats with a title and an opening text (--title, --intro)
INTRO_LIMIT = 64 * 1024  # characters: an opening text, not a book


def read_intro(path: Path | None) -> str:
    """The text of an --intro file (UTF-8, Markdown or plain text, shown as
    written); UsageError naming the file when it cannot be read."""
    if path is None:
        return ""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as err:
        reason = "is not UTF-8 text" if isinstance(err, UnicodeDecodeError) else (err.strerror or str(err))
        raise UsageError(f"--intro {path}: {reason}") from None
    if len(text) > INTRO_LIMIT:
        raise UsageError(f"--intro {path}: longer than {INTRO_LIMIT} characters")
    return text.replace("\r\n", "\n").strip()


def generation_date(text: str | None, environ: Mapping[str, str] = os.environ) -> date:
    """The date printed on a report: --date, else SOURCE_DATE_EPOCH (the
    reproducible-builds convention, in UTC), else today."""
    if text is not None:
        try:
            return date.fromisoformat(text)
        except ValueError:
            raise UsageError(f"--date {text!r} is not a date in the form YYYY-MM-DD") from None
    epoch = environ.get("SOURCE_DATE_EPOCH")
    if epoch is not None:
        try:
            return datetime.fromtimestamp(int(epoch), UTC).date()
        except (ValueError, OverflowError, OSError):
            raise UsageError(f"SOURCE_DATE_EPOCH {epoch!r} is not a number of seconds") from None
    return date.today()


def describe_selection(
    record_filter: RecordFilter, query: str | None = None, vocabulary: Vocabulary | None = None
) -> str:
    """How records were chosen, in words for a report; "" for all records;
    topics named by the vocabulary (default: the built-in one)."""
    from civictech_kb.model import vocab
    from civictech_kb.model.vocabulary import builtin_vocabulary

    words = vocabulary or builtin_vocabulary()
    parts = [
        _either("type", record_filter.types),
        _all_of("country", [vocab.country_name(code) for code in record_filter.countries]),
        _all_of("region", record_filter.regions),
        _all_of("topic", [words.topic_label(topic) for topic in record_filter.topics]),
        _either("status", record_filter.statuses),
        _years(record_filter.since, record_filter.until),
        f"matching the search “{query}”" if query is not None else "",
    ]
    return "; ".join(part for part in parts if part)


def _either(label: str, values: Sequence[str]) -> str:
    return f"{label} {' or '.join(values)}" if values else ""


def _all_of(label: str, values: Sequence[str]) -> str:
    return f"{label} {' and '.join(values)}" if values else ""


def _years(since: int | None, until: int | None) -> str:
    if since is not None and until is not None:
        return f"founded or held {since}–{until}"
    if since is not None:
        return f"founded or held in {since} or later"
    if until is not None:
        return f"founded or held in {until} or earlier"
    return ""
