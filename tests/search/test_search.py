"""Search: what a user types finds the record they mean."""

from __future__ import annotations

import json
import re
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from civictech_kb.model.record import Collection, Record
from civictech_kb.search.fields import record_terms
from civictech_kb.search.index import (
    SearchIndex,
    build_index,
    field_counts,
    field_lengths,
    hint_table,
    idf,
    words_by_length,
)
from civictech_kb.search.ranking import search
from civictech_kb.search.text import chunks, normalise, phrase_key, stem
from civictech_kb.store.loader import load_collection
from civictech_kb.views.selection import build_filter

from ..conftest import MINI, REPO

QUERIES = REPO / "benchmarks" / "search_queries.yaml"


@pytest.fixture(scope="module")
def mini_collection():
    return load_collection(MINI)


def ids(collection, query, **options):
    return [hit.id for hit in search(collection, query, **options)]


def collection_of(*records: dict) -> Collection:
    base = {"type": "project", "summary": "A project.", "sources": [{"url": "https://example.org/x"}]}
    return Collection(Record({**base, **r}) for r in records)


# --- Normalisation and tokens ------------------------------------------------


def test_normalise_is_nfkc_and_casefold():
    assert normalise("ＰＭ２．５") == "pm2.5"
    assert normalise("Straße") == "strasse"
    assert normalise("ＣｏＦａｃｔｓ") == "cofacts"


@pytest.mark.parametrize("text", ["ประเทศไทย", "မြန်မာ", "ភាសាខ្មែរ", "Việt Nam", "भारत"])
def test_normalise_keeps_combining_marks(text):
    nfc = unicodedata.normalize("NFC", text)
    marks = [ch for ch in nfc if unicodedata.category(ch).startswith("M")]
    assert [ch for ch in normalise(text) if unicodedata.category(ch).startswith("M")] == marks
    assert "".join(c.key for c in chunks(text)).replace(" ", "") == normalise(text).replace(" ", "")


@pytest.mark.parametrize(
    ("words", "same"),
    [(["vaccine", "vaccines", "vaccination"], True), (["community", "communities"], True),
     (["mask", "masks"], True), (["breweries", "brewery"], True), (["gender", "tender"], False),
     (["police", "policy"], False), (["news", "new"], False), (["g0v", "gov"], False)],
)  # fmt: skip
def test_english_words_are_stemmed(words, same):
    assert (len({stem(word) for word in words}) == 1) is same


def test_hyphens_and_spaces_fold_to_one_key():
    assert (
        phrase_key("fact-checking")
        == phrase_key("Fact checking")
        == phrase_key("factchecking")
        == "factchecking"
    )
    assert phrase_key("PM 2.5") == phrase_key("pm2.5") == phrase_key("ＰＭ２．５") == "pm25"


def test_words_split_at_joiners_and_keep_the_compound():
    [chunk] = chunks("Fact-Checking")
    assert chunk.kind == "word"
    assert chunk.terms == ("factcheck", "fact", "check")


def test_possessive_is_dropped():
    assert [c.key for c in chunks("Japan's hackathons")] == ["japan", "hackathons"]
    assert chunks("Japan's hackathons")[1].terms == ("hackathon",)


def test_traditional_and_simplified_chinese_are_one_key():
    assert phrase_key("臺灣") == phrase_key("台灣") == phrase_key("台湾")
    assert phrase_key("事實查核") == phrase_key("事实查核")


def test_unspaced_scripts_give_the_run_and_its_bigrams():
    [chunk] = chunks("加古川市")
    assert chunk.kind == "run"
    assert chunk.terms == ("加古川市", "加古", "古川", "川市")
    assert chunks("ｼﾋﾞｯｸﾃｯｸ")[0].key == "シビックテック"  # half-width forms read as full-width


