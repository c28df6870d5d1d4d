"""timeline and graph: the data comes from library functions; Mermaid and DOT
are well formed and keep hostile record names inert."""

import re
import shutil
import subprocess

import pytest

from civictech_kb.render.dot import digraph
from civictech_kb.render.mermaid import flowchart, label
from civictech_kb.store.loader import load_collection
from civictech_kb.views.graph import relation_graph
from civictech_kb.views.results import (
    Graph,
    GraphEdge,
    GraphNode,
    Timeline,
    TimelineEntry,
    TimelineYear,
    to_data,
)
from civictech_kb.views.timeline import timeline

from ..conftest import MINI

HOSTILE = 'Evil"]; click n1 call alert(1); %%{init}%% <script>x</script> [bold] |pipe| `tick` \\ end'


@pytest.fixture(scope="module")
def collection():
    return load_collection(MINI)


def test_timeline_groups_dated_records_by_year(collection):
    data = timeline(collection)
    assert [(y.year, [r.id for r in y.records]) for y in data.years] == [
        (2012, ["g0v"]), (2016, ["cofacts"]), (2019, ["cofact-thailand"]), (2021, ["myanmar"]),
        (2023, ["drapa-2023"])]  # fmt: skip
    assert data.undated == ["phandeeyar"]  # country profiles are not placed in time
    milestone = data.years[3].records[0]
    assert (milestone.kind, milestone.date, milestone.summary) == ("milestone", "2021-02", "A military coup.")
    assert [y.year for y in timeline(collection, kinds=["milestone"]).years] == [2021]
    assert [y.year for y in timeline(collection, since=2016, until=2019).years] == [2016, 2019]


def test_graph_of_whole_collection_and_of_a_neighbourhood(collection):
    whole = to_data(relation_graph(collection))
    assert {n["id"] for n in whole["nodes"]} == {"cofact-thailand", "cofacts", "drapa-2023", "g0v"}
    assert {"source": "cofact-thailand", "target": "cofacts", "relation": "inspired by"} in whole["edges"]
    near = to_data(relation_graph(collection, "g0v", depth=1))
    assert {n["id"] for n in near["nodes"]} == {"g0v", "cofacts"}
    assert to_data(relation_graph(collection, "g0v", depth=2))["center"] == "g0v"


MERMAID_LINE = re.compile(
    r'^(flowchart LR|    n\d+\["[^"\]\[<>`|]*"\]:::\w+|    n\d+ -->\|"[^"|]*"\| n\d+|    classDef \w+ [\w:#,-]+)$'
)


def hostile_graph():
    nodes = [GraphNode(id="a", name=HOSTILE, type="project"), GraphNode(id="b", name="B\nline", type="event")]
    return Graph(center=None, nodes=nodes, edges=[GraphEdge(source="a", target="b", relation="part of")])


def test_mermaid_is_well_formed_and_escapes_names():
    text = flowchart(hostile_graph())
    for line in text.splitlines():
        assert MERMAID_LINE.match(line), line
    assert "<script>" not in text and "click" in text  # the word survives, the syntax does not
    assert label('a"b') == "a#34;b"


def test_dot_escapes_quotes_and_backslashes():
    text = digraph(hostile_graph())
    assert '"Evil\\"]; click' in text
    assert "\\\\ end" in text
    assert '"B line"' in text


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed")
def test_graphviz_accepts_the_dot_output(collection):
    for graph in (relation_graph(collection), hostile_graph()):
        result = subprocess.run(
            ["dot", "-Tsvg"], input=digraph(graph), capture_output=True, text=True, check=False
        )
        assert result.returncode == 0, result.stderr
        assert "<svg" in result.stdout


def test_timeline_cli_draws_a_time_axis_with_the_gaps(ctkb):
    result = ctkb("timeline", "--records", MINI, "--type", "project")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "2 dated record(s), 2016 to 2019",
        "2016 | # 1",
        "     |   - Cofacts (project, TW)",
        "     |  2017-2018: none",
        "2019 | # 1",
        "     |   - Cofact Thailand (project, TH)",
    ]


