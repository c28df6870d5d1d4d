"""View results that are lists of records or one record: ctkb list, show
and validate. (The results of ctkb search are hits.py's.)"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from civictech_kb.model.data import YamlMapping
from civictech_kb.views.results.data import omitted_if_none

if TYPE_CHECKING:
    from civictech_kb.model.problems import Problem


@dataclass(frozen=True, kw_only=True)
class RecordRow:
    """The short form of a record used in lists."""

    id: str
    type: str
    name: str
    countries: list[str]
    year: int | None = omitted_if_none()
    status: str | None = omitted_if_none()
    topics: list[str]


@dataclass(frozen=True, kw_only=True)
class RecordList:
    rows: list[RecordRow]

    def json_value(self) -> object:
        return self.rows


@dataclass(frozen=True, kw_only=True)
class RecordCard:
    """One record in full: its data plus country names, regions and reverse
    relations (views.selection.with_derived)."""

    data: YamlMapping
    record_names: dict[str, str] = field(default_factory=dict)  # related ids -> names, for readers
    category_labels: dict[str, str] = field(default_factory=dict)
    topic_labels: dict[str, str] = field(default_factory=dict)  # the record's topic ids -> labels

    def json_value(self) -> object:
        return self.data


@dataclass(frozen=True, kw_only=True)
class ProblemList:
    """The problems validation found, in file order."""

    problems: list[Problem]

    def json_value(self) -> object:
        return [problem.as_dict() for problem in self.problems]
