"""Problems found in records, domain exceptions and exit statuses.

A Problem is data: validation collects every one of them and renderers decide
how to show them. Exceptions are raised for conditions that stop a command.
"""

from __future__ import annotations

from enum import IntEnum
from typing import NamedTuple


class ExitStatus(IntEnum):
    """Exit codes shared by every ctkb command."""

    OK = 0
    BAD_DATA = 1  # invalid records, or nothing found where something must be
    USAGE = 2  # bad options or arguments


# Value types read on every run are NamedTuples, not dataclasses: defining a
# dataclass costs about ten times as much at start-up, and importing
# dataclasses imports inspect (benchmarks/README.md, "Warm search imports").
class Problem(NamedTuple):
    """One thing wrong with one place in one file; problems sort by file,
    line, column, code, message and hint."""

    path: str
    line: int  # 1-based; 0 when the problem concerns the whole file
    column: int  # 1-based; 0 when unknown
    code: str  # stable kebab-case identifier, e.g. "unknown-field"
    message: str
    hint: str = ""

    def location(self) -> str:
        if self.line:
            return f"{self.path}:{self.line}:{self.column or 1}"
        return self.path

    def as_text(self) -> str:
        hint = f" ({self.hint})" if self.hint else ""
        return f"{self.location()}: {self.code}: {self.message}{hint}"

    def as_dict(self) -> dict[str, object]:
        return self._asdict()


class CtkbError(Exception):
    """Base class of every error ctkb reports to a user as one line."""

    exit_status = ExitStatus.BAD_DATA


class InvalidRecords(CtkbError):
    """The records could not be loaded without problems."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__(f"{len(problems)} problem(s) in the records")


class RecordsDirNotFound(CtkbError):
    """The records directory does not exist, is not a directory or cannot be read."""

    exit_status = ExitStatus.USAGE


class NoRecords(CtkbError):
    """The records directory holds no record file in any type folder."""

    exit_status = ExitStatus.USAGE


class NotFound(CtkbError):
    """No record, country or region matches what was asked for."""


class Ambiguous(CtkbError):
    """More than one record, country or region matches what was asked for."""


class UsageError(CtkbError):
    """The request itself is malformed (empty query, bad option value)."""

    exit_status = ExitStatus.USAGE


class WriteRefused(CtkbError):
    """A file was not written because writing it would lose or break data."""


class OutputExists(UsageError, WriteRefused):
    """The output path is taken and --force was not given: nothing was written (exit 2)."""


class OutputFailed(CtkbError):
    """Standard output is closed or cannot take what was written to it (a full disk)."""


class SearchUnavailable(CtkbError):
    """Search hits were asked for, but this installation has no search module."""


class FieldConflict(ValueError):
    """Fields of one mapping that contradict each other; `field` names the one to fix."""

    def __init__(self, field: str | None, message: str):
        super().__init__(message)
        self.field = field
