"""The Markdown report: GitHub-flavoured Markdown to paste into a wiki page
or an issue. Record text goes through render.markdown.escape, and text that
opens a block is kept from starting a list or a rule, so no table breaks and
no HTML, link or list syntax from a record gets through.

Headings get the anchors GitHub gives them; the document is written twice,
the first time only to learn each heading's anchor for the links.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Hashable
from typing import TYPE_CHECKING
from urllib.parse import quote

from civictech_kb.model import vocab
from civictech_kb.render.markdown_text import MATRIX_NOTE, challenge_table, counts_table, escape, table
from civictech_kb.render.mermaid import flowchart
from civictech_kb.views.outline import (
    CountrySection,
    EntryChallenge,
    PlacedChallenge,
    RecordEntry,
    RecordRef,
    RelationTarget,
    ReportOutline,
    ShownCitation,
    ShownMilestone,
    ShownReference,
)
from civictech_kb.views.report import build_report, paragraphs

if TYPE_CHECKING:
    from civictech_kb.views.export import ExportRequest

NOTHING_TO_DRAW = "These records name no country, no date, no challenge and no relation: nothing to draw."
MERMAID_MAX_EDGES = 500  # GitHub's Mermaid refuses diagrams with more edges
URL_SAFE = "%/:?#[]@!$&'*+,;=-._~"  # kept as they are; everything else is percent-encoded


def export(request: ExportRequest) -> bytes:
    return render_report(build_report(request)).encode("utf-8")


def render_report(report: ReportOutline) -> str:
    anchors = _write(Document({}), report).anchors
    return _write(Document(anchors), report).text()


class Document:
    """Markdown blocks separated by blank lines, with GitHub heading anchors."""

    def __init__(self, targets: dict[Hashable, str]):
        self.blocks: list[str] = []
        self.anchors: dict[Hashable, str] = {}  # key -> anchor of the heading written for it
        self.targets = targets  # the anchors learnt by an earlier writing
        self.used: dict[str, int] = {}

    def heading(self, level: int, text: str, key: Hashable = None) -> None:
        self.blocks.append(f"{'#' * level} {escape(text)}")
        anchor = self._unique(github_anchor(" ".join(text.split())))
        if key is not None:
            self.anchors[key] = anchor

    def paragraph(self, markdown: str) -> None:
        if markdown:
            self.blocks.append(markdown)

    def prose(self, text: str) -> None:
        """Record text, one Markdown paragraph per paragraph of the text."""
        for part in paragraphs(text):
            self.blocks.append(escape(part))

    def intro(self, text: str) -> None:
        """The organizer's own Markdown (render/intro.py), its headings'
        anchors taken as GitHub takes them, so that the report's links still
        lead to the report's headings."""
        from civictech_kb.render.intro import intro_headings, intro_markdown

        if text:
            markdown = intro_markdown(text)
            self.blocks.append(markdown)
            for heading in intro_headings(markdown):
                self._unique(github_anchor(" ".join(heading.split())))

    def bullets(self, items: list[str]) -> None:
        if items:
            self.blocks.append("\n".join(items))

    def link(self, key: Hashable, label: str) -> str:
        return f"[{escape(label)}](#{self.targets.get(key, '')})"

    def text(self) -> str:
        return "\n\n".join(self.blocks) + "\n"

    def _unique(self, anchor: str) -> str:
        """GitHub's rule for repeats: the second "taiwan" is "taiwan-1",
        skipping any suffixed anchor a heading already took."""
        unique = anchor
        while unique in self.used:
            self.used[anchor] += 1
            unique = f"{anchor}-{self.used[anchor]}"
        self.used[unique] = 0
        return unique


def github_anchor(heading: str) -> str:
    """The anchor GitHub gives a heading: lower case, punctuation and symbols
    dropped, each space a hyphen (as github-slugger does)."""
    kept = (
        ch for ch in heading.lower()
        if ch in " -" or unicodedata.category(ch)[0] in "LMN" or unicodedata.category(ch) == "Pc"
    )  # fmt: skip
    return "".join(kept).replace(" ", "-")