def test_terminal_timeline_scales_bars_and_wraps_long_names_under_their_bullet():
    from civictech_kb.render import Display, render

    entries = [TimelineEntry(id=f"r{i}", name=f"Record {i}", type="event", date="2020", countries=["JP"])
               for i in range(150)]  # fmt: skip
    long = TimelineEntry(
        id="long", name="A very long name " * 6, type="project", date="2021", countries=["KR"]
    )
    data = Timeline(years=[TimelineYear(year=2020, count=150, records=entries),
                           TimelineYear(year=2021, count=1, records=[long])], undated=["x"])  # fmt: skip
    lines = render(data, "table", Display(width=60, decorated=True)).splitlines()
    assert all(len(line) <= 60 for line in lines)
    assert lines[1].startswith("2020 ┤ █") and lines[1].endswith(" 150")
    at = next(n for n, line in enumerate(lines) if line.startswith("2021 ┤ "))
    assert lines[at].split()[2:] in (["▍", "1"], ["▎", "1"])  # one record of 150: part of a block, still seen
    assert lines[at + 1].startswith("     │   • A very long name")
    assert lines[at + 2].startswith("     │     name A very long")
    assert (
        " ".join(lines[-2:])
        == "left out of the timeline: 1 record with no founding or start date in the sources"
    )


def test_graph_cli_formats(ctkb):
    mermaid = ctkb("graph", "cofacts", "--records", MINI)
    assert mermaid.exit_code == 0 and mermaid.stdout.startswith("flowchart LR\n")
    dot = ctkb("graph", "--records", MINI, "--format", "dot")
    assert dot.stdout.startswith("digraph ctkb {")
    unknown = ctkb("graph", "nothing", "--records", MINI)
    assert unknown.exit_code == 1 and "no record named 'nothing'" in unknown.stderr


# The HTML report's charts: inline SVG drawn from templates, no chart library

SVG = "{http://www.w3.org/2000/svg}"


def report_charts(label: str = "Taiwan") -> dict:
    return {
        "by_country": [{"key": "TW", "label": label, "count": 3}, {"key": "TH", "label": "Thailand", "count": 1}],
        "by_year": [{"year": 2019, "count": 2}, {"year": 2020, "count": 0}, {"year": 2021, "count": 5}],
        "challenges": {"categories": [{"key": "trust", "label": label}, {"key": "funding", "label": "Funding"}],
                       "regions": ["Eastern Asia", label], "counts": [[1, 2], [0, 1]]},
    }  # fmt: skip


def chart_texts(svg: str) -> list[str]:
    """Each <text> of a chart as read, its wrapped lines (tspans) joined by spaces."""
    from xml.etree import ElementTree

    root = ElementTree.fromstring(svg)
    return [" ".join(part.strip() for part in e.itertext() if part.strip()) for e in root.iter(f"{SVG}text")]


def joined_lines(svg: str) -> str:
    return "".join(chart_texts(svg))


def test_svg_charts_are_deterministic_inert_and_escaped():
    from xml.etree import ElementTree

    from civictech_kb.render.svg_charts import draw_charts

    drawn = draw_charts(report_charts(HOSTILE))
    assert drawn == draw_charts(report_charts(HOSTILE))  # same data, same bytes
    assert set(drawn) == {"country", "year", "matrix"}
    for key, svg in drawn.items():
        root = ElementTree.fromstring(svg)  # well-formed XML
        assert root.get("id") == f"chart-{key}"
        tags = {element.tag for element in root.iter()}
        assert f"{SVG}script" not in tags and f"{SVG}style" not in tags and "<script" not in svg
        assert not any(name.startswith("on") for element in root.iter() for name in element.attrib)
        assert "href" not in svg and "@import" not in svg and "url(" not in svg  # nothing to fetch
        if key != "year":  # the name is text, shown as written (wrapped over lines)
            assert HOSTILE.replace(" ", "") in joined_lines(svg).replace(" ", "")


def test_svg_charts_carry_titles_labels_and_counts_and_leave_empty_cells_blank():
    from xml.etree import ElementTree

    from civictech_kb.render.svg_charts import draw_charts

    drawn = draw_charts(report_charts())
    titles = {key: ElementTree.fromstring(svg).find(f"{SVG}title").text for key, svg in drawn.items()}
    assert titles == {"country": "Records per country", "year": "Records per year",
                      "matrix": "Challenges by region"}  # fmt: skip
    texts = {key: chart_texts(svg) for key, svg in drawn.items()}
    assert texts["country"] == ["Taiwan", "3", "Thailand", "1"]
    assert texts["year"] == ["2", "2019", "2020", "5", "2021", "year founded or held"]  # 2020 has no bar
    assert texts["matrix"] == ["Eastern Asia", "Taiwan", "Taiwan", "1", "2", "Funding", "1"]


