"""How close a mistyped word must be to count as meant: one policy for every
resolver (countries, regions, topics, categories, records), for search's
fuzzy fallback and for "did you mean" suggestions.

A word may differ from what was meant by a number of edits (a letter added,
dropped, changed, or two letters swapped) that grows with its length: none
under 4 characters, one up to 9, two up to 14, then three. The first
character must agree, since people rarely mistype it and a different first
letter usually makes a different word ("gender" is not "tender").
"""

from __future__ import annotations

from collections.abc import Iterable

EDIT_STEPS = ((4, 1), (10, 2), (15, 3))  # (from this length, this many edits)


def max_edits(length: int) -> int:
    """How many edits a word of this length may carry and still be recognised."""
    allowed = 0
    for start, edits in EDIT_STEPS:
        if length >= start:
            allowed = edits
    return allowed


def edits(a: str, b: str) -> int:
    """The edit distance (with swaps of neighbours) between two strings."""
    from rapidfuzz.distance import DamerauLevenshtein

    return int(DamerauLevenshtein.distance(a, b))


def close_matches(word: str, choices: Iterable[str], limit: int | None = None) -> list[str]:
    """The choices close enough to `word` to be what was meant, closest first
    (ties in the order given); the word itself, if it is a choice, comes first."""
    from rapidfuzz import process
    from rapidfuzz.distance import DamerauLevenshtein

    allowed = max_edits(len(word))
    pool = [c for c in dict.fromkeys(choices) if c[:1] == word[:1] and abs(len(c) - len(word)) <= allowed]
    if not word or not pool:
        return []
    found = process.extract(
        word, pool, scorer=DamerauLevenshtein.distance, score_cutoff=allowed, limit=len(pool)
    )
    ranked = sorted(found, key=lambda match: (match[1], match[2]))
    names = [name for name, _, _ in ranked]
    return names if limit is None else names[:limit]


def closest_with_edits(word: str, choices: Iterable[str]) -> list[tuple[str, int]]:
    """close_matches() with each choice's number of edits, for telling a
    clear winner from a tie."""
    return [(name, edits(word, name)) for name in close_matches(word, choices)]
