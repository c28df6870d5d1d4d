"""Loading a collection through the on-disk cache (see cache.py).

Unchanged files are taken from the cache without reading their records; the
rest are read, validated and stored. When files come or go, or a record's id,
type, countries or relations change, cross-record checks run over the whole
collection, the unchanged records represented by just those fields (their
"briefs"); an edit of text alone leaves them as they were. The cached search
index is updated for the records that changed instead of being rebuilt.
"""

from __future__ import annotations

import bisect
import contextlib
import os
import stat
from array import array
from functools import cached_property
from pathlib import Path

from civictech_kb.model import vocab
from civictech_kb.model.problems import InvalidRecords
from civictech_kb.model.record import Collection, Record
from civictech_kb.store.cache import (
    INDEX_KEY,
    CacheContent,
    CacheDamaged,
    Extra,
    Spliced,
    file_hash,
    forget,
    read_cache,
    write_cache,
)

FEW_LOOKUPS = 32  # record look-ups by scanning the ids before a dict of them is built
BRIEF_FIELDS = ("id", "type", "countries", "relations")  # all that checks.py reads


def load_with_cache(root: Path, names: list[str], progress=None) -> Collection:
    """The collection of the record files `names` (relative to root, sorted)."""
    try:
        return _load(root, names, progress, read_cache(root))
    except CacheDamaged:
        forget(root)
        return _load(root, names, progress, None)


def _load(root: Path, names: list[str], progress, cached: CacheContent | None) -> Collection:
    if cached is None or not vocab.restore(cached.vocab):
        cached = CacheContent()
    kept, stale, restamped = _compare(root, names, cached)
    if not stale and len(kept) == len(cached.paths):
        if restamped:
            cached.mtimes = [restamped.get(row, mtime) for row, mtime in enumerate(cached.mtimes)]
            write_cache(root, cached)
        return CachedCollection(root, cached)
    content = _updated(root, cached, {cached.paths[row]: row for row in kept}, restamped, stale, progress)
    write_cache(root, content)
    return CachedCollection(root, content)


def _compare(root: Path, names: list[str], cached: CacheContent):
    """(rows of unchanged files, names to read afresh, new modification times
    of rows whose file was only touched). A file keeps its row when its size
    and time are the same, or else its content is; symbolic links and other
    special files are always read afresh. Files are looked at folder by
    folder, relative to the open folder where the system allows it, which
    spares resolving each whole path."""
    paths = cached.paths
    same_files = names == paths  # the usual case: rows are positions
    row_of = None if same_files else dict(zip(paths, range(len(paths)), strict=True))
    sizes, mtimes, regular = cached.sizes, cached.mtimes, stat.S_ISREG
    kept: list[int] = []
    stale: list[str] = []
    restamped: dict[int, int] = {}
    base = os.path.join(str(root), "")
    for folder, first, stop in _folders(names):
        with _Folder(base, folder) as lstat:
            for position in range(first, stop):
                name = names[position]
                row = position if same_files else row_of.get(name)
                info = lstat(name)
                if row is None or info is None or not regular(info.st_mode) or info.st_size != sizes[row]:
                    stale.append(name)
                elif info.st_mtime_ns == mtimes[row]:
                    kept.append(row)
                elif _same_content(base + name, cached.digest(row)):
                    kept.append(row)
                    restamped[row] = info.st_mtime_ns
                else:
                    stale.append(name)
    return kept, stale, restamped


def _folders(names: list[str]) -> list[tuple[str, int, int]]:
    """(folder, first, stop) of each run of sorted names in one folder."""
    runs = []
    first = 0
    while first < len(names):
        folder = names[first].partition("/")[0]
        stop = bisect.bisect_left(names, folder + "0", first)  # "0" follows "/"
        runs.append((folder, first, stop))
        first = stop
    return runs