def test_bar_lengths_follow_the_counts():
    from xml.etree import ElementTree

    from civictech_kb.render.svg_charts import bar_chart

    rows = [{"label": "a", "count": 8}, {"label": "b", "count": 4}, {"label": "c", "count": 1}]
    root = ElementTree.fromstring(bar_chart("t", "T", rows))
    widths = [float(rect.get("width")) for rect in root.iter(f"{SVG}rect")][1:]  # after the background
    assert widths[0] == 2 * widths[1] and widths[1] == 4 * widths[2]


def test_long_and_wide_labels_wrap_within_the_chart():
    """Labels go on their own lines above the bars, so a label of any length
    (44 characters, 1200, or CJK) wraps and never widens or squeezes the plot."""
    from xml.etree import ElementTree

    from civictech_kb.render.svg_charts import WIDTH, bar_chart, text_width

    for text in ("Government collaboration with public agencies", "label " * 200, "마스크찾아줌" * 20):
        svg = bar_chart("t", "T", [{"label": text, "count": 1}])
        root = ElementTree.fromstring(svg)
        assert root.get("width") == str(WIDTH)
        lines = [e.text for e in root.iter(f"{SVG}text")][:-1]  # the last text is the count
        assert "".join(lines).replace(" ", "") == text.replace(" ", "")
        assert all(text_width(line, 15) <= WIDTH - 16 for line in lines)


def test_html_report_draws_its_charts_without_any_chart_library(ctkb, monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "pygal", None)  # import pygal would raise ImportError
    result = ctkb("export", "--records", MINI, "--format", "html", "--date", "2024-05-01")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.count('<svg xmlns="http://www.w3.org/2000/svg" class="ctkb-chart"') == 4
    assert "pip install" not in result.stdout


def test_dot_output_parses_structurally(collection):
    """Without Graphviz: every statement is a node or an edge between quoted
    ids, every edge joins declared nodes, and the braces close."""
    quoted = r'"(?:[^"\\]|\\.)*"'
    for graph in (relation_graph(collection), relation_graph(collection, "cofacts"), hostile_graph()):
        lines = digraph(graph).splitlines()
        assert lines[0] == "digraph ctkb {" and lines[-1] == "}"
        nodes, edges = set(), []
        for line in lines[3:-1]:
            node = re.fullmatch(rf'    ({quoted}) \[label={quoted}, color={quoted}(, penwidth="3")?\];', line)
            edge = re.fullmatch(rf"    ({quoted}) -> ({quoted}) \[label={quoted}\];", line)
            assert node or edge, line
            if node:
                nodes.add(node.group(1))
            else:
                edges.append((edge.group(1), edge.group(2)))
        assert len(nodes) == len(graph.nodes) and len(edges) == len(graph.edges)
        assert all(source in nodes and target in nodes for source, target in edges)


def test_markdown_report_draws_relations_only_among_its_records_and_within_githubs_limit(monkeypatch):
    from datetime import date

    from civictech_kb.render import markdown_report
    from civictech_kb.render.export import ExportRequest

    mini = load_collection(MINI)
    chosen = [r for r in mini if r.id in ("cofacts", "g0v", "phandeeyar")]
    text = markdown_report.export(ExportRequest(mini, chosen, date(2024, 5, 1))).decode()
    diagram = text.split("```mermaid\n")[1].split("```")[0]
    assert (
        diagram.count("-->") == 1 and '"part of"' in diagram
    )  # cofacts -> g0v; other ends are not in the report
    assert "Phandeeyar" not in diagram  # no relation, no node
    monkeypatch.setattr(markdown_report, "MERMAID_MAX_EDGES", 2)
    text = markdown_report.export(ExportRequest(mini, list(mini), date(2024, 5, 1))).decode()
    assert "```mermaid" not in text and "3 relations, more than GitHub draws" in text


