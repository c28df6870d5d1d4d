"""Synthetic collections for benchmarks: the bundled records replicated with
new ids and perturbed text, relations kept pointing inside each replica."""

from __future__ import annotations

import random
import re
from pathlib import Path

from ruamel.yaml import YAML

from civictech_kb.loader import default_records_dir, discover
from civictech_kb.record import TYPE_DIRS

FILLER = ("community", "open", "data", "civic", "volunteer", "city", "map", "platform", "citizens",
          "report", "network", "public", "service", "school", "health", "water", "budget")  # fmt: skip


def _perturb(text: str, rng: random.Random) -> str:
    words = text.split()
    for _ in range(max(1, len(words) // 8)):
        words.insert(rng.randrange(len(words) + 1), rng.choice(FILLER) + str(rng.randrange(1000)))
    return " ".join(words)


def _rename(record: dict, suffix: str, ids: set[str], rng: random.Random) -> dict:
    record = dict(record)
    record["id"] = f"{record['id']}-{suffix}"
    record["name"] = f"{record['name']} {suffix}"
    record["summary"] = _perturb(record["summary"], rng)
    relations = record.get("relations")
    if relations:
        record["relations"] = {kind: [f"{t}-{suffix}" for t in targets if t in ids]
                               for kind, targets in relations.items()}  # fmt: skip
        record["relations"] = {k: v for k, v in record["relations"].items() if v}
        if not record["relations"]:
            del record["relations"]
    return record


def build(target: Path, size: int, source: Path | None = None, seed: int = 7) -> Path:
    """Write about `size` records below target (whole replicas of the source,
    so relations resolve); country records are copied once."""
    yaml = YAML(typ="safe", pure=True)
    rng = random.Random(seed)
    originals = [yaml.load(path.read_text(encoding="utf-8")) for path in discover(source or default_records_dir())]
    countries = [r for r in originals if r["type"] == "country"]
    others = [r for r in originals if r["type"] != "country"]
    replicable = {r["id"] for r in others}
    for folder in TYPE_DIRS.values():
        (target / folder).mkdir(parents=True, exist_ok=True)
    dump = YAML(typ="safe", pure=True)
    dump.default_flow_style = False
    dump.allow_unicode = True
    for record in countries:
        _write(dump, target, record)
    copies = max(1, round((size - len(countries)) / len(others)))
    for copy in range(copies):
        for record in others:
            _write(dump, target, _rename(record, f"x{copy}", replicable, rng))
    return target


def _write(dump: YAML, target: Path, record: dict) -> None:
    path = target / TYPE_DIRS[record["type"]] / f"{record['id']}.yaml"
    with path.open("w", encoding="utf-8") as handle:
        dump.dump(_clean(record), handle)


def _clean(value):
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_clean(v) for v in value]
    if isinstance(value, str) and re.fullmatch(r"\d{4}(-\d\d){0,2}", value):
        return value
    return value
