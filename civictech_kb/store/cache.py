"""The on-disk cache of a validated collection: one SQLite database per
records folder, kept with the standard library's sqlite3 (as llm and
Datasette keep their state).

Tables:
  files    path (relative to the records folder), size, mtime_ns and the
           SHA-256 of the exact bytes that were parsed
  records  path, id, type, the validated data as JSON (zlib-compressed),
           the brief that the cross-record checks read (with the positions
           they report; compressed JSON too), and a digest of the file's
           hash and the data
  meta     the format, schema version, records folder, vocabulary stamp,
           `generation` (bumped by every change to files or records) and
           `scanned_ns` (when the last load that wrote began looking at files)
           and `fingerprints` (of runs of files, as stored: store/freshness.py)

Other layers may keep their own tables in the same database: the search
index does (search/index_store.py), through `Cache.connection`, comparing
`generation` and the records' digests with what it indexed.

A cache is a copy: it is used only from a folder that belongs to the user
and that nobody else may write to; a file that is not a regular file is
never opened; and anything that does not check out (damaged, foreign, of
another format, schema, folder or vocabulary) is deleted and rebuilt here,
in `open_cache`. Rows are verified against their digests when read.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sqlite3
import stat
import zlib
from pathlib import Path
from typing import NamedTuple

from civictech_kb.model.data import YamlMapping, YamlValue
from civictech_kb.store.cache_location import cache_dir, usable_dir
from civictech_kb.store.freshness import Fingerprints, fingerprint

Runs = dict[str, list[str | tuple[str, str]]]  # type folder -> a run's fingerprint, or its range of paths
FORMAT = 3  # PRAGMA user_version: bump when the tables change (3: briefs compressed)
APPLICATION_ID = 0x63746B62  # "ctkb", so that a database of another tool is not taken for ours
SUFFIX = ".sqlite"
COMPANIONS = ("-wal", "-shm", "-journal")  # files SQLite keeps beside a database
MAX_CACHE_BYTES = 8 << 30  # a larger file is not a cache ctkb wrote
MAX_ROW_BYTES = 16 << 20  # the data of one record read from a file of at most 512 KiB
BUSY_MS = 5000

SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE files (path TEXT PRIMARY KEY, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL,
                    hash BLOB NOT NULL) WITHOUT ROWID;
CREATE TABLE records (path TEXT PRIMARY KEY REFERENCES files (path) ON DELETE CASCADE, id TEXT NOT NULL,
                      type TEXT NOT NULL, data BLOB NOT NULL, brief BLOB NOT NULL, digest TEXT NOT NULL);
CREATE INDEX records_by_id ON records (id);
"""


class CacheDamaged(Exception):
    """A cached row does not check out; the cache has been deleted and the
    command may simply be run again (the CLI does so once)."""


class Entry(NamedTuple):
    """One record file as the cache stores it."""

    path: str  # relative to the records folder
    size: int
    mtime_ns: int
    hash: bytes  # SHA-256 of the bytes that were parsed
    data: YamlMapping | None = None  # validated data (None: only the file's time changed)
    brief: YamlMapping | None = None


def digest(file_hash: bytes, stored: bytes) -> str:
    """What ties a record row (its stored data) to the file it was read from."""
    return hashlib.sha256(file_hash + stored).hexdigest()[:32]


def cache_name(root: Path) -> str:
    """One database per records folder (whose path may hold any bytes)."""
    key = f"{root.resolve()}\0{FORMAT}".encode("utf-8", "surrogateescape")
    return f"{hashlib.sha256(key).hexdigest()[:24]}{SUFFIX}"


