"""The report shared by the Markdown and HTML exports, as an outline of
typed parts (views/outline.py): the records grouped by region and country
(each country's profile, challenges by category and lessons), then every
record with its facts, links and sources.

Renderers only format this outline, so both formats say the same things.
Addresses other than http and https are dropped here, once for both.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from civictech_kb.model import vocab
from civictech_kb.model.data import YamlMapping
from civictech_kb.model.record import TYPES, Collection, Record
from civictech_kb.model.vocabulary import Vocabulary
from civictech_kb.model.wording import citation_text, fact_text, figure_text, reference_text
from civictech_kb.views.grouping import (
    by_category,
    placed_challenges,
    region_name,
    region_rank,
    same_challenges,
)
from civictech_kb.views.outline import (
    CategoryChallenges,
    CountryLesson,
    CountrySection,
    EntryChallenge,
    Fact,
    PlacedChallenge,
    RecordEntry,
    RecordRef,
    RegionSection,
    RelationGroup,
    RelationTarget,
    ReportCharts,
    ReportOutline,
    Shown,
    ShownCitation,
    ShownMilestone,
    ShownReference,
    TypeGroup,
    WebLink,
)
from civictech_kb.views.results import Graph
from civictech_kb.views.selection import with_derived

if TYPE_CHECKING:
    from civictech_kb.views.export import ExportRequest

FACTS = (
    ("Type", "type"), ("Other names", "names"), ("Also known as", "aliases"),
    ("Countries", "country_names"), ("Region", "regions"), ("Location", "location"),
    ("Topics", "topics"), ("Status", "status"), ("Founded", "founded"), ("Ended", "ended"),
    ("Start", "start"), ("End", "end"),
)  # fmt: skip


def build_report(request: ExportRequest) -> ReportOutline:
    """The outline of a report on request.records."""
    from civictech_kb.model.licence import licence_data
    from civictech_kb.views.citations import bibliography, credits

    collection = request.collection
    records = sorted((r for r in request.records if r.type in TYPES), key=_reading_order)
    shown = {record.id for record in records}
    return ReportOutline(
        title=request.title,
        intro=request.intro,
        generated=request.generated.isoformat(),
        selection=request.selection,
        count=len(records),
        counts=_counts(records),
        regions=_regions(collection, records),
        groups=_by_type(records, lambda record: _entry(collection, record, shown)),
        charts=_charts(records, collection.vocabulary),
        relations=_relation_graph(collection, records),
        bibliography=[_shown_reference(entry) for entry in bibliography(collection, records)],
        licence=licence_data(credits(collection)),
    )


def _by_type(
    records: list[Record], show: Callable[[Record], Shown], one_profile: bool = False
) -> list[TypeGroup[Shown]]:
    """Records in groups by type, each record shown by show(record). With
    one_profile (a country's records), its profile is titled in the singular."""
    return [
        TypeGroup(type=kind, title="Country profile" if one_profile and kind == "country" else t.title,
                  records=[show(r) for r in records if r.type == kind])
        for kind, t in TYPES.items()
        if any(r.type == kind for r in records)
    ]  # fmt: skip


def _reading_order(record: Record) -> tuple[int, str, str]:
    return list(TYPES).index(record.type), vocab.fold(record.name), record.id


def _counts(records: list[Record]) -> list[str]:
    """How many records of each type, in words: ["2 projects", "1 event"]."""
    counts = {kind: sum(r.type == kind for r in records) for kind in TYPES}
    return [TYPES[kind].counted(n) for kind, n in counts.items() if n]


def is_web_address(url: str | None) -> bool:
    """Only http and https addresses become links; anything else is dropped."""
    return url is not None and url.lower().startswith(("http://", "https://"))


def _ref(record: Record) -> RecordRef:
    return RecordRef(id=record.id, name=record.name, type=record.type)


# Regions and countries


def _regions(collection: Collection, records: list[Record]) -> list[RegionSection]:
    by_country: dict[str, list[Record]] = {}
    for record in records:
        for code in record.countries:
            by_country.setdefault(code, []).append(record)
    by_region: dict[str, list[str]] = {}
    for code in by_country:
        by_region.setdefault(region_name(code), []).append(code)
    return [
        RegionSection(name=name, slug=vocab.slugify_label(name),
                      countries=[_country(collection, code, by_country[code])
                                 for code in sorted(by_region[name], key=vocab.country_name)])
        for name in sorted(by_region, key=region_rank)
    ]  # fmt: skip


def _country(collection: Collection, code: str, records: list[Record]) -> CountrySection:
    profile = collection.country_records.get(code)
    profile_first = sorted(records, key=lambda record: record.type != "country")
    return CountrySection(
        code=code,
        name=vocab.country_name(code),
        landscape=profile.get("landscape", "") if profile else "",
        context=profile.get("context", "") if profile else "",
        groups=_by_type(records, _ref, one_profile=True),
        challenges=_challenges_by_category(profile_first, collection.vocabulary),
        lessons=[
            CountryLesson(text=text, record=_ref(r)) for r in profile_first for text in r.get("lessons", [])
        ],
        history=history(collection, records),
    )


def history(collection: Collection, records: list[Record]) -> list[ShownMilestone]:
    """The milestones of the records, in date order, each with its record
    and its citation."""
    from civictech_kb.views.citations import resolve

    return sorted(
        (ShownMilestone(date=m["date"], summary=m["summary"], record=_ref(r),
                        citation=_shown_citation(resolve(collection, m["source"])))
         for r in records for m in r.get("milestones", [])),
        key=lambda m: (m.date, m.record.id),
    )  # fmt: skip


def _shown_reference(entry: YamlMapping) -> ShownReference:
    """A bibliography entry as reports show it: its text, its address as a
    link, and how many of the report's records cite it."""
    url = entry.get("url")
    text = reference_text(entry, address=False)
    return ShownReference(id=entry["id"], text=text, url=url if is_web_address(url) else None,
                          cited_by=entry["cited_by"])  # fmt: skip


def _shown_citation(resolved: YamlMapping) -> ShownCitation:
    """A citation as reports show it: its text, and its address as a link."""
    url = resolved.get("url")
    text = citation_text(resolved, address=False)
    return ShownCitation(text=text, url=url if is_web_address(url) else None)


def _challenges_by_category(records: list[Record], vocabulary: Vocabulary) -> list[CategoryChallenges]:
    """A country's challenges by category, each stated once, citing every
    record that states it (views.grouping.same_challenges)."""
    return [
        CategoryChallenges(
            category=category, label=vocabulary.category_label(category),
            challenges=[PlacedChallenge(summary=same.summary, responses=same.responses, record=_ref(same.record),
                                        also=[_ref(r) for r in same.also])
                        for same in same_challenges(placed)])
        for category, placed in by_category(placed_challenges(records, by_region=False), vocabulary)
    ]  # fmt: skip


# Records


def _entry(collection: Collection, record: Record, shown: set[str]) -> RecordEntry:
    data = with_derived(collection, record)
    words = collection.vocabulary
    return RecordEntry(
        id=record.id,
        name=record.name,
        type=record.type,
        facts=[
            Fact(label=label, value=fact_text(key, data[key], words.topic_label))
            for label, key in FACTS
            if data.get(key)
        ],
        summary=record.summary,
        landscape=data.get("landscape", ""),
        context=data.get("context", ""),
        challenges=[
            EntryChallenge(
                label=words.category_label(c["category"]),
                summary=c["summary"],
                responses=c.get("responses", []),
            )
            for c in data.get("challenges", [])
        ],
        lessons=data.get("lessons", []),
        figures=[figure_text(f) for f in data.get("figures", [])],
        history=history(collection, [record]),
        links=_links(data),
        relations=_relations(collection, data, shown),
        sources=[_shown_citation(c) for c in data.get("citations", [])],
    )


def _links(data: YamlMapping) -> list[WebLink]:
    links = [("Website", data["website"])] if data.get("website") else []
    links += [(link["label"], link["url"]) for link in data.get("links", [])]
    return [WebLink(label=label, url=url) for label, url in links if is_web_address(url)]


def _relations(collection: Collection, data: YamlMapping, shown: set[str]) -> list[RelationGroup]:
    kinds: dict[str, list[str]] = {}
    for kind, targets in [*data.get("relations", {}).items(), *data.get("related_from", {}).items()]:
        kinds.setdefault(kind, []).extend(t for t in targets if t not in kinds.get(kind, []))
    return [
        RelationGroup(label=kind.replace("_", " ").capitalize(),
                      records=[_target(collection, target, shown) for target in targets])
        for kind, targets in kinds.items()
        if targets
    ]  # fmt: skip


def _target(collection: Collection, record_id: str, shown: set[str]) -> RelationTarget:
    record = collection.get(record_id)
    return RelationTarget(id=record_id, name=record.name if record else record_id, shown=record_id in shown)


def paragraphs(text: str) -> list[str]:
    """Text split where the author left a blank line."""
    return [part for part in re.split(r"\n\s*\n", text.strip()) if part.strip()]


# Pictures


def _charts(records: list[Record], vocabulary: Vocabulary) -> ReportCharts:
    from civictech_kb.views.stats import by_year, collection_stats

    counts = collection_stats(records, vocabulary)
    return ReportCharts(
        by_country=counts.by_country,
        by_year=by_year(records),
        challenges=counts.challenges,
        country_challenges=counts.country_challenges,
    )


def _relation_graph(collection: Collection, records: list[Record]) -> Graph:
    """The relations among the records in the report."""
    from civictech_kb.views.graph import relation_graph, subgraph

    return subgraph(relation_graph(collection), {record.id for record in records})


def record_entry(collection: Collection, record: Record, shown: set[str] | None = None) -> RecordEntry:
    """One record as the report shows it: facts, text, challenges, lessons,
    figures, links, relations (marked shown when in `shown`, default all) and sources."""
    return _entry(collection, record, set(collection.by_id) if shown is None else shown)
