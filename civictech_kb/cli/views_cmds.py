"""compare, country, region, challenges, related and topics: views of the knowledge
base by place, by challenge, by link and by topic."""

from __future__ import annotations

from enum import Enum
from typing import Annotated

import typer

from civictech_kb.cli import completion
from civictech_kb.cli.session import (
    check_choices,
    emit,
    load,
    nothing_found,
    reporting,
)  # fmt: skip
from civictech_kb.cli.typer_app import (
    FormatOpt,
    RecordsOpt,
    TypeOpt,
    app,
    complete_record_id,
)  # fmt: skip
from civictech_kb.model.record import RECORD_TYPES
from civictech_kb.render import OutputFormat


@app.command()
def compare(
    places: Annotated[
        list[str],
        typer.Argument(
            help="Two or more countries or regions, by any name ctkb understands.", metavar="PLACE..."
        ),
    ],
    records: RecordsOpt = None,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """Countries or regions side by side: for each challenge category what
    each meets (with the records it comes from), their lessons, their records
    by type and topic, and where they differ.

    Example: ctkb compare myanmar thailand "south korea"
    """
    from civictech_kb.views.compare import compare as compared

    with reporting():
        data = compared(load(records), places)
    emit(data, fmt.value)


@app.command()
def country(
    name: Annotated[
        str,
        typer.Argument(
            help="Country name (English or local), ISO code, alias or demonym.",
            autocompletion=completion.countries,
        ),
    ],
    records: RecordsOpt = None,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """A country's profile, region, challenges by category (with the records
    they come from), lessons, and the projects, communities, organizations and
    events there.

    Example: ctkb country myanmar
    """
    from civictech_kb.views.places import country_view

    with reporting():
        data = country_view(load(records), name)
    emit(data, fmt.value)


@app.command()
def region(
    name: Annotated[
        str | None,
        typer.Argument(
            help="UN M49 sub-region or region, e.g. 'South-eastern Asia' [default: list the regions].",
            autocompletion=completion.regions,
            show_default=False,
        ),
    ] = None,
    records: RecordsOpt = None,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """Without a name, the UN M49 sub-regions the knowledge base covers, with
    their countries and record counts. With one, the region's view: each
    country's profile summary, challenges by category (with country and
    source record), lessons, and the records there.

    Example: ctkb region "south-eastern asia"
    """
    from civictech_kb.views.places import region_view, regions_overview

    with reporting():
        collection = load(records)
        data = regions_overview(collection) if name is None else region_view(collection, name)
    emit(data, fmt.value)


class TopicSort(str, Enum):
    name = "name"
    count = "count"


class Grouping(str, Enum):
    region = "region"
    category = "category"
    country = "country"


CategoryOpt = Annotated[list[str] | None, typer.Option("--category", autocompletion=completion.categories, help="Challenge category id or label, e.g. "
                        "funding, 'safety and anonymity' (repeatable: any of).")]  # fmt: skip
ByOpt = Annotated[
    Grouping,
    typer.Option(
        "--by", help="Group by region then category, category then region, or country then category."
    ),
]
AnyCountryOpt = Annotated[list[str] | None, typer.Option("--country", "-c", autocompletion=completion.countries, metavar="COUNTRY",
                          help="Country name, alias or ISO code (repeatable: any of).")]  # fmt: skip
AnyRegionOpt = Annotated[list[str] | None, typer.Option("--region", "-r", metavar="REGION", autocompletion=completion.regions,
                         help="UN M49 region or sub-region (repeatable: any of).")]  # fmt: skip


@app.command()
def challenges(
    region: AnyRegionOpt = None,
    country: AnyCountryOpt = None,
    category: CategoryOpt = None,
    record_type: TypeOpt = None,
    by: ByOpt = Grouping.region,
    records: RecordsOpt = None,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """The challenges recorded across the knowledge base, grouped by region
    then category (or --by category, or --by country), each with its
    country, source record and responses.

    Repeated --country and --region options are alternatives: the
    challenges met in any of those places (a challenge belongs to one
    record's countries, so "all of" would rarely find any).

    Example: ctkb challenges --country myanmar --country "south korea" --by country
    """
    from civictech_kb.views.challenges import build_challenge_filter, challenges_report

    with reporting():
        check_choices(record_type, RECORD_TYPES, "--type")
        if record_type and set(record_type) == {"source"}:
            raise nothing_found("ctkb: sources have no challenges: they are the documents records cite")
        collection = load(records)
        chosen = build_challenge_filter(
            region or (), country or (), category or (), record_type or (), collection
        )
        data = challenges_report(collection, chosen, by=by.value)
    emit(data, fmt.value)
    if not data.count:
        raise nothing_found("ctkb: no challenges recorded for these filters")


@app.command()
def related(
    name: Annotated[str, typer.Argument(help="Record id, name or alias.", autocompletion=complete_record_id)],
    limit: Annotated[
        int,
        typer.Option(
            "--limit", "-n", min=0, help="How many records sharing topics or countries to show (0: all)."
        ),
    ] = 10,
    records: RecordsOpt = None,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """The records a record is linked to, both ways (inspired by / inspired,
    part of / has part, organized, partners, funded, built, and others part of
    the same whole), then the records sharing its topics and countries, ranked
    by how much they share.

    Example: ctkb related cofacts
    """
    from civictech_kb.views.related import related_records

    with reporting():
        data = related_records(load(records), name, limit=limit or None)
    emit(data, fmt.value)


@app.command()
def topics(
    sort: Annotated[TopicSort, typer.Option("--sort", help="By label, or most used first.")] = TopicSort.name,
    records: RecordsOpt = None,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """The topic vocabulary: each topic's id, label, synonyms and how many
    records use it, by label or (--sort count) most used first. --topic and
    search understand every synonym.

    Example: ctkb topics --sort count
    """
    from civictech_kb.views.topics import topics_view

    with reporting():
        data = topics_view(load(records), sort.value)
    emit(data, fmt.value)
