"""Markdown escaping (render.markdown_text.escape): ordinary record text comes
out as written, and no text, however hostile, forms a link, HTML, a heading,
a list, a quote, emphasis or a table in any place ctkb writes it: at the
start of a line, in a list item, a heading, a link label, emphasis or a
table cell."""

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from civictech_kb.render.markdown_text import escape, table

ORDINARY = [
    "Elect Live!", "1.(5) Myanmar", "section 1.(8) Japan", "R&D", "AT&T", "Meet & Hack Jeju 2023",
    "Day 2 > 11:00", "a < b and c > d", "costs (in 2020) rose", "C++ and C#", "a * b", "snake_case_name",
    "2019-03-24", "50% of 1,500", "Is it? Yes!", "e.g. this; that: other", "\"quoted\" 'too'", "x = y + z",
    "about 10-30", "not first - nor last -", "Taiwan (TW), 2014: coup.",
]  # fmt: skip


@pytest.mark.parametrize("text", ORDINARY)
def test_ordinary_text_comes_out_as_written(text):
    assert escape(text) == text


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("# Heading", "\\# Heading"), ("> quote", "\\> quote"), ("- item", "\\- item"), ("+ item", "\\+ item"),
        ("* item", "\\* item"), ("1. item", "1\\. item"), ("12) item", "12\\) item"), ("---", "\\---"),
        ("===", "\\==="), ("C #", "C \\#"), ("*bold*", "\\*bold\\*"), ("_it_", "\\_it\\_"), ("~~s~~", "\\~\\~s\\~\\~"),
        ("`code`", "\\`code\\`"), ("[a](b)", "\\[a\\](b)"), ("![i](x)", "!\\[i\\](x)"), ("<b>hi</b>", "\\<b>hi\\</b>"),
        ("<!-- c -->", "\\<!-- c -->"), ("&amp; &x26;", "&amp;amp; &amp;x26;"), ("a\\b", "a\\\\b"),
        ("$x$", "\\$x\\$"), ("visit evil.com.", "visit `evil.com`."), ("#//1.1", "`#//1.1`"),
    ],
)  # fmt: skip
def test_what_gfm_would_act_on_is_escaped_where_it_acts(text, escaped):
    assert escape(text) == escaped


def test_pipes_are_escaped_in_table_cells_and_in_what_could_be_a_delimiter_row():
    assert escape("a | b") == "a | b"
    assert escape("a | b", in_table=True) == "a \\| b"
    assert escape("--- | :---:") == "--- \\| :---:"


# Hostile text: the pieces Markdown is made of, in any order.
PIECES = [*"#>-+*_~`[]()!<&|\\$=.:/@ 1aZ",
    "1.", "2)", "&amp;", "&#38;", "<a href=x>", "</b>", "<!--", "www.", "http://x.example", "a@b.example",
    "evil.com", "#12", "@octocat", "---", "***", "```", "~~~", "[x]: /u", "![", "](", "]:www.", "\\`", "  "]  # fmt: skip
hostile = st.lists(st.sampled_from(PIECES), max_size=14).map("".join)
fuzz = settings(deadline=None, max_examples=300)


def parse(markdown: str):
    parser = MarkdownIt("commonmark", {"linkify": True}).enable(["table", "strikethrough", "linkify"])
    parser.validateLink = lambda url: True
    return parser.parse(markdown)


def flat(text: str) -> str:
    return " ".join(text.split())


def words(children) -> str:
    assert {child.type for child in children} <= {"text", "code_inline"}, [c.type for c in children]
    return "".join(child.content for child in children)


# Each place record text goes: the Markdown around it, the blocks it must
# make, and the inline tokens around the text itself.
PLACES = {
    "line start": ("{}", ["paragraph"], 0),
    "list item": ("- {}", ["bullet_list", "list_item", "paragraph"], 0),
    "heading": ("## {}", ["heading"], 0),
    "link label": ("[{}](#anchor)", ["paragraph"], 1),
    "emphasis": ("*{}:*", ["paragraph"], 1),
    "after a paragraph line": ("Some text\n{}", ["paragraph"], 0),
}


@fuzz
@given(hostile)
@pytest.mark.parametrize("place", PLACES)
def test_hostile_text_forms_nothing_wherever_it_goes(place, text):
    assume(flat(text))
    template, blocks, wrapped = PLACES[place]
    tokens = parse(template.format(escape(text)))
    opened = [token.type.removesuffix("_open") for token in tokens if token.type.endswith("_open")]
    assert opened == blocks
    (inline,) = [token for token in tokens if token.type == "inline"]
    children = inline.children or []
    if template.startswith("Some text"):
        assert children[:2][0].content == "Some text" and children[1].type == "softbreak"
        children = children[2:]
    if wrapped:
        assert children[0].type in ("link_open", "em_open") and children[-1].type in (
            "link_close",
            "em_close",
        )
        children = children[1:-1]
        if template.endswith(":*"):
            assert children[-1].content.endswith(":")
            children[-1].content = children[-1].content[:-1]
    assert words(children) == flat(text)


@fuzz
@given(hostile)
def test_hostile_text_keeps_a_table_cell_whole(text):
    tokens = parse(table(["a", "b"], [[text, "end"]]))
    cells = [token for token in tokens if token.type == "inline"]
    assert len(cells) == 4 and cells[3].content == "end"
    assert words(cells[2].children or []) == flat(text)