def _storable(text: str) -> bool:
    """Whether text can be stored as SQLite text (a file name that is not UTF-8 cannot)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


# --- Opening ------------------------------------------------------------------


class Cache:
    """The cache database of one records folder. Read and written through
    `connection`; every change to files or records goes through `update`."""

    def __init__(self, connection: sqlite3.Connection, path: Path, root: Path):
        self.connection = connection
        self.path = path
        self.root = root

    def meta(self, key: str, default: str = "") -> str:
        row = self.connection.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else default

    def remember(self, key: str, value: str) -> None:
        """Keep a value of another layer in meta (the collection's vocabulary);
        a cache that cannot be written is left as it was."""
        try:
            with self.connection:
                self.connection.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))
        except sqlite3.Error:
            return

    @property
    def generation(self) -> int:
        """Bumped by every change to files or records."""
        return int(self.meta("generation", "0"))

    @property
    def scanned_ns(self) -> int:
        """When the load that last wrote began looking at files."""
        return int(self.meta("scanned_ns", "0"))

    def files(self, lower: str = "", upper: str | None = None) -> list[tuple[str, int, int, bytes]]:
        """(path, size, mtime_ns, hash) of the cached files (those with
        lower <= path < upper, when upper is given), sorted by path."""
        if upper is None:
            return self.connection.execute(
                "SELECT path, size, mtime_ns, hash FROM files ORDER BY path"
            ).fetchall()
        return self.connection.execute(
            "SELECT path, size, mtime_ns, hash FROM files WHERE path >= ? AND path < ? ORDER BY path",
            (lower, upper),
        ).fetchall()

    def fingerprints(self) -> Fingerprints:
        """The fingerprints of the runs of files the cache holds (see
        freshness.py); {} (every file compared) if there are none or they are malformed."""
        try:
            found = json.loads(self.meta("fingerprints", "{}"))
        except ValueError:
            return {}
        if not (isinstance(found, dict) and all(
                isinstance(runs, list) and all(isinstance(r, str) for r in runs) for runs in found.values())):  # fmt: skip
            return {}
        return found

    def briefs(self, paths: list[str] | None = None) -> list[tuple[str, YamlMapping]]:
        """(path, brief) of the cached records of paths (default: all), sorted by path."""
        if paths is None:
            rows = self.connection.execute("SELECT path, brief FROM records ORDER BY path").fetchall()
        else:
            query = "SELECT path, brief FROM records WHERE path = ?"
            rows = sorted(
                row for path in paths if _storable(path) for row in self.connection.execute(query, (path,))
            )
        return [(path, _json(_inflate(stored))) for path, stored in rows]

    def record(self, record_id: str) -> tuple[str, YamlMapping] | None:
        """(path, data) of the record with this id, verified; None if absent."""
        rows = self.connection.execute(
            "SELECT r.path, r.data, r.digest, f.hash FROM records r JOIN files f ON f.path = r.path "
            "WHERE r.id = ?", (record_id,)).fetchall()  # fmt: skip
        if len(rows) > 1:
            raise self.damaged("two records with one id")
        if not rows:
            return None
        path, stored, sealed, file_hash = rows[0]
        return self._checked(path, stored, sealed, file_hash, record_id)

    def records(self) -> list[tuple[str, YamlMapping]]:
        """(path, data) of every record, verified, sorted by id."""
        rows = self.connection.execute(
            "SELECT r.path, r.data, r.digest, f.hash, r.id FROM records r JOIN files f ON f.path = r.path "
            "ORDER BY r.id").fetchall()  # fmt: skip
        return [
            self._checked(path, text, sealed, file_hash, rid) for path, text, sealed, file_hash, rid in rows
        ]

    def _checked(
        self, path: str, stored: bytes, sealed: str, file_hash: bytes, record_id: str
    ) -> tuple[str, YamlMapping]:
        if not isinstance(stored, bytes) or digest(file_hash, stored) != sealed:
            raise self.damaged(f"the cached record of {path} does not match its file")
        data = _json(_inflate(stored))
        if not isinstance(data, dict) or data.get("id") != record_id:
            raise self.damaged(f"the cached record of {path} is not a record")
        return path, data

    def damaged(self, why: str) -> CacheDamaged:
        """Delete this cache (it is rebuilt next time) and say why."""
        self.connection.close()
        delete(self.path)
        return CacheDamaged(why)

    def update(self, removed: list[str], entries: list[Entry], scanned_ns: int, changed: bool,
               runs: Runs | None = None) -> None:  # fmt: skip
        """One transaction: drop the files `removed`, store `entries` (a new
        time only, where an entry has no data), note when the load began and,
        if records changed, bump the generation; and keep the fingerprints of
        `runs` (type folder -> each run's fingerprint, or the range of paths
        [lower, upper) whose rows give it), computed from the rows as stored.
        A cache that cannot be written (busy, read-only, disk full) is left as it was."""
        db = self.connection
        try:
            with db:
                db.execute("BEGIN IMMEDIATE")
                db.executemany("DELETE FROM files WHERE path = ?", [(p,) for p in removed])
                rows = [_row(entry) for entry in entries]
                db.executemany("UPDATE files SET mtime_ns = ? WHERE path = ?",
                               [(e.mtime_ns, e.path) for e in entries if e.data is None])  # fmt: skip
                db.executemany("INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?)", [r[0] for r in rows if r])
                db.executemany(
                    "INSERT OR REPLACE INTO records VALUES (?, ?, ?, ?, ?, ?)", [r[1] for r in rows if r]
                )
                if changed:
                    db.execute("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'generation'")
                db.execute("UPDATE meta SET value = ? WHERE key = 'scanned_ns'", (str(scanned_ns),))
                if runs is not None:
                    db.execute("INSERT OR REPLACE INTO meta VALUES ('fingerprints', ?)",
                               (json.dumps(self._fingerprints_of(runs)),))  # fmt: skip
        except sqlite3.Error:
            return

    def _fingerprints_of(self, runs: Runs) -> Fingerprints:
        found: Fingerprints = {}
        for folder, parts in runs.items():
            values = []
            for part in parts:
                if isinstance(part, str):
                    values.append(part)
                    continue
                rows = self.files(*part)
                values.append(fingerprint([r[0] for r in rows], [n for r in rows for n in (r[1], r[2])]))
            if values:
                found[folder] = values
        return found

    def close(self) -> None:
        self.connection.close()


def _row(entry: Entry) -> tuple[tuple[object, ...], tuple[object, ...]] | None:
    """The files and records rows of an entry with data (None: only its time changed)."""
    if entry.data is None:
        return None
    stored = zlib.compress(json.dumps(entry.data, ensure_ascii=False, separators=(",", ":")).encode(), 1)
    return ((entry.path, entry.size, entry.mtime_ns, entry.hash),
            (entry.path, entry.data["id"], entry.data["type"], stored,
             zlib.compress(json.dumps(entry.brief, ensure_ascii=False, separators=(",", ":")).encode(), 1),
             digest(entry.hash, stored)))  # fmt: skip


def _inflate(stored: bytes) -> str:
    """Stored data as JSON text, never more than MAX_ROW_BYTES of it."""
    inflater = zlib.decompressobj()
    try:
        text = inflater.decompress(stored, MAX_ROW_BYTES)
    except (zlib.error, TypeError):
        raise CacheDamaged("a cached record is not compressed data") from None
    if inflater.unconsumed_tail or not inflater.eof:
        raise CacheDamaged("a cached record is larger than any record")
    return text.decode("utf-8", "replace")


def _json(text: str) -> YamlValue:
    try:
        return json.loads(text)
    except ValueError:
        raise CacheDamaged("a cached value is not JSON") from None


def open_cache(root: Path, vocab_stamp: str) -> tuple[Cache | None, str]:
    """The cache of root, opened or made afresh; (None, why) if there can be
    none. Everything that does not check out is deleted and rebuilt here."""
    from civictech_kb.model.record import SCHEMA_VERSION

    directory, why = usable_dir()
    if directory is None:
        return None, why
    path = directory / cache_name(root)
    where = str(root.resolve()).encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    expected = {"format": str(FORMAT), "schema": str(SCHEMA_VERSION), "root": where, "vocab": vocab_stamp}
    problem = ""
    for _ in range(3):
        connection = None
        try:
            connection = _connect(path)
            if _meta_matches(connection, expected):
                return Cache(connection, path, root), ""
        except (sqlite3.Error, OSError, ValueError) as err:
            problem = str(err)
        if connection is not None:
            connection.close()
        delete(path)
    return None, f"cannot use the cache {path} ({problem or 'it keeps changing'}); working without a cache"


def _connect(path: Path) -> sqlite3.Connection:
    """A connection to path (a new database if there is none), after checking
    without opening anything that the database and its companions are the
    user's own regular files of a sane size; ValueError if they are not."""
    for name in (path.name, *(path.name + suffix for suffix in COMPANIONS)):
        try:
            info = os.lstat(path.parent / name)
        except FileNotFoundError:
            continue
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_CACHE_BYTES:
            raise ValueError(f"{name} is not a cache file")
        if hasattr(os, "geteuid") and info.st_uid != os.geteuid():
            raise ValueError(f"{name} belongs to someone else")
    connection = sqlite3.connect(path, timeout=BUSY_MS / 1000, isolation_level=None)
    try:
        connection.execute("PRAGMA foreign_keys = ON")
        if not _has_tables(connection):
            _create(connection)
    except BaseException:
        connection.close()
        raise
    return connection


def _has_tables(connection: sqlite3.Connection) -> bool:
    count: int = connection.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
    return count > 0


def _create(connection: sqlite3.Connection) -> None:
    """The tables of an empty database; if another ctkb made them meanwhile, theirs."""
    with connection:
        connection.execute("BEGIN IMMEDIATE")
        if _has_tables(connection):
            return
        for statement in SCHEMA.split(";"):
            if statement.strip():
                connection.execute(statement)
        connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        connection.execute(f"PRAGMA user_version = {FORMAT}")
    connection.execute("PRAGMA journal_mode = WAL")


def _meta_matches(connection: sqlite3.Connection, expected: dict[str, str]) -> bool:
    """Whether the database is a ctkb cache of this folder, schema and
    vocabulary, consistent in itself; an empty one becomes one."""
    header = (connection.execute("PRAGMA application_id").fetchone()[0],
              connection.execute("PRAGMA user_version").fetchone()[0])  # fmt: skip
    if header != (APPLICATION_ID, FORMAT):
        return False
    meta = dict(connection.execute("SELECT key, value FROM meta"))
    if not meta:
        with connection:
            connection.execute("BEGIN IMMEDIATE")
            if not connection.execute("SELECT count(*) FROM meta").fetchone()[0]:
                connection.executemany("INSERT INTO meta VALUES (?, ?)",
                                       [*expected.items(), ("generation", "0"), ("scanned_ns", "0")])  # fmt: skip
        meta = dict(connection.execute("SELECT key, value FROM meta"))
    if any(meta.get(key) != value for key, value in expected.items()):
        return False
    if not (meta.get("generation", "").isdigit() and meta.get("scanned_ns", "").isdigit()):
        return False
    # Every record has its file and every file its record: only valid collections are stored.
    counts: tuple[int, int, int] = connection.execute(
        "SELECT (SELECT count(*) FROM files), (SELECT count(*) FROM records), "
        "(SELECT count(*) FROM records r JOIN files f ON f.path = r.path)").fetchone()  # fmt: skip
    return counts[0] == counts[1] == counts[2]


def delete(path: Path) -> None:
    """Remove a cache database and its companions, whatever they are."""
    for name in (path.name, *(path.name + suffix for suffix in COMPANIONS)):
        with contextlib.suppress(OSError):
            os.unlink(path.parent / name)


def clear_cache() -> int:
    """Remove every ctkb cache database, with leftover journals and
    temporary files; return how many databases were removed."""
    directory, _ = cache_dir()
    if directory is None or not directory.is_dir():
        return 0
    removed = 0
    for path in directory.iterdir():
        name = path.name
        database = name.endswith(SUFFIX)
        leftover = name.endswith((".tmp", *(SUFFIX + s for s in COMPANIONS))) or name.endswith(".cache")
        if database or leftover:
            with contextlib.suppress(OSError):
                path.unlink()
                removed += database
    return removed
