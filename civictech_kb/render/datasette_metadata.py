"""Datasette's metadata for the SQLite export, so the database opens as a
publication: title, description, licence and source; each table's and
column's description (from data/tables.yaml); facets on type, status,
countries and topics (the last two array facets over JSON lists); the
full-text table Datasette's search box uses; and canned queries.

Written next to the database as NAME.metadata.json by `ctkb export --format
sqlite --output NAME.db`, and passed by `ctkb serve` to Datasette.
"""

from __future__ import annotations

import json

from civictech_kb.model import licence
from civictech_kb.model.data import JsonObject, YamlMapping
from civictech_kb.views.tables import tables

DATABASE = "ctkb"  # the database's name in Datasette: the file name without .db
CHALLENGES_BY_COUNTRY = """
select co.name as country, cat.label as category, c.summary as challenge, c.responses,
       r.name as record, c.record_id
from challenges c
join records r on r.id = c.record_id
join record_countries rc on rc.record_id = c.record_id
join countries co on co.code = rc.country_code
join categories cat on cat.id = c.category
where (:country = '' or co.code = upper(:country) or co.name like :country)
  and (:category = '' or c.category = :category or cat.label like :category)
order by co.name, cat.label, r.name, c.position
""".strip()
RECORDS_BY_COUNTRY = """
select co.name as country, r.type, r.name, r.summary, r.status, r.year, r.id
from records r
join record_countries rc on rc.record_id = r.id
join countries co on co.code = rc.country_code
where :country = '' or co.code = upper(:country) or co.name like :country
order by co.name, r.type, r.name
""".strip()
SEARCH_ANY_SCRIPT = """
select r.id, r.type, r.name, r.names, r.summary
from records_trigram t join records r on r.rowid = t.rowid
where records_trigram match '"' || replace(:text, '"', '""') || '"'
order by t.rank
""".strip()


def metadata(title: str, sources: list[YamlMapping], database: str = DATABASE) -> JsonObject:
    """The metadata.json Datasette reads (`datasette DB --metadata FILE`)."""
    described: dict[str, JsonObject] = {
        schema.name: {
            "title": schema.title,
            "description": schema.description,
            "columns": {field.name: field.description for field in schema.fields},
        }
        for schema in tables()
    }
    described["records"].update({
        "facets": ["type", "status", {"array": "countries"}, {"array": "topics"}],
        "fts_table": "records_fts", "sort": "name", "label_column": "name",
    })  # fmt: skip
    described["challenges"]["facets"] = ["category"]
    for name in ("countries", "topics", "categories"):
        described[name]["label_column"] = "name" if name == "countries" else "label"
    for name in ("records_fts", "records_trigram"):
        described[name] = {"hidden": True}
    return {
        "title": title,
        "description": "Civic tech projects, communities, organizations, events and country profiles "
        "in East and South Asia, with their challenges, lessons and sources, from ctkb.",
        "license": licence.DATA_LICENCE,
        "license_url": licence.DATA_LICENCE_URL,
        "source": "; ".join(source["title"] for source in sources),
        "about": licence.attribution(sources),
        "databases": {
            database: {
                "tables": described,
                "queries": {
                    "challenges_by_country": {
                        "title": "Challenges by country and category",
                        "description": "Country: a name or ISO code (empty for all); category: an id or "
                        "label (empty for all).",
                        "sql": CHALLENGES_BY_COUNTRY,
                    },
                    "records_by_country": {
                        "title": "Records by country",
                        "description": "Country: a name or ISO code (empty for all).",
                        "sql": RECORDS_BY_COUNTRY,
                    },
                    "search_any_script": {
                        "title": "Search part of a word, in any script",
                        "description": "Finds text of three characters or more anywhere in names, "
                        "aliases, topics and summaries, also inside a Hangul or CJK word (마스크).",
                        "sql": SEARCH_ANY_SCRIPT,
                    },
                },
            }
        },
    }


def metadata_bytes(title: str, sources: list[YamlMapping], database: str = DATABASE) -> bytes:
    return (json.dumps(metadata(title, sources, database), ensure_ascii=False, indent=2) + "\n").encode(
        "utf-8"
    )