class _Folder:
    """lstat of "folder/name" below base (None if it fails), relative to the
    open folder where the system allows it."""

    def __init__(self, base: str, folder: str):
        self.base, self.cut, self.fd = base, len(folder) + 1, None
        if os.stat in os.supports_dir_fd:
            with contextlib.suppress(OSError):
                self.fd = os.open(base + folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))

    def __enter__(self):
        return self._relative if self.fd is not None else self._by_path

    def __exit__(self, *exc) -> None:
        if self.fd is not None:
            os.close(self.fd)

    def _relative(self, name: str):
        try:
            return os.stat(name[self.cut :], dir_fd=self.fd, follow_symlinks=False)
        except OSError:
            return None

    def _by_path(self, name: str):
        try:
            return os.lstat(self.base + name)
        except OSError:
            return None


def _same_content(path: str, digest: bytes) -> bool:
    try:
        with open(path, "rb") as handle:
            return file_hash(handle.read()) == digest
    except OSError:
        return False


def _updated(root, cached: CacheContent, kept: dict[str, int], restamped, stale: list[str], progress):
    """The cache content after reading the stale files; InvalidRecords if the
    collection now has problems. Unchanged rows are copied in runs."""
    parsed, problems = _parse(root, stale, progress)
    old_mtimes = array("q", cached.mtimes)
    for row, mtime in restamped.items():
        old_mtimes[row] = mtime
    content = CacheContent(
        sizes=array("q"), mtimes=array("q"), records=Spliced(), briefs=Spliced(), vocab=vocab.snapshot()
    )
    digests = []
    for segment in _splice(cached.paths, sorted(kept.values()), sorted(parsed)):
        if isinstance(segment, range):
            first, stop = segment.start, segment.stop
            content.paths += cached.paths[first:stop]
            content.ids += cached.ids[first:stop]
            content.sizes += array("q", cached.sizes[first:stop])
            content.mtimes += old_mtimes[first:stop]
            digests.append(cached.digests[32 * first : 32 * stop])
            content.records.extend_from(cached.records, first, stop)
            content.briefs.extend_from(cached.briefs, first, stop)
        else:
            size, mtime, digest, data = parsed[segment]
            content.paths.append(segment)
            content.ids.append(data["id"])
            content.sizes.append(size)
            content.mtimes.append(mtime)
            digests.append(digest)
            content.records.append(data)
            content.briefs.append(brief(data))
    content.digests = b"".join(digests)
    if problems or not _same_shape(cached, kept, parsed):
        problems += _cross_record_problems(root, content)
    if problems:
        raise InvalidRecords(sorted(problems))
    index = cached.extras.get(INDEX_KEY)
    if index is not None and cached.paths:
        from civictech_kb.search.index import update_index

        gone = [cached.records[row] for row, name in enumerate(cached.paths) if name not in kept]
        fresh = [parsed[name][3] for name in parsed]
        content.extras[INDEX_KEY] = update_index(index, [_data(value) for value in gone], fresh)
    return content


def brief(data: dict) -> dict:
    """What cross-record checks read of a record."""
    return {key: data[key] for key in BRIEF_FIELDS if key in data}


def _same_shape(cached: CacheContent, kept: dict[str, int], parsed: dict) -> bool:
    """Whether the collection has the same files, and each re-read record the
    same id, type, countries and relations as before. The cached collection
    passed the cross-record checks (a cache is only written then), so it
    still does: only text changed."""
    if len(kept) + len(parsed) != len(cached.paths):
        return False
    row_of = {path: row for row, path in enumerate(cached.paths)}
    for name, (_, _, _, data) in parsed.items():
        row = row_of.get(name)
        if row is None or _data(cached.briefs[row]) != brief(data):
            return False
    return True


def _cross_record_problems(root: Path, content: CacheContent) -> list:
    from civictech_kb.store.cross_checks import check_collection

    base = os.path.join(str(root), "")
    briefs = [_data(value) for value in content.briefs]
    records = [Record(data, base + name) for name, data in zip(content.paths, briefs, strict=True)]
    return check_collection(Collection(records, root))


def _splice(paths: list[str], kept_rows: list[int], new_names: list[str]) -> list:
    """The rows of the new content in path order: ranges of consecutive kept
    old rows, and new names between them."""
    kept_paths = [paths[row] for row in kept_rows]
    segments: list = []
    at = 0
    for name in new_names:
        upto = bisect.bisect_left(kept_paths, name, at)
        segments += _runs(kept_rows[at:upto])
        segments.append(name)
        at = upto
    return segments + _runs(kept_rows[at:])


