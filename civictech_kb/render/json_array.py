"""JSON: an array of complete records, derived fields (country names,
regions, reverse relations) included; fields in schema order; UTF-8 text
unescaped."""

from __future__ import annotations

import json

from civictech_kb.model.text import visible
from civictech_kb.views.selection import with_derived

BINARY = False


def complete_records(request) -> list[dict]:
    """Each chosen record's data with what the collection derives for it."""
    return [with_derived(request.collection, record) for record in request.records]


def export(request) -> bytes:
    text = json.dumps(complete_records(request), ensure_ascii=False, indent=2)
    return (visible(text) + "\n").encode("utf-8")