def test_scripts_are_separate_chunks():
    assert [(c.kind, c.key) for c in chunks("g0v台灣 プラットフォームを")] == [
        ("word", "g0v"), ("run", "台湾"), ("run", "プラットフォーム"), ("run", "を"),
    ]  # fmt: skip


def test_hangul_words_give_the_word_and_its_bigrams():
    [chunk] = chunks("널채움")
    assert chunk.terms == ("널채움", "널채", "채움")


@pytest.mark.parametrize("text", ["ประเทศไทย", "မြန်မာနိုင်ငံ"])
def test_thai_and_burmese_bigrams_never_start_with_a_mark(text):
    [chunk] = chunks(text)
    assert chunk.kind == "run"
    assert all(not unicodedata.category(bigram[0]).startswith("M") for bigram in chunk.parts)
    assert chunk.parts[0] + chunk.parts[-1][-1] != text  # more than one bigram


def test_burmese_clusters_keep_their_marks():
    [chunk] = chunks("မြန်မာ")
    assert chunk.parts == ("မြန်", "န်မာ")


# --- Matching what people type -------------------------------------------------


@pytest.mark.parametrize("query", ["fact-checking", "fact checking", "factchecking", "Fact Checking",
                                   "fact cheking", "FACT-CHECKS"])  # fmt: skip
def test_fact_checking_however_written(mini_collection, query):
    assert ids(mini_collection, query)[:2] == ["cofact-thailand", "cofacts"]


@pytest.mark.parametrize("query", ["fake news", "misinformation", "hoax", "rumours"])
def test_topic_synonyms_reach_the_topic(mini_collection, query):
    assert set(ids(mini_collection, query)[:2]) == {"cofact-thailand", "cofacts"}


def test_typo_in_a_name(mini_collection):
    assert ids(mini_collection, "phandeyar")[0] == "phandeeyar"


def test_alias_and_original_script_name(mini_collection):
    assert ids(mini_collection, "gov zero")[0] == "g0v"
    assert ids(mini_collection, "零時政府")[0] == "g0v"
    assert ids(mini_collection, "真的假的")[0] == "cofacts"


def test_exact_name_beats_a_longer_name_sharing_its_stem(mini_collection):
    assert ids(mini_collection, "Cofacts")[:2] == ["cofacts", "cofact-thailand"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [("burma", ["myanmar", "phandeeyar"]), ("burmese", ["myanmar", "phandeeyar"]),
     ("taiwanese", ["taiwan", "cofacts", "g0v"]), ("ประเทศไทย", ["thailand"]), ("မြန်မာ", ["myanmar"])],
)  # fmt: skip
def test_country_names_and_demonyms_are_hints(mini_collection, query, expected):
    assert ids(mini_collection, query)[: len(expected)] == expected


def test_records_matching_all_words_rank_above_those_matching_some():
    collection = collection_of(
        {"id": "name-only", "name": "Ocean Ocean Watch", "summary": "Ocean ocean ocean."},
        {"id": "both-words", "name": "Small Project", "summary": "Mapping along the ocean shore."},
    )
    hits = search(collection, "ocean mapping")
    assert [h.id for h in hits] == ["both-words", "name-only"]


def test_snippet_shows_where_the_words_matched(mini_collection):
    [hit] = search(mini_collection, "election monitoring")
    assert hit.id == "thailand"
    assert hit.snippet.startswith("Election monitoring")
    assert hit.matched_fields == ["landscape"]


def test_long_text_snippets_are_cut_around_the_match():
    long_text = "Words before the match. " * 10 + "The sensor network measures air. " + "Words after. " * 10
    [hit] = search(collection_of({"id": "long", "name": "Long", "summary": long_text}), "sensor")
    assert hit.snippet.startswith("…") and hit.snippet.endswith("…")
    assert "The sensor network measures air." in hit.snippet
    assert len(hit.snippet) <= 112


