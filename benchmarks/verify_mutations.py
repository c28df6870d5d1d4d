"""How many altered claims `ctkb verify` catches: a mutation run over the
bundled records and the seed texts.

Each checkable claim that verify confirms is altered in a few plausible
ways (a figure off by one or ten times larger, a range with one end moved, a
year one off, a name in another script cut short by one letter at either
end, a web address with its host changed) and checked again against the
same cited sections. A mutation that still passes is a miss: the text says
the altered value too, or verify matched it inside another token.

    PYTHONPATH=. python benchmarks/verify_mutations.py [--sources-dir ../shared/seeds] [--misses]
"""

from __future__ import annotations

import argparse
import dataclasses
from collections.abc import Iterator
from pathlib import Path

from civictech_kb.provenance import verify
from civictech_kb.provenance.claims import Claim, record_claims, says
from civictech_kb.store.loader import load_collection

HERE = Path(__file__).resolve().parent
RECORDS = HERE.parent / "records"
SEEDS = HERE.parent.parent / "shared" / "seeds"


def mutations(claim: Claim) -> Iterator[str]:
    """Altered values of a claim, each different from the claim's own."""
    value = claim.value
    if claim.kind == "figure":
        low, dash, high = value.partition("-")
        if dash:
            yield from (f"{int(float(low)) + 1}-{high}", f"{low}-{int(float(high)) + 10}", low, high)
        else:
            number = float(value)
            for altered in (number + 1, number * 10, number - 1):
                if altered > 0:
                    yield str(int(altered)) if altered.is_integer() else str(altered)
    elif claim.kind == "date":
        year, _, rest = value.partition("-")
        yield from (
            f"{int(year) + 1}{'-' + rest if rest else ''}",
            f"{int(year) - 1}{'-' + rest if rest else ''}",
        )
    elif claim.kind == "name" and len(value) > 2:
        yield from (value[:-1], value[1:])
    elif claim.kind == "address":
        scheme, sep, rest = value.partition("://")
        host = rest if sep else scheme
        yield (f"{scheme}://" if sep else "") + "x" + host


def run(records: Path, sources_dir: Path, prose: bool = False) -> tuple[int, int, list[str]]:
    """(mutations tried, mutations caught, the misses described), of the
    structured claims' values, or (prose) of the claims in running text."""
    collection = load_collection(records, use_cache=False)
    report = verify.VerifyReport()
    texts = verify._Texts(collection, sources_dir, report)
    tried = caught = 0
    misses = []
    for record in collection.records:
        cited = [verify._cited(record, ("sources", n), c, texts, report)
                 for n, c in enumerate(record.get("sources", []))]  # fmt: skip
        for claim in record_claims(record.data):
            if claim.field.endswith(" text") != prose:
                continue
            if claim.citation is not None:
                spans = [
                    verify._cited(
                        record, ("milestones", claim.where[1], "source"), claim.citation, texts, report
                    )
                ]
            else:
                spans = cited
            found = [s.section for s in spans if s is not None]
            if not found or not any(says(claim, s.text, s.context) for s in found):
                continue  # only claims verify confirms can show a miss
            for altered in mutations(claim):
                tried += 1
                mutant = dataclasses.replace(claim, value=altered)
                if any(says(mutant, s.text, s.context) for s in found):
                    misses.append(f"{record.id}: {claim.kind} {claim.value} -> {altered} ({claim.field})")
                else:
                    caught += 1
    return tried, caught, misses


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=Path, default=RECORDS)
    parser.add_argument("--sources-dir", type=Path, default=SEEDS)
    parser.add_argument("--misses", action="store_true", help="List the mutations that passed.")
    args = parser.parse_args()
    for prose in (False, True):
        tried, caught, misses = run(args.records, args.sources_dir, prose)
        what = "claims in running text" if prose else "structured claims"
        print(f"{what}: {caught} of {tried} altered claims caught, {tried - caught} passed")
        if args.misses:
            print("\n".join(misses))


if __name__ == "__main__":
    main()
