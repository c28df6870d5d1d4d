"""Ranking: records matching every distinctive word first, and among the
others, those holding the query's rare words above those holding its
commonplace ones."""

from __future__ import annotations

from civictech_kb.model.record import Collection, Record
from civictech_kb.search.ranking import search


def collection_of(*records: dict) -> Collection:
    base = {"type": "project", "summary": "A project.", "sources": [{"url": "https://example.org/x"}]}
    return Collection(Record({**base, **r}) for r in records)


def filler() -> list[dict]:
    """Records in which "students" and "build" are commonplace words (yet
    in too few records to be left out of "every word")."""
    other = [{"id": f"other-{i}", "name": f"Other {i}", "summary": "A river."} for i in range(22)]
    return [
        *other,
        *({"id": f"school-{i}", "name": f"School {i}", "summary": "Students build."} for i in range(8)),
    ]


def test_a_partial_match_on_the_rare_word_beats_one_on_the_common_words():
    collection = collection_of(
        *filler(),
        {"id": "common-words", "name": "Lab", "summary": "Students in Japan build things."},
        {"id": "rare-word", "name": "Quiet Map", "summary": "A map for hyperacusis in Japan."},
    )
    hits = [h.id for h in search(collection, "students build tools for hyperacusis in japan")]
    assert hits[0] == "rare-word"


def test_records_matching_every_distinctive_word_still_come_first():
    collection = collection_of(
        *filler(),
        {"id": "every-word", "name": "Plain", "summary": "Students build a map for hyperacusis."},
        {"id": "rare-word", "name": "Hyperacusis Hyperacusis", "summary": "Hyperacusis, hyperacusis."},
    )
    hits = {h.id: h for h in search(collection, "students build hyperacusis")}
    assert next(iter(hits)) == "every-word"
    assert hits["rare-word"].score > hits["every-word"].score
