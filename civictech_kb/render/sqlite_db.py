"""SQLite for data tools and Datasette: the tables of views.tables (records,
with lists and mappings as JSON text as sqlite-utils stores them; countries,
topics, challenge categories; join tables; relations, challenges, lessons,
figures, sources and milestones), and two full-text indexes on records:

- records_fts, laid out as sqlite-utils' enable_fts makes one (content=
  "records", with triggers), over names in every script, topics with their
  synonyms and all the text, so `sqlite-utils search` and Datasette's search
  box use it as it is;
- records_trigram (FTS5's trigram tokenizer), which finds part of a word,
  as a Hangul or CJK name is one word: `마스크` finds 마스크찾아줌.

The database is built in memory and serialised, so the same records give
the same bytes. Datasette's metadata for it is render.datasette_metadata.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from civictech_kb.views.tables import Table, rows, tables

if TYPE_CHECKING:
    from civictech_kb.views.export import ExportRequest

SCHEMA_VERSION = 2
SQL_TYPES = {"string": "TEXT", "integer": "INTEGER", "number": "REAL", "array": "TEXT", "object": "TEXT"}
SEARCHED = ("name", "names", "aliases", "topic_labels", "summary", "landscape", "context", "location",
            "challenges", "lessons")  # fmt: skip
SEARCHED_BY_PART = ("name", "names", "aliases", "topic_labels", "summary")
INDEXES = {"records_fts": ("", SEARCHED), "records_trigram": ("tokenize='trigram', ", SEARCHED_BY_PART)}


def create_table(schema: Table) -> str:
    columns = [f"  [{f.name}] {SQL_TYPES[f.type]}{' NOT NULL' if f.required else ''}" for f in schema.fields]
    keys = [f"  PRIMARY KEY ({', '.join(f'[{c}]' for c in schema.primary_key)})"]
    keys += [f"  FOREIGN KEY ([{fk['fields'][0]}]) REFERENCES [{fk['table']}]([{fk['reference'][0]}])"
             for fk in schema.foreign_keys]  # fmt: skip
    indexes = [f"CREATE INDEX [idx_{schema.name}_{fk['fields'][0]}] ON [{schema.name}] ([{fk['fields'][0]}]);"
               for fk in schema.foreign_keys if fk["fields"][0] != schema.primary_key[0]]  # fmt: skip
    return f"CREATE TABLE [{schema.name}] (\n" + ",\n".join(columns + keys) + "\n);\n" + "\n".join(indexes)


def full_text_index(name: str, options: str, searched: tuple[str, ...]) -> str:
    """An FTS5 table over records and its triggers, as sqlite-utils' enable_fts writes them."""
    columns = ", ".join(f"[{c}]" for c in searched)
    new = ", ".join(f"new.[{c}]" for c in searched)
    old = ", ".join(f"old.[{c}]" for c in searched)
    prefix = "records" if name == "records_fts" else name  # sqlite-utils' trigger names for records_fts
    return f"""
CREATE VIRTUAL TABLE [{name}] USING FTS5 (
    {columns},
    {options}content=[records]
);
INSERT INTO [{name}] (rowid, {columns}) SELECT rowid, {columns} FROM [records];
CREATE TRIGGER [{prefix}_ai] AFTER INSERT ON [records] BEGIN
  INSERT INTO [{name}] (rowid, {columns}) VALUES (new.rowid, {new});
END;
CREATE TRIGGER [{prefix}_ad] AFTER DELETE ON [records] BEGIN
  INSERT INTO [{name}] ([{name}], rowid, {columns}) VALUES('delete', old.rowid, {old});
END;
CREATE TRIGGER [{prefix}_au] AFTER UPDATE ON [records] BEGIN
  INSERT INTO [{name}] ([{name}], rowid, {columns}) VALUES('delete', old.rowid, {old});
  INSERT INTO [{name}] (rowid, {columns}) VALUES (new.rowid, {new});
END;
"""


def export(request: ExportRequest) -> bytes:
    import sqlite3

    db = sqlite3.connect(":memory:")
    try:
        data = rows(request.records, request.collection)
        for schema in tables():
            db.executescript(create_table(schema))
            marks = ", ".join("?" for _ in schema.fields)
            db.executemany(f"INSERT INTO [{schema.name}] VALUES ({marks})", data[schema.name])
        for name, (options, searched) in INDEXES.items():
            db.executescript(full_text_index(name, options, searched))
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        db.commit()
        db.execute("VACUUM")
        return db.serialize()
    finally:
        db.close()


def companions(request: ExportRequest, output: Path) -> dict[Path, bytes]:
    """Datasette's metadata beside the database: NAME.db -> NAME.metadata.json."""
    from civictech_kb.render.datasette_metadata import metadata_bytes
    from civictech_kb.views.citations import credits

    return {
        output.with_name(f"{output.stem}.metadata.json"): metadata_bytes(
            request.title, credits(request.collection), output.stem
        )
    }
