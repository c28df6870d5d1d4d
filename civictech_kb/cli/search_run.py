"""What `ctkb search` does once its arguments are read: load, rank, print,
and the exit code. Both the Typer command (search_cmds.py) and the fast
path (fast_path.py) call `run_search`, so whichever read the arguments,
what the user sees is the same. Nothing here imports Typer.
"""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path

from civictech_kb.cli.filters import Filters, undated_note
from civictech_kb.cli.session import emit, load, nothing_found, reporting, say
from civictech_kb.render import ListFormat


def run_search(query: str, filters: Filters, limit: int, explain: bool, records: Path | None,
               fmt: ListFormat) -> None:  # fmt: skip
    """Search the records and print the hits; exit 1 (saying why) when there are none."""
    from civictech_kb.search.ranking import find
    from civictech_kb.views.filters import RecordFilter
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
            [] if hits or record_filter == RecordFilter() else find(collection, query, None, None).hits
        )
    emit(SearchResults(hits=hits, explain=explain), fmt.value)
    if unfiltered:
        count = len(unfiltered)
        raise nothing_found(f"ctkb: no results: {count} {'record matches' if count == 1 else 'records match'} {query!r} "
                            f"but not the filters")  # fmt: skip
    if not hits:
        from civictech_kb.search.suggest import suggestions

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
