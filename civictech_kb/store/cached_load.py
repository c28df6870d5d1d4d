"""Loading a collection through the on-disk cache (see cache.py).

A file whose size and modification time are the cached ones is taken from
the cache unread, unless its time is not older than the start of the load
that cached it: such a file is "racily clean" (as git calls it; an edit in
the same tick of a coarse clock, or a `touch -r`, would not show) and is
hashed. Other files are read, validated and stored with the hash of exactly
the bytes that were parsed. When files come or go, or a record's id, type,
countries or relations change, cross-record checks run over the whole
collection, the unchanged records represented by just those fields (their
"briefs"); an edit of text alone leaves them as they were.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import stat
from collections.abc import Callable, Sequence
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from civictech_kb.model.data import YamlMapping
from civictech_kb.model.problems import InvalidRecords, Problem
from civictech_kb.model.record import TYPE_DIRS, Collection, Record
from civictech_kb.store import freshness
from civictech_kb.store.cache import Cache, CacheDamaged, Entry, Runs, open_cache

if TYPE_CHECKING:
    from civictech_kb.model.vocabulary import Vocabulary


class FileRead(Protocol):
    """What this module reads of a loader.FileRead (one file read and validated)."""

    @property
    def data(self) -> YamlMapping | None: ...
    @property
    def problems(self) -> list[Problem]: ...
    @property
    def positions(self) -> dict[str, tuple[int, int]]: ...
    @property
    def size(self) -> int: ...
    @property
    def mtime_ns(self) -> int: ...
    @property
    def hash(self) -> bytes: ...


Progress = Callable[[int, int], None]
# How files are read: loader.parse_files (paths, root, progress) -> what each gave.
Parse = Callable[[list[Path], Path | None, Progress | None], Sequence[FileRead]]
FileRow = tuple[str, int, int, bytes]  # a cached file: path, size, mtime_ns, hash

BRIEF_FIELDS = ("id", "type", "countries", "relations", "sources", "milestones")  # what cross_checks reads
SOURCES_PREFIX = TYPE_DIRS["source"] + "/"  # source records: kept apart from the records (see Collection)
RACY_NS = 2_000_000_000  # the coarsest file times in use (FAT) have 2-second ticks


def load_with_cache(
    root: Path,
    names: list[str],
    parse: Parse,
    progress: Progress | None = None,
    vocabulary: Vocabulary | None = None,
) -> tuple[Collection | None, str]:
    """The collection of the record files `names` (relative to root, sorted)
    through the cache, files read with `parse` (loader.parse_files); (None,
    why) when there can be no cache. InvalidRecords if there are problems.
    The cache holds records validated against the data files and the
    collection's vocabulary (read from its files, whose digest is
    vocabulary.stamp): a change to any of them rebuilds it, search index
    included. The cache keeps the vocabulary too (cached_vocabulary)."""
    from civictech_kb.model import vocab

    why = ""
    for _ in range(2):
        with freshness.Look(root, names) as look:  # the files are looked at while the cache is opened
            cache, why = open_cache(root, vocab.data_stamp() + (vocabulary.stamp if vocabulary else ""))
            if cache is None:
                break
            try:
                collection = _load(root, names, parse, progress, cache, look)
                if vocabulary is not None and not cache.meta(VOCABULARY_KEY):
                    cache.remember(VOCABULARY_KEY, json.dumps(vocabulary.to_data(), ensure_ascii=False))
                return collection, ""
            except (sqlite3.DatabaseError, CacheDamaged):
                why = "the cache was damaged and is rebuilt"
                cache.damaged(why)
    return None, why


VOCABULARY_KEY = "vocabulary"  # in the cache's meta: the collection's vocabulary, as Vocabulary.to_data()


def cached_vocabulary(root: Path) -> Vocabulary | None:
    """The vocabulary of root's vocabulary files as the cache keeps it, if
    the cache was made from these very files (their digest is part of what
    the cache is for); None when it was not, or there are no such files.
    A warm load then neither parses nor validates them."""
    from civictech_kb.store.vocabulary_file import additions_stamp

    stamp = additions_stamp(root)
    if not stamp:
        return None
    from civictech_kb.model import vocab
    from civictech_kb.model.vocabulary import Vocabulary

    cache, _ = open_cache(root, vocab.data_stamp() + stamp)
    if cache is None:
        return None
    try:
        kept = Vocabulary.from_data(json.loads(cache.meta(VOCABULARY_KEY) or "null"))
    except (ValueError, sqlite3.Error):
        return None
    finally:
        cache.close()
    return kept if kept.stamp == stamp else None


def _load(root: Path, names: list[str], parse: Parse, progress: Progress | None, cache: Cache,
          look: freshness.Look) -> Collection:  # fmt: skip
    scanned = look.started_ns
    racy_from = cache.scanned_ns - RACY_NS
    seen = look.scan(racy_from)
    stored = cache.fingerprints()
    spans = freshness.spans_to_check(seen, stored, names)
    stale: list[str] = []
    touched: list[Entry] = []
    removed: list[str] = []
    for span in spans:  # only the runs that may have changed: no row of the others is read
        rows = cache.files(span.lower, span.upper)
        more_stale, more_touched = _compare(root, span.names, rows, racy_from)
        stale += more_stale
        touched += more_touched
        listed = set(span.names)
        removed += [row[0] for row in rows if row[0] not in listed]
    runs = _runs(seen, spans, names)
    fresh = None
    if stale or removed:
        entries = _read(root, cache, stale, removed, parse, progress)
        cache.update(removed, entries + touched, scanned, changed=True, runs=runs)
        if len(entries) == len(names):
            fresh = entries  # every record was just read: no need to read them back from the cache
    elif (
        touched
        or any(stored.get(folder) != prints for folder, prints in seen.fingerprints.items())
        or (set(stored) - set(seen.fingerprints))
    ):
        cache.update([], touched, scanned, changed=False, runs=runs)
    sources = dict(freshness.folders(names)).get(SOURCES_PREFIX.rstrip("/"), [])
    return CachedCollection(root, cache, len(names), sources, fresh)


def _runs(seen: freshness.Scan, spans: list[freshness.Span], names: list[str]) -> Runs:
    """The fingerprints to keep: as seen for the runs that matched the cache,
    from the rows as stored for those compared with it."""
    compared = {(span.folder, span.lower) for span in spans}
    by_folder = dict(freshness.folders(names))
    runs: Runs = {}
    for folder, prints in seen.fingerprints.items():
        paths = by_folder[folder]
        kept: list[str | tuple[str, str]] = []
        for run, value in enumerate(prints):
            bounds = freshness.span_of(folder, paths, run)
            kept.append(bounds if (folder, bounds[0]) in compared else value)
        runs[folder] = kept
    return runs


def _compare(
    root: Path, names: list[str], rows: list[FileRow], racy_from: int
) -> tuple[list[str], list[Entry]]:
    """(names of files to read afresh, entries of files whose content was
    hashed and found the same: a touched or racily clean file, stored with
    its time now). Symbolic links and other special
    files are always read afresh."""
    same_files = len(rows) == len(names) and all(
        row[0] == name for row, name in zip(rows, names, strict=True)
    )
    row_of = None if same_files else {row[0]: row for row in rows}
    base = os.path.join(str(root), "")
    stale: list[str] = []
    touched: list[Entry] = []
    for position, name in enumerate(names):
        row = rows[position] if row_of is None else row_of.get(name)
        try:
            info = os.lstat(base + name)
        except OSError:
            info = None
        if row is None or info is None or not stat.S_ISREG(info.st_mode) or info.st_size != row[1]:
            stale.append(name)
        elif info.st_mtime_ns == row[2] and info.st_mtime_ns < racy_from:
            continue  # unchanged
        elif _hash_of(base + name) == row[3]:
            touched.append(Entry(name, info.st_size, info.st_mtime_ns, row[3]))
        else:
            stale.append(name)
    return stale, touched


def _hash_of(path: str) -> bytes:
    from civictech_kb.store.file_bytes import YamlFault, read_bounded

    try:
        return hashlib.sha256(read_bounded(Path(path))).digest()
    except YamlFault:
        return b""


def _read(
    root: Path, cache: Cache, stale: list[str], removed: list[str], parse: Parse, progress: Progress | None
) -> list[Entry]:
    """Entries of the stale files, read afresh; InvalidRecords if the
    collection now has problems."""
    base = os.path.join(str(root), "")
    reads = parse([Path(base + name) for name in stale], root, progress)
    problems = [problem for read in reads for problem in read.problems]
    entries = [Entry(name, read.size, read.mtime_ns, read.hash, read.data, brief(read.data, read.positions))
               for name, read in zip(stale, reads, strict=True) if read.data is not None]  # fmt: skip
    old = dict(cache.briefs(stale))
    same_shape = (
        not removed
        and len(old) == len(stale)
        and all(_shape(old[entry.path]) == _shape(entry.brief) for entry in entries)
    )
    if problems or not same_shape:
        problems += _cross_record_problems(root, cache, entries, removed + stale)
    if problems:
        raise InvalidRecords(sorted(problems))
    return entries


def brief(data: YamlMapping | None, positions: dict[str, tuple[int, int]]) -> YamlMapping:
    """What cross-record checks read of a record, with where it stands."""
    data = data or {}
    return {**{key: data[key] for key in BRIEF_FIELDS if key in data}, "at": positions}


def _shape(brief: YamlMapping | None) -> YamlMapping:
    return {key: value for key, value in (brief or {}).items() if key != "at"}


def is_source(path: str) -> bool:
    """Whether a file (relative to the root) holds a source record."""
    return path.startswith(SOURCES_PREFIX)


def _cross_record_problems(root: Path, cache: Cache, entries: list[Entry], gone: list[str]) -> list[Problem]:
    """Cross-record problems of the collection made of the cached records
    (briefs) but those of the files gone or read again, and the entries just read."""
    from civictech_kb.store.cross_checks import check_collection

    base = os.path.join(str(root), "")
    briefs = dict(cache.briefs())
    for path in gone:
        briefs.pop(path, None)
    # every entry read afresh has a brief (only touched files' entries have none)
    briefs.update({entry.path: entry.brief for entry in entries if entry.brief is not None})
    records = [_brief_record(base + path, value) for path, value in sorted(briefs.items())]
    return check_collection(Collection(records, root))


def _brief_record(path: str, value: YamlMapping) -> Record:
    at = {key: (int(place[0]), int(place[1])) for key, place in value.get("at", {}).items()}
    return Record(_shape(value), path, at)


class CachedCollection(Collection):
    """A collection read through the cache: a record's data is read (and
    checked against its file's hash) when the record is first asked for;
    when the load has just read every file (a new cache), all records are
    made from what was read (`fresh`), not read back."""

    cache: Cache

    def __init__(
        self,
        root: Path,
        cache: Cache,
        size: int,
        source_files: list[str] | None = None,
        fresh: list[Entry] | None = None,
    ):
        self.root = root
        self._source_ids = [Path(name).stem for name in source_files or []]  # a record's id is its file name
        self.cache = cache
        self.warnings = []
        self._size = size
        self._base = os.path.join(str(root), "")
        self._made: dict[str, Record | None] = {}
        self._fresh = fresh

    def __len__(self) -> int:
        return self._size - len(self._source_ids)

    def __contains__(self, record_id: object) -> bool:
        return (
            isinstance(record_id, str)
            and record_id not in self._source_ids
            and self.get(record_id) is not None
        )

    def get(self, record_id: str) -> Record | None:
        if record_id not in self._made:
            found = self.cache.record(record_id)
            self._made[record_id] = None if found is None else Record(found[1], self._base + found[0])
        return self._made[record_id]

    # records, sources and by_id are attributes of Collection, read lazily here;
    # mypy calls a read-only property in place of a writable attribute an override error.
    @cached_property
    def records(self) -> list[Record]:  # type: ignore[override]
        if self._fresh is not None:  # as cache.records() would give them: sorted by id
            read = sorted(
                (e.data["id"], e.path, e.data) for e in self._fresh if e.data and not is_source(e.path)
            )
            self._fresh = None
            made = [Record(data, self._base + path) for _, path, data in read]
        else:
            made = [
                Record(data, self._base + path) for path, data in self.cache.records() if not is_source(path)
            ]
        self._made.update((record.id, record) for record in made)
        return made

    @cached_property
    def sources(self) -> dict[str, Record]:  # type: ignore[override]
        found = {source_id: self.get(source_id) for source_id in self._source_ids}
        return {source_id: record for source_id, record in found.items() if record is not None}

    @cached_property
    def by_id(self) -> dict[str, Record]:  # type: ignore[override]
        return {record.id: record for record in self.records}
