"""country: what the knowledge base says about one country."""

from __future__ import annotations

from typing import Annotated

import typer

from ..render import OutputFormat
from .app import FormatOpt, RecordsOpt, app, emit, load, reporting


@app.command()
def country(
    name: Annotated[str, typer.Argument(help="Country name (English or local), ISO code, alias or demonym.")],
    records: RecordsOpt = None,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """A country's profile, region, challenges by category (with the records
    they come from), lessons, and the projects, communities, organizations and
    events there.

    Example: ctkb country myanmar
    """
    from ..views import country_view

    with reporting():
        data = country_view(load(records), name)
    emit("country", data, fmt.value)
