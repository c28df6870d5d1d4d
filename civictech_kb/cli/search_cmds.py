"""search: ranked look-up over every text field of the records."""

from __future__ import annotations

from typing import Annotated

import typer

from civictech_kb.cli.filters import Filters
from civictech_kb.cli.search_run import run_search
from civictech_kb.cli.typer_app import (
    CountryOpt,
    ListFormatOpt,
    RecordsOpt,
    RegionOpt,
    SinceOpt,
    StatusOpt,
    TopicOpt,
    TypeOpt,
    UntilOpt,
    app,
)  # fmt: skip
from civictech_kb.render import ListFormat


@app.command()
def search(
    query: Annotated[
        str,
        typer.Argument(help="Words, a name, a topic or a country, in any script.", metavar="QUERY"),
    ],
    record_type: TypeOpt = None,
    country: CountryOpt = None,
    region: RegionOpt = None,
    topic: TopicOpt = None,
    status: StatusOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
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
    filters = Filters(record_type, country, region, topic, status, since, until)
    run_search(query, filters, limit, explain, records, fmt)
