"""JSON, UTF-8, keys in a stable order: a view result exactly as
views.results.to_data gives it, and the `ctkb export` file, an array of
complete records (derived fields such as country names, regions and reverse
relations included; fields in schema order)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from civictech_kb.model.text import visible
from civictech_kb.render import Display
from civictech_kb.views.results import to_data

if TYPE_CHECKING:
    from civictech_kb.views.export import ExportRequest


def dumps(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def render(view: object, display: Display) -> str:
    return dumps(to_data(view))


def export(request: ExportRequest) -> bytes:
    return visible(dumps(request.complete_records())).encode("utf-8")
