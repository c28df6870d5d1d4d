"""What the filter options of list, search, export, timeline and stats
were given, as one value, and the lines that explain an empty result.

The options themselves are declared once, as the Annotated types TypeOpt,
CountryOpt, ... of typer_app.py; each command names the seven in its
signature and passes them on as one `Filters`. Nothing here imports Typer.
"""

from __future__ import annotations

from typing import NamedTuple

from civictech_kb.cli.session import check_choices, say
from civictech_kb.model.record import RECORD_TYPES, STATUSES


class Filters(NamedTuple):
    """The filter options as typed; `record_filter()` resolves them."""

    record_type: list[str] | None = None
    country: list[str] | None = None
    region: list[str] | None = None
    topic: list[str] | None = None
    status: list[str] | None = None
    since: int | None = None
    until: int | None = None

    def record_filter(self, collection=None):
        """The library's RecordFilter; a bad value is a UsageError explaining
        it (with what the collection covers), so call it inside `reporting()`."""
        from civictech_kb.views.filters import build_filter

        check_choices(self.record_type, RECORD_TYPES, "--type")
        check_choices(self.status, STATUSES, "--status")
        return build_filter(self.record_type or (), self.country or (), self.region or (),
                            self.topic or (), self.status or (), self.since, self.until,
                            covered=collection)  # fmt: skip


NO_FILTERS = Filters()

PART_OPTIONS = {"types": ("--type", "record_type"), "countries": ("--country", "country"),
                "regions": ("--region", "region"), "topics": ("--topic", "topic"),
                "statuses": ("--status", "status")}  # fmt: skip


def why_nothing(filters: Filters, collection, record_filter) -> str:
    """The line saying why the filters keep no record: what each keeps alone."""
    from civictech_kb.views.filters import kept_by_each
    from civictech_kb.views.selection import candidates

    pool = candidates(collection, record_filter)
    if not pool:
        skipped = len({problem.path for problem in collection.skipped})
        why = f": all {skipped} records were skipped" if skipped > 1 else ": the only record was skipped"
        return f"ctkb: no record to choose from{why if skipped else ''}"
    kept = kept_by_each(pool, record_filter)
    parts = []
    for part, count in kept.items():
        if part == "years":
            typed = " ".join(
                f"--{n} {v}" for n in ("since", "until") if (v := getattr(filters, n)) is not None
            )
        else:
            option, name = PART_OPTIONS[part]
            typed = " ".join(f"{option} {value}" for value in getattr(filters, name) or ())
        parts.append(f"{typed} keeps {count}")
    return f"ctkb: no record passes all the filters ({', '.join(parts)} of {len(pool)} records)"


def undated_note(collection, record_filter) -> None:
    """Say on stderr how many records --since/--until leave out for having no date."""
    from civictech_kb.model.wording import undated_text
    from civictech_kb.views.filters import undated_left_out

    undated, profiles = undated_left_out(collection, record_filter)
    if undated or profiles:
        also = (
            f", and {profiles} country profile{'s' * (profiles != 1)}, which have no date" if profiles else ""
        )
        say(f"ctkb: --since/--until leave out {undated_text(undated)}{also}")
