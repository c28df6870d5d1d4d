"""The on-disk cache of a validated collection.

After a successful load ctkb stores every record's validated data with its
file's size, modification time and content hash, plus a snapshot of the
vocabularies, so that the next call re-reads only files that were added,
changed or removed, and imports neither pydantic nor ruamel.yaml when none
were. Derived structures (the search index) may be stored beside them.

The file is marshal data behind a header and a SHA-256 checksum; anything
that does not check out (truncated, corrupt, foreign, older format, other
Python) is ignored and rebuilt. Writes are atomic, so two ctkb processes at
once can only ever replace a whole, valid cache with another.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

MAGIC = b"CTKB-CACHE\n"
FORMAT = 1


@dataclass
class FileEntry:
    """What the cache knows about one record file."""

    size: int
    mtime_ns: int
    sha256: str
    data: dict


@dataclass
class CacheContent:
    files: dict[str, FileEntry] = field(default_factory=dict)  # absolute path -> entry
    vocab: dict = field(default_factory=dict)
    extras: dict = field(default_factory=dict)


def cache_dir() -> Path:
    """$CTKB_CACHE_DIR, else $XDG_CACHE_HOME/ctkb, else ~/.cache/ctkb."""
    explicit = os.environ.get("CTKB_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "ctkb"


def cache_path(root: Path) -> Path:
    """One cache file per records directory and schema version."""
    from .record import SCHEMA_VERSION

    key = f"{root.resolve()}\0{SCHEMA_VERSION}\0{FORMAT}".encode()
    return cache_dir() / f"{hashlib.sha256(key).hexdigest()[:24]}.cache"


def _stamp() -> tuple:
    from .record import SCHEMA_VERSION

    return (FORMAT, SCHEMA_VERSION, sys.version_info[:2], marshal.version)


def read_cache(root: Path) -> CacheContent | None:
    """The cached content for root, or None if absent or untrustworthy."""
    try:
        blob = cache_path(root).read_bytes()
    except OSError:
        return None
    header_end = len(MAGIC) + 64
    if not blob.startswith(MAGIC) or len(blob) < header_end:
        return None
    digest, payload = blob[len(MAGIC) : header_end], blob[header_end:]
    if hashlib.sha256(payload).hexdigest().encode() != digest:
        return None
    try:
        stamp, root_text, files, vocab, extras = marshal.loads(payload)
    except (EOFError, ValueError, TypeError):
        return None
    if tuple(stamp) != _stamp() or root_text != str(root.resolve()):
        return None
    try:
        entries = {path: FileEntry(*entry) for path, entry in files.items()}
    except TypeError:
        return None
    return CacheContent(entries, vocab, extras)


def write_cache(root: Path, content: CacheContent) -> None:
    """Store content for root atomically; a cache that cannot be written is
    simply not written (ctkb works without it)."""
    from .atomic import write_atomically
    from .problems import WriteRefused

    files = {path: (e.size, e.mtime_ns, e.sha256, e.data) for path, e in content.files.items()}
    try:
        payload = marshal.dumps((_stamp(), str(root.resolve()), files, content.vocab, content.extras))
    except ValueError:
        return
    blob = MAGIC + hashlib.sha256(payload).hexdigest().encode() + payload
    path = cache_path(root)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(path, blob)
    except (OSError, WriteRefused):
        return


def clear_cache() -> int:
    """Remove every ctkb cache file; return how many were removed."""
    removed = 0
    directory = cache_dir()
    if not directory.is_dir():
        return 0
    for path in directory.glob("*.cache"):
        try:
            path.unlink()
            removed += 1
        except OSError:
            continue
    return removed


def file_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def store_extra(root: Path, name: str, data) -> None:
    """Add a derived structure to the cache of root, if that cache exists."""
    content = read_cache(root)
    if content is None:
        return
    content.extras[name] = data
    write_cache(root, content)
