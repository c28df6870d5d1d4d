"""SQLite for data tools: a records table (lists and mappings as JSON text,
as sqlite-utils stores them), join tables for countries, topics, relations
and challenges, and a full-text index laid out as sqlite-utils makes one
(records_fts, content="records", with triggers), so that
`sqlite-utils search` and Datasette find and use it without further steps.

The database is built in memory and serialised, so the same records give
the same bytes.
"""

from __future__ import annotations

import json

from civictech_kb.model import vocab
from civictech_kb.model.record import Record

BINARY = True
SCHEMA_VERSION = 1
TEXT_COLUMNS = (
    "type", "name", "summary", "landscape", "context", "location", "status",
    "founded", "ended", "start", "end", "website",
)  # fmt: skip
JSON_COLUMNS = (
    "names", "aliases", "countries", "topics", "links", "relations", "challenges", "lessons",
    "figures", "sources",
)  # fmt: skip
SEARCHED = (
    "name",
    "names",
    "aliases",
    "summary",
    "landscape",
    "context",
    "location",
    "challenges",
    "lessons",
)

SCHEMA = f"""
CREATE TABLE [records] (
  [id] TEXT PRIMARY KEY,
  {", ".join(f"[{c}] TEXT" for c in TEXT_COLUMNS)},
  [year] INTEGER,
  {", ".join(f"[{c}] TEXT" for c in JSON_COLUMNS)}
);
CREATE TABLE [countries] ([code] TEXT PRIMARY KEY, [name] TEXT NOT NULL, [subregion] TEXT, [region] TEXT);
CREATE TABLE [topics] ([id] TEXT PRIMARY KEY, [label] TEXT NOT NULL);
CREATE TABLE [record_countries] (
  [record_id] TEXT NOT NULL REFERENCES [records]([id]),
  [country_code] TEXT NOT NULL REFERENCES [countries]([code]),
  PRIMARY KEY ([record_id], [country_code])
);
CREATE TABLE [record_topics] (
  [record_id] TEXT NOT NULL REFERENCES [records]([id]),
  [topic_id] TEXT NOT NULL REFERENCES [topics]([id]),
  PRIMARY KEY ([record_id], [topic_id])
);
CREATE TABLE [relations] (
  [source_id] TEXT NOT NULL REFERENCES [records]([id]),
  [relation] TEXT NOT NULL,
  [target_id] TEXT NOT NULL REFERENCES [records]([id]),
  PRIMARY KEY ([source_id], [relation], [target_id])
);
CREATE TABLE [challenges] (
  [record_id] TEXT NOT NULL REFERENCES [records]([id]),
  [position] INTEGER NOT NULL,
  [category] TEXT NOT NULL,
  [summary] TEXT NOT NULL,
  [responses] TEXT,
  PRIMARY KEY ([record_id], [position])
);
CREATE INDEX [idx_record_countries_country_code] ON [record_countries] ([country_code]);
CREATE INDEX [idx_record_topics_topic_id] ON [record_topics] ([topic_id]);
CREATE INDEX [idx_relations_target_id] ON [relations] ([target_id]);
CREATE INDEX [idx_challenges_category] ON [challenges] ([category]);
"""


def _full_text_index() -> str:
    """The FTS5 table and triggers exactly as sqlite-utils' enable_fts writes them."""
    columns = ", ".join(f"[{c}]" for c in SEARCHED)
    new = ", ".join(f"new.[{c}]" for c in SEARCHED)
    old = ", ".join(f"old.[{c}]" for c in SEARCHED)
    return f"""
CREATE VIRTUAL TABLE [records_fts] USING FTS5 (
    {columns},
    content=[records]
);
INSERT INTO [records_fts] (rowid, {columns}) SELECT rowid, {columns} FROM [records];
CREATE TRIGGER [records_ai] AFTER INSERT ON [records] BEGIN
  INSERT INTO [records_fts] (rowid, {columns}) VALUES (new.rowid, {new});
END;
CREATE TRIGGER [records_ad] AFTER DELETE ON [records] BEGIN
  INSERT INTO [records_fts] ([records_fts], rowid, {columns}) VALUES('delete', old.rowid, {old});
END;
CREATE TRIGGER [records_au] AFTER UPDATE ON [records] BEGIN
  INSERT INTO [records_fts] ([records_fts], rowid, {columns}) VALUES('delete', old.rowid, {old});
  INSERT INTO [records_fts] (rowid, {columns}) VALUES (new.rowid, {new});
END;
"""


def export(request) -> bytes:
    import sqlite3

    db = sqlite3.connect(":memory:")
    try:
        db.executescript(SCHEMA)
        _fill(db, request.records)
        db.executescript(_full_text_index())
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        db.commit()
        db.execute("VACUUM")
        return db.serialize()
    finally:
        db.close()


def _fill(db, records: list[Record]) -> None:
    shown = {record.id for record in records}
    columns = ["id", *TEXT_COLUMNS, "year", *JSON_COLUMNS]
    placeholders = ", ".join("?" for _ in columns)
    names = ", ".join(f"[{c}]" for c in columns)
    db.executemany(f"INSERT INTO [records] ({names}) VALUES ({placeholders})",
                   [_row(record) for record in records])  # fmt: skip
    codes = sorted({code for record in records for code in record.countries})
    db.executemany("INSERT INTO [countries] VALUES (?, ?, ?, ?)", [_country(code) for code in codes])
    topic_ids = sorted({topic for record in records for topic in record.topics})
    topics = vocab.topics()
    db.executemany("INSERT INTO [topics] VALUES (?, ?)", [(t, topics[t].label) for t in topic_ids])
    db.executemany("INSERT INTO [record_countries] VALUES (?, ?)",
                   [(r.id, code) for r in records for code in r.countries])  # fmt: skip
    db.executemany("INSERT INTO [record_topics] VALUES (?, ?)",
                   [(r.id, topic) for r in records for topic in r.topics])  # fmt: skip
    db.executemany("INSERT OR IGNORE INTO [relations] VALUES (?, ?, ?)",
                   [(r.id, kind, target) for r in records for kind, target in r.relations()
                    if target in shown])  # fmt: skip
    db.executemany("INSERT INTO [challenges] VALUES (?, ?, ?, ?, ?)",
                   [(r.id, n, c["category"], c["summary"], _json(c.get("responses")))
                    for r in records for n, c in enumerate(r.get("challenges", []), start=1)])  # fmt: skip


def _row(record: Record) -> list:
    text = [record.get(column) for column in TEXT_COLUMNS]
    return [record.id, *text, record.year, *(_json(record.get(column)) for column in JSON_COLUMNS)]


def _country(code: str) -> tuple:
    region = vocab.region_of(code)
    return code, vocab.country_name(code), region and region.name, region and region.parent


def _json(value) -> str | None:
    return json.dumps(value, ensure_ascii=False) if value else None
