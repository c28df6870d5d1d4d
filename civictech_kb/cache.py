"""The on-disk cache of a validated collection.

After a successful load ctkb stores every record's validated data with its
file's size, modification time and content hash, plus a snapshot of the
vocabularies, so that the next call re-reads only files that were added,
changed or removed, and imports neither pydantic nor ruamel.yaml when none
were. Derived structures (the search index) are stored beside them.

A warm run should cost what it uses, not what the collection holds, so the
file has two parts. The head (paths, sizes, times, hashes and ids as compact
columns, the vocabulary snapshot, small derived data) is read whole and
checked against its SHA-256. The body holds one marshalled blob per record
and per large table entry (a search term's postings); a blob is read only
when asked for, through a memory map, and checked against its CRC-32 then.

Anything that does not check out (truncated, corrupt, foreign, older format,
other Python) is ignored and rebuilt: a bad head when the file is opened, a
bad blob when it is read (CacheDamaged; see cached_load.py). Writes are
atomic, so two ctkb processes at once can only ever replace a whole, valid
cache with another.
"""

from __future__ import annotations

import bisect
import contextlib
import hashlib
import marshal
import os
import sys
import zlib
from array import array
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

MAGIC = b"CTKB-CACHE\n"
FORMAT = 2
_LENGTHS = 16  # the head's length and the whole file's, 8 bytes each
_DIGEST = 32
_HEADER = len(MAGIC) + _LENGTHS + _DIGEST


class CacheDamaged(Exception):
    """A part of a cache file read on demand does not check out."""


class Blob:
    """One value in a cache file's body, unmarshalled when asked for."""

    __slots__ = ("_source", "crc", "length", "offset")

    def __init__(self, source: _Body, offset: int, length: int, crc: int):
        self._source, self.offset, self.length, self.crc = source, offset, length, crc

    def raw(self) -> bytes:
        data = self._source.view[self.offset : self.offset + self.length]
        if len(data) != self.length or zlib.crc32(data) != self.crc:
            raise CacheDamaged(f"cache blob at {self.offset} does not check out")
        return data

    def load(self):
        try:
            return marshal.loads(self.raw())
        except (EOFError, ValueError, TypeError):
            raise CacheDamaged(f"cache blob at {self.offset} is not data") from None


class _Body:
    """The cache file's bytes, mapped into memory (the file may be replaced
    by another process meanwhile: the map keeps the one that was read)."""

    def __init__(self, view, base: int):
        self.view, self.base = view, base

    def blob(self, spans: array, number: int) -> Blob:
        at = 3 * number
        return Blob(self, self.base + spans[at], spans[at + 1], spans[at + 2])


class BlobTable(Mapping):
    """Key -> value, each value read from the cache body when first asked for."""

    def __init__(self, body: _Body, keys: list[str], spans: array):
        self._body, self._keys, self._spans = body, keys, spans
        self._loaded: dict[str, object] = {}

    def __len__(self) -> int:
        return len(self._keys)

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys)

    def __contains__(self, key: object) -> bool:
        return self._number(key) is not None

    def __getitem__(self, key: str):
        value = self._loaded.get(key, self)
        if value is self:
            value = self._loaded[key] = self.stored(key).load()
        return value

    def stored_items(self) -> Iterator[tuple[str, Blob]]:
        """(key, the blob holding its value) in key order, for copying unread."""
        body, spans = self._body, self._spans
        return ((key, body.blob(spans, n)) for n, key in enumerate(self._keys))

    def stored(self, key: str) -> Blob:
        """The blob holding a key's value, for copying it unread."""
        number = self._number(key)
        if number is None:
            raise KeyError(key)
        return self._body.blob(self._spans, number)

    def _number(self, key) -> int | None:
        """Where a key is: the keys are stored sorted, so no dict need be built."""
        keys = self._keys
        at = bisect.bisect_left(keys, key) if isinstance(key, str) else len(keys)
        return at if at < len(keys) and keys[at] == key else None


class RecordColumn(Sequence):
    """Each row's record data as a Blob (see CacheContent.records)."""

    def __init__(self, body: _Body, spans: array):
        self._body, self._spans = body, spans

    def __len__(self) -> int:
        return len(self._spans) // 3

    def __getitem__(self, row):
        if isinstance(row, slice):
            return [self[n] for n in range(*row.indices(len(self)))]
        if not 0 <= row < len(self):
            raise IndexError(row)
        return self._body.blob(self._spans, row)


@dataclass
class Extra:
    """A derived structure: small data read with the head, and a table whose
    values are each read when first asked for."""

    data: dict
    table: Mapping[str, object] = field(default_factory=dict)


@dataclass
class FileEntry:
    """What the cache knows about one record file."""

    size: int
    mtime_ns: int
    sha256: bytes
    data: object  # the record's data, or the Blob holding it


@dataclass
class CacheContent:
    """What a cache file holds: one row per record file, rows sorted by path
    (relative to the records directory), in columns."""

    paths: list[str] = field(default_factory=list)
    sizes: Sequence[int] = field(default_factory=list)
    mtimes: Sequence[int] = field(default_factory=list)
    digests: bytes = b""  # SHA-256 of each file's content, 32 bytes a row
    ids: list[str] = field(default_factory=list)
    records: Sequence = field(default_factory=list)  # validated data (or its Blob) per row
    briefs: object = field(default_factory=list)  # what cross-record checks need, per row (or its Blob)
    vocab: dict = field(default_factory=dict)
    extras: dict[str, Extra] = field(default_factory=dict)

    def digest(self, row: int) -> bytes:
        return self.digests[_DIGEST * row : _DIGEST * (row + 1)]

    @property
    def files(self) -> dict[str, FileEntry]:
        """Relative path -> FileEntry (for inspection; loading uses the columns)."""
        return {path: FileEntry(self.sizes[row], self.mtimes[row], self.digest(row), self.records[row])
                for row, path in enumerate(self.paths)}  # fmt: skip


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
    import mmap

    try:
        with open(cache_path(root), "rb") as handle:
            view = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
    except (OSError, ValueError):  # ValueError: an empty file cannot be mapped
        return None
    try:
        return _parse(view, str(root.resolve()))
    except (EOFError, ValueError, TypeError, KeyError, IndexError):
        return None


