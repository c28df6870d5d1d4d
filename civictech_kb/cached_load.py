"""Loading a collection through the on-disk cache (see cache.py): unchanged
files are taken from the cache, the rest are read, validated and stored."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from . import vocab
from .cache import CacheContent, FileEntry, file_hash, read_cache, write_cache
from .problems import InvalidRecords
from .record import Collection, Record


def load_with_cache(root: Path, files: list[Path], progress=None) -> Collection:
    cached = read_cache(root)
    if cached is None or not vocab.restore(cached.vocab):
        cached = CacheContent()
    entries: dict[str, FileEntry] = {}
    stale = []
    for path in files:
        entry = _reuse(path, cached.files.get(str(path)))
        if entry is None:
            stale.append(path)
        else:
            entries[str(path)] = entry
    entries_parsed, problems = _parse(stale, root, progress)
    entries.update(entries_parsed)
    records = [Record(entries[str(path)].data, str(path)) for path in files if str(path) in entries]
    collection = Collection(records, root)
    changed = bool(stale) or entries.keys() != cached.files.keys()
    restamped = any(entries[key] is not cached.files.get(key) for key in entries)
    if changed or problems:
        from .checks import check_collection

        problems += check_collection(collection)
    if problems:
        raise InvalidRecords(sorted(problems))
    # Extras (the search index) describe the records' content: a file that was
    # only touched keeps them; any other change drops them.
    collection.extras = cached.extras if not changed else {}
    if changed or restamped:
        write_cache(root, CacheContent(entries, vocab.snapshot(), collection.extras))
    collection.cached = True
    return collection


def _reuse(path: Path, entry: FileEntry | None) -> FileEntry | None:
    """The cached entry if the file is unchanged (same size and time, or else
    the same content); symbolic links are always checked afresh."""
    if entry is None:
        return None
    try:
        info = os.lstat(path)
    except OSError:
        return None
    if not stat.S_ISREG(info.st_mode) or info.st_size != entry.size:
        return None  # a link, FIFO or device is checked afresh; a new size is a change
    if info.st_mtime_ns == entry.mtime_ns:
        return entry
    try:
        content = path.read_bytes()
    except OSError:
        return None
    if file_hash(content) == entry.sha256:
        return FileEntry(info.st_size, info.st_mtime_ns, entry.sha256, entry.data)
    return None


def _parse(paths: list[Path], root: Path, progress) -> tuple[dict[str, FileEntry], list]:
    """Parse and validate files afresh; their stat is taken first, so an edit
    made while reading shows as a change next time."""
    from .loader import parse_files

    stats = {}
    for path in paths:
        try:
            stats[path] = os.lstat(path)
        except OSError:
            continue
    entries, problems = {}, []
    for path, data, found in parse_files(paths, root, progress):
        problems += found
        info = stats.get(path)
        if data is None or info is None:
            continue
        try:
            digest = file_hash(path.read_bytes())
        except OSError:
            continue
        entries[str(path)] = FileEntry(info.st_size, info.st_mtime_ns, digest, data)
    return entries, problems
