"""Rendering: record text holding rich markup, Markdown, HTML, javascript:
links and spreadsheet formulas comes out inert in every command and output
format; renderers fed control characters directly (which the loader would
refuse) show them as escapes, never as the characters."""

import csv
import dataclasses
import io
import json
import re
from datetime import date
from html.parser import HTMLParser

import pytest

from civictech_kb.model.text import HIDDEN_OR_CR

from .conftest import FORMULAS, HTML, INJECTED_NAMES, MARKUP, formats_of, read_invocations, require

CASES = [(command, args, fmt) for command, args in read_invocations() for fmt in formats_of(command)
         if not (command == "export" and fmt != args[1])]  # fmt: skip


def _ids(case):
    command, _, fmt = case
    return f"{command}-{fmt}"


@pytest.mark.parametrize("case", CASES, ids=map(_ids, CASES))
def test_hostile_text_and_looping_relations(ctkb, hostile, monkeypatch, case):
    command, args, fmt = case
    require(command)
    monkeypatch.setenv("COLUMNS", "400")  # names unfolded, so they can be compared whole
    if command == "export":
        result = ctkb(command, *args, "--records", hostile)
    else:
        result = ctkb(command, *args, "--records", hostile, "--format", fmt)
    if result.exit_code == 2:  # a format that has no such view: said in one line
        assert re.fullmatch(r"ctkb: error: no \S+ view for \w+\n", result.stderr), result.stderr
        return
    assert result.exit_code == 0, result.stderr
    CHECKS[fmt](result.stdout)


def no_hidden_characters(text: str, allow_crlf: bool = False) -> None:
    if allow_crlf:
        text = text.replace("\r\n", "\n")
    assert not HIDDEN_OR_CR.search(text), HIDDEN_OR_CR.search(text)


def check_table(output: str) -> None:
    no_hidden_characters(output)
    for name in INJECTED_NAMES:  # where a name is shown, it is shown as written
        # (two words: "Civic" alone is also in topic labels such as "Civic participation")
        if " ".join(name.split()[:2]) in output and "\n" not in name:
            assert name in output


def check_json(output: str) -> None:
    no_hidden_characters(output)
    data = json.loads(output)
    strings = set(_strings(data))
    for name in INJECTED_NAMES:
        if any(" ".join(name.split()[:2]) in s for s in strings):
            assert name in strings or any(name in s for s in strings)


def check_jsonl(output: str) -> None:
    no_hidden_characters(output)
    for line in output.splitlines():
        json.loads(line)


def check_markdown(output: str) -> None:
    """No HTML, no image, no link but to http(s) or an anchor, and every
    table row has as many cells as its header."""
    from markdown_it import MarkdownIt

    no_hidden_characters(output)
    parser = MarkdownIt("commonmark").enable("table")
    parser.validateLink = lambda url: True  # see every link, even those markdown-it would drop
    for token in _all_tokens(parser.parse(output)):
        assert token.type not in ("html_inline", "html_block", "image"), token
        if token.type == "link_open":
            assert re.match(r"(https?://|#)", token.attrs["href"]), token.attrs
    _check_table_rows(output)


def check_csv(output: str) -> None:
    no_hidden_characters(output, allow_crlf=True)
    cells = {cell for row in csv.reader(io.StringIO(output)) for cell in row}
    for cell in cells:
        assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
    for text in FORMULAS.values():
        assert "'" + text in cells


def check_html(output: str) -> None:
    no_hidden_characters(output)
    parser = _TagCollector()
    parser.feed(output)
    assert not {"script", "img", "iframe"} & parser.tags
    for name, value in parser.attributes:
        assert not name.startswith("on"), name
        assert not (value or "").strip().lower().startswith("javascript:"), value
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in output


def check_mermaid(output: str) -> None:
    no_hidden_characters(output)
    for line in output.splitlines()[1:]:
        assert re.fullmatch(
            r'    (n\d+\["[^"]*"\]:::\w+|n\d+ -->\|"[^"]*"\| n\d+|classDef \w+ [^"]*)', line
        ), line


def check_dot(output: str) -> None:
    no_hidden_characters(output)
    quoted = r'"(?:[^"\\]|\\.)*"'
    for line in output.splitlines()[3:-1]:
        assert re.fullmatch(rf"    {quoted}( -> {quoted})? \[[a-z]+={quoted}(, [a-z]+={quoted})*\];", line), (
            line
        )


def check_problems_text(output: str) -> None:
    no_hidden_characters(output)


