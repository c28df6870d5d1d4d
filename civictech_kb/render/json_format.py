"""JSON: the data exactly as the library returns it, UTF-8, stable key order."""

from __future__ import annotations

import json


def render(view: str, data, display) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
