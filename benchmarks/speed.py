"""Whole-process timings of ctkb against sqlite-utils on the same records.

    .venv/bin/python benchmarks/speed.py                 # bundled, 1k, 10k, 100k
    .venv/bin/python benchmarks/speed.py --sizes 0 1000  # 0 means the bundled records

For each size it builds a synthetic collection (benchmarks/synthetic.py),
exports the same records to SQLite with an FTS5 index, and times, as separate
processes and in the same run:
  - ctkb validate with no cache (cold), and the first ctkb search (which
    builds the cache and the search index),
  - ctkb search "fact-checking" with a warm cache and sqlite-utils search on
    the SQLite copy, alternated run by run so both see the same machine load,
  - ctkb search after editing one file (new content), alternated with a
    warm search, and after touching one (new time, same content).
It prints medians and the ratios as a Markdown table. Other processes on the
machine slow both sides of each pair alike; compare ratios, not seconds.
Python runs with bytecode caching on (PYTHONDONTWRITEBYTECODE removed), as an
installed package has its .pyc files, and every command runs once untimed first.
Not a test: run it by hand and paste the table into benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import os
import resource
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

from civictech_kb.store.loader import default_records_dir, discover  # noqa: E402

BIN = Path(sys.executable).parent
QUERY = "fact-checking"


def run(command: list[str], env: dict) -> float:
    start = time.perf_counter()
    result = subprocess.run(command, env=env, capture_output=True, check=False)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed: {result.stderr.decode()[-500:]}")
    return elapsed


def timed(command: list[str], env: dict) -> tuple[float, float]:
    """Wall-clock seconds of one run, and the CPU seconds (user + system) it
    and its worker processes used: on a shared machine, the CPU time is what
    the run itself cost."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    elapsed = run(command, env)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return elapsed, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


# Runs a command and prints its peak resident memory in kilobytes. Linux keeps
# a process's high-water mark across exec, so a command forked straight from
# this script (which holds every generated record: 230 MB at 100,000) would
# report this script's size; forked from a fresh small interpreter, it reports its own.
MEASURE = (
    "import os, subprocess, sys; "
    "p = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL); "
    "print(os.wait4(p.pid, 0)[2].ru_maxrss)"
)


def peak_memory(command: list[str], env: dict) -> float:
    """The peak resident memory of one run of command, in MB."""
    out = subprocess.run([sys.executable, "-c", MEASURE, *command], env=env, capture_output=True, check=True)
    return int(out.stdout) / 1024  # kilobytes on Linux


def folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def paired(commands: list[tuple[list[str], object]], env: dict, runs: int) -> list[float]:
    """Median times of commands run in turn, `runs` rounds; each (command,
    before) pair runs `before()` untimed first when it is given."""
    times: list[list[float]] = [[] for _ in commands]
    for _ in range(runs):
        for timings, (command, before) in zip(times, commands, strict=True):
            if before:
                before()
            timings.append(run(command, env))
    return [statistics.median(t) for t in times]


def build_sqlite(records_dir: Path, target: Path) -> Path:
    import sqlite_utils
    import yaml

    rows = []
    for path in discover(records_dir):
        record = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
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
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    env |= {"CTKB_CACHE_DIR": str(workdir / f"cache-{size}"), "NO_COLOR": "1"}
    shutil.rmtree(workdir / f"cache-{size}", ignore_errors=True)
    ctkb = [str(BIN / "ctkb")]
    search = [*ctkb, "search", QUERY, "--records", str(records)]
    sqlite = [str(BIN / "sqlite-utils"), "search", str(database), "records", QUERY, "--quote"]
    run([*ctkb, "--help"], env)  # bytecode written, files in the page cache
    cold, cold_cpu = timed([*ctkb, "--no-cache", "validate", "--records", str(records)], env)
    first, first_cpu = timed(search, env)  # builds the cache and the index
    run(sqlite, env)
    warm, baseline = paired([(search, None), (sqlite, None)], env, runs)
    files = [p for p in discover(records) if "/countries/" not in str(p)]
    touched = iter(files)
    edited = iter(reversed(files))

    def touch():
        os.utime(next(touched))

    def edit():
        path = next(edited)
        path.write_text(path.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")

    warm_again, after_edit, after_touch = paired([(search, None), (search, edit), (search, touch)], env, runs)
    run(search, env)
    memory = peak_memory(search, env)
    cache_share = folder_bytes(workdir / f"cache-{size}") / folder_bytes(records)
    return {"size": count, "warm": warm, "sqlite": baseline, "warm2": warm_again, "edit": after_edit,
            "touch": after_touch, "cold": cold, "first": first, "memory": memory, "cache": cache_share,
            "cold_cpu": cold_cpu, "first_cpu": first_cpu, "load": os.getloadavg()[0]}  # fmt: skip


def table(rows: list[dict]) -> str:
    lines = [
        "| records | ctkb search (warm) | sqlite-utils search | ratio | warm again | after editing 1 file "
        "| edit / warm | after touching 1 file | touch / warm | ctkb validate (cold) | first search (builds cache) "
        "| peak memory (warm search) | cache / records size | CPU: validate, first search | load average |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        lines.append(f"| {r['size']:,} | {r['warm']:.3f} s | {r['sqlite']:.3f} s | {r['warm'] / r['sqlite']:.2f}x "
                     f"| {r['warm2']:.3f} s | {r['edit']:.3f} s | {r['edit'] / r['warm2']:.2f}x "
                     f"| {r['touch']:.3f} s | {r['touch'] / r['warm2']:.2f}x | {r['cold']:.1f} s | {r['first']:.1f} s "
                     f"| {r['memory']:.0f} MB | {r['cache']:.2f}x | {r['cold_cpu']:.1f} s, {r['first_cpu']:.1f} s | {r['load']:.1f} |")  # fmt: skip
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
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
    print(f"{os.cpu_count()} cores, Python {sys.version.split()[0]}, median of {args.runs} paired runs\n")
    print(table(rows))


if __name__ == "__main__":
    main()
