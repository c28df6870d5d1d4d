"""ctkb export: every format opens as it is in its consumer, escapes hostile
record text, and gives the same bytes for the same records.

Golden files: tests/golden/export.{md,json,csv,html}. After an intended change,
regenerate them with `CTKB_UPDATE_GOLDEN=1 python -m pytest tests/render/test_export.py`
and read the diff.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import sqlite3
import struct
import subprocess
import zlib
from collections import Counter
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from civictech_kb.model.problems import UsageError
from civictech_kb.model.record import Collection, Record
from civictech_kb.render.export import ExportRequest, export, generation_date
from civictech_kb.render.markdown_report import github_anchor

from ..conftest import MINI, write_record

GOLDEN = Path(__file__).parent.parent / "golden"
DATE = "2024-05-01"
CHROMIUM = Path("/usr/bin/chromium")

HOSTILE_NAME = "Pipe | <script>document.title='pwned'</script> [x](javascript:alert(1))"
HOSTILE_SUMMARY = (
    "- starts like a list | with a pipe\n"
    "<img src=x onerror=\"document.title='pwned'\">\n"
    '=HYPERLINK("http://evil.example","click") **bold** `code` $5 and $10'
)
HOSTILE_URL = 'https://example.org/a_(b)|c?q="><script>alert(1)</script>'
HOSTILE_YAML = f"""\
id: hostile
type: project
name: {json.dumps(HOSTILE_NAME)}
aliases: ["Pipe | alias", "<i>it</i>"]
summary: {json.dumps(HOSTILE_SUMMARY)}
countries: [TH]
topics: [fact-checking]
website: {json.dumps(HOSTILE_URL)}
links:
  - label: "=cmd|' /C calc'!A0"
    url: https://example.org/x
lessons: ["1. looks like an ordered list", "@SUM(1+1)", "+1 for formulas", "---"]
challenges:
  - category: funding
    summary: "<b>bold</b> & co | -2"
sources:
  - source: fixture-notes
    section: "report.pdf | page 3"
