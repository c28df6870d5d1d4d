"""JSON Lines: one complete record per line, for streaming tools (jq -c,
pandas.read_json(lines=True), BigQuery loads)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from civictech_kb.model.text import visible

if TYPE_CHECKING:
    from civictech_kb.views.export import ExportRequest


def export(request: ExportRequest) -> bytes:
    lines = (visible(json.dumps(record, ensure_ascii=False)) + "\n" for record in request.complete_records())
    return "".join(lines).encode("utf-8")
