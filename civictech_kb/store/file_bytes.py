"""A record file's bytes, read with bounds, and YamlFault, why a file or
its YAML was refused.

Apart from strict_yaml.py (which re-exports them) because a warm load
reads vocabulary files and hashes touched files without parsing YAML: it
need not import the parser's module.
"""

from __future__ import annotations

import os
import stat
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

    from civictech_kb.model.problems import Problem

MAX_FILE_BYTES = 512 * 1024


class YamlFault(Exception):
    """Why a YAML text was refused, and where (1-based line and column)."""

    def __init__(self, code: str, message: str, line: int = 0, column: int = 0, hint: str = "") -> None:
        # Exception's own args stay the arguments as given (str() shows them).
        self.code, self.message, self.line, self.column, self.hint = code, message, line, column, hint

    def as_problem(self, shown: str) -> Problem:
        from civictech_kb.model.problems import Problem

        return Problem(shown, self.line, self.column, self.code, self.message, self.hint)


def read_bounded(path: Path) -> bytes:
    """A regular file's bytes, at most MAX_FILE_BYTES + 1 of them: a FIFO,
    device or directory is refused without blocking or reading forever."""
    return read_with_stat(path)[0]


def read_with_stat(path: Path) -> tuple[bytes, os.stat_result]:
    """read_bounded's bytes, and the file's status taken before reading them
    (from the open file), so that a save during the read shows next time."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as err:
        raise YamlFault("unreadable", err.strerror or "cannot read file") from None
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        raise YamlFault("unreadable", "not a regular file")
    with os.fdopen(fd, "rb") as handle:
        try:
            return handle.read(MAX_FILE_BYTES + 1), info
        except OSError as err:
            raise YamlFault("unreadable", err.strerror or "cannot read file") from None