"""


@pytest.fixture
def hostile(mini) -> Path:
    """The mini collection plus one project whose every field tries to break out."""
    write_record(mini, "projects", "hostile", HOSTILE_YAML)
    return mini


def run_export(ctkb, records: Path, fmt: str, *args) -> str:
    result = ctkb("export", "--records", records, "--format", fmt, "--date", DATE, *args)
    assert result.exit_code == 0, result.stderr
    return result.stdout_bytes.decode("utf-8")  # .stdout would turn CRLF into LF


def exported_file(ctkb, records: Path, fmt: str, target: Path, *args) -> Path:
    result = ctkb("export", "--records", records, "--format", fmt, "--date", DATE, "-o", target, *args)
    assert result.exit_code == 0, result.stderr
    return target


def assert_matches_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("CTKB_UPDATE_GOLDEN"):
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
    assert text == path.read_bytes().decode("utf-8")


# Golden files and determinism


@pytest.mark.parametrize("fmt", ["md", "json", "csv", "html"])
def test_mini_export_matches_golden_file(ctkb, fmt):
    assert_matches_golden(f"export.{fmt}", run_export(ctkb, MINI, fmt))


@pytest.mark.parametrize("fmt", ["md", "json", "jsonl", "csv", "html", "sqlite"])
def test_same_records_give_identical_bytes(ctkb, tmp_path, fmt):
    first = exported_file(ctkb, MINI, fmt, tmp_path / "first").read_bytes()
    copy = shutil.copytree(MINI, tmp_path / "copy")
    assert exported_file(ctkb, copy, fmt, tmp_path / "second").read_bytes() == first


def test_generation_date_from_option_then_source_date_epoch():
    assert generation_date("2023-02-01", {"SOURCE_DATE_EPOCH": "0"}) == date(2023, 2, 1)
    assert generation_date(None, {"SOURCE_DATE_EPOCH": "1700000000"}) == date(2023, 11, 14)
    with pytest.raises(UsageError, match="YYYY-MM-DD"):
        generation_date("1 May 2024", {})


def test_source_date_epoch_fixes_the_report_date(ctkb, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    result = ctkb("export", "--records", MINI, "--format", "md")
    assert "generated on 2023-11-14." in result.stdout


def test_bad_date_is_a_usage_error(ctkb):
    result = ctkb("export", "--records", MINI, "--date", "2024-13-01")
    assert result.exit_code == 2
    assert result.stderr == "ctkb: usage error: --date '2024-13-01' is not a date in the form YYYY-MM-DD\n"


# Choosing records


def test_filters_choose_what_is_exported(ctkb):
    records = json.loads(run_export(ctkb, MINI, "json", "--country", "thailand", "--type", "project"))
    assert [r["id"] for r in records] == ["cofact-thailand"]


def test_report_says_how_records_were_chosen(ctkb):
    report = run_export(ctkb, MINI, "md", "--country", "TH", "--topic", "fact checking")
    assert "Selection: country Thailand; topic Fact-checking." in report
    assert "1 record: 1 project." in report


def test_nothing_chosen_exports_nothing(ctkb, tmp_path):
    result = ctkb("export", "--records", MINI, "--country", "japan", "-o", tmp_path / "out.md")
    assert result.exit_code == 1
    assert result.stderr == (
        "ctkb: no record passes all the filters (--country japan keeps 0 of 8 records); nothing exported\n"
    )
    assert not (tmp_path / "out.md").exists()


def test_query_exports_search_hits_best_first(ctkb, monkeypatch):
    class Hit:
        def __init__(self, record_id):
            self.id = record_id

    class FakeSearch:
        @staticmethod
        def search(collection, query, record_filter, limit):
            return [Hit(r.id) for r in reversed(collection.records) if record_filter.matches(r)][:2]

    monkeypatch.setitem(__import__("sys").modules, "civictech_kb.search.ranking", FakeSearch)
    records = json.loads(run_export(ctkb, MINI, "json", "--query", "anything", "--type", "project"))
    assert [r["id"] for r in records] == ["cofacts", "cofact-thailand"]


def test_query_without_search_module_is_a_clear_error(ctkb, monkeypatch):
    monkeypatch.setitem(__import__("sys").modules, "civictech_kb.search.ranking", None)
    result = ctkb("export", "--records", MINI, "--query", "fact")
    assert result.exit_code == 1
    assert result.stderr == "ctkb: error: --query needs ctkb's search, which this installation lacks\n"


# Writing files


def test_output_is_written_and_not_printed(ctkb, tmp_path):
    target = tmp_path / "report.md"
    result = ctkb("export", "--records", MINI, "--date", DATE, "--output", target)
    assert (result.exit_code, result.stdout) == (0, "")
    assert target.read_text(encoding="utf-8") == (GOLDEN / "export.md").read_text(encoding="utf-8")
    assert os.listdir(tmp_path) == ["report.md"]


def test_existing_output_is_kept_without_force(ctkb, tmp_path):
    target = tmp_path / "report.md"
    target.write_text("keep me")
    result = ctkb("export", "--records", MINI, "--output", target)
    assert result.exit_code == 2
    assert result.stderr == f"ctkb: usage error: {target} already exists; use --force to replace it\n"
    assert target.read_text() == "keep me"


def test_force_replaces_existing_output(ctkb, tmp_path):
    target = tmp_path / "records.json"
    target.write_text("old")
    exported_file(ctkb, MINI, "json", target, "--force")
    assert len(json.loads(target.read_text(encoding="utf-8"))) == 8
    assert os.listdir(tmp_path) == ["records.json"]


def test_sqlite_refuses_stdout(ctkb):
    result = ctkb("export", "--records", MINI, "--format", "sqlite")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert (
        result.stderr
        == "ctkb: usage error: --format sqlite is binary; write it to a file with --output FILE\n"
    )


def test_bom_only_for_csv(ctkb):
    assert run_export(ctkb, MINI, "csv", "--bom").startswith('\ufeff"id",')
    assert ctkb("export", "--records", MINI, "--format", "json", "--bom").exit_code == 2


# Markdown


def parse_markdown(text: str):
    return MarkdownIt("commonmark").enable(["table", "strikethrough"]).parse(text)


def headings(tokens) -> list[tuple[str, str]]:
    """(tag, text) of every heading, in order."""
    return [(tok.tag, tokens[i + 1].content) for i, tok in enumerate(tokens) if tok.type == "heading_open"]


def link_targets(tokens) -> list[str]:
    return [child.attrs["href"] for tok in tokens if tok.type == "inline"
            for child in tok.children or [] if child.type == "link_open"]  # fmt: skip


def plain_text(inline_content: str) -> str:
    """Inline Markdown as a reader sees it: escapes and entities undone."""
    from html import unescape

    return unescape(MarkdownIt("commonmark").renderInline(inline_content))


def test_markdown_report_structure(ctkb):
    tokens = parse_markdown(run_export(ctkb, MINI, "md"))
    assert headings(tokens) == [
        ("h1", "Civic tech in East and South Asia"),
        ("h2", "Contents"),
        ("h2", "At a glance"), ("h3", "Records per country"), ("h3", "Records per year"),
        ("h3", "Challenges by region"), ("h3", "Challenges by country"), ("h3", "Relations between records"),
        ("h2", "Eastern Asia"), ("h3", "Taiwan"), ("h4", "Challenges in Taiwan"),
        ("h2", "South-eastern Asia"),
        ("h3", "Myanmar"), ("h4", "Challenges in Myanmar"), ("h4", "History of Myanmar"),
        ("h3", "Thailand"), ("h4", "Challenges in Thailand"), ("h4", "Lessons from Thailand"),
        ("h2", "Projects"), ("h3", "Cofact Thailand"), ("h3", "Cofacts"),
        ("h2", "Communities"), ("h3", "g0v"),
        ("h2", "Organizations"), ("h3", "Phandeeyar"),
        ("h2", "Events"), ("h3", "Digital Rights Asia-Pacific Assembly 2023"),
        ("h2", "Country profiles"), ("h3", "Myanmar"), ("h3", "Taiwan"), ("h3", "Thailand"),
        ("h2", "Bibliography"), ("h2", "Licence and attribution"),
    ]  # fmt: skip
    assert sum(tok.type == "table_open" for tok in tokens) == 8 + 4  # one fact table per record, four counts
    mermaid = [tok for tok in tokens if tok.type == "fence" and tok.info == "mermaid"]
    assert len(mermaid) == 1 and mermaid[0].content.startswith("flowchart LR\n")


def test_every_internal_link_reaches_a_heading(ctkb, hostile):
    tokens = parse_markdown(run_export(ctkb, hostile, "md"))
    anchors: dict[str, int] = {}  # as github-slugger counts them
    for _, text in headings(tokens):
        anchor = unique = github_anchor(plain_text(text))
        while unique in anchors:
            anchors[anchor] += 1
            unique = f"{anchor}-{anchors[anchor]}"
        anchors[unique] = 0
    internal = [href for href in link_targets(tokens) if href.startswith("#")]
    assert "#cofacts" in internal and "#taiwan-1" in internal
    assert {href[1:] for href in internal} <= set(anchors)


def test_hostile_text_stays_text_in_markdown(ctkb, hostile):
    text = run_export(ctkb, hostile, "md")
    tokens = parse_markdown(text)
    kinds = {tok.type for tok in tokens} | {c.type for tok in tokens for c in tok.children or []}
    # code_inline is how words that would link stay text (tests/hostile/test_markdown_links.py)
    assert not {"html_block", "html_inline", "ordered_list_open", "hr"} & kinds
    assert ("h3", HOSTILE_NAME) in [(tag, plain_text(t)) for tag, t in headings(tokens)]
    assert all(href.startswith(("#", "https://")) for href in link_targets(tokens))
    assert "https://example.org/a_%28b%29%7Cc?q=%22%3E%3Cscript%3Ealert%281%29%3C/script%3E" in text
    cells = [plain_text(tokens[i + 1].content) for i, tok in enumerate(tokens) if tok.type == "td_open"]
    assert ["Also known as", "Pipe | alias, <i>it</i>"] in [cells[i : i + 2] for i in range(len(cells))]
    assert "\\$5 and \\$10" in text  # no accidental GitHub math


def test_markdown_renderer_neutralises_control_characters():
    from civictech_kb.render.markdown_text import escape

    assert escape("bell\x07 escape\x1b[31m nul\x00") == "bell\ufffd escape\ufffd\\[31m nul\ufffd"
    assert escape("- item") == "\\- item"
    assert escape("12) item") == "12\\) item"


# JSON and JSON Lines


def test_json_records_are_complete_and_round_trip(ctkb, hostile):
    records = json.loads(run_export(ctkb, hostile, "json"))
    hostile_record = next(r for r in records if r["id"] == "hostile")
    assert (hostile_record["name"], hostile_record["summary"]) == (HOSTILE_NAME, HOSTILE_SUMMARY)
    cofacts = next(r for r in records if r["id"] == "cofacts")
    assert cofacts["regions"] == [{"region": "Asia", "subregion": "Eastern Asia"}]
    assert cofacts["related_from"] == {"inspired": ["cofact-thailand"], "partner_of": ["drapa-2023"]}
    assert "真的假的" in run_export(ctkb, hostile, "json")  # UTF-8, not \\u escapes


def test_json_lines_holds_the_same_records(ctkb, hostile):
    lines = run_export(ctkb, hostile, "jsonl").splitlines()
    assert [json.loads(line) for line in lines] == json.loads(run_export(ctkb, hostile, "json"))


@pytest.mark.parametrize("fmt", ["json", "jsonl", "sqlite"])
def test_control_characters_round_trip_exactly_in_data_formats(fmt, tmp_path):
    name = "Bell\x07 escape\x1b[31m nul\x00 del\x7f"
    collection = Collection([Record({"id": "bad", "type": "project", "name": name, "summary": "s"})])
    data = export(ExportRequest(collection, list(collection), date(2024, 5, 1)), fmt)
    if fmt == "sqlite":
        (tmp_path / "kb.sqlite").write_bytes(data)
        assert sqlite3.connect(tmp_path / "kb.sqlite").execute("select name from records").fetchone() == (
            name,
        )
    else:
        records = [json.loads(line) for line in data.splitlines()] if fmt == "jsonl" else json.loads(data)
        assert records[0]["name"] == name


def test_csv_quotes_everything_and_neutralises_formulas(ctkb, hostile):
    text = run_export(ctkb, hostile, "csv")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    row = next(r for r in rows if r["id"] == "hostile")
    assert row["summary"] == "'" + HOSTILE_SUMMARY
    assert row["name"] == HOSTILE_NAME
    assert row["website"] == HOSTILE_URL
    assert row["links"] == "'=cmd|' /C calc'!A0: https://example.org/x"
    assert row["lessons"] == "1. looks like an ordered list; @SUM(1+1); +1 for formulas; ---"
    assert row["challenges"] == "funding: <b>bold</b> & co | -2"
    assert len(rows) == 9
    requoted = io.StringIO()
    csv.writer(requoted, quoting=csv.QUOTE_ALL, lineterminator="\r\n").writerows(
        csv.reader(io.StringIO(text, newline=""))
    )
    assert requoted.getvalue() == text  # every field was quoted, every line ends in CRLF


def test_csv_cell_starting_with_any_formula_character_gets_an_apostrophe():
    from civictech_kb.render.csv_table import safe_cell

    for start in ["=", "+", "-", "@", "\t", "\r"]:
        assert safe_cell(start + "1+1") == "'" + start + "1+1"
    assert safe_cell("plain") == "plain"
    assert safe_cell("nul\x00") == "nul\ufffd"


# Figures

BOUNDED_YAML = """id: bounded
type: project
name: Bounded
summary: A project with open bounds.
figures:
  - {label: visitors on the first day, more_than: 50000}
  - {label: days to launch, more_than: 10, less_than: 30, year: 2023}
