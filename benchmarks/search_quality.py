"""Search quality: recall@5 and MRR of `ctkb search` and of an SQLite FTS5
bm25 baseline, on the query set in search_queries.yaml.

    python benchmarks/search_quality.py [--records DIR] [--queries FILE] [--misses]

Queries marked `held_out: N` were written from the records before the
ranking was measured on them; each round is reported in a table of its own.
Rounds 1 and 2 informed later changes; the latest round is the honest
measure of how the ranking generalises.

The baseline is what a user gets from sqlite-utils: one FTS5 table over the
same records' text (unicode61 tokenizer), queried with the OR of the query's
words and ranked by bm25. Both systems see the same records.
"""

from __future__ import annotations

import argparse
import re
import sqlite3
import sys
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parent))

from civictech_kb.search.fields import field_texts  # noqa: E402
from civictech_kb.search.index import build_index  # noqa: E402
from civictech_kb.search.ranking import search  # noqa: E402
from civictech_kb.store.loader import default_records_dir, load_collection  # noqa: E402
from civictech_kb.store.strict_yaml import plain, read_yaml  # noqa: E402

TOP = 5
FTS_COLUMNS = ("name", "names", "aliases", "topics", "countries", "body")


def load_queries(path: Path) -> list[dict]:
    return plain(read_yaml(path))


def ctkb_ranking(collection, index):
    def rank(query: str) -> list[str]:
        return [hit.id for hit in search(collection, query, limit=20, index=index)]

    return rank


def fts_ranking(collection):
    """An in-memory FTS5 index of the records and a bm25 ranker over it."""
    db = sqlite3.connect(":memory:")
    db.execute(f"CREATE VIRTUAL TABLE docs USING fts5(id UNINDEXED, {', '.join(FTS_COLUMNS)}, "
               "tokenize='unicode61')")  # fmt: skip
    for record in collection:
        texts = field_texts(record.data)
        body = [t for name, values in texts.items() if name not in FTS_COLUMNS for t in values]
        row = [record.id, *(" ".join(texts.get(c, [])) for c in FTS_COLUMNS[:-1]), " ".join(body)]
        db.execute(f"INSERT INTO docs VALUES ({', '.join('?' * len(row))})", row)

    def rank(query: str) -> list[str]:
        words = re.findall(r"\w+", query)
        if not words:
            return []
        match = " OR ".join('"' + w.replace('"', '""') + '"' for w in words)
        rows = db.execute("SELECT id FROM docs WHERE docs MATCH ? ORDER BY bm25(docs) LIMIT 20", [match])
        return [row[0] for row in rows]

    return rank


def scores(ranking: list[str], expected: list[str]) -> tuple[float, float]:
    """(recall@5, reciprocal rank of the first expected record)."""
    top = ranking[:TOP]
    recall = len(set(top) & set(expected)) / min(len(expected), TOP)
    first = next((i for i, rid in enumerate(ranking, 1) if rid in expected), None)
    return recall, (1 / first if first else 0.0)


def evaluate(rank, queries: list[dict]) -> tuple[float, float, list[tuple[dict, list[str], float, float]]]:
    results = []
    for item in queries:
        ranking = rank(item["query"])
        recall, rr = scores(ranking, item["expect"])
        results.append((item, ranking, recall, rr))
    n = len(results) or 1
    return sum(r[2] for r in results) / n, sum(r[3] for r in results) / n, results


HARD_KINDS = ("question", "description", "script", "typo")


def per_kind_table(outcome: dict[str, list]) -> str:
    """recall@5 and MRR per kind of query, for each system, with the harder
    kinds together and every query together."""
    names = list(outcome)
    kinds = sorted({item["kind"] for item, *_ in next(iter(outcome.values()))})
    groups = [(kind, lambda item, kind=kind: item["kind"] == kind) for kind in kinds]
    groups += [("harder kinds", lambda item: item["kind"] in HARD_KINDS), ("all", lambda item: True)]
    head = f"{'kind':<14} {'n':>4}" + "".join(f"  {name[:16]:>16} R@5   MRR" for name in names)
    lines = [head]
    for label, chosen in groups:
        row = f"{label:<14}"
        for number, name in enumerate(names):
            picked = [r for r in outcome[name] if chosen(r[0])]
            n = len(picked) or 1
            if number == 0:
                row += f" {len(picked):>4}"
            row += f"  {'':>16} {sum(r[2] for r in picked) / n:.2f}  {sum(r[3] for r in picked) / n:.2f}"
        lines.append(row)
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=Path, default=default_records_dir())
    parser.add_argument("--queries", type=Path, default=HERE / "search_queries.yaml")
    parser.add_argument("--misses", action="store_true", help="List queries ctkb does not answer perfectly.")
    args = parser.parse_args()

    collection = load_collection(args.records)
    queries = load_queries(args.queries)
    known = {r.id for r in collection}
    missing = sorted({rid for q in queries for rid in q["expect"]} - known)
    if missing:
        print(f"note: expected records not in the collection: {', '.join(missing)}", file=sys.stderr)
    index = build_index(collection)
    systems = {
        "ctkb search": ctkb_ranking(collection, index),
        "FTS5 bm25 (OR)": fts_ranking(collection),
    }
    print(f"{len(queries)} queries, {len(collection)} records ({args.records})")
    rounds = sorted({q["held_out"] for q in queries if q.get("held_out")})
    sets = {"tuned on": [q for q in queries if not q.get("held_out")]}
    sets |= {f"held out, round {n}": [q for q in queries if q.get("held_out") == n] for n in rounds}
    for label, chosen in sets.items():
        if not chosen:
            continue
        print(f"\n{label}: {len(chosen)} queries\n")
        outcome = {name: evaluate(rank, chosen)[2] for name, rank in systems.items()}
        print(per_kind_table(outcome))
        if args.misses:
            print()
            for item, ranking, recall, rr in outcome["ctkb search"]:
                if recall < 1 or rr < 1:
                    print(f"{item['query']!r}: recall {recall:.2f} rr {rr:.2f}; "
                          f"want {item['expect']}, got {ranking[:TOP]}")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