def web_link(label: str, url: str) -> str:
    """A link to an http(s) address, with the characters that would end the
    address or break a table percent-encoded."""
    return f"[{escape(label)}]({quote(url, safe=URL_SAFE)})"


def _write(doc: Document, report: ReportOutline) -> Document:
    doc.heading(1, report.title)
    doc.intro(report.intro)
    doc.paragraph(_introduction(report))
    doc.heading(2, "Contents")
    doc.bullets(_contents(doc, report))
    _at_a_glance(doc, report)
    for region in report.regions:
        doc.heading(2, region.name, ("region", region.name))
        for country in region.countries:
            _country(doc, country)
    for group in report.groups:
        doc.heading(2, group.title, ("group", group.type))
        for entry in group.records:
            _record(doc, entry)
    _bibliography(doc, report)
    return doc


def _bibliography(doc: Document, report: ReportOutline) -> None:
    """The sources the report's records cite, then the data licence."""
    if report.bibliography:
        doc.heading(2, "Bibliography", "bibliography")
        doc.bullets([f"- {_reference(entry)}" for entry in report.bibliography])
    doc.heading(2, "Licence and attribution", "licence")
    doc.paragraph(escape(report.licence["statement"]))


def _reference(entry: ShownReference) -> str:
    return f"{_source(entry)}. Cited by {_records(entry.cited_by)}."


def _introduction(report: ReportOutline) -> str:
    lines = [f"From the civic tech knowledge base (ctkb), generated on {report.generated}.",
             f"{_records(report.count)}: {', '.join(report.counts)}."]  # fmt: skip
    if report.selection:
        lines.append(f"Selection: {escape(report.selection)}.")
    return "\\\n".join(lines)


def _records(count: int) -> str:
    return f"{count} record" if count == 1 else f"{count} records"


def _contents(doc: Document, report: ReportOutline) -> list[str]:
    lines = [f"- {doc.link('glance', 'At a glance')}"]
    for region in report.regions:
        lines.append(f"- {doc.link(('region', region.name), region.name)}")
        lines += [f"  - {doc.link(('country', c.code), c.name)}" for c in region.countries]
    for group in report.groups:
        count = len(group.records)
        lines.append(f"- {doc.link(('group', group.type), group.title)} ({count})")
    if report.bibliography:
        lines.append(f"- {doc.link('bibliography', 'Bibliography')}")
    lines.append(f"- {doc.link('licence', 'Licence and attribution')}")
    return lines


def _country(doc: Document, country: CountrySection) -> None:
    name = vocab.country_in_text(country.code)  # running text: "Challenges in the Philippines"
    doc.heading(3, vocab.country_heading(country.code), ("country", country.code))
    for text in (country.landscape, country.context):
        doc.prose(text)
    doc.paragraph("\\\n".join(
        f"**{group.title}:** {', '.join(_cite(doc, r) for r in group.records)}"
        for group in country.groups
    ))  # fmt: skip
    if country.challenges:
        doc.heading(4, f"Challenges in {name}")
        for group in country.challenges:
            doc.paragraph(f"**{escape(group.label)}**")
            doc.bullets([
                line for c in group.challenges
                for line in _challenge(f"{escape(c.summary)} ({_cites(doc, [c.record, *c.also])})", c)
            ])  # fmt: skip
    if country.history:
        doc.heading(4, f"History of {name}")
        doc.bullets([_milestone(m, doc) for m in country.history])
    if country.lessons:
        doc.heading(4, f"Lessons from {name}")
        doc.bullets([f"- {escape(lesson.text)} ({_cite(doc, lesson.record)})"
                     for lesson in country.lessons])  # fmt: skip


def _challenge(line: str, challenge: PlacedChallenge | EntryChallenge) -> list[str]:
    """A challenge's bullet, opening with line, and its responses below it."""
    return [f"- {line}", *(f"  - Response: {escape(response)}" for response in challenge.responses)]


