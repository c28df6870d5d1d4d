"""Property-based checks of the text cleaning, escaping and slug functions:
for any input the output is safe, and where meaningful it reads back as the
input (after the documented flattening of whitespace)."""

import json
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from civictech_kb.model.text import HIDDEN, HIDDEN_OR_CR, one_line, visible

quick = settings(deadline=None, max_examples=100)

any_text = st.text()  # every code point but lone surrogates
with_surrogates = st.text(st.characters(codec=None, categories=None, exclude_categories=()))
record_text = st.text(st.characters(exclude_categories=("Cs", "Cc"), exclude_characters="\u202a\u202b\u202c"
                                    "\u202d\u202e\u2066\u2067\u2068\u2069\ufffe\uffff")
                      ).map(lambda text: HIDDEN.sub("", text))  # records refuse what hides text  # fmt: skip


def flat(text: str) -> str:
    return " ".join(text.split())


# -- safe_text ---------------------------------------------------------------


@quick
@given(with_surrogates)
def test_visible_leaves_nothing_hidden_and_encodes(text):
    shown = visible(text)
    assert not HIDDEN_OR_CR.search(shown)
    shown.encode("utf-8")  # no lone surrogate survives
    assert one_line(text).count("\n") == 0 and not HIDDEN.search(one_line(text))


@quick
@given(record_text)
def test_visible_changes_no_legitimate_text(text):
    assert visible(text) == text.replace("\r", "\\u000d")


@quick
@given(with_surrogates)
def test_json_output_stays_exact_after_cleaning(text):
    """The render guard runs on JSON output: it must still parse to the data."""
    assert json.loads(visible(json.dumps({"t": text}, ensure_ascii=False)))["t"] == text


# -- Markdown ----------------------------------------------------------------


@quick
@given(record_text)
def test_markdown_escape_is_inert_and_reads_back(text):
    from markdown_it import MarkdownIt

    from civictech_kb.render.markdown import escape

    escaped = escape(text)
    assert "\n" not in escaped
    parser = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    parser.validateLink = lambda url: True
    children = parser.parseInline("x" + escaped)[0].children
    # Plain text, and code where a word would link or mention (test_markdown_links.py)
    assert {token.type for token in children} <= {"text", "code_inline"}
    assert "".join(token.content for token in children) == "x" + flat(text)


@quick
@given(record_text)
def test_markdown_cell_keeps_the_table_whole(text):
    from markdown_it import MarkdownIt

    from civictech_kb.render.markdown import table

    tokens = MarkdownIt("commonmark").enable("table").parse(table(["a", "b"], [[text, "end"]]))
    cells = [t for t in tokens if t.type == "inline"]
    assert len(cells) == 4 and cells[3].content.endswith("end")
    inline = cells[2].children or []
    assert {t.type for t in inline} <= {"text", "code_inline"} and "".join(t.content for t in inline) == flat(
        text
    )


# -- Mermaid, DOT, GitHub annotations -------------------------------------------


@quick
@given(with_surrogates)
def test_mermaid_label_is_inert_and_reads_back(text):
    from civictech_kb.render.mermaid import label

    out = label(text)
    assert re.fullmatch(r"([\w .,\-()/']|#\d+;)*", out)
    assert re.sub(r"#(\d+);", lambda m: chr(int(m.group(1))), out) == flat(text)


@quick
@given(any_text)
def test_dot_quote_is_one_string_and_reads_back(text):
    from civictech_kb.render.dot import quote

    out = quote(text)
    assert re.fullmatch(r'"(?:[^"\\\n]|\\.)*"', out)
    assert re.sub(r"\\(.)", r"\1", out[1:-1]) == flat(text)


@quick
@given(any_text)
def test_github_annotation_escapes_read_back(text):
    from urllib.parse import unquote

    from civictech_kb.render.github import _escape_data, _escape_property

    for escaped in (_escape_data(text), _escape_property(text)):
        assert "\n" not in escaped and "\r" not in escaped
        assert unquote(escaped) == text
    assert ":" not in _escape_property(text) and "," not in _escape_property(text)


# -- matching keys and slugs ----------------------------------------------------


@quick
@given(any_text)
def test_slugify_label_is_stable(text):
    from civictech_kb.model.vocab import fold, slugify_label

    assert fold(fold(text)) == fold(text)
    assert slugify_label(slugify_label(text)) == slugify_label(text)


@quick
@given(with_surrogates)
def test_slug_is_a_safe_id_or_refused(text):
    from civictech_kb.model.schema import SLUG_PATTERN
    from civictech_kb.model.slug import slugify

    try:
        slug = slugify(text)
    except ValueError:
        return
    if slug:
        assert re.fullmatch(SLUG_PATTERN, slug) and len(slug) <= 100
        assert slugify(slug) == slug


# -- CSV -----------------------------------------------------------------------


@quick
@given(any_text)
def test_csv_cell_never_starts_a_formula(text):
    from civictech_kb.render.csv_table import safe_cell

    cell = safe_cell(text)
    assert not cell.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]", cell)
    if not re.match("[=+\\-@\t\r\x00-\x1f\x7f-\x9f]", text) and not HIDDEN.search(text):
        assert cell == text