def test_explanation_adds_up_to_the_score(mini_collection):
    for hit in search(mini_collection, "fact checking thailand"):
        assert hit.ranked is not None
        assert sum(e["score"] for e in hit.explanation) == pytest.approx(hit.ranked.bm25f, abs=0.01)
        assert {e["field"] for e in hit.explanation} == set(hit.matched_fields)


@pytest.mark.parametrize("query", ["", "   ", "%%%", "!?-"])
def test_query_without_words_is_a_usage_error(mini_collection, query):
    from civictech_kb.model.problems import ExitStatus, UsageError

    with pytest.raises(UsageError) as caught:
        search(mini_collection, query)
    assert caught.value.exit_status == ExitStatus.USAGE


def test_filters_are_those_of_list(mini_collection):
    only_thai = build_filter(countries=["thailand"])
    assert ids(mini_collection, "fact-checking", record_filter=only_thai) == [
        "cofact-thailand",
        "thailand",
    ]
    projects = build_filter(types=["project"], since=2017)
    assert ids(mini_collection, "fact-checking", record_filter=projects) == ["cofact-thailand"]


def test_limit(mini_collection):
    assert len(search(mini_collection, "civic", limit=1)) == 1


# --- The index -----------------------------------------------------------------


class ScanIndex:
    """The index's interface answered by walking every record on every call."""

    def __init__(self, collection):
        self.ids = [r.id for r in collection]
        self.types = [r.type for r in collection]
        self.terms = [record_terms(r.data) for r in collection]
        self.counts = [field_counts(counts) for counts in self.terms]
        self.lengths = [field_lengths(counts) for counts in self.terms]
        self.hints = hint_table(self.__contains__)

    def __len__(self):
        return len(self.ids)

    def __contains__(self, term):
        return self.doc_freq(term) > 0

    def postings(self, term):
        found = [(n, counts[term]) for n, counts in enumerate(self.counts) if term in counts]
        return [n for n, _ in found], [fields for _, fields in found]

    def doc_freq(self, term):
        return len(self.postings(term)[0])

    def idf(self, term):
        return idf(self.doc_freq(term), len(self))

    @property
    def average_lengths(self):
        return [
            max(sum(row[f] for row in self.lengths) / len(self.lengths), 1.0)
            for f in range(len(self.lengths[0]))
        ]

    @property
    def words_by_length(self):
        return words_by_length({t for counts in self.terms for field in counts.values() for t in field})


SAMPLE_QUERIES = ["fact-checking", "fact cheking", "fake news", "burma", "taiwanese", "真的假的", "ประเทศไทย",
                  "Cofacts", "civic tech", "digital rights thailand", "chiang mai", "journalists", "544"]  # fmt: skip


@pytest.mark.parametrize("query", SAMPLE_QUERIES)
def test_index_finds_what_a_full_scan_finds(mini_collection, query):
    from_index = [h.as_dict(explain=True) for h in search(mini_collection, query, limit=None)]
    from_scan = [h.as_dict(explain=True) for h in search(mini_collection, query, limit=None,
                                                         index=ScanIndex(mini_collection))]  # fmt: skip
    assert from_index == from_scan
    assert from_index  # every sample query finds something


def test_index_round_trips_as_plain_data(mini_collection):
    index = build_index(mini_collection)
    data = json.loads(json.dumps(index.to_data(), ensure_ascii=False))
    restored = SearchIndex.from_data(data)
    assert restored.to_data() == index.to_data()
    for query in SAMPLE_QUERIES:
        assert search(mini_collection, query, index=restored) == search(mini_collection, query, index=index)


@pytest.mark.parametrize(
    "data",
    [None, [], {"format": "other"}, {"format": "ctkb-search-index", "version": 999, "ids": [], "postings": {}},
     {"format": "ctkb-search-index", "version": 1, "ids": [], "postings": {"x": [[0], []]}, "hints": {}},
     {"format": "ctkb-search-index", "version": 1, "ids": "abc", "postings": {}, "hints": {}},
     {"format": "ctkb-search-index", "version": 1, "ids": [], "postings": {}}],
)  # fmt: skip
def test_foreign_index_data_is_refused(data):
    with pytest.raises(ValueError):
        SearchIndex.from_data(data)


