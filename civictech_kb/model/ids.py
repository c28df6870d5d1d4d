"""What a record id may be: a lowercase slug that is also a portable file
name. One definition for validation, `ctkb new` and shell completion."""

from __future__ import annotations

import re

ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
MAX_ID = 100
_ID = re.compile(ID_PATTERN)
# Names Windows reserves for devices, whatever follows a dot: con.yaml cannot
# be checked out there (nor con.tar.gz created).
WINDOWS_RESERVED = frozenset(
    {"con", "prn", "aux", "nul", "conin$", "conout$"}
    | {f"{device}{n}" for device in ("com", "lpt") for n in (*"123456789", "\u00b9", "\u00b2", "\u00b3")}
)


def is_record_id(text: str) -> bool:
    """Whether text is a valid id: a slug of at most MAX_ID characters that
    names no Windows device."""
    return len(text) <= MAX_ID and _ID.fullmatch(text) is not None and not windows_reserved(text)


def windows_reserved(name: str) -> bool:
    """Whether a file name (or id) is a Windows device name, with or without suffixes."""
    return name.split(".", 1)[0].rstrip(" ").lower() in WINDOWS_RESERVED
