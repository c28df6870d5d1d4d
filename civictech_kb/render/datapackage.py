"""A Frictionless data package: the tables of views.tables as CSV files and
a datapackage.json that describes them (each field's type and description,
primary and foreign keys), with the data licence and the sources.

Lists and mappings are JSON text in their cells, which Table Schema's array
and object types read back. Partial dates (2020, 2020-02, 2020-02-14) are
strings with a pattern, as no Table Schema date type holds all three;
`year` gives the year as an integer.
"""

from __future__ import annotations

import csv
import io
import json
from typing import TYPE_CHECKING

from civictech_kb.model import licence
from civictech_kb.model.data import JsonObject, Row, YamlValue
from civictech_kb.views.citations import credits
from civictech_kb.views.tables import Field, Table, rows, tables

if TYPE_CHECKING:
    from civictech_kb.views.export import ExportRequest

PACKAGE_NAME = "civictech-kb"


def export_files(request: ExportRequest) -> dict[str, bytes]:
    """datapackage.json and one CSV file per table, by file name."""
    data = rows(request.records, request.collection)
    files = {f"{schema.name}.csv": _csv(schema, data[schema.name]) for schema in tables()}
    files["datapackage.json"] = _json(descriptor(request))
    return files


def descriptor(request: ExportRequest) -> JsonObject:
    """The data package descriptor (Data Package v1, as frictionless reads it)."""
    return {
        "name": PACKAGE_NAME,
        "title": request.title,
        "description": "Civic tech projects, communities, organizations, events and country profiles in East "
        "and South Asia, with their challenges, lessons and sources, exported by ctkb."
        + (f" Selection: {request.selection}." if request.selection else ""),
        "created": f"{request.generated.isoformat()}T00:00:00Z",
        "licenses": [
            {
                "name": licence.DATA_LICENCE_ID,
                "path": licence.DATA_LICENCE_URL,
                "title": licence.DATA_LICENCE_NAME,
            }
        ],
        "sources": [
            {"title": s["title"], **({"path": s["url"]} if s.get("url") else {})}
            for s in credits(request.collection)
        ],
        "keywords": ["civic tech", "open government", "East Asia", "South Asia", "South-eastern Asia"],
        "resources": [_resource(schema) for schema in tables()],
    }


def _resource(schema: Table) -> JsonObject:
    table_schema: JsonObject = {
        "fields": [_field(field) for field in schema.fields],
        "primaryKey": list(schema.primary_key),
        "missingValues": [""],
    }
    if schema.foreign_keys:
        table_schema["foreignKeys"] = [
            {
                "fields": list(fk["fields"]),
                "reference": {"resource": fk["table"], "fields": list(fk["reference"])},
            }
            for fk in schema.foreign_keys
        ]
    return {
        "name": schema.name,
        "path": f"{schema.name}.csv",
        "title": schema.title,
        "description": schema.description,
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "dialect": {"delimiter": ",", "quoteChar": '"', "doubleQuote": True, "header": True},
        "schema": table_schema,
    }


def _field(field: Field) -> JsonObject:
    described: JsonObject = {"name": field.name, "type": field.type, "description": field.description}
    constraints: JsonObject = {}
    if field.required:
        constraints["required"] = True
    if field.pattern:
        constraints["pattern"] = field.pattern
    if field.enum:
        constraints["enum"] = list(field.enum)
    if field.format:
        described["format"] = field.format
    if constraints:
        described["constraints"] = constraints
    return described


def _csv(schema: Table, table_rows: list[Row]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(schema.columns)
    writer.writerows(["" if value is None else value for value in row] for row in table_rows)
    return out.getvalue().encode("utf-8")


def _json(value: YamlValue) -> bytes:
    return (json.dumps(value, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