# --- The command -----------------------------------------------------------------


def test_search_command_lists_hits_with_snippets(ctkb):
    result = ctkb("search", "fact-checking", "--records", MINI)
    assert result.exit_code == 0
    assert [re.sub(r"score [0-9.]+", "score _", line) for line in result.stdout.splitlines()] == [
        "1. Cofact Thailand  project  cofact-thailand  score _",
        "   A Thai fact-checking platform modelled on Cofacts.",
        "   matched: topics, summary",
        "2. Cofacts  project  cofacts  score _",
        "   A crowd-sourced fact-checking chatbot and database of suspicious messages.",
        "   matched: topics, summary",
        "3. Thailand  country  thailand  score _",
        "   Election monitoring and fact-checking groups are the most visible civic tech",
        "   efforts.",
        "   matched: landscape",
    ]


def test_search_json_matches_library(ctkb, mini_collection):
    result = ctkb("search", "burma", "--records", MINI, "--format", "json")
    assert json.loads(result.stdout) == [h.as_dict() for h in search(mini_collection, "burma")]
    assert set(json.loads(result.stdout)[0]) == {
        "id",
        "name",
        "type",
        "score",
        "matched_fields",
        "snippet",
        "highlights",
    }


def test_search_explain(ctkb):
    result = ctkb("search", "burma", "--records", MINI, "--explain", "--limit", "1", "--format", "json")
    [hit] = json.loads(result.stdout)
    assert ("burma", "#country-record:MM", "name") in {
        (e["query"], e["term"], e["field"]) for e in hit["explanation"]
    }
    table = ctkb("search", "burma", "--records", MINI, "--explain", "--limit", "1").stdout
    assert re.sub(r"(?<=[ +])[0-9]+(\.[0-9]+)?\b", "_", table).splitlines() == [
        "1. Myanmar  country  myanmar  score _",
        "   Civic technology in Myanmar, in brief.",
        "   matched: name, aliases",
        "   why: score _ = tier _ (all words) + bm25f _ x coverage _ / best _",
        "   why: 'burma': aliases burma +_, aliases #name:burma +_, name",
        "   #country-record:MM +_",
    ]


def test_search_markdown(ctkb):
    lines = ctkb("search", "burma", "--records", MINI, "--format", "md").stdout.splitlines()
    assert lines[0] == "| # | name | id | type | score | matched | snippet |"
    assert lines[2].startswith("| 1 | Myanmar | myanmar | country |")


def test_search_filters(ctkb):
    result = ctkb("search", "fact checking", "--records", MINI, "--country", "thailand", "--type", "project")
    assert [
        re.sub(r"score [0-9.]+", "score _", line) for line in result.stdout.splitlines() if line[0].isdigit()
    ] == ["1. Cofact Thailand  project  cofact-thailand  score _"]


def test_no_hit_says_so_and_suggests(ctkb):
    result = ctkb("search", "Cofacts", "--records", MINI, "--type", "organization")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == "ctkb: no results: 3 records match 'Cofacts' but not the filters\n"
    unknown = ctkb("search", "qqqqzzzz", "--records", MINI)
    assert unknown.exit_code == 1 and unknown.stdout == ""
    assert unknown.stderr == "ctkb: no records match 'qqqqzzzz'\n"


@pytest.mark.parametrize("query", ["", "%%%"])
def test_empty_query_is_a_usage_error(ctkb, query):
    result = ctkb("search", query, "--records", MINI)
    assert result.exit_code == 2
    assert len(result.stderr.splitlines()) == 1 and "Traceback" not in result.stderr


# --- Piped output without rich ---------------------------------------------------

_WORDS = st.text(
    alphabet=st.sampled_from("abcdefghij -.,'" + "台灣事實查核ไทยမြန်မာ한국어" + "\u0301\u200b\n\x1b"),
    max_size=160,
)


