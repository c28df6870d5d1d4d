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


def load_with_cache(root: Path, files: list[Path]) -> Collection:
    cached = read_cache(root)
    if cached is None or not vocab.restore(cached.vocab):
        cached = CacheContent()
    entries: dict[str, FileEntry] = {}
    records, problems = [], []
    for path in files:
        key = str(path)
        entry = _reuse(path, cached.files.get(key))
        if entry is None:
            entry, found = _parse(path, root)
            problems += found
        if entry is not None:
            entries[key] = entry
            records.append(Record(entry.data, key))
    collection = Collection(records, root)
    changed = entries.keys() != cached.files.keys() or any(
        entries[key] is not cached.files.get(key) for key in entries
    )
    if changed or problems:
        from .checks import check_collection

        problems += check_collection(collection)
    if problems:
        raise InvalidRecords(sorted(problems))
    if changed:
        write_cache(root, CacheContent(entries, vocab.snapshot(), {}))
    collection.extras = cached.extras if not changed else {}
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
    if stat.S_ISLNK(info.st_mode):
        return None
    if (info.st_size, info.st_mtime_ns) == (entry.size, entry.mtime_ns):
        return entry
    try:
        content = path.read_bytes()
    except OSError:
        return None
    if len(content) == entry.size and file_hash(content) == entry.sha256:
        return FileEntry(info.st_size, info.st_mtime_ns, entry.sha256, entry.data)
    return None


def _parse(path: Path, root: Path) -> tuple[FileEntry | None, list]:
    from .loader import load_file

    try:
        info = os.lstat(path)  # before reading: a later edit then shows as a change
        content = path.read_bytes()
    except OSError:
        content, info = b"", None
    data, problems = load_file(path, root)
    if data is None or info is None:
        return None, problems
    return FileEntry(info.st_size, info.st_mtime_ns, file_hash(content), data), problems
