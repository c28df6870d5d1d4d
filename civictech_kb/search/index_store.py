"""The search index kept in a collection's cache database (store/cache.py),
beside the store's tables, and brought up to date record by record.

Tables (the store never reads them):
  index_meta      version, indexed_generation (the store's generation the
                  index was made from), ids, types and hints as JSON
  index_terms     term, its postings: record numbers and impacts, packed
  index_docs      record id, number, the store's digest of the record, and
                  the numbers of its terms (to take them out when it goes)

A warm search reads index_meta and the postings of its query's terms. When
the store's generation has moved, records(id, digest) is compared with
index_docs(id, digest) inside SQLite, and only the postings of the records
that changed are rewritten (`update_index`); the result equals an index
built afresh. Functions: `cached_index` (what search calls), `load_postings`,
`store_index`, `update_index`.
"""

from __future__ import annotations

import bisect
import json
import sqlite3
from array import array
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

Postings = tuple[list[int], list[float]]  # record numbers and impacts
Hints = dict[str, dict[str, float]]
Parts = tuple[
    list[Any], Mapping[str, Postings], Hints, list[Any]
]  # ids, postings, hints, types: what index.SearchIndex takes
Held = list[Any]  # [row number or None, record numbers, impacts, whether the term was held before]


@dataclass(frozen=True)
class Indexing:
    """What storing needs from the index builder (index.py), handed in so
    that this module imports no ranking code."""

    build: Callable[[Any], Any]  # collection -> an index with ids, types, hints, terms() and postings(term)
    impacts: Callable[[dict[str, Any]], dict[str, float]]  # a record's data -> term -> impact
    hints: Callable[[Callable[[str], bool]], Hints]  # hint_table(present)
    hint_prefixes: tuple[str, ...]


INDEX_VERSION = "2"
REBUILD_SHARE = 0.5  # when more than this share of records changed, build the index afresh

TABLES = """
CREATE TABLE IF NOT EXISTS index_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS index_terms (number INTEGER PRIMARY KEY, term TEXT NOT NULL UNIQUE,
                                        records BLOB NOT NULL, impacts BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS index_docs (id TEXT PRIMARY KEY, number INTEGER NOT NULL, digest TEXT NOT NULL,
                                       terms BLOB NOT NULL) WITHOUT ROWID;
"""


def cached_index(cache: Any, collection: Any, indexing: Indexing) -> Parts | None:
    """The parts of the index of a collection read through `cache`: as
    stored when the store has not changed since, else updated (or built) and
    stored. A stored index that does not check out is built again; None if
    the database cannot be written (the caller builds the index in memory)."""
    db = cache.connection
    damaged = False
    try:
        meta = _meta(db)
        if meta.get("indexed_generation") == str(cache.generation):
            return _stored(db, meta)
    except (sqlite3.DatabaseError, ValueError, KeyError):
        damaged = True
    try:
        with db:
            db.execute("BEGIN IMMEDIATE")
            _create(db)
            meta = {} if damaged else _meta(db)  # another ctkb may have updated it meanwhile
            generation = str(cache.generation)
            if damaged or meta.get("indexed_generation") != generation:
                if not _update_from_store(db, meta, collection, indexing):
                    store_index(db, indexing.build(collection), _digests(db))
                db.execute(
                    "INSERT OR REPLACE INTO index_meta VALUES ('indexed_generation', ?)", (generation,)
                )
        return _stored(db, _meta(db))
    except (sqlite3.Error, ValueError, KeyError):
        return None


def _create(db: sqlite3.Connection) -> None:
    for statement in TABLES.split(";"):
        if statement.strip():
            db.execute(statement)


def _meta(db: sqlite3.Connection) -> dict[str, str]:
    try:
        meta = dict(db.execute("SELECT key, value FROM index_meta"))
    except sqlite3.OperationalError:  # no index yet
        return {}
    return meta if meta.get("version") == INDEX_VERSION else {}


def _stored(db: sqlite3.Connection, meta: dict[str, str]) -> Parts:
    """The stored index, its postings read when asked for; ValueError or
    KeyError if its small parts are not what store_index writes."""
    ids, types, hints = (json.loads(meta[key]) for key in ("ids", "types", "hints"))
    if not (isinstance(ids, list) and isinstance(types, list) and len(ids) == len(types)
            and isinstance(hints, dict)):  # fmt: skip
        raise ValueError("the stored search index is malformed")
    return ids, StoredPostings(db), hints, types


