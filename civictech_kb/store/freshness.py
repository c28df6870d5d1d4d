"""Which cached files may have changed: every file is looked at on every
load (one `lstat`, relative to its open folder; an edit in place changes a
file's time but not its folder's, so no file can be skipped, as git does
not skip one), but what is seen is compared with digests, not with rows.

A type folder's files, in sorted order, are cut into runs of RUN files. A
run's fingerprint is a digest of its paths, sizes and modification times;
the cache keeps the fingerprints of the rows it holds (`Cache.fingerprints`).
A load computes the fingerprints of what it sees and reads the rows of only
the runs whose fingerprints differ (`Span`s, which tile each folder's paths,
so that a row whose file is gone is in one of them). A run holding a file
that is not a regular file, that could not be looked at, or that is racily
clean (see cached_load.py) always differs, so such files are always looked
at closely.
"""

from __future__ import annotations

import bisect
import contextlib
import hashlib
import os
import stat
import struct
import time
from array import array
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import NamedTuple

from civictech_kb.store import forked

RUN = 256  # files per fingerprint: an edit makes a load read the rows of this many files
# Files from which a second process looks at some (store/forked.py): from PARALLEL_FROM when a
# processor is idle, from BUSY_PARALLEL_FROM even when none is. Measured on 2 cores: at 10,000 files
# a second process saves about 10 ms when the other core is idle but costs 10-20 ms when it is busy
# (the fork, pages copied on write, waiting for a processor); at 100,000 it pays either way.
PARALLEL_FROM = 4096
BUSY_PARALLEL_FROM = 50_000
DIGEST_BYTES = 16
Fingerprints = dict[str, list[str]]  # type folder -> the fingerprints of its runs, in order


class Span(NamedTuple):
    """A run of files to compare with the cache's rows: its paths as listed
    and the range of paths [lower, upper) whose rows belong to it."""

    folder: str
    lower: str
    upper: str
    names: list[str]


class Scan(NamedTuple):
    """What one look at every file gave: each folder's run fingerprints, and
    the runs (folder, number) holding a file that must be looked at closely."""

    fingerprints: Fingerprints
    suspects: frozenset[tuple[str, int]]


def fingerprint(paths: list[str], sizes_and_times: Iterable[int]) -> str:
    """The digest of a run of files: their paths, and each one's size and time."""
    return _digest(paths, array("q", sizes_and_times)).hex()


def _digest(paths: list[str], sizes_and_times: array[int]) -> bytes:
    digest = hashlib.blake2b(digest_size=DIGEST_BYTES)
    digest.update("\0".join(paths).encode("utf-8", "surrogateescape"))
    digest.update(sizes_and_times.tobytes())
    return digest.digest()


def folders(names: list[str]) -> Iterator[tuple[str, list[str]]]:
    """(type folder, its paths) of sorted paths relative to the root ("projects/x.yaml")."""
    start = 0
    while start < len(names):
        folder = names[start].partition("/")[0]
        end = bisect.bisect_left(names, folder + "0", start)  # "0" follows "/": the folder's paths end here
        yield folder, names[start:end]
        start = end


def span_of(folder: str, paths: list[str], run: int) -> tuple[str, str]:
    """The range of paths [lower, upper) whose rows belong to a folder's run."""
    first = run * RUN
    lower = folder + "/" if run == 0 else paths[first]
    upper = paths[first + RUN] if first + RUN < len(paths) else folder + "0"
    return lower, upper