def _milestone(milestone: ShownMilestone, doc: Document | None = None) -> str:
    """A dated milestone, with its record (when doc links records) and its citation."""
    record = f"{_cite(doc, milestone.record)}; " if doc is not None else ""
    return f"- {escape(milestone.date)}: {escape(milestone.summary)} ({record}{_source(milestone.citation)})"


def _cite(doc: Document, record: RecordRef) -> str:
    return doc.link(("record", record.id), record.name)


def _cites(doc: Document, records: list[RecordRef]) -> str:
    return ", ".join(_cite(doc, record) for record in records)


def _record(doc: Document, entry: RecordEntry) -> None:
    doc.heading(3, entry.name, ("record", entry.id))
    doc.prose(entry.summary)
    doc.paragraph(table(["Fact", "Value"], [[f.label, f.value] for f in entry.facts]).rstrip("\n"))
    for label, text in (("Landscape", entry.landscape), ("Context", entry.context)):
        if text:
            doc.paragraph(f"**{label}**")
            doc.prose(text)
    _list(doc, "Challenges", [
        line for c in entry.challenges
        for line in _challenge(f"*{escape(c.label)}:* {escape(c.summary)}", c)
    ])  # fmt: skip
    _list(doc, "Lessons", [f"- {escape(lesson)}" for lesson in entry.lessons])
    _list(doc, "Figures", [f"- {escape(figure)}" for figure in entry.figures])
    _list(doc, "History", [_milestone(m) for m in entry.history])
    _list(doc, "Links", [f"- {web_link(link.label, link.url)}" for link in entry.links])
    _list(doc, "Related records", [f"- {escape(r.label)}: {_targets(doc, r.records)}"
                                   for r in entry.relations])  # fmt: skip
    _list(doc, "Sources", [f"- {_source(source)}" for source in entry.sources])


def _list(doc: Document, title: str, lines: list[str]) -> None:
    if lines:
        doc.paragraph(f"**{title}**")
        doc.bullets(lines)


def _targets(doc: Document, records: list[RelationTarget]) -> str:
    return ", ".join(doc.link(("record", r.id), r.name) if r.shown else escape(r.name) for r in records)


def _source(source: ShownCitation | ShownReference) -> str:
    parts = [escape(source.text)] if source.text else []
    if source.url:
        parts.append(web_link(source.url, source.url))
    return ", ".join(parts)


def _at_a_glance(doc: Document, report: ReportOutline) -> None:
    """The report's pictures: counts as tables with bars, and the relations
    as a Mermaid diagram, which GitHub and many wikis draw."""
    charts = report.charts
    doc.heading(2, "At a glance", "glance")
    if not report.pictured:
        doc.paragraph(NOTHING_TO_DRAW)
    if charts.by_country:
        doc.heading(3, "Records per country")
        doc.paragraph(counts_table("country", charts.by_country).rstrip("\n"))
    if charts.by_year:
        doc.heading(3, "Records per year")
        doc.paragraph(counts_table("year founded or held", charts.by_year).rstrip("\n"))
    matrix = charts.challenges
    if matrix.regions:
        doc.heading(3, "Challenges by region")
        doc.paragraph(MATRIX_NOTE)
        doc.paragraph(challenge_table(matrix).rstrip("\n"))
    if charts.country_challenges.countries:
        doc.heading(3, "Challenges by country")
        doc.paragraph(challenge_table(charts.country_challenges).rstrip("\n"))
    edges = report.relations.edges
    if edges:
        doc.heading(3, "Relations between records")
        if len(edges) > MERMAID_MAX_EDGES:
            doc.paragraph(f"{len(edges)} relations, more than GitHub draws in one diagram; "
                          "`ctkb graph --format dot` draws them with Graphviz.")  # fmt: skip
        else:
            doc.paragraph("```mermaid\n" + flowchart(report.relations) + "```")
