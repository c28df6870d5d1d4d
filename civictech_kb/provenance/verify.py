"""`ctkb verify`: every claim of a record that can be checked mechanically
(see claims.py) must stand in the cited section of the cited source's text.

Each source record may name a local text file (`text_file`), looked for in
the sources folder given. A claim is checked against the sections its
record cites (a milestone, or a challenge with its own citation, against
that citation) that have a local text; it passes when any of them says it.
The headings around a section, and the source record's own title and
date, count as part of it: notes dated 2018-11 say "2018" everywhere. What
no local text covers is counted as not checkable, never as verified.
A figure found there must also stand as the record states it: hedged the
same way, not as a plan, counting the same kind of thing as its label (figures.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from civictech_kb.model.data import YamlMapping
from civictech_kb.model.problems import Problem
from civictech_kb.model.record import Collection, Record
from civictech_kb.provenance.claims import Claim, figure_problem, record_claims, says
from civictech_kb.provenance.sections import Section, SourceText

KIND_WORDS = {"figure": "figure", "date": "date", "address": "web address", "name": "name"}


@dataclass
class VerifyReport:
    """What verify found: the problems, and how many claims it checked and
    how many it could not (no local text of their source)."""

    problems: list[Problem] = field(default_factory=list)
    checked: int = 0
    unchecked: int = 0
    records: int = 0


@dataclass(frozen=True)
class CitedText:
    label: str  # how messages name it: "g0v-handbook-4-1 §1.(3) Myanmar"
    section: Section


def verify_collection(
    collection: Collection, sources_dir: Path, paths: list[Path] | None = None
) -> VerifyReport:
    """Check the records below paths (every record when None) against the
    texts of their sources found in sources_dir."""
    report = VerifyReport()
    texts = _Texts(collection, sources_dir, report)
    chosen = _chosen(collection, paths)
    report.records = len(chosen)
    for record in chosen:
        _verify_record(record, texts, report)
    report.problems.sort()
    return report


def _chosen(collection: Collection, paths: list[Path] | None) -> list[Record]:
    if not paths:
        return list(collection.records)
    from civictech_kb.store.loader import expand_paths

    wanted = {p.resolve() for p in expand_paths(paths)}
    return [r for r in collection.records if Path(r.path).resolve() in wanted]


class _Texts:
    """The source texts, read once each; a missing one is one problem."""

    def __init__(self, collection: Collection, sources_dir: Path, report: VerifyReport):
        self.collection, self.sources_dir, self.report = collection, sources_dir, report
        self.read: dict[str, SourceText | None] = {}

    def of(self, source_id: str) -> SourceText | None:
        if source_id not in self.read:
            self.read[source_id] = self._read(source_id)
        return self.read[source_id]

    def _read(self, source_id: str) -> SourceText | None:
        source = self.collection.sources.get(source_id)
        name = source.get("text_file") if source is not None else None
        if source is None or not name:
            return None
        path = self.sources_dir / name
        try:
            return SourceText(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as err:
            reason = "not found" if isinstance(err, FileNotFoundError) else f"unreadable ({err})"
            line, column = _position(source, ("text_file",))
            self.report.problems.append(Problem(_shown(source), line, column, "missing-source-text",
                                                f"text_file {name} {reason} in {self.sources_dir}",
                                                "give the folder holding it with --sources-dir"))  # fmt: skip
            return None


def _verify_record(record: Record, texts: _Texts, report: VerifyReport) -> None:
    first = len(report.problems)
    _check_claims(record, texts, report)
    # a value a text states twice is reported once, not in two identical lines
    report.problems[first:] = dict.fromkeys(report.problems[first:])


def _check_claims(record: Record, texts: _Texts, report: VerifyReport) -> None:
    cited = [
        _cited(record, ("sources", n), c, texts, report) for n, c in enumerate(record.get("sources", []))
    ]
    own: dict[tuple[str | int, ...], CitedText | None] = {}  # a milestone's or challenge's citation, once
    for claim in record_claims(record.data):
        if claim.citation is not None:
            at = (*claim.where[:2], "source")
            if at not in own:
                own[at] = _cited(record, at, claim.citation, texts, report)
            spans = [own[at]]
        else:
            spans = cited
        found = [span for span in spans if span is not None]
        if not found:
            report.unchecked += 1
            continue
        report.checked += 1
        where = "; ".join(span.label for span in found)
        if not any(says(claim, span.section.text, span.section.context) for span in found):
            line, column = _position(record, claim.where)
            report.problems.append(Problem(_shown(record), line, column, "unverified",
                                           f"{_described(claim)} not found in {where}"))  # fmt: skip
            continue
        stated = figure_problem(
            claim, [part for s in found for part in (s.section.text, s.section.context) if part]
        )
        if stated is not None:
            code, message, hint = stated
            line, column = _position(record, claim.where)
            report.problems.append(
                Problem(_shown(record), line, column, code, f"{_described(claim)}{message} in {where}", hint)
            )


def _cited(
    record: Record, where: tuple[str | int, ...], citation: YamlMapping, texts: _Texts, report: VerifyReport
) -> CitedText | None:
    """The text a citation points at, if its source has a local text; an
    unknown section is a problem (and nothing to check against)."""
    source_id = citation.get("source")
    text = texts.of(source_id) if isinstance(source_id, str) else None
    if text is None or not isinstance(source_id, str):
        return None
    section = citation.get("section")
    if not section:
        return CitedText(source_id, text.whole())
    found = text.find(section)
    if found is not None:  # the document's own title and date say its year to every section
        source = texts.collection.sources[source_id]
        around = [found.context, source.name, str(source.get("date") or "")]
        found = Section(found.text, "\n".join(p for p in around if p), found.path)
    if found is None:
        line, column = _position(record, (*where, "section"))
        report.problems.append(Problem(_shown(record), line, column, "unknown-section",
                                       f"section {section!r} not found in {source_id}",
                                       "name the headings from the outside in, joined by ' > '"))  # fmt: skip
        return None
    return CitedText(f"{source_id} §{section}", found)


def _described(claim: Claim) -> str:
    word = "year" if claim.kind == "date" and len(claim.value) == 4 else KIND_WORDS[claim.kind]
    return f"{word} {claim.value} ({claim.field})"


def _shown(record: Record) -> str:
    from civictech_kb.store.paths import display_path

    return display_path(Path(record.path))


def _position(record: Record, where: tuple[str | int, ...]) -> tuple[int, int]:
    """Line and column of a value in the record's file (0, 0 if unknown)."""
    from civictech_kb.store.strict_yaml import YamlFault, position, read_yaml, value_position

    try:
        node = read_yaml(Path(record.path))
    except (OSError, YamlFault):
        return (0, 0)
    spot = (0, 0)
    for key in where:
        if isinstance(node, dict) and key in node:
            spot = (value_position(node, key) if isinstance(key, str) else None) or position(node, key)
            node = node[key]
        elif isinstance(node, list) and isinstance(key, int) and key < len(node):
            spot = position(node, key)
            node = node[key]
        else:
            break
    return spot
