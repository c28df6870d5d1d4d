"""The search index kept in a collection's cache database (store/cache.py),
beside the store's tables, and brought up to date record by record.

Tables (the store never reads them):
  index_meta      version, indexed_generation (the store's generation the
                  index was made from), hints, field averages and the
                  query's vocabulary tables (search/vocabulary.py), as JSON
  index_columns   each record number's id, type and field lengths, packed
                  (search/columns.py)
  index_terms     term, its postings: record numbers and each record's
                  field counts, packed
  index_docs      record id, number, the store's digest of the record, and
                  the numbers of its terms (to take them out when it goes)

A warm search reads index_meta, the packed columns and the postings of its query's terms. When
the store's generation has moved, records(id, digest) is compared with
index_docs(id, digest) inside SQLite, and only the postings of the records
that changed are rewritten (`update_index`); the result equals an index
built afresh. Functions: `cached_index` (what search calls), `load_postings`,
`store_index`, `update_index`.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any, NamedTuple

from civictech_kb.search.columns import Columns
from civictech_kb.search.packed import PackedPostings, _deflate, _pack_rows, _unpack, _unpack_rows

Postings = tuple[list[int], list[list[int]]]  # record numbers and each one's field counts
Hints = dict[str, dict[str, float]]
Parts = tuple[
    list[str | None],
    Mapping[str, Postings],
    Hints,
    Sequence[str | None],
    Sequence[Sequence[int] | None],
    list[float],
    object,
]  # ids, postings, hints, types, lengths, field average lengths, query vocabulary data
Held = list[Any]  # [row number or None, the term's PackedPostings, whether the term was held before]


class Indexing(NamedTuple):
    """What storing needs from the index builder (index.py), handed in so
    that this module imports no ranking code."""

    build: Callable[[Any], Any]  # collection -> (fragments.Assembled, hints): see store_index
    postings: Callable[[dict[str, Any]], dict[str, list[int]]]  # a record's data -> term -> its field counts
    lengths: Callable[[dict[str, Any]], list[int]]  # a record's data -> its field lengths
    width: int  # how many fields a record's lengths give
    hints: Callable[[Callable[[str], bool]], Hints]  # hint_table(present)
    hint_prefixes: tuple[str, ...]
    averages: Callable[[list[int], int], list[float]]  # fields' total lengths, records -> mean lengths
    vocabulary: Callable[[], object]  # the query's vocabulary tables as JSON-ready data


INDEX_VERSION = "6"  # 3: field counts and field lengths (BM25F) instead of impacts; 4: packed arrays compressed;  # 5: field averages and query vocabulary kept in index_meta; 6: ids, types and lengths packed in index_columns
REBUILD_SHARE = 0.5  # when more than this share of records changed, build the index afresh

TABLES = """
CREATE TABLE IF NOT EXISTS index_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS index_terms (number INTEGER PRIMARY KEY, term TEXT NOT NULL UNIQUE,
                                        records BLOB NOT NULL, counts BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS index_docs (id TEXT PRIMARY KEY, number INTEGER NOT NULL, digest TEXT NOT NULL,
                                       terms BLOB NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS index_columns (key TEXT PRIMARY KEY, value BLOB NOT NULL) WITHOUT ROWID;
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
                    store_index(db, indexing.build(collection), _digests(db), indexing)
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
    hints, averages, vocabulary = (json.loads(meta[key]) for key in ("hints", "averages", "vocabulary"))
    if not (isinstance(hints, dict) and isinstance(averages, list)
            and all(isinstance(a, float) for a in averages)):  # fmt: skip
        raise ValueError("the stored search index is malformed")
    columns = _columns(db, len(averages))
    return columns.ids, StoredPostings(db), hints, columns.types, columns.lengths, averages, vocabulary


def _columns(db: sqlite3.Connection, width: int) -> Columns:
    return Columns.unpack(dict(db.execute("SELECT key, value FROM index_columns")), width)


def _digests(db: sqlite3.Connection) -> dict[str, str]:
    return dict(db.execute("SELECT id, digest FROM records"))


class StoredPostings(Mapping[str, Postings]):
    """Term -> (record numbers, field counts), read from index_terms a term
    at a time when first asked for."""

    def __init__(self, db: sqlite3.Connection):
        self.db = db
        self._read: dict[str, Postings | None] = {}

    def __getitem__(self, term: str) -> Postings:
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


def load_postings(db: sqlite3.Connection, terms: list[str]) -> dict[str, Postings]:
    """The postings of those of terms the index holds."""
    found = {}
    for term in terms:
        row = db.execute("SELECT records, counts FROM index_terms WHERE term = ?", (term,)).fetchone()
        if row is not None:
            found[term] = _unpack(*row)
    return found


def store_index(db: sqlite3.Connection, built: Any, digests: dict[str, str], indexing: Indexing) -> None:
    """Replace the stored index with `built` (inside the caller's transaction):
    what Indexing.build gives, the index as fragments.Assembled (postings
    packed, each term's row number given) and its hints; digests: record id
    -> the store's digest of the record indexed."""
    whole, hints = built
    db.execute("DELETE FROM index_terms")
    db.execute("DELETE FROM index_docs")
    db.executemany("INSERT INTO index_terms (number, term, records, counts) VALUES (?, ?, ?, ?)",
                   ((number, term, _deflate(b"".join(records)), _deflate(b"".join(counts)))
                    for term, (number, records, counts) in whole.postings.items()))  # fmt: skip
    db.executemany("INSERT INTO index_docs VALUES (?, ?, ?, ?)",
                   [(record_id, number, digests.get(record_id, ""), _pack_rows(whole.term_numbers[number]))
                    for number, record_id in enumerate(whole.ids) if record_id is not None])  # fmt: skip
    _store_meta(db, Columns.of(whole.ids, whole.types, whole.lengths, indexing.width), hints, indexing)


def _store_meta(db: sqlite3.Connection, columns: Columns, hints: Hints, indexing: Indexing) -> None:
    """The index's small parts and packed columns, with what a query derives
    from them or from the vocabulary (field averages, glossary, stopwords),
    so that a warm search computes and parses none of it."""
    db.executemany("INSERT OR REPLACE INTO index_meta VALUES (?, ?)",
                   [("version", INDEX_VERSION), ("hints", json.dumps(hints, ensure_ascii=False)),
                    ("averages", json.dumps(indexing.averages(*columns.sums()))),
                    ("vocabulary", json.dumps(indexing.vocabulary(), ensure_ascii=False))])  # fmt: skip
    db.executemany("INSERT OR REPLACE INTO index_columns VALUES (?, ?)", list(columns.pack().items()))


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
                         "WHERE d.digest IS NOT r.digest AND r.path NOT LIKE 'sources/%'").fetchall()  # fmt: skip
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
    columns = _columns(db, indexing.width)
    ids = columns.ids
    terms = _ChangedTerms(db)
    for record_id in removed:
        (number,) = db.execute("SELECT number FROM index_docs WHERE id = ?", (record_id,)).fetchone()
        columns.set(number, None, None, None)
        (packed,) = db.execute("SELECT terms FROM index_docs WHERE id = ?", (record_id,)).fetchone()
        db.execute("DELETE FROM index_docs WHERE id = ?", (record_id,))
        for row in _unpack_rows(packed):
            terms.by_row(row)[1].remove(number)
    free = [number for number in range(len(ids) - 1, -1, -1) if ids[number] is None]  # lowest last
    docs = []
    for data, sealed in added:
        number = free.pop() if free else len(ids)
        if number == len(ids):
            columns.append(data["id"], data["type"], indexing.lengths(data))
        else:
            columns.set(number, data["id"], data["type"], indexing.lengths(data))
        postings_of = indexing.postings(data)
        for term, counted in postings_of.items():
            terms.by_term(term)[1].insert(number, counted)
        docs.append((data["id"], number, sealed, list(postings_of)))
    terms.write()
    db.executemany("INSERT OR REPLACE INTO index_docs VALUES (?, ?, ?, ?)",
                   [(record_id, number, sealed, _pack_rows([terms.held[t][0] for t in doc_terms]))
                    for record_id, number, sealed, doc_terms in docs])  # fmt: skip
    hints = json.loads(meta["hints"])
    # Hints name hint terms some record holds: only those coming or going change them.
    if any(term.startswith(indexing.hint_prefixes) and bool(held[1]) != held[2]
           for term, held in terms.held.items()):  # fmt: skip
        hints = indexing.hints(StoredPostings(db).__contains__)
    _store_meta(db, columns, hints, indexing)


class _ChangedTerms:
    """The postings an update touches: term -> [row number or None, its
    packed postings, whether the term was held before], read once each."""

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
            found = self.db.execute("SELECT number, records, counts FROM index_terms WHERE term = ?",
                                    (term,)).fetchone()  # fmt: skip
            if found is None:
                self.held[term] = [None, PackedPostings.empty(), False]
            else:
                self.held[term] = [found[0], PackedPostings.read(found[1], found[2]), True]
                self.term_of_row[found[0]] = term
        return self.held[term]

    def write(self) -> None:
        """Write the changed postings back, giving new terms their row numbers."""
        for term, held in self.held.items():
            row, postings = held[0], held[1]
            if not postings:
                if row is not None:
                    self.db.execute("DELETE FROM index_terms WHERE number = ?", (row,))
            elif row is None:
                held[0] = self.db.execute("INSERT INTO index_terms (term, records, counts) VALUES (?, ?, ?)",
                                          (term, *postings.packed())).lastrowid  # fmt: skip
            else:
                self.db.execute("UPDATE index_terms SET records = ?, counts = ? WHERE number = ?",
                                (*postings.packed(), row))  # fmt: skip
