"""Snippets and the spans of matched words in them."""

from civictech_kb.search.snippets import highlights
from civictech_kb.search.text import chunks


def _term(word: str) -> str:
    return chunks(word)[0].whole


def test_spans_index_a_passage_that_begins_with_an_ellipsis():
    passage = "…volunteers deploy sensors across the island…"
    spans = highlights(passage, {_term("sensors"), _term("island")})
    assert [passage[a:b] for a, b in spans] == ["sensors", "island"]


def test_spans_index_wide_text_after_ellipses():
    passage = "…市民が作った防災マップは…災害の時に役立つ"
    wanted = set(chunks("防災")[0].terms)
    assert [passage[a:b] for a, b in highlights(passage, wanted)] == ["防災"]


def test_spans_index_text_whose_characters_nfkc_widens():
    passage = "ﬁre maps … ㍻ era and flood maps"  # ligature and squared era name widen under NFKC
    spans = highlights(passage, {_term("flood")})
    assert [passage[a:b] for a, b in spans] == ["flood"]
