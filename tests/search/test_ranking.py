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
    rare, every = hits["rare-word"].ranked, hits["every-word"].ranked
    assert rare is not None and every is not None and rare.bm25f > every.bm25f  # a higher BM25F, yet below


def test_the_score_shown_falls_with_rank_across_tiers():
    collection = collection_of(
        *filler(),
        {"id": "every-word", "name": "Plain", "summary": "Students build a map for hyperacusis."},
        {"id": "rare-word", "name": "Hyperacusis Hyperacusis", "summary": "Hyperacusis, hyperacusis."},
        {"id": "some-words", "name": "Students Students", "summary": "Students build students."},
    )
    hits = search(collection, "students build hyperacusis map", limit=None)
    assert hits[0].id == "every-word"
    scores = [hit.score for hit in hits]
    assert scores == sorted(scores, reverse=True)


def test_an_explained_hit_says_its_tier_and_coverage():
    collection = collection_of(
        *filler(),
        {"id": "every-word", "name": "Plain", "summary": "Students build a map for hyperacusis."},
        {"id": "rare-word", "name": "Hyperacusis Hyperacusis", "summary": "Hyperacusis, hyperacusis."},
    )
    hits = {hit.id: hit for hit in search(collection, "students build hyperacusis map", limit=None)}
    every, rare = hits["every-word"].ranked, hits["rare-word"].ranked
    assert every is not None and rare is not None
    assert (every.tier, every.coverage) == ("all words", 1.0)
    assert rare.tier == "some words" and 0 < rare.coverage < 1
    assert rare.bm25f > every.bm25f * rare.coverage  # its raw total is scaled down by what it misses
    assert "ranked" in hits["rare-word"].as_dict(explain=True)


def test_a_question_about_a_named_record_puts_it_first_though_others_hold_the_question_word():
    collection = collection_of(
        *filler(),
        {
            "id": "tide-watch",
            "type": "community",
            "name": "Tide Watch",
            "summary": "Volunteers log sea levels.",
        },
        {
            "id": "harbour-office",
            "type": "organization",
            "name": "Harbour Office",
            "summary": "Worked with Tide Watch; its members met the Tide Watch founder.",
        },
        {
            "id": "tide-app",
            "name": "Tide App",
            "summary": "Built by Tide Watch, whose founders joined later.",
        },
    )
    for question in (
        "who is the founder of Tide Watch?",
        "which members joined tide watch",
        "who started tide watch",
    ):
        assert search(collection, question)[0].id == "tide-watch", question


def test_equal_scores_are_ordered_by_relevance_not_by_id():
    from collections import Counter
    from types import SimpleNamespace

    from civictech_kb.search.ranking import Scored

    # Two records that cover no required word score 0 alike; the one whose
    # fields matched more (a higher BM25F total) comes first, whatever its id.
    scored = Scored(SimpleNamespace(required={"word"}), {0: 0.5, 1: 2.0}, Counter(), [], {})
    index = SimpleNamespace(ids=["a-weaker", "b-stronger"])
    assert scored.score(0) == scored.score(1) == 0
    assert sorted([0, 1], key=lambda n: scored.order(n, index)) == [1, 0]
