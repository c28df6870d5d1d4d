"""Cutting runs of unspaced text (Thai, Chinese, Japanese, Korean, Burmese)
into the words a query means, by longest match against the collection's own
vocabulary: topic synonyms in every language, country and place names,
record names. What no word covers stays together as one piece, searched by
its character bigrams; particles such as の, 的, ใน or 에서 are marked as
stop pieces and left out of scoring.
"""

from __future__ import annotations

from collections.abc import Callable

from civictech_kb.search.text import Chunk, cluster_units, run_chunk

LONGEST_WORD = 16  # characters (clusters); no vocabulary word in a run is longer


def segment(chunk: Chunk, known: Callable[[str], bool], stops: frozenset[str]) -> list[tuple[Chunk, bool]]:
    """The pieces of a run chunk, each with whether it is a stop piece. A run
    that is known as a whole, or has no known word in it, stays one piece."""
    if chunk.kind != "run" or known(chunk.key):
        return [(chunk, chunk.key in stops)]
    units = cluster_units(chunk.key)
    pieces: list[tuple[Chunk, bool]] = []
    pending = 0  # where the unknown characters since the last word began
    at = 0
    offsets = [0]
    for unit in units:
        offsets.append(offsets[-1] + len(unit))

    def flush(stop: int) -> None:
        if pending < stop:
            text = "".join(units[pending:stop])
            pieces.append((run_chunk(text, chunk.start + offsets[pending]), False))

    while at < len(units):
        end = _longest(units, at, known)
        stop_end = _longest(units, at, stops.__contains__)
        if (
            end is None
            and stop_end is not None
            and at == pending
            and (stop_end == len(units) or _longest(units, stop_end, known) is not None or pieces)
        ):
            # a particle between words (never one cut out of an unknown word)
            pieces.append((run_chunk("".join(units[at:stop_end]), chunk.start + offsets[at]), True))
            at = pending = stop_end
            continue
        if end is None:
            at += 1
            continue
        flush(at)
        pieces.append((run_chunk("".join(units[at:end]), chunk.start + offsets[at]), False))
        at = pending = end
    flush(len(units))
    if all(not stop for _, stop in pieces) and len(pieces) == 1:
        return [(chunk, False)]
    return pieces


def _longest(units: list[str], at: int, known: Callable[[str], bool]) -> int | None:
    """The end of the longest known word starting at `at`, if any."""
    for end in range(min(len(units), at + LONGEST_WORD), at, -1):
        if known("".join(units[at:end])):
            return end
    return None
