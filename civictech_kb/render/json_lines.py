"""JSON Lines: one complete record per line, for streaming tools (jq -c,
pandas.read_json(lines=True), BigQuery loads)."""

from __future__ import annotations

import json

from civictech_kb.model.text import visible
from civictech_kb.render.json_array import complete_records

BINARY = False


def export(request) -> bytes:
    lines = (visible(json.dumps(record, ensure_ascii=False)) + "\n" for record in complete_records(request))
    return "".join(lines).encode("utf-8")
