"""The on-disk cache of a validated collection.

After a successful load ctkb stores every record's validated data with its
file's size, modification time and content hash, plus a snapshot of the
vocabularies, so that the next call re-reads only files that were added,
changed or removed, and imports neither pydantic nor ruamel.yaml when none
were. Derived structures (the search index) are stored beside them.

A warm run should cost what it uses, not what the collection holds, so the
file has two parts. The head (paths, sizes, times, hashes and ids as compact
columns, the vocabulary snapshot, small derived data, and the length and
CRC-32 of every stored value) is read whole and checked against its SHA-256.
The body holds columns of marshalled values laid end to end: one value per
record (its data; its brief for cross-record checks) and per entry of a
large table (a search term's postings). A value is read only when asked
for, through a memory map, and checked against its CRC-32 then. Rewriting
after an edit copies the untouched runs of values as they are.

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
from functools import cached_property
from itertools import accumulate, chain
from pathlib import Path

MAGIC = b"CTKB-CACHE\n"
FORMAT = 2
INDEX_KEY = "search-index"  # the extra the search index is kept under
_LENGTHS = 16  # the head's length and the whole file's, 8 bytes each
_DIGEST = 32
_HEADER = len(MAGIC) + _LENGTHS + _DIGEST


class CacheDamaged(Exception):
    """A part of a cache file read on demand does not check out."""


class Column(Sequence):
    """Values stored end to end in the cache body, each read (and its CRC-32
    checked) when asked for. The head holds the column's start and each
    value's length and checksum; offsets are summed up when first needed."""

    def __init__(self, view, start: int, lengths: array, crcs: array):
        self.view, self.start, self.lengths, self.crcs = view, start, lengths, crcs

    def __len__(self) -> int:
        return len(self.lengths)

    def __getitem__(self, number):
        if isinstance(number, slice):
            return [self[n] for n in range(*number.indices(len(self)))]
        if not 0 <= number < len(self.lengths):
            raise IndexError(number)
        return Blob(self, number)

    @cached_property
    def offsets(self) -> list[int]:
        return list(accumulate(self.lengths, initial=self.start))

    def bytes_of(self, first: int, stop: int) -> bytes:
        """The stored bytes of values first..stop-1, unchecked."""
        return self.view[self.offsets[first] : self.offsets[stop]]

    def span_of(self, first: int, stop: int) -> memoryview:
        """The same bytes, not copied: written out straight from the map."""
        return memoryview(self.view)[self.offsets[first] : self.offsets[stop]]


class Blob:
    """One value of a Column, unmarshalled when asked for."""

    __slots__ = ("column", "number")

    def __init__(self, column: Column, number: int):
        self.column, self.number = column, number

    def raw(self) -> bytes:
        column, number = self.column, self.number
        data = column.bytes_of(number, number + 1)
        if len(data) != column.lengths[number] or zlib.crc32(data) != column.crcs[number]:
            raise CacheDamaged(f"cache value {number} does not check out")
        return data

    def load(self):
        try:
            return marshal.loads(self.raw())
        except (EOFError, ValueError, TypeError):
            raise CacheDamaged(f"cache value {self.number} is not data") from None


class BlobTable(Mapping):
    """Key -> value, each value read from a Column when first asked for; the
    keys are sorted, so a key is found by bisection without building a dict."""

    def __init__(self, keys: list[str], column: Column):
        self.keys, self.column = keys, column
        self._loaded: dict[str, object] = {}

    def __len__(self) -> int:
        return len(self.keys)

    def __iter__(self) -> Iterator[str]:
        return iter(self.keys)

    def __contains__(self, key: object) -> bool:
        return self._number(key) is not None

    def __getitem__(self, key: str):
        value = self._loaded.get(key, self)
        if value is self:
            number = self._number(key)
            if number is None:
                raise KeyError(key)
            value = self._loaded[key] = Blob(self.column, number).load()
        return value

    def _number(self, key) -> int | None:
        keys = self.keys
        at = bisect.bisect_left(keys, key) if isinstance(key, str) else len(keys)
        return at if at < len(keys) and keys[at] == key else None


