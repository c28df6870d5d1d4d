"""What an export writes: the chosen records, in order, with the collection
they come from and the words of a report (title, date, selection). Every
file format (render.FORMATS) writes one of these."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from civictech_kb.model.data import YamlMapping
from civictech_kb.model.record import Collection, Record
from civictech_kb.views.selection import with_derived

DEFAULT_TITLE = "Civic tech in East and South Asia"


@dataclass(frozen=True)
class ExportRequest:
    """What to export and how: the chosen records, in order, with the
    collection they come from (for derived fields and relation names)."""

    collection: Collection
    records: list[Record]
    generated: date
    title: str = DEFAULT_TITLE
    selection: str = ""  # how the records were chosen, in words; "" for all
    bom: bool = False
    intro: str = ""  # the organizer's opening text, shown as text (never as markup)

    def complete_records(self) -> list[YamlMapping]:
        """Each chosen record's data with what the collection derives for it
        (country names, regions, reverse relations, citations) and the
        licence of the data, which every exported record carries."""
        from civictech_kb.model.licence import record_licence
        from civictech_kb.views.citations import credits

        carried = record_licence(credits(self.collection))
        return [with_derived(self.collection, record) | carried for record in self.records]