def _runs(rows: list[int]) -> list[range]:
    runs: list[range] = []
    first = previous = None
    for row in rows:
        if previous is None or row != previous + 1:
            if first is not None:
                runs.append(range(first, previous + 1))
            first = row
        previous = row
    if first is not None:
        runs.append(range(first, previous + 1))
    return runs


def _data(value) -> dict:
    return value.load() if hasattr(value, "load") else value


def _parse(root: Path, names: list[str], progress):
    """Parse and validate files afresh: name -> (size, time, hash, data) and
    the problems found. Each file's stat is taken first, so an edit made
    while reading shows as a change next time."""
    from civictech_kb.store.loader import parse_files

    base = str(root)
    paths = [Path(os.path.join(base, name)) for name in names]
    stats = {}
    for path in paths:
        try:
            stats[path] = os.lstat(path)
        except OSError:
            continue
    entries, problems = {}, []
    for name, (path, data, found) in zip(names, parse_files(paths, root, progress), strict=True):
        problems += found
        info = stats.get(path)
        if data is None or info is None:
            continue
        try:
            digest = file_hash(path.read_bytes())
        except OSError:
            continue
        entries[name] = (info.st_size, info.st_mtime_ns, digest, data)
    return entries, problems


class CachedRecord(Record):
    """A record whose data is read from the cache when first used. Should
    that part of the cache be damaged, the file is read again instead."""

    __slots__ = ("_id", "_root", "_source")

    def __init__(self, source, path: str, record_id: str, root: Path):
        self._source, self.path, self._id, self._root = source, path, record_id, root

    @property
    def id(self) -> str:
        return self._id

    @property
    def data(self) -> dict:
        source = self._source
        if hasattr(source, "load"):
            try:
                source = source.load()
            except CacheDamaged:
                forget(self._root)
                source = _read_again(Path(self.path), self._root)
            self._source = source
        return source


def _read_again(path: Path, root: Path) -> dict:
    from civictech_kb.store.loader import load_file

    data, problems = load_file(path, root)
    if data is None:
        raise InvalidRecords(problems)
    return data


class CachedCollection(Collection):
    """A collection read through the cache: records are made as they are
    asked for, and their data is read when first used."""

    def __init__(self, root: Path, content: CacheContent):
        self.root = root
        self.cached = True
        self._content = content
        self._made: dict[int, CachedRecord] = {}
        self._lookups = 0
        self.extras = {}
        index = content.extras.get(INDEX_KEY)
        if index is not None:
            self.extras[INDEX_KEY] = {**index.data, "postings": index.table}

    def __len__(self) -> int:
        return len(self._content.ids)

    def __contains__(self, record_id: object) -> bool:
        return self._row(record_id) is not None

    def get(self, record_id: str) -> Record | None:
        row = self._row(record_id)
        return None if row is None else self._record(row)

    @cached_property
    def records(self) -> list[Record]:
        return sorted((self._record(row) for row in range(len(self))), key=lambda r: r.id)

    @cached_property
    def by_id(self) -> dict[str, Record]:
        return {r.id: r for r in self.records}

    def _row(self, record_id: object) -> int | None:
        """A record's row: the first few are looked up by a scan of the ids
        (a search shows ten records), the rest through a dict built then."""
        self._lookups += 1
        if self._lookups <= FEW_LOOKUPS:
            try:
                return self._content.ids.index(record_id)
            except ValueError:
                return None
        return self._row_of.get(record_id)

    @cached_property
    def _row_of(self) -> dict[str, int]:
        return {record_id: row for row, record_id in enumerate(self._content.ids)}

    def _record(self, row: int) -> CachedRecord:
        record = self._made.get(row)
        if record is None:
            content = self._content
            path = os.path.join(str(self.root), content.paths[row])
            record = self._made[row] = CachedRecord(content.records[row], path, content.ids[row], self.root)
        return record


def index_extra(data: dict) -> Extra:
    """A search index's plain data as the cache stores it: the postings as a
    table read term by term."""
    return Extra({key: value for key, value in data.items() if key != "postings"}, data["postings"])