class PatchedTable(Mapping):
    """A BlobTable with some keys' values replaced or added, and others
    removed (a change to None). Written back, the untouched values are
    copied from the old file in runs, without being read."""

    def __init__(self, base: BlobTable, changes: dict[str, object]):
        self.base = base
        self.changes = changes

    def __contains__(self, key: object) -> bool:
        if key in self.changes:
            return self.changes[key] is not None
        return key in self.base

    def __getitem__(self, key: str):
        if key in self.changes:
            value = self.changes[key]
            if value is None:
                raise KeyError(key)
            return value
        return self.base[key]

    def __iter__(self) -> Iterator[str]:
        keys, _ = self.layout()
        return iter(keys)

    def __len__(self) -> int:
        return len(self.layout()[0])

    def layout(self) -> tuple[list[str], list]:
        """The keys in order, and the segments holding their values: ranges
        (first, stop) of the base column, or new values."""
        base_keys = self.base.keys
        pieces: list[list[str]] = []
        segments: list = []
        at = 0
        for key in sorted(self.changes):
            found = bisect.bisect_left(base_keys, key, at)
            if found > at:
                pieces.append(base_keys[at:found])
                segments.append(range(at, found))
            value = self.changes[key]
            if value is not None:
                pieces.append([key])
                segments.append(_Value(value))
            at = found + 1 if found < len(base_keys) and base_keys[found] == key else found
        if at < len(base_keys):
            pieces.append(base_keys[at:])
            segments.append(range(at, len(base_keys)))
        return list(chain.from_iterable(pieces)), segments


class Spliced(Sequence):
    """A sequence made of ranges of old columns and new values, as a cache
    after an edit holds its records: indexed like a list, written back
    range by range."""

    def __init__(self):
        self.segments: list = []
        self._starts: list[int] = []
        self._size = 0

    def __len__(self) -> int:
        return self._size

    def __getitem__(self, number):
        if isinstance(number, slice):
            return [self[n] for n in range(*number.indices(self._size))]
        if not 0 <= number < self._size:
            raise IndexError(number)
        at = bisect.bisect_right(self._starts, number) - 1
        segment = self.segments[at]
        if isinstance(segment, _Value):
            return segment.value
        column, numbers = segment
        return Blob(column, numbers.start + number - self._starts[at])

    def extend_from(self, values: Sequence, first: int, stop: int) -> None:
        """Add values[first:stop]: a range, if values is a Column."""
        if not isinstance(values, Column):
            for value in values[first:stop]:
                self.append(value)
        elif stop > first:
            self._add((values, range(first, stop)), stop - first)

    def append(self, value) -> None:
        self._add(_Value(value), 1)

    def _add(self, segment, size: int) -> None:
        self.segments.append(segment)
        self._starts.append(self._size)
        self._size += size


class _Value:
    """A value to be marshalled (not a range of an old column)."""

    __slots__ = ("value",)

    def __init__(self, value):
        self.value = value


@dataclass
class Extra:
    """A derived structure: small data read with the head, and a table whose
    values are each read when first asked for."""

    data: dict
    table: Mapping[str, object] = field(default_factory=dict)


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
    briefs: Sequence = field(default_factory=list)  # what cross-record checks read, per row (or its Blob)
    vocab: dict = field(default_factory=dict)
    extras: dict[str, Extra] = field(default_factory=dict)

    def digest(self, row: int) -> bytes:
        return self.digests[_DIGEST * row : _DIGEST * (row + 1)]