CHECKS = {
    "table": check_table, "text": check_problems_text, "github": check_problems_text,
    "json": check_json, "jsonl": check_jsonl, "md": check_markdown, "csv": check_csv,
    "html": check_html, "mermaid": check_mermaid, "dot": check_dot,
}  # fmt: skip


def test_markup_is_printed_not_interpreted(ctkb, hostile, monkeypatch):
    monkeypatch.setenv("COLUMNS", "400")
    shown = ctkb("show", "markup", "--records", hostile).stdout
    assert shown.splitlines()[0] == MARKUP
    listed = ctkb("list", "--records", hostile).stdout
    assert MARKUP in listed and HTML in listed


# ---------------------------------------------------------------------------
# Renderers fed control characters directly.

POISON = "\x1b]0;pwned\x07\x1b[31m\x9b2J\u202e\r\x00"
KEEP = {"type", "status", "category", "code", "relation"}  # looked up by renderers, not shown


def poisoned(value, key=None):
    """Every shown string with control characters around it; ids stay
    consistent, since the same id is poisoned the same way everywhere."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = {f.name: poisoned(getattr(value, f.name), f.name) for f in dataclasses.fields(value)}
        return dataclasses.replace(value, **fields)
    if isinstance(value, dict):
        return {k: poisoned(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [poisoned(v, key) for v in value]
    if isinstance(value, str) and key not in KEEP:
        return POISON + value + POISON
    return value


@pytest.fixture
def rendered_views(ctkb, hostile, monkeypatch):
    """(view, data) of everything every read command renders."""
    import civictech_kb.render as render_module

    seen = {}
    real_render = render_module.render

    def capture(view, fmt, display=None):
        seen.setdefault(type(view), view)
        return real_render(view, fmt, display)

    monkeypatch.setattr(render_module, "render", capture)
    for command, args in read_invocations():
        if command == "export" or command not in _registered():
            continue
        ctkb(command, *args, "--records", hostile, "--format", "json")
    ctkb("validate", "--records", hostile.parent / "nowhere", "--format", "json")
    return seen


def _registered():
    from .conftest import registered_commands

    return registered_commands()


def test_every_renderer_shows_control_characters_as_escapes(rendered_views):
    from civictech_kb.render import FORMATS, Display, UnsupportedView, render

    rendered = 0
    for kind, view in rendered_views.items():
        for fmt in FORMATS:
            for display in (Display(), Display(width=120, color=True, decorated=True)):
                try:
                    output = render(poisoned(view), fmt, display)
                except UnsupportedView:
                    continue
                for char in ("\x07", "\x9b", "\u202e", "\r", "\x00", "\x1b]0;"):
                    assert char not in output, (kind, fmt, char)
                assert "\x1b[31m" not in output.replace("\x1b[31m\x1b", "")  # only rich's own codes
                rendered += 1
    assert rendered >= 10


EXPORT_FORMATS = ("md", "json", "jsonl", "csv", "html")
CONTROLS = {"bell": "\x07", "CSI": "\x9b", "NUL": "\x00", "ESC": "\x1b", "RLO": "\u202e"}


@pytest.mark.parametrize("fmt", EXPORT_FORMATS)
@pytest.mark.parametrize("char", CONTROLS.values(), ids=CONTROLS.keys())
def test_exporters_replace_control_characters(hostile, fmt, char):
    """What export writes from records carrying control characters (which
    the loader refuses; exports are the second line)."""
    from civictech_kb.model.record import Collection, Record
    from civictech_kb.render.export import export_selection
    from civictech_kb.store.loader import load_collection
    from civictech_kb.views.selection import RecordFilter

    collection = load_collection(hostile)
    dirty = Collection([Record(poisoned(r.data), r.path) for r in collection], hostile)
    output = export_selection(dirty, fmt, RecordFilter(), generated=date(2024, 1, 1)).decode("utf-8")
    assert char not in output


# ---------------------------------------------------------------------------


def _strings(data):
    if isinstance(data, dict):
        for value in data.values():
            yield from _strings(value)
    elif isinstance(data, list):
        for value in data:
            yield from _strings(value)
    elif isinstance(data, str):
        yield data


def _all_tokens(tokens):
    for token in tokens:
        yield token
        yield from _all_tokens(token.children or [])


def _check_table_rows(markdown: str) -> None:
    header_cells = None
    for line in markdown.splitlines():
        if not line.startswith("|"):
            header_cells = None
            continue
        cells = len(re.findall(r"(?<!\\)\|", line))
        if header_cells is None:
            header_cells = cells
        assert cells == header_cells, line


class _TagCollector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: set[str] = set()
        self.attributes: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        self.attributes.extend(attrs)
