"""Reading a query: words written apart that records write as one, close
spellings, and what "showing results for" says."""

from __future__ import annotations

import pytest

from civictech_kb.model.problems import UsageError
from civictech_kb.model.record import Collection, Record
from civictech_kb.search.fields import HINT_PREFIXES
from civictech_kb.search.index import build_index
from civictech_kb.search.query import read_query
from civictech_kb.search.ranking import find


def collection_of(*records: dict) -> Collection:
    base = {"type": "project", "summary": "A project.", "sources": [{"url": "https://example.org/x"}]}
    return Collection(Record({**base, **r}) for r in records)


@pytest.fixture(scope="module")
def collection():
    return collection_of(
        {
            "id": "nullfull",
            "type": "community",
            "name": "NullFull",
            "summary": "A community meeting on Mondays.",
        },
        {"id": "full-moon", "name": "Full Moon", "summary": "A full moon party with full programmes."},
        {"id": "vaccines", "name": "Jab Finder", "summary": "Booking a vaccination slot."},
        {"id": "elections", "name": "Vote Board", "summary": "Election results and the election calendar."},
        {"id": "sea-watch", "name": "Sea Watch", "summary": "Watching the sea on the tools of the coast."},
    )


def found(collection, query):
    result = find(collection, query)
    return [hit.id for hit in result.hits], result.showing_for


@pytest.mark.parametrize("query", ["null full", "nul full", "nul ful", "Nul Full", "NULL-FULL"])
def test_words_written_apart_find_the_word_records_write_as_one(collection, query):
    hits, showing = found(collection, query)
    assert hits[0] == "nullfull"
    assert showing in (None, "nullfull")


def test_a_joined_reading_is_said(collection):
    assert found(collection, "nul full") == (["nullfull"], "nullfull")


def test_words_are_joined_only_when_one_of_them_is_unknown(collection):
    hits, showing = found(collection, "full moon")
    assert hits[0] == "full-moon" and showing is None


def test_a_word_a_close_spelling_fixes_is_not_joined_to_its_neighbour(collection):
    hits, showing = found(collection, "sea wach")
    assert hits[0] == "sea-watch" and showing == "sea watch"


def test_a_joined_word_keeps_the_words_around_it(collection):
    query = read_query("monday nul full", build_index(collection))
    assert [w.key for w in query.words] == ["monday", "nullfull"]
    assert query.counted == {0, 1}


def test_showing_results_for_prints_a_word_records_write_never_a_bare_stem(collection):
    # "vacin" is closest to the stem "vaccin", which no record writes
    hits, showing = found(collection, "vacin")
    assert hits == ["vaccines"]
    assert showing == "vaccination"


def test_a_compound_is_never_cut_into_a_stopword(collection):
    # "electon" is not "elect" + "on": it is read as the close spelling "election"
    hits, showing = found(collection, "electon")
    assert hits[0] == "elections" and showing == "election"


@pytest.mark.parametrize("query", ["nothingzz", "qqqq zzzz"])
def test_what_nothing_is_close_to_finds_nothing(collection, query):
    assert found(collection, query) == ([], None)


def test_of_equally_close_spellings_the_one_more_records_write_is_searched():
    collection = collection_of(
        {"id": "gazette", "name": "Gazette", "summary": "An electron microscope."},
        {"id": "vote-a", "name": "Vote A", "summary": "An election map."},
        {"id": "vote-b", "name": "Vote B", "summary": "Election results."},
    )
    hits, showing = found(collection, "electon")  # one letter from election and from electron
    assert showing == "election" and set(hits) == {"vote-a", "vote-b"}


@pytest.fixture(scope="module")
def named_by_stopwords():
    return collection_of(
        {"id": "the-who", "name": "The Who", "summary": "Who made what, and how it is used in the city."},
        {
            "id": "guide",
            "name": "City Guide",
            "summary": "How to find what the city offers, and who runs it.",
        },
    )


@pytest.mark.parametrize("query", ["what?", "and the", "WHERE is it", "to be or not to be"])
def test_a_query_of_question_and_function_words_only_is_bad_usage(named_by_stopwords, query):
    with pytest.raises(UsageError, match="no searchable words"):
        find(named_by_stopwords, query)


@pytest.mark.parametrize("query", ["the who", "The Who?", "who is the who"])
def test_stopwords_that_form_a_record_name_find_that_record(named_by_stopwords, query):
    assert found(named_by_stopwords, query)[0][0] == "the-who"


@pytest.fixture(scope="module")
def health():
    """Two records reached only through the public-health topic, one that
    says "masks" without the topic, and two others."""
    clinic = {"summary": "Opening hours of clinics.", "topics": ["public-health"]}
    return collection_of(
        *({"id": f"clinic-{i}", "name": f"Clinic {i}", **clinic} for i in range(2)),
        {"id": "mask-stock", "name": "Stock Map", "summary": "Which shops have masks today."},
        *({"id": f"roads-{i}", "name": f"Road {i}", "summary": "Road works in the city."} for i in range(2)),
    )


@pytest.mark.parametrize("word", ["口罩", "マスク", "마스크"])
def test_a_word_the_glossary_translates_ranks_records_as_its_translation_does(health, word):
    # the word is also a synonym of the public-health topic, as "masks" is:
    # the topic reached through the word and through its translation is one hint
    assert found(health, word)[0] == found(health, "masks")[0]


@pytest.mark.parametrize("query", ["口罩", "covid vaccine", "pandemic lockdown masks", "マスク 口罩 covid"])
def test_a_hint_counts_once_however_many_query_words_reach_it(health, query):
    hints = [term for concept in read_query(query, build_index(health)).concepts
             for part in concept.parts for term in part if term.startswith(HINT_PREFIXES)]  # fmt: skip
    assert hints and len(hints) == len(set(hints))
    hit = next(h for h in find(health, query).hits if h.id == "clinic-0")
    assert [e["term"] for e in hit.explanation].count("#topic:public-health") == 1
    assert [e["term"] for e in hit.explanation].count("health") == 1  # the topic's label words, once


def test_a_topic_named_by_two_query_words_covers_both(health):
    (hit, *_) = [h for h in find(health, "covid vaccine").hits if h.id == "clinic-0"]
    assert hit.ranked is not None and hit.ranked.tier == "all words"


def test_a_phrases_hints_stand_where_the_phrase_is_read():
    # --explain lists the concepts in this order: each phrase's topic words,
    # name and hints together, phrase after phrase, as before hints were
    # counted once
    records = collection_of(
        {"id": "portal", "name": "Portal", "summary": "Open data portal.", "topics": ["open-data"],
         "countries": ["TW"]},
        {"id": "taiwan", "type": "country", "name": "Taiwan", "summary": "Taiwan."},
    )  # fmt: skip
    concepts = read_query("open data taiwan", build_index(records)).concepts
    first = next(n for n, c in enumerate(concepts) if c.label == "open data")
    read = [(c.label, c.expansion, sorted(t for part in c.parts for t in part if t.startswith("#")))
            for c in concepts[first:]]  # fmt: skip
    assert read == [("open data", True, []), ("open data", False, ["#topic:open-data"]),
                    ("taiwan", False, ["#name:taiwan"]), ("taiwan", False, ["#country:TW"])]  # fmt: skip