sources:
  - source: fixture-notes
    section: "Cofacts"
"""


def test_more_than_reads_more_than_in_every_format_and_stays_a_bound_in_data(ctkb, mini, tmp_path):
    write_record(mini, "projects", "bounded", BOUNDED_YAML)
    said = [
        "visitors on the first day: more than 50,000",
        "days to launch: more than 10 and less than 30 (2023)",
    ]
    for fmt in ("md", "html"):
        report = run_export(ctkb, mini, fmt).replace("\\(", "(").replace("\\)", ")")  # Markdown escapes them
        assert all(text in report for text in said) and "at least" not in report, fmt
    [row] = [row for row in csv.DictReader(io.StringIO(run_export(ctkb, mini, "csv").lstrip("\ufeff")))
             if row["id"] == "bounded"]  # fmt: skip
    assert row["figures"] == "; ".join(said)
    [record] = [r for r in json.loads(run_export(ctkb, mini, "json")) if r["id"] == "bounded"]
    assert record["figures"][0] == {"label": "visitors on the first day", "more_than": 50000}
    db = sqlite3.connect(exported_file(ctkb, mini, "sqlite", tmp_path / "kb.sqlite"))
    types = {name: kind for _, name, kind, *_ in db.execute("pragma table_info(figures)")}
    assert (types["more_than"], types["less_than"]) == (types["min"], types["max"]) == ("REAL", "REAL")
    rows = db.execute("select value, min, more_than, max, less_than from figures where record_id = 'bounded' "
                      "order by position").fetchall()  # fmt: skip
    assert rows == [(None, None, 50000, None, None), (None, None, 10, None, 30)]
    shown = ctkb("show", "bounded", "--records", mini).stdout
    assert all(text in " ".join(shown.split()) for text in said)


# SQLite


def test_sqlite_tables_and_full_text_search(ctkb, hostile, tmp_path):
    db = sqlite3.connect(exported_file(ctkb, hostile, "sqlite", tmp_path / "kb.sqlite"))
    tables = {row[0] for row in db.execute("select name from sqlite_master where type = 'table'")}
    assert {"records", "countries", "topics", "record_countries", "record_topics", "relations",
            "challenges", "records_fts"} <= tables  # fmt: skip
    assert db.execute("select name, summary from records where id = 'hostile'").fetchone() == (
        HOSTILE_NAME, HOSTILE_SUMMARY)  # fmt: skip
    assert db.execute("select country_code from record_countries where record_id = 'cofacts'").fetchall() == [
        ("TW",)
    ]
    assert db.execute("select * from relations order by source_id").fetchall()[0] == (
        "cofact-thailand", "inspired_by", "cofacts")  # fmt: skip
    hits = db.execute("select records.id from records_fts join records on records.rowid = records_fts.rowid "
                      "where records_fts match 'anonymous' order by rank").fetchall()  # fmt: skip
    assert hits == [("myanmar",)]


def test_sqlite_utils_search_finds_records(ctkb, tmp_path):
    from click.testing import CliRunner
    from sqlite_utils.cli import cli

    path = exported_file(ctkb, MINI, "sqlite", tmp_path / "kb.sqlite")
    result = CliRunner().invoke(cli, ["search", str(path), "records", "chatbot", "-c", "id"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == [{"id": "cofacts"}]


def test_sqlite_index_follows_edits(ctkb, tmp_path):
    db = sqlite3.connect(exported_file(ctkb, MINI, "sqlite", tmp_path / "kb.sqlite"))
    db.execute("update records set summary = 'a hovercraft full of eels' where id = 'g0v'")
    found = "select rowid from records_fts where records_fts match 'hovercraft'"
    assert db.execute(found).fetchall() == db.execute("select rowid from records where id = 'g0v'").fetchall()


# HTML


class PageParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[str] = []
        self.hrefs: list[str] = []
        self.sources: list[str] = []
        self.text: list[str] = []
        self.headings: list[tuple[str, str]] = []
        self.in_heading = False

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag in ("h1", "h2", "h3", "h4"):
            self.headings.append((tag, ""))
            self.in_heading = True
        attributes = dict(attrs)
        if tag == "a":
            self.hrefs.append(attributes["href"])
        self.sources += [value for name, value in attrs if name in ("src", "srcset", "action", "data")]
        assert not any(name.startswith("on") for name, _ in attrs)

    def handle_data(self, data):
        self.text.append(data)
        if self.in_heading:
            tag, text = self.headings[-1]
            self.headings[-1] = (tag, text + data)

    def handle_endtag(self, tag):
        if tag in ("h1", "h2", "h3", "h4"):
            self.in_heading = False


def test_html_page_has_the_structure_of_the_markdown_report(ctkb, hostile):
    page = PageParser()
    page.feed(run_export(ctkb, hostile, "html"))
    markdown = headings(parse_markdown(run_export(ctkb, hostile, "md")))
    assert page.headings == [(tag, plain_text(text)) for tag, text in markdown]


def test_html_page_is_escaped_and_self_contained(ctkb, hostile):
    page = PageParser()
    page.feed(run_export(ctkb, hostile, "html"))
    assert "script" not in page.tags and "img" not in page.tags and "link" not in page.tags
    assert page.sources == []
    assert all(href.startswith(("#", "https://")) for href in page.hrefs)
    assert HOSTILE_URL in page.hrefs
    text = "".join(page.text)
    assert HOSTILE_NAME in text
    assert "<img src=x onerror=" in text


def test_html_renderer_drops_unsafe_links_and_control_characters():
    from civictech_kb.render.html_page import export as html_export

    data = {"id": "bad", "type": "project", "name": "Bell\x07 \x1b[31mred", "summary": "NUL\x00 here",
            "links": [{"label": "click", "url": "javascript:alert(1)"},
                      {"label": "data", "url": "data:text/html,<script>alert(1)</script>"}],
            "sources": [{"source": "x", "url": "JAVASCRIPT:alert(1)"}]}  # fmt: skip
    collection = Collection([Record(data)])
    page = html_export(ExportRequest(collection, list(collection), date(2024, 5, 1))).decode()
    assert "javascript:" not in page.lower() and "data:" not in page
    assert "Bell\ufffd \ufffd[31mred" in page and "NUL\ufffd here" in page


def test_markdown_renderer_drops_unsafe_links():
    data = {"id": "bad", "type": "project", "name": "Bad", "summary": "s",
            "website": "javascript:alert(1)", "links": [{"label": "x", "url": "vbscript:x"}],
            "sources": [{"url": "javascript:alert(2)"}]}  # fmt: skip
    collection = Collection([Record(data)])
    text = export(ExportRequest(collection, list(collection), date(2024, 5, 1)), "md").decode()
    assert "script:" not in text


@pytest.mark.skipif(not CHROMIUM.exists(), reason="headless check needs /usr/bin/chromium "
                    "(apt-get install chromium)")  # fmt: skip
def test_html_page_in_headless_chromium(ctkb, hostile, tmp_path):
    """The browser shows the expected headings, and the hostile <script>, which
    would rename the page, never runs. The screenshot is kept for a person."""
    page = exported_file(ctkb, hostile, "html", tmp_path / "report.html")
    shot = tmp_path / "report.png"
    result = subprocess.run(
        [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run",
         f"--user-data-dir={tmp_path / 'profile'}", "--window-size=390,3200",
         f"--screenshot={shot}", "--dump-dom", page.as_uri()],
        capture_output=True, text=True, timeout=60, check=True,
    )  # fmt: skip
    dom = PageParser()
    dom.feed(result.stdout)
    assert "<title>Civic tech in East and South Asia</title>" in result.stdout
    assert "pwned" not in result.stdout.split("</title>")[0]
    assert "script" not in dom.tags
    assert {"h1", "h2", "h3", "h4", "nav", "article"} <= set(dom.tags)
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert result.stdout.count('class="ctkb-chart"') == 4  # countries, years, region and country matrices
    colours = png_colours(shot)  # the bars are on screen, in each chart's colour, at phone width
    assert colours[(0x2B, 0x6C, 0xB0)] > 1000 and colours[(0x2F, 0x85, 0x5A)] > 1000
    assert colours[(0x00, 0x72, 0xB2)] > 500  # the fullest cell of the challenge matrix
    if os.environ.get("CTKB_KEEP_SCREENSHOT"):
        shutil.copy(shot, os.environ["CTKB_KEEP_SCREENSHOT"])


def png_colours(path: Path) -> Counter:
    """How many pixels of each RGB colour an 8-bit RGB or RGBA PNG holds (a
    small decoder, so the test needs no imaging library)."""
    data = path.read_bytes()
    chunks, at = {}, 8
    while at < len(data):
        length = int.from_bytes(data[at : at + 4], "big")
        kind = data[at + 4 : at + 8]
        chunks.setdefault(kind, []).append(data[at + 8 : at + 8 + length])
        at += 12 + length
    width, height, depth, colour_type = struct.unpack(">IIBB", chunks[b"IHDR"][0][:10])
    assert depth == 8 and colour_type in (2, 6), (depth, colour_type)
    step = 3 if colour_type == 2 else 4
    raw = zlib.decompress(b"".join(chunks[b"IDAT"]))
    stride = width * step
    previous, counts = bytearray(stride), Counter()
    for row in range(height):
        start = row * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
        for i in range(stride):
            left = line[i - step] if i >= step else 0
            up, corner = previous[i], previous[i - step] if i >= step else 0
            if kind == 1:
                line[i] = (line[i] + left) & 255
            elif kind == 2:
                line[i] = (line[i] + up) & 255
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 255
            elif kind == 4:
                guess = left + up - corner
                options = ((abs(guess - v), n, v) for n, v in enumerate((left, up, corner)))  # Paeth
                line[i] = (line[i] + min(options)[2]) & 255
        counts.update(bytes(line[i : i + 3]) for i in range(0, stride, step))
        previous = line
    return Counter({tuple(key): n for key, n in counts.items()})


# An organizer's own title and opening text

INTRO = (
    "# Our *meetup*\n\nWelcome <b>all</b> [here](javascript:alert(1)), see [the agenda](https://example.org/agenda)"
    " and `<b>code</b>`.\n\n- a list item\n- ![tracker](https://tracker.example/p.png)\n\n## Taiwan\n\n"
    "<script>alert(1)</script>\n\n```\n<kept as written>\n```\n"
)


def _tokens(markdown: str) -> list:
    tokens = MarkdownIt("commonmark", {"html": True}).parse(markdown)
    return [*tokens, *(child for token in tokens for child in token.children or [])]


def test_the_intro_is_the_organizers_markdown_as_written_without_html_images_or_unsafe_links(ctkb, tmp_path):
    """--intro FILE is the organizer's Markdown: headings, emphasis, lists,
    code and http(s) links are kept as written; raw HTML shows as text, an
    image as a link, a javascript: link as text (render/intro.py)."""
    intro = tmp_path / "intro.md"
    intro.write_text(INTRO, encoding="utf-8")
    markdown = run_export(ctkb, MINI, "md", "--title", "Jothon", "--intro", intro)
    assert markdown.startswith(
        "# Jothon\n\n# Our *meetup*\n\nWelcome \\<b>all\\</b> [here]\\(javascript:alert(1))"
    )
    assert "[the agenda](https://example.org/agenda) and `<b>code</b>`." in markdown
    assert "\n- a list item\n" in markdown and "\n```\n<kept as written>\n```\n" in markdown
    opening = markdown.split("From the civic tech")[0]
    kinds = [t.type for t in _tokens(opening)]
    assert kinds.count("heading_open") == 3 and "bullet_list_open" in kinds and "fence" in kinds
    assert not {"html_inline", "html_block", "image"} & set(kinds)
    assert [t.attrs["href"] for t in _tokens(opening) if t.type == "link_open"] == [
        "https://example.org/agenda", "https://tracker.example/p.png"]  # fmt: skip
    # the intro's "## Taiwan" takes GitHub's anchor "taiwan": the report's own Taiwan is taiwan-1
    assert "## Taiwan\n" in opening and "(#taiwan-1)" in markdown.split("## Contents")[1].split("##")[0]

    html = run_export(ctkb, MINI, "html", "--title", "Jothon <2026>", "--intro", intro)
    assert "<title>Jothon &lt;2026&gt;</title>" in html and "<h1>Jothon &lt;2026&gt;</h1>" in html
    page = html.split("<h1>Jothon &lt;2026&gt;</h1>")[1].split('<p class="meta">')[0]
    assert (
        "<h1>Our <em>meetup</em></h1>" in page
        and "<h2>Taiwan</h2>" in page
        and "<li>a list item</li>" in page
    )
    assert "Welcome &lt;b&gt;all&lt;/b&gt;" in page and "&lt;script&gt;" in page and "<script" not in page
    assert (
        '<a href="https://example.org/agenda">the agenda</a>' in page
        and "<code>&lt;b&gt;code&lt;/b&gt;</code>" in page
    )
    assert "javascript:" not in page.replace("[here](javascript:alert(1))", "") and "<img" not in page


def test_an_intro_with_a_hidden_control_character_shows_it_as_an_escape(ctkb, tmp_path):
    intro = tmp_path / "intro.md"
    intro.write_text("Hello\x1b[31m red\n", encoding="utf-8")
    for fmt in ("md", "html"):
        shown = run_export(ctkb, MINI, fmt, "--intro", intro)
        assert "\x1b" not in shown and "\\u001b" in shown.replace("\\\\", "\\")


def test_unreadable_intro_is_a_usage_error_naming_the_file(ctkb, tmp_path):
    missing = ctkb("export", "--records", MINI, "--intro", tmp_path / "nope.md")
    assert missing.exit_code == 2 and "--intro" in missing.stderr and "nope.md" in missing.stderr
    binary = tmp_path / "intro.bin"
    binary.write_bytes(b"\xff\xfe\x00bad")
    result = ctkb("export", "--records", MINI, "--intro", binary)
    assert result.exit_code == 2 and result.stderr.strip().endswith("intro.bin: is not UTF-8 text")


def test_an_intro_for_a_format_without_opening_text_is_said_on_stderr(ctkb, tmp_path):
    intro = tmp_path / "intro.md"
    intro.write_text("# Agenda\n", encoding="utf-8")
    result = ctkb("export", "--format", "json", "--records", MINI, "--intro", intro)
    assert result.exit_code == 0 and "Agenda" not in result.stdout
    assert (
        result.stderr
        == "ctkb: warning: --intro is for md and html reports; --format json has no opening text\n"
    )