def cache_dir() -> Path:
    """$CTKB_CACHE_DIR, else $XDG_CACHE_HOME/ctkb, else ~/.cache/ctkb."""
    explicit = os.environ.get("CTKB_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "ctkb"


def cache_path(root: Path) -> Path:
    """One cache file per records directory and schema version."""
    from civictech_kb.model.record import SCHEMA_VERSION

    key = f"{root.resolve()}\0{SCHEMA_VERSION}\0{FORMAT}".encode(
        "utf-8", "surrogateescape"
    )  # a path may hold any bytes
    return cache_dir() / f"{hashlib.sha256(key).hexdigest()[:24]}.cache"


def _stamp() -> tuple:
    from civictech_kb.model.record import SCHEMA_VERSION

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
    base = _HEADER + head_length

    def column(saved_column) -> Column:
        start, lengths, crcs = saved_column
        return Column(view, base + start, _int_column(lengths), _int_column(crcs))

    paths, rows = saved["paths"], len(saved["paths"])
    sizes, mtimes, records = (
        _int_column(saved["sizes"]),
        _int_column(saved["mtimes"]),
        column(saved["records"]),
    )
    briefs = column(saved["briefs"])
    if not (len(sizes) == len(mtimes) == rows == len(saved["ids"]) == len(records) == len(briefs)
            and len(saved["digests"]) == _DIGEST * rows):  # fmt: skip
        return None
    extras = {name: Extra(extra["data"], BlobTable(extra["keys"], column(extra["values"])))
              for name, extra in saved["extras"].items()}  # fmt: skip
    return CacheContent(paths, sizes, mtimes, saved["digests"], saved["ids"], records,
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


def _replace(path: Path, parts: list) -> None:
    """Write a temporary file beside path and rename it over path. Unlike
    atomic.write_atomically there is no fsync: after a crash a cache may be
    lost or cut short, which its checks catch, and it is rebuilt."""
    import tempfile

    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        try:
            for part in parts:
                view = memoryview(part)
                while view:
                    view = view[os.write(fd, view) :]
        finally:
            os.close(fd)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def _serialise(root_text: str, content: CacheContent) -> list:
    body = _BodyWriter()
    records = body.column(_segments(content.records))
    briefs = body.column(_segments(content.briefs))
    extras = {}
    for name, extra in content.extras.items():
        keys, segments = _table_layout(extra.table)
        extras[name] = {"data": extra.data, "keys": keys, "values": body.column(segments)}
    head = marshal.dumps({
        "stamp": _stamp(), "root": root_text, "paths": list(content.paths), "ids": list(content.ids),
        "sizes": array("q", content.sizes).tobytes(), "mtimes": array("q", content.mtimes).tobytes(),
        "digests": bytes(content.digests), "records": records, "briefs": briefs,
        "vocab": content.vocab, "extras": extras,
    })  # fmt: skip
    total = _HEADER + len(head) + body.size
    lengths = len(head).to_bytes(8, "little") + total.to_bytes(8, "little")
    return [MAGIC, lengths, hashlib.sha256(head).digest(), head, *body.parts]


def _table_layout(table: Mapping) -> tuple[list[str], list]:
    """Sorted keys and the segments holding their values (see PatchedTable.layout)."""
    if isinstance(table, PatchedTable):
        keys, segments = table.layout()
        return keys, [(table.base.column, s) if isinstance(s, range) else s for s in segments]
    if isinstance(table, BlobTable):
        return list(table.keys), [(table.column, range(len(table.keys)))]
    keys = sorted(table)
    return keys, [_Value(table[key]) for key in keys]


def _segments(values) -> list:
    """Values as segments: Blobs that follow each other in one column become
    one range of it."""
    if isinstance(values, Spliced):
        return values.segments
    if isinstance(values, Column):
        return [(values, range(len(values)))]
    segments: list = []
    for value in values:
        if isinstance(value, Blob):
            last = segments[-1] if segments else None
            if isinstance(last, tuple) and last[0] is value.column and last[1].stop == value.number:
                segments[-1] = (value.column, range(last[1].start, value.number + 1))
            else:
                segments.append((value.column, range(value.number, value.number + 1)))
        else:
            segments.append(_Value(value))
    return segments


class _BodyWriter:
    """Columns laid end to end. Ranges of an old column are copied unread with
    their checksums (damage stays detectable), each range as one slice."""

    def __init__(self):
        self.parts: list = []  # bytes, and memoryviews of old cache files
        self.size = 0

    def column(self, segments) -> tuple[int, bytes, bytes]:
        """Append a column; return (start, lengths, crcs) for the head."""
        start = self.size
        lengths, crcs = array("q"), array("q")
        for segment in segments:
            if isinstance(segment, _Value):
                data = marshal.dumps(segment.value)
                lengths.append(len(data))
                crcs.append(zlib.crc32(data))
            else:
                old, numbers = segment
                data = old.span_of(numbers.start, numbers.stop)
                lengths.extend(old.lengths[numbers.start : numbers.stop])
                crcs.extend(old.crcs[numbers.start : numbers.stop])
            self.parts.append(data)
            self.size += len(data)
        return start, lengths.tobytes(), crcs.tobytes()


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
