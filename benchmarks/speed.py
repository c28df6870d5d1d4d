"""Whole-process timings of ctkb against sqlite-utils on the same records.

    .venv/bin/python benchmarks/speed.py                 # bundled, 1k, 10k, 100k
    .venv/bin/python benchmarks/speed.py --sizes 0 1000  # 0 means the bundled records

For each size it builds a synthetic collection (benchmarks/synthetic.py),
exports the same records to SQLite with an FTS5 index, and times, as separate
processes and in the same run:
  - ctkb search "fact-checking" with a warm cache,
  - sqlite-utils search on the SQLite copy,
  - ctkb search after touching one file (new mtime, same content) and after
    editing one file (new content),
  - ctkb validate with no cache (cold).
It prints medians and the ratios ctkb / sqlite-utils as a Markdown table.
Not a test: run it by hand and paste the table into benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))

import synthetic  # noqa: E402

from civictech_kb.loader import default_records_dir, discover  # noqa: E402

BIN = Path(sys.executable).parent
QUERY = "fact-checking"


def timed(command: list[str], env: dict, runs: int, before=None) -> float:
    """Median wall time of `runs` runs; `before` runs untimed before each."""
    times = []
    for _ in range(runs):
        if before:
            before()
        start = time.perf_counter()
        result = subprocess.run(command, env=env, capture_output=True, check=False)
        times.append(time.perf_counter() - start)
        if result.returncode not in (0,):
            raise SystemExit(f"{' '.join(command)} failed: {result.stderr.decode()[-500:]}")
    return statistics.median(times)


def build_sqlite(records_dir: Path, target: Path) -> Path:
    import sqlite_utils
    from ruamel.yaml import YAML

    load = YAML(typ="safe", pure=True)
    rows = []
    for path in discover(records_dir):
        record = load.load(path.read_text(encoding="utf-8"))
        text = " ".join(str(v) for k, v in record.items() if k not in ("id", "name", "summary"))
        rows.append({"id": record["id"], "name": record["name"], "type": record["type"],
                     "summary": record["summary"], "text": text})  # fmt: skip
    target.unlink(missing_ok=True)
    db = sqlite_utils.Database(target)
    db["records"].insert_all(rows, pk="id")
    db["records"].enable_fts(["name", "summary", "text"])
    return target


def measure(size: int, workdir: Path, runs: int) -> dict:
    if size == 0:
        records = workdir / "records-bundled"  # a copy: the edit step must not touch the real records
        if not records.exists():
            shutil.copytree(default_records_dir(), records)
    else:
        records = workdir / f"records-{size}"
        if not records.exists():
            synthetic.build(records, size)
    count = len(discover(records))
    database = build_sqlite(records, workdir / f"records-{size}.db")
    env = {**os.environ, "CTKB_CACHE_DIR": str(workdir / f"cache-{size}"), "NO_COLOR": "1"}
    ctkb = [str(BIN / "ctkb")]
    search = [*ctkb, "search", QUERY, "--records", str(records)]
    cold = timed([*ctkb, "--no-cache", "validate", "--records", str(records)], env, 1)
    subprocess.run(search, env=env, capture_output=True, check=False)  # warm the cache
    warm = timed(search, env, runs)
    baseline = timed([str(BIN / "sqlite-utils"), "search", str(database), "records", QUERY, "--quote"], env, runs)
    files = [p for p in discover(records) if "/countries/" not in str(p)]
    touched = iter(files)
    edited = iter(reversed(files))

    def touch():
        os.utime(next(touched))

    def edit():
        path = next(edited)
        path.write_text(path.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")

    after_touch = timed(search, env, min(runs, 5), before=touch)
    after_edit = timed(search, env, min(runs, 5), before=edit)
    return {"size": count, "warm": warm, "sqlite": baseline, "touch": after_touch, "edit": after_edit,
            "cold": cold}  # fmt: skip


def table(rows: list[dict]) -> str:
    lines = [
        "| records | ctkb search (warm) | sqlite-utils search | ratio | after touching 1 file | after editing 1 file "
        "| edit / warm | ctkb validate (cold) |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        lines.append(f"| {r['size']:,} | {r['warm']:.3f} s | {r['sqlite']:.3f} s | {r['warm'] / r['sqlite']:.2f}x "
                     f"| {r['touch']:.3f} s | {r['edit']:.3f} s | {r['edit'] / r['warm']:.2f}x | {r['cold']:.1f} s |")  # fmt: skip
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[0, 1000, 10000, 100000])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--workdir", type=Path, help="keep generated collections here")
    args = parser.parse_args()
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="ctkb-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    rows = []
    try:
        for size in args.sizes:
            rows.append(measure(size, workdir, args.runs))
            print(table(rows[-1:]).splitlines()[-1], file=sys.stderr, flush=True)
    finally:
        if not args.workdir:
            shutil.rmtree(workdir, ignore_errors=True)
    print(f"{os.cpu_count()} cores, Python {sys.version.split()[0]}, median of {args.runs} runs\n")
    print(table(rows))


if __name__ == "__main__":
    main()
