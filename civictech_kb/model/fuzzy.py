"""How close a mistyped word must be to count as meant: one policy for every
resolver (countries, regions, topics, categories, records), for search's
fuzzy fallback and for "did you mean" suggestions.

A word may differ from what was meant by a number of edits (a letter added,
dropped or changed, or two neighbours swapped) that grows with its length:
none under 4 characters, one up to 9, two up to 14, then three. In words
under 7 characters a changed letter counts as two edits, since short words
one letter apart are usually different words ("police" and "policy",
"sake" and "safe"), while a dropped or swapped letter is a slip. The first
character must agree: people rarely mistype it ("gender" is not "tender").
"""

from __future__ import annotations

from collections.abc import Iterable

EDIT_STEPS = ((4, 1), (10, 2), (15, 3))  # (from this length, this many edits)
SHORT_WORD = 7  # below this length, changing a letter costs two edits


def max_edits(length: int) -> int:
    """How many edits a word of this length may carry and still be recognised."""
    allowed = 0
    for start, edits in EDIT_STEPS:
        if length >= start:
            allowed = edits
    return allowed


def edits(typed: str, meant: str) -> int:
    """The edits between what was typed and a choice: letters added, dropped
    or swapped with a neighbour count one each, a changed letter two in a
    short word (see the module's docstring)."""
    change = 2 if len(typed) < SHORT_WORD else 1
    rows = [list(range(len(meant) + 1))]
    for i, a in enumerate(typed, 1):
        row = [i]
        for j, b in enumerate(meant, 1):
            cost = min(rows[-1][j] + 1, row[j - 1] + 1, rows[-1][j - 1] + (0 if a == b else change))
            if i > 1 and j > 1 and a == meant[j - 2] and typed[i - 2] == b:
                cost = min(cost, rows[-2][j - 2] + 1)
            row.append(cost)
        rows.append(row)
    return rows[-1][-1]


def close_matches(word: str, choices: Iterable[str], limit: int | None = None) -> list[str]:
    """The choices close enough to `word` to be what was meant, closest first
    (ties in the order given); the word itself, if it is a choice, comes first."""
    from rapidfuzz import process
    from rapidfuzz.distance import OSA

    allowed = max_edits(len(word))
    pool = [c for c in dict.fromkeys(choices) if c[:1] == word[:1] and abs(len(c) - len(word)) <= allowed]
    if not word or not pool:
        return []
    # a cheap first cut (every edit costing one), then the policy's own count
    near = process.extract(word, pool, scorer=OSA.distance, score_cutoff=allowed, limit=len(pool))
    costed = [(name, edits(word, name), at) for name, _, at in near]
    ranked = sorted((match for match in costed if match[1] <= allowed), key=lambda m: (m[1], m[2]))
    names = [name for name, _, _ in ranked]
    return names if limit is None else names[:limit]


def closest_with_edits(word: str, choices: Iterable[str]) -> list[tuple[str, int]]:
    """close_matches() with each choice's number of edits, for telling a
    clear winner from a tie."""
    return [(name, edits(word, name)) for name in close_matches(word, choices)]


def near_misses(word: str, choices: Iterable[str], limit: int | None = None) -> list[str]:
    """What to offer as "did you mean" when nothing is close enough to assume:
    the choices one edit further than close_matches() allows (from 4
    characters on, same first letter), closest first."""
    if len(word) < 4:
        return []
    allowed = max_edits(len(word)) + 1
    pool = [c for c in dict.fromkeys(choices) if c[:1] == word[:1] and abs(len(c) - len(word)) <= allowed]
    ranked = sorted((n, i, c) for i, c in enumerate(pool) if (n := edits(word, c)) <= allowed)
    names = [c for _, _, c in ranked]
    return names if limit is None else names[:limit]
