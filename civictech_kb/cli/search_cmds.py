"""search: ranked look-up over every text field of the records."""

from __future__ import annotations

import contextlib
import sys
from typing import Annotated

import typer

from civictech_kb.cli.app import (
    ListFormatOpt,
    RecordsOpt,
    app,
    emit,
    load,
    nothing_found,
    reporting,
    say,
)  # fmt: skip
from civictech_kb.cli.filters import NO_FILTERS, Filters, undated_note, with_filters
from civictech_kb.render import ListFormat
from civictech_kb.views.filters import RecordFilter

NO_RECORD_FILTER = RecordFilter()


@app.command()
@with_filters
def search(
    query: Annotated[
        str,
        typer.Argument(help="Words, a name, a topic or a country, in any script.", metavar="QUERY"),
    ],
    filters: Filters = NO_FILTERS,
    limit: Annotated[
        int, typer.Option("--limit", "-n", min=0, help="Show at most this many hits (0: all).")
    ] = 10,
    explain: Annotated[
        bool, typer.Option("--explain", help="Show how each hit scored, field by field.")
    ] = False,
    records: RecordsOpt = None,
    fmt: ListFormatOpt = ListFormat.table,
) -> None:
    """Find records by name, topic, country or any words in them, best first.

    Word forms (vaccine, vaccination), hyphens, case and other scripts are
    understood, also without spaces (การเลือกตั้งในประเทศไทย, 公民科技);
    topic synonyms ("fake news"), country names in many languages and
    demonyms ("burmese") widen the search. Rare words weigh more than common
    ones; question words ("who", "how", "in") are not scored. Records
    matching every word rank above those matching some. A word that matches
    nothing is read as the closest word that does, and the output says so.

    Example: ctkb search "fact checking" --country thailand
    """
    from civictech_kb.search.ranking import find
    from civictech_kb.search.suggest import suggestions
    from civictech_kb.views.results import SearchResults

    with reporting():
        collection = load(records)
        record_filter = filters.record_filter(collection)
        with _progress("indexing records") as progress:
            result = find(collection, query, record_filter, limit or None, progress=progress)
        hits = result.hits
        if result.showing_for:
            say(f"ctkb: showing results for {result.showing_for!r}")
        undated_note(collection, record_filter)
        unfiltered = (
            [] if hits or record_filter == NO_RECORD_FILTER else find(collection, query, None, None).hits
        )
    emit(SearchResults(hits=hits, explain=explain), fmt.value)
    if unfiltered:
        count = len(unfiltered)
        raise nothing_found(f"ctkb: no results: {count} {'record matches' if count == 1 else 'records match'} {query!r} "
                            f"but not the filters")  # fmt: skip
    if not hits:
        raise nothing_found(_nothing_found(query, suggestions(collection, query)))


def _progress(description: str):
    """A progress bar on a terminal (for the first search of a large collection)."""
    if not sys.stderr.isatty():
        return contextlib.nullcontext(None)
    from civictech_kb.render.progress import progress_bar

    return progress_bar(description)


def _nothing_found(query: str, closest: list[str]) -> str:
    hint = f"; closest names and topics: {', '.join(closest)}" if closest else ""
    return f"ctkb: no records match {query!r}{hint}"