def _parse(view, root_text: str) -> CacheContent | None:
    if view[: len(MAGIC)] != MAGIC or len(view) < _HEADER:
        return None
    head_length = int.from_bytes(view[len(MAGIC) : len(MAGIC) + 8], "little")
    total = int.from_bytes(view[len(MAGIC) + 8 : len(MAGIC) + 16], "little")
    head = view[_HEADER : _HEADER + head_length]
    if total != len(view) or len(head) != head_length:
        return None
    if hashlib.sha256(head).digest() != view[_HEADER - _DIGEST : _HEADER]:
        return None
    saved = marshal.loads(head)
    if tuple(saved["stamp"]) != _stamp() or saved["root"] != root_text:
        return None
    body = _Body(view, _HEADER + head_length)
    paths, rows = saved["paths"], len(saved["paths"])
    sizes, mtimes, spans = (
        _int_column(saved["sizes"]),
        _int_column(saved["mtimes"]),
        _int_column(saved["records"]),
    )
    if not (len(sizes) == len(mtimes) == rows == len(saved["ids"]) and len(spans) == 3 * rows
            and len(saved["digests"]) == _DIGEST * rows):  # fmt: skip
        return None
    extras = {name: Extra(extra["data"], BlobTable(body, extra["keys"], _int_column(extra["spans"])))
              for name, extra in saved["extras"].items()}  # fmt: skip
    briefs = body.blob(_int_column(saved["briefs"]), 0)
    return CacheContent(paths, sizes, mtimes, saved["digests"], saved["ids"], RecordColumn(body, spans),
                        briefs, saved["vocab"], extras)  # fmt: skip


def _int_column(data: bytes) -> array:
    column = array("q")
    column.frombytes(data)
    return column


def write_cache(root: Path, content: CacheContent) -> None:
    """Store content for root atomically; a cache that cannot be written is
    simply not written (ctkb works without it)."""
    try:
        parts = _serialise(str(root.resolve()), content)
    except (ValueError, CacheDamaged):  # unmarshallable data, or an old blob gone bad
        return
    path = cache_path(root)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        _replace(path, parts)
    except OSError:
        return


def _replace(path: Path, parts: list[bytes]) -> None:
    """Write a temporary file beside path and rename it over path. Unlike
    atomic.write_atomically there is no fsync: after a crash a cache may be
    lost or cut short, which its checks catch, and it is rebuilt."""
    import tempfile

    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.writelines(parts)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def _serialise(root_text: str, content: CacheContent) -> list[bytes]:
    body = _BodyWriter()
    records = body.place(content.records)
    briefs = body.place([content.briefs])
    extras = {}
    for name, extra in content.extras.items():
        items = getattr(extra.table, "stored_items", None)
        pairs = list(items() if items else sorted(extra.table.items()))  # sorted: BlobTable bisects
        extras[name] = {"data": extra.data, "keys": [key for key, _ in pairs],
                        "spans": body.place(value for _, value in pairs)}  # fmt: skip
    head = marshal.dumps({
        "stamp": _stamp(), "root": root_text, "paths": list(content.paths), "ids": list(content.ids),
        "sizes": array("q", content.sizes).tobytes(), "mtimes": array("q", content.mtimes).tobytes(),
        "digests": bytes(content.digests), "records": records, "briefs": briefs,
        "vocab": content.vocab, "extras": extras,
    })  # fmt: skip
    total = _HEADER + len(head) + body.size
    lengths = len(head).to_bytes(8, "little") + total.to_bytes(8, "little")
    return [MAGIC, lengths, hashlib.sha256(head).digest(), head, *body.parts]


class _BodyWriter:
    """Blobs laid end to end. A Blob from the cache being replaced is copied
    unread with its checksum (damage stays detectable), and blobs that lay
    side by side there are copied as one slice."""

    def __init__(self):
        self.parts: list[bytes] = []
        self.size = 0
        self._run = None  # [source, start, end] of old blobs waiting to be copied

    def place(self, values) -> bytes:
        """Append values; return their (offset, length, crc) spans."""
        spans = array("q")
        for value in values:
            if isinstance(value, Blob):
                run = self._run
                if run is None or run[0] is not value._source or run[2] != value.offset:
                    self._flush()
                    run = self._run = [value._source, value.offset, value.offset]
                run[2] += value.length
                spans.extend((self.size, value.length, value.crc))
                self.size += value.length
            else:
                self._flush()
                data = marshal.dumps(value)
                spans.extend((self.size, len(data), zlib.crc32(data)))
                self.parts.append(data)
                self.size += len(data)
        self._flush()
        return spans.tobytes()

    def _flush(self) -> None:
        if self._run is not None:
            source, start, end = self._run
            self.parts.append(source.view[start:end])
            self._run = None


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


def forget(root: Path) -> None:
    """Remove the cache of root (found damaged); the next run rebuilds it."""
    with contextlib.suppress(OSError):
        cache_path(root).unlink()


def file_hash(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()


def store_extra(root: Path, name: str, extra: Extra) -> None:
    """Add a derived structure to the cache of root, if that cache exists."""
    content = read_cache(root)
    if content is None:
        return
    content.extras[name] = extra
    write_cache(root, content)