def _digests(db: sqlite3.Connection) -> dict[str, str]:
    return dict(db.execute("SELECT id, digest FROM records"))


class StoredPostings(Mapping[str, Postings]):
    """Term -> (record numbers, impacts), read from index_terms a term at a
    time when first asked for."""

    def __init__(self, db: sqlite3.Connection):
        self.db = db
        self._read: dict[str, tuple[list[int], list[float]] | None] = {}

    def __getitem__(self, term: str) -> tuple[list[int], list[float]]:
        if term not in self._read:
            self._read.update(load_postings(self.db, [term]))
            self._read.setdefault(term, None)
        found = self._read[term]
        if found is None:
            raise KeyError(term)
        return found

    def __contains__(self, term: object) -> bool:
        return isinstance(term, str) and self.get(term) is not None

    def __iter__(self) -> Iterator[str]:
        return (term for (term,) in self.db.execute("SELECT term FROM index_terms ORDER BY term"))

    def __len__(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM index_terms").fetchone()[0])


def load_postings(db: sqlite3.Connection, terms: list[str]) -> dict[str, tuple[list[int], list[float]]]:
    """The postings of those of terms the index holds."""
    found = {}
    for term in terms:
        row = db.execute("SELECT records, impacts FROM index_terms WHERE term = ?", (term,)).fetchone()
        if row is not None:
            found[term] = _unpack(*row)
    return found


MICRO = 1_000_000  # impacts are rounded to 6 decimals, so they are stored exactly as whole millionths


def _unpack(records: bytes, impacts: bytes) -> tuple[list[int], list[float]]:
    numbers, weights = array("i"), array("i")
    numbers.frombytes(records)
    weights.frombytes(impacts)
    if len(numbers) != len(weights):
        raise ValueError("stored postings are malformed")
    return numbers.tolist(), [weight / MICRO for weight in weights]


def _pack(numbers: list[int], impacts: list[float]) -> tuple[bytes, bytes]:
    return array("i", numbers).tobytes(), array("i", [round(impact * MICRO) for impact in impacts]).tobytes()


def store_index(db: sqlite3.Connection, index: Any, digests: dict[str, str]) -> None:
    """Replace the stored index with `index` (inside the caller's transaction);
    digests: record id -> the store's digest of the record indexed."""
    db.execute("DELETE FROM index_terms")
    db.execute("DELETE FROM index_docs")
    terms_of: dict[int, list[int]] = {}
    for term in index.terms():
        numbers, impacts = index.postings(term)
        cursor = db.execute("INSERT INTO index_terms (term, records, impacts) VALUES (?, ?, ?)",
                            (term, *_pack(numbers, impacts)))  # fmt: skip
        for number in numbers:
            terms_of.setdefault(number, []).append(int(cursor.lastrowid or 0))
    db.executemany("INSERT INTO index_docs VALUES (?, ?, ?, ?)",
                   [(record_id, number, digests.get(record_id, ""), array("i", terms_of.get(number, [])).tobytes())
                    for number, record_id in enumerate(index.ids) if record_id is not None])  # fmt: skip
    _store_meta(db, index.ids, index.types, index.hints)


def _store_meta(db: sqlite3.Connection, ids: list[Any], types: list[Any], hints: Hints) -> None:
    db.executemany("INSERT OR REPLACE INTO index_meta VALUES (?, ?)",
                   [("version", INDEX_VERSION), ("ids", json.dumps(ids)), ("types", json.dumps(types)),
                    ("hints", json.dumps(hints, ensure_ascii=False))])  # fmt: skip


def _update_from_store(
    db: sqlite3.Connection, meta: dict[str, str], collection: Any, indexing: Indexing
) -> bool:
    """Bring the stored index up to the store's records; False if there is
    no stored index to update, or so much changed that building it afresh is cheaper."""
    if not meta:
        return False
    removed = [rid for (rid,) in db.execute(
        "SELECT id FROM index_docs WHERE id NOT IN (SELECT id FROM records)")]  # fmt: skip
    changed = db.execute("SELECT r.id, r.digest FROM records r LEFT JOIN index_docs d ON d.id = r.id "
                         "WHERE d.digest IS NOT r.digest").fetchall()  # fmt: skip
    if len(removed) + len(changed) > REBUILD_SHARE * max(len(collection), 1):
        return False
    added = []
    for record_id, sealed in changed:
        record = collection.get(record_id)
        if record is None:
            return False
        added.append((record.data, sealed))
    update_index(db, meta, removed + [rid for rid, _ in changed if _indexed(db, rid)], added, indexing)
    return True


def _indexed(db: sqlite3.Connection, record_id: str) -> bool:
    return db.execute("SELECT 1 FROM index_docs WHERE id = ?", (record_id,)).fetchone() is not None


def update_index(
    db: sqlite3.Connection,
    meta: dict[str, str],
    removed: list[str],
    added: list[tuple[dict[str, Any], str]],
    indexing: Indexing,
) -> None:
    """Take the records `removed` (ids) out of the stored index and put the
    `added` ones in ((data, the store's digest); an edited record is in
    both), rewriting only the postings of their terms. A removed record's
    number is given to the next record added."""
    ids, types = json.loads(meta["ids"]), json.loads(meta["types"])
    number_of = {record_id: n for n, record_id in enumerate(ids) if record_id is not None}
    terms = _ChangedTerms(db)
    for record_id in removed:
        number = number_of.pop(record_id)
        ids[number] = types[number] = None
        (packed,) = db.execute("SELECT terms FROM index_docs WHERE id = ?", (record_id,)).fetchone()
        db.execute("DELETE FROM index_docs WHERE id = ?", (record_id,))
        rows = array("i")
        rows.frombytes(packed)
        for row in rows:
            numbers, impacts = terms.by_row(row)[1:3]
            at = bisect.bisect_left(numbers, number)
            if at < len(numbers) and numbers[at] == number:
                del numbers[at], impacts[at]
    free = [number for number in range(len(ids) - 1, -1, -1) if ids[number] is None]  # lowest last
    docs = []
    for data, sealed in added:
        number = free.pop() if free else len(ids)
        if number == len(ids):
            ids.append(None)
            types.append(None)
        ids[number], types[number] = data["id"], data["type"]
        impacts_of = indexing.impacts(data)
        for term, impact in impacts_of.items():
            numbers, impacts = terms.by_term(term)[1:3]
            at = bisect.bisect_left(numbers, number)
            numbers.insert(at, number)
            impacts.insert(at, impact)
        docs.append((data["id"], number, sealed, list(impacts_of)))
    terms.write()
    db.executemany("INSERT OR REPLACE INTO index_docs VALUES (?, ?, ?, ?)",
                   [(record_id, number, sealed, array("i", [terms.held[t][0] for t in doc_terms]).tobytes())
                    for record_id, number, sealed, doc_terms in docs])  # fmt: skip
    hints = json.loads(meta["hints"])
    # Hints name hint terms some record holds: only those coming or going change them.
    if any(term.startswith(indexing.hint_prefixes) and bool(held[1]) != held[3]
           for term, held in terms.held.items()):  # fmt: skip
        hints = indexing.hints(StoredPostings(db).__contains__)
    _store_meta(db, ids, types, hints)


class _ChangedTerms:
    """The postings an update touches: term -> [row number or None, record
    numbers, impacts, whether the term was held before], read once each."""

    def __init__(self, db: sqlite3.Connection):
        self.db = db
        self.held: dict[str, Held] = {}
        self.term_of_row: dict[int, str] = {}

    def by_row(self, row: int) -> Held:
        term = self.term_of_row.get(row)
        if term is None:
            found = self.db.execute("SELECT term FROM index_terms WHERE number = ?", (row,)).fetchone()
            if found is None:
                raise ValueError("a stored record names a term the index does not hold")
            term = found[0]
        return self.by_term(term)

    def by_term(self, term: str) -> Held:
        if term not in self.held:
            found = self.db.execute("SELECT number, records, impacts FROM index_terms WHERE term = ?",
                                    (term,)).fetchone()  # fmt: skip
            if found is None:
                self.held[term] = [None, [], [], False]
            else:
                self.held[term] = [found[0], *_unpack(found[1], found[2]), True]
                self.term_of_row[found[0]] = term
        return self.held[term]

    def write(self) -> None:
        """Write the changed postings back, giving new terms their row numbers."""
        for term, held in self.held.items():
            row, numbers, impacts = held[0], held[1], held[2]
            if not numbers:
                if row is not None:
                    self.db.execute("DELETE FROM index_terms WHERE number = ?", (row,))
            elif row is None:
                held[0] = self.db.execute("INSERT INTO index_terms (term, records, impacts) VALUES (?, ?, ?)",
                                          (term, *_pack(numbers, impacts))).lastrowid  # fmt: skip
            else:
                self.db.execute("UPDATE index_terms SET records = ?, impacts = ? WHERE number = ?",
                                (*_pack(numbers, impacts), row))  # fmt: skip