def test_mermaid_marks_the_record_a_neighbourhood_is_drawn_around(collection):
    text = flowchart(relation_graph(collection, "cofacts"))
    for line in text.splitlines():
        assert MERMAID_LINE.match(line), line
    assert '    n2["Cofacts"]:::project_center' in text.splitlines()
    assert "    classDef project_center fill:#e8f1fb,stroke:#2b6cb0,stroke-width:4px" in text.splitlines()
    assert "_center" not in flowchart(relation_graph(collection))  # the whole collection has no centre


def test_reports_say_when_there_is_nothing_to_draw(ctkb, tmp_path):
    from ..conftest import write_record

    write_record(tmp_path, "organizations", "lone", "id: lone\ntype: organization\nname: Lone\nsummary: s.\n"
                 "sources:\n  - url: https://example.org/x\n")  # fmt: skip
    for fmt in ("md", "html"):
        result = ctkb("export", "--records", tmp_path, "--format", fmt, "--date", "2024-05-01")
        assert result.exit_code == 0, result.stderr
        assert "nothing to draw" in result.stdout and "<svg" not in result.stdout


def test_markdown_timeline_gives_each_year_a_bar_and_its_records(ctkb):
    result = ctkb("timeline", "--records", MINI, "--format", "md")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[:2] == ["- **2012** █ 1", "  - g0v (community, TW)"]
    assert result.stdout.endswith(
        "Left out of the timeline: 1 record with no founding or start date in the sources.\n"
    )


WIDE_NAMES = {
    "cjk": "臺灣零時政府公民科技社群開放資料與開放政府協作平台" * 3,  # no spaces, two cells each
    "thai": "โครงการเทคโนโลยีภาคพลเมืองเพื่อการเลือกตั้งที่โปร่งใสและตรวจสอบได้" * 2,  # combining marks
    "emoji": "Civic 🗳️🗳️🗳️ tech " * 6 + "🧑‍💻" * 30,
}


@pytest.mark.parametrize("width", [80, 40])
@pytest.mark.parametrize("script", WIDE_NAMES)
def test_timeline_wraps_wide_names_by_terminal_cells_and_keeps_the_axis(
    ctkb, tmp_path, monkeypatch, width, script
):
    """A name in a wide script takes two cells a character (a Thai vowel
    mark none): each line fits the width, and every wrapped piece stays to
    the right of the axis, under its bullet."""
    from rich.cells import cell_len

    from ..conftest import write_record

    root = tmp_path / "records"
    shutil.copytree(MINI, root)
    write_record(root, "projects", "wide", "\n".join([
        "id: wide", "type: project", f"name: {WIDE_NAMES[script]}", "summary: A summary.", "countries: [TW]",
        "founded: 2017", "sources:", "  - {source: fixture-notes, section: Cofacts}"]))  # fmt: skip
    for decorated in (False, True):
        from civictech_kb.render import Display, render

        data = timeline(load_collection(root))
        lines = render(data, "table", Display(width=width, decorated=decorated)).splitlines()
        axis, tick, bullet = ("│", "┤", "•") if decorated else ("|", "|", "-")
        assert all(cell_len(line) <= width for line in lines), lines
        end = next(n for n, line in enumerate(lines) if line.startswith("left out of the timeline:"))
        closing = " ".join(lines[end:])  # wrapped at the width like the rest
        assert closing == "left out of the timeline: 1 record with no founding or start date in the sources"
        assert all(
            re.match(rf"\d{{4}} {re.escape(tick)}|     {re.escape(axis)}", line) for line in lines[1:end]
        ), lines
        at = next(n for n, line in enumerate(lines) if line.startswith("2017"))
        assert lines[at + 1].startswith(f"     {axis}   {bullet} ")
        end = next(n for n in range(at + 2, len(lines)) if not lines[n].startswith(f"     {axis}     "))
        assert end > at + 2  # wrapped, every piece under the bullet's text
        shown = "".join(line[11:] for line in lines[at + 1 : end])
        assert shown.replace(" ", "").startswith(WIDE_NAMES[script].replace(" ", ""))
    monkeypatch.setenv("COLUMNS", str(width))
    piped = ctkb("timeline", "--records", root, "--type", "project")
    assert piped.exit_code == 0 and all(cell_len(line) <= width for line in piped.stdout.splitlines())
