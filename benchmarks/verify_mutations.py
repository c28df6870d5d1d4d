"""How many altered claims `ctkb verify` catches: a mutation run over the
bundled records and the seed texts.

Each checkable claim that verify confirms is altered in a few plausible
ways (a figure off by one or ten times larger, a range with one end moved, a
year one off, a name in another script cut short by one letter at either
end, a web address with its host changed), and each figure given another
hedge (exact as about or more than, a hedged one as exact), another
figure's label, and another figure's label of another kind (see
figures.counted), and checked again against the same cited sections. A
mutation that still passes is a miss: the text says the altered value too
(beside the same words, hedged the same way), or verify matched it inside
another token.

    PYTHONPATH=. python benchmarks/verify_mutations.py [--sources-dir ../shared/seeds] [--misses]
"""

from __future__ import annotations

import argparse
import dataclasses
from collections.abc import Iterator
from pathlib import Path

from civictech_kb.provenance import verify
from civictech_kb.provenance.claims import Claim, figure_problem, record_claims, says
from civictech_kb.provenance.figures import WORD, counted, figure_words, phrase
from civictech_kb.search.text import stem
from civictech_kb.store.loader import load_collection

HERE = Path(__file__).resolve().parent
RECORDS = HERE.parent / "records"
SEEDS = HERE.parent.parent / "shared" / "seeds"


# Words that count the same things: the old `label` mutation swaps in a label
# sharing no word with the claim's, one of these standing for its group.
SAME_THINGS = [
    ["people", "ppl", "persons", "participants", "attendees", "individuals"],
    ["students", "pupils"],
    ["organisations", "organizations", "groups", "entities"],
]
SAME = {key: stem(group[0]) for group in SAME_THINGS for word in group for key in (word, stem(word))}


def label_stems(text: str) -> frozenset[str]:
    """The stems of a label's own words (no function words), each word of
    a group of SAME_THINGS standing for its group."""
    function_words = figure_words().function_words
    stems = set()
    for word in WORD.findall(text.casefold()):
        if word in function_words or word in "~+":
            continue
        stemmed = stem(word)
        stems.add(SAME.get(word) or SAME.get(stemmed) or stemmed)
    return frozenset(stems)


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


def hedge_mutations(claim: Claim) -> Iterator[frozenset[str]]:
    """Other hedges for a figure: an exact one given as about or more than,
    a hedged one given as exact (a record dropping or adding "about")."""
    if not claim.hedges:
        return
    if claim.hedges == {"exact"}:
        yield from (frozenset({"approximate"}), frozenset({"more_than"}))
    else:
        yield frozenset({"exact"})


def passes(claim: Claim, found: list) -> bool:
    """Whether verify lets the claim through these sections."""
    if not any(says(claim, s.text, s.context) for s in found):
        return False
    return figure_problem(claim, [t for s in found for t in (s.text, s.context) if t]) is None


def confirmed(records: Path, sources_dir: Path) -> list[tuple[str, Claim, list]]:
    """(record id, claim, cited sections) of every claim verify confirms."""
    collection = load_collection(records, use_cache=False)
    report = verify.VerifyReport()
    texts = verify._Texts(collection, sources_dir, report)
    found_claims = []
    for record in collection.records:
        cited = [verify._cited(record, ("sources", n), c, texts, report)
                 for n, c in enumerate(record.get("sources", []))]  # fmt: skip
        for claim in record_claims(record.data):
            if claim.citation is not None:
                at = ("milestones", claim.where[1], "source")
                spans = [verify._cited(record, at, claim.citation, texts, report)]
            else:
                spans = cited
            found = [s.section for s in spans if s is not None]
            if found and passes(claim, found):  # only claims verify confirms can show a miss
                found_claims.append((record.id, claim, found))
    return found_claims


def run(records: Path, sources_dir: Path) -> dict[tuple[bool, str, str], tuple[int, list[str]]]:
    """(running text?, mutation kind, claim kind) -> (mutations tried, the
    misses described). Mutation kinds: value (the claim's value altered),
    hedge (a figure's hedge dropped or added), label (a figure given another
    figure's label with no word in common), kind (another figure's label of
    another known kind of thing: people for projects)."""
    claims = confirmed(records, sources_dir)
    labels = [claim.label for _, claim, _ in claims if claim.label]
    outcome: dict[tuple[bool, str, str], tuple[int, list[str]]] = {}

    def attempt(kind: str, record_id: str, claim: Claim, mutant: Claim, found: list, said: str) -> None:
        key = (claim.field.endswith(" text"), kind, claim.kind)
        tried, misses = outcome.get(key, (0, []))
        if passes(mutant, found):
            misses = [*misses, f"{record_id}: {claim.kind} {claim.value} {said} ({claim.field})"]
        outcome[key] = (tried + 1, misses)

    for record_id, claim, found in claims:
        for altered in mutations(claim):
            attempt(
                "value", record_id, claim, dataclasses.replace(claim, value=altered), found, f"-> {altered}"
            )
        for hedges in hedge_mutations(claim):
            shown = f"as {'/'.join(sorted(hedges))}"
            attempt("hedge", record_id, claim, dataclasses.replace(claim, hedges=hedges), found, shown)
        if claim.label:
            own = label_stems(" ".join(claim.label))
            other = next((lb for lb in labels if not label_stems(" ".join(lb)) & own), None)
            if other is not None:
                mutant = dataclasses.replace(claim, label=other)
                attempt("label", record_id, claim, mutant, found, f"labelled {' '.join(other)!r}")
            # another kind: a label in other words for the same kind of thing is a paraphrase, not a mislabel
            kind = _kind(claim.label)
            other = next((lb for lb in labels if kind and _kind(lb) not in (None, kind)), None)
            if other is not None:
                mutant = dataclasses.replace(claim, label=other)
                attempt("kind", record_id, claim, mutant, found, f"labelled {' '.join(other)!r}")
    return outcome


def _kind(label: tuple[str, ...]) -> str | None:
    found = counted(phrase(" ".join(label)))
    return found[0] if found else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=Path, default=RECORDS)
    parser.add_argument("--sources-dir", type=Path, default=SEEDS)
    parser.add_argument("--misses", action="store_true", help="List the mutations that passed.")
    args = parser.parse_args()
    outcome = run(args.records, args.sources_dir)
    print(f"{'claims':<16} {'mutation':<8} {'kind':<8} {'tried':>5} {'passed':>6}")
    for prose in (False, True):
        where = "running text" if prose else "structured"
        rows = sorted((k, v) for k, v in outcome.items() if k[0] == prose)
        for (_, kind, claim_kind), (tried, misses) in rows:
            print(f"{where:<16} {kind:<8} {claim_kind:<8} {tried:>5} {len(misses):>6}")
        tried = sum(v[0] for _, v in rows)
        passed = sum(len(v[1]) for _, v in rows)
        print(f"{where:<16} {'all':<8} {'':<8} {tried:>5} {passed:>6}")
    if args.misses:
        for _, misses in sorted(outcome.values()):
            print("\n".join(misses))


if __name__ == "__main__":
    main()
