"""Synthetic collections for benchmarks: the bundled records replicated with
new ids and perturbed text, relations kept pointing inside each replica.

Each source record is dumped once as a YAML template with placeholders, so
writing 100,000 files costs string substitution, not YAML dumping.
"""

from __future__ import annotations

import io
import json
import random
from pathlib import Path

from ruamel.yaml import YAML

from civictech_kb.model.record import TYPE_DIRS
from civictech_kb.store.loader import default_records_dir, discover

FILLER = ("community", "open", "data", "civic", "volunteer", "city", "map", "platform", "citizens",
          "report", "network", "public", "service", "school", "health", "water", "budget")  # fmt: skip


ONCE = ("country", "source")  # record types copied, not replicated


def _template(record: dict, replicable: set[str]) -> str:
    """YAML text of a record with @@ID@@, @@NAME@@, @@SUMMARY@@ and @@REL:id@@ slots."""
    record = dict(record, id="@@ID@@", name="@@NAME@@", summary="@@SUMMARY@@")
    if record.get("relations"):
        relations = {kind: [f"@@REL:{t}@@" for t in targets if t in replicable]
                     for kind, targets in record["relations"].items()}  # fmt: skip
        record["relations"] = {kind: targets for kind, targets in relations.items() if targets}
        if not record["relations"]:
            del record["relations"]
    dump = YAML(typ="safe", pure=True)
    dump.default_flow_style = False
    dump.allow_unicode = True
    dump.width = 100
    buffer = io.StringIO()
    dump.dump(record, buffer)
    return buffer.getvalue()


def _perturb(text: str, rng: random.Random) -> str:
    words = text.split()
    for _ in range(max(1, len(words) // 8)):
        words.insert(rng.randrange(len(words) + 1), rng.choice(FILLER) + str(rng.randrange(1000)))
    return " ".join(words)


def _fill(template: str, record: dict, suffix: str, rng: random.Random) -> str:
    text = template.replace("'@@", "@@").replace("@@'", "@@")  # the dumper quotes slots that start with @
    text = text.replace("@@ID@@", f"{record['id']}-{suffix}")
    text = text.replace("@@NAME@@", json.dumps(f"{record['name']} {suffix}", ensure_ascii=False))
    text = text.replace("@@SUMMARY@@", json.dumps(_perturb(record["summary"], rng), ensure_ascii=False))
    for target in (record.get("relations") or {}).values():
        for target_id in target:
            text = text.replace(f"@@REL:{target_id}@@", f"{target_id}-{suffix}")
    return text


def build(target: Path, size: int, source: Path | None = None, seed: int = 7) -> Path:
    """Write about `size` records below target (whole replicas of the source,
    so relations resolve); country and source records are copied once, as
    other records cite them by id."""
    rng = random.Random(seed)
    load = YAML(typ="safe", pure=True)
    paths = discover(source or default_records_dir())
    originals = [(path, load.load(path.read_text(encoding="utf-8"))) for path in paths]
    replicable = {r["id"] for _, r in originals if r["type"] not in ONCE}
    for folder in TYPE_DIRS.values():
        (target / folder).mkdir(parents=True, exist_ok=True)
    others = []
    for path, record in originals:
        if record["type"] in ONCE:
            (target / path.parent.name / path.name).write_bytes(path.read_bytes())
        else:
            others.append((record, _template(record, replicable)))
    copies = max(1, round((size - (len(originals) - len(others))) / len(others)))
    for copy in range(copies):
        for record, template in others:
            path = target / TYPE_DIRS[record["type"]] / f"{record['id']}-x{copy}.yaml"
            path.write_text(_fill(template, record, f"x{copy}", rng), encoding="utf-8")
    return target