@settings(max_examples=150, deadline=None)
@given(
    names=st.lists(_WORDS.filter(str.strip), min_size=1, max_size=3),
    snippet=_WORDS,
    long_word=st.integers(0, 120),
    width=st.integers(40, 120),
)
def test_piped_search_output_is_what_rich_writes(names, snippet, long_word, width):
    from civictech_kb.render import Display
    from civictech_kb.render.plain import search as plain_search
    from civictech_kb.render.table import draw
    from civictech_kb.render.terminal import console, written
    from civictech_kb.search.ranking import SearchHit
    from civictech_kb.views.results import SearchResults

    hits = [
        SearchHit(id=f"record-{n}{name[:3]}", name=name, type="project", score=12.5 + n,
                  matched_fields=["name", "summary"], snippet=snippet + " " + "x" * long_word,
                  explanation=[{"query": name, "term": "abc", "field": "name", "score": 1.25}])
        for n, name in enumerate(names)
    ]  # fmt: skip
    view = SearchResults(hits=hits, explain=True)
    display = Display(width=width)
    out = console(display)
    draw(view, out, display)
    assert plain_search(view, width) == written(out)


# --- Cheaper tokenising: the same chunks ----------------------------------------


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=80))
def test_ascii_text_is_cut_as_the_full_pattern_cuts_it(text):
    from civictech_kb.search.text import _ascii_chunk_pattern, _chunk_pattern

    def spans(pattern):
        return [(m.lastgroup, m.span()) for m in pattern.finditer(text)]

    assert spans(_ascii_chunk_pattern()) == spans(_chunk_pattern())


_MIXED_TEXT = st.text(
    alphabet=st.sampled_from(
        list("ab CDe-'’s.1_") + list("台灣臺灣ภาษาไทย한국어မြန်မာ") + ["\u0301", "\n", "ﬁ"]
    ),
    max_size=60,
)


@settings(max_examples=300, deadline=None)
@given(_MIXED_TEXT)
def test_terms_and_spellings_read_at_once_are_terms_and_spellings(text):
    from civictech_kb.search.text import spellings, terms, terms_and_spellings

    assert terms_and_spellings(text) == (terms(text), spellings(text))


def test_run_scripts_are_recognised_by_code_point():
    import re

    from civictech_kb.search.text import RUN_SCRIPTS, _char_is_run, _run_ranges

    pattern = re.compile(f"[{''.join(RUN_SCRIPTS)}]")
    edges = [
        code + step
        for edge in (*_run_ranges()[0], *_run_ranges()[1])
        for code in [edge]
        for step in (-1, 0, 1)
    ]
    for code in [*range(0x3200), *range(0x3200, 0x32000, 7), *edges]:
        if not 0xD800 <= code <= 0xDFFF:
            assert _char_is_run(chr(code)) == bool(pattern.match(chr(code))), hex(code)


def test_building_the_index_reports_progress(mini_collection):
    calls = []
    index = build_index(mini_collection, progress=lambda done, total: calls.append((done, total)))
    assert calls[-1] == (len(mini_collection), len(mini_collection)) and len(index) == len(mini_collection)
    assert all(done <= total for done, total in calls)


def test_snippets_highlight_the_matched_words_on_a_terminal_only(mini_collection):
    from civictech_kb.render import Display, render
    from civictech_kb.views.results import SearchResults

    [hit] = search(mini_collection, "election monitoring")
    assert [hit.snippet[a:b].casefold() for a, b in hit.highlights] == ["election", "monitoring"]
    view = SearchResults(hits=[hit])
    coloured = render(view, "table", Display(width=80, color=True, decorated=True))
    assert "\x1b[1;4mElection\x1b[0m \x1b[1;4mmonitoring\x1b[0m" in coloured
    assert "\x1b[" not in render(view, "table", Display(width=80))