class Look:
    """Every file of `names` (sorted, relative to root) looked at once. With
    many files, a second process starts on the last runs at once (store/forked.py:
    the system calls are most of the time), while this one may do something
    else (open the cache) before `scan` joins in from the first run. Use as
    a context manager: leaving it waits for the second process."""

    def __init__(self, root: Path, names: list[str]):
        self.started_ns = time.time_ns()  # files changed from now on may look unchanged: see cached_load.py
        self._base = os.path.join(str(root), "")
        by_folder = list(folders(names))
        self.runs = [(folder, first // RUN, paths[first : first + RUN]) for folder, paths in by_folder
                     for first in range(0, len(paths), RUN)]  # fmt: skip
        self.folders = [folder for folder, _ in by_folder]
        with contextlib.ExitStack() as opening:  # closed here only if what follows fails
            self._fds = {
                folder: opening.enter_context(_open_folder(self._base + folder)) for folder in self.folders
            }
            share = len(names) >= BUSY_PARALLEL_FROM or (
                len(names) >= PARALLEL_FROM and forked.idle_processor()
            )
            self._shared = opening.enter_context(
                forked.Shared(self._look_at, self.runs, DIGEST_BYTES + _ANSWER.size, share)
            )
            self._stack = opening.pop_all()

    def _look_at(self, run: tuple[str, int, list[str]]) -> bytes:
        folder, _, paths = run
        seen, irregular, newest = _look(paths, self._fds[folder], self._base, len(folder) + 1)
        return _digest(paths, seen) + _ANSWER.pack(irregular, newest)

    def __enter__(self) -> Look:
        return self

    def __exit__(self, *exc: object) -> None:
        self._stack.close()

    def scan(self, racy_from: int) -> Scan:
        """What was seen: a run holding a file changed since `racy_from` is a suspect."""
        prints: Fingerprints = {folder: [] for folder in self.folders}
        suspects: set[tuple[str, int]] = set()
        for (folder, run, _), answer in zip(self.runs, self._shared.answers(), strict=True):
            prints[folder].append(answer[:DIGEST_BYTES].hex())
            irregular, newest = _ANSWER.unpack_from(answer, DIGEST_BYTES)
            if irregular or newest >= racy_from:
                suspects.add((folder, run))
        return Scan(prints, frozenset(suspects))


_ANSWER = struct.Struct("=?q")  # after a run's digest: whether it holds an irregular file, its newest time


def _look(run: list[str], fd: int | None, base: str, cut: int) -> tuple[array[int], bool, int]:
    """The size and time of each file of a run (-1, -1 for one that could
    not be looked at or is not a regular file), whether there is such a
    file, and the newest time. The hot loop of a warm load: one system call
    per file, relative to the open folder, and little else."""
    seen = array("q")
    add, lstat, regular = seen.append, os.stat, stat.S_ISREG
    irregular, newest = False, 0
    for path in run:
        try:
            if fd is not None:
                info = lstat(path[cut:], dir_fd=fd, follow_symlinks=False)
            else:
                info = lstat(base + path, follow_symlinks=False)
        except OSError:
            info = None
        if info is None or not regular(info.st_mode):
            irregular = True
            add(-1)
            add(-1)
        else:
            add(info.st_size)
            add(mtime := info.st_mtime_ns)
            newest = mtime if mtime > newest else newest
    return seen, irregular, newest


def spans_to_check(seen: Scan, stored: Fingerprints, names: list[str]) -> list[Span]:
    """The runs whose rows must be compared with the files: those whose
    fingerprints differ or that hold a suspect file, and the whole of a
    folder the cache holds rows of but that has no files now."""
    spans = []
    by_folder = dict(folders(names))
    for folder in sorted(set(seen.fingerprints) | set(stored)):
        mine, theirs = seen.fingerprints.get(folder, []), stored.get(folder, [])
        if not mine:
            spans.append(Span(folder, folder + "/", folder + "0", []))
            continue
        paths = by_folder[folder]
        for run, value in enumerate(mine):
            last = run == len(mine) - 1
            if (run >= len(theirs) or theirs[run] != value or (folder, run) in seen.suspects
                    or (last and len(theirs) != len(mine))):  # fmt: skip
                lower, upper = span_of(folder, paths, run)
                spans.append(Span(folder, lower, upper, paths[run * RUN : (run + 1) * RUN]))
    return spans


@contextlib.contextmanager
def _open_folder(folder: str) -> Iterator[int | None]:
    """The folder opened, for looking at its files relative to it (no path
    walked again per file), where the system allows it; else None."""
    fd = None
    if os.stat in os.supports_dir_fd:
        with contextlib.suppress(OSError):
            fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        yield fd
    finally:
        if fd is not None:
            os.close(fd)
