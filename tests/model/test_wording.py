"""One wording for figures and citations in every output: `ctkb show` (table
and Markdown), the reports and the spreadsheet say a fact the same way."""

import pytest

from civictech_kb.model.wording import citation_text, fact_text, figure_text, number_text

from ..conftest import MINI


def test_whole_numbers_get_thousands_separators_and_text_stays_as_written():
    assert [number_text(v) for v in (1000, 544, 1234567, "about 500", 2.5)] == [
        "1,000", "544", "1,234,567", "about 500", "2.5"]  # fmt: skip


def test_figure_reads_label_value_unit_year():
    assert figure_text({"label": "messages", "value": 1000, "year": 2020}) == "messages: 1,000 (2020)"
    assert figure_text({"label": "people", "value": 3, "unit": "volunteers"}) == "people: 3 volunteers"


def test_citation_names_title_work_publishers_section_point_and_address():
    source = {"title": "4-1 Regional Diversity", "work": "Handbook", "publishers": ["g0v Jothon", "NDI"],
              "section": "1.(3) Myanmar", "point": "A.", "url": "https://example.org/h"}  # fmt: skip
    said = "“4-1 Regional Diversity”, in Handbook, g0v Jothon and NDI, section “1.(3) Myanmar”, A."
    assert citation_text(source) == f"{said}, https://example.org/h"
    assert citation_text(source, address=False) == said
    assert citation_text({"url": "https://example.org"}, address=False) == ""


def test_ranges_and_approximate_figures_read_as_the_source_says_them():
    assert figure_text({"label": "people", "min": 10, "max": 30, "approximate": True, "unit": "people"}) == (
        "people: about 10–30 people"
    )
    assert figure_text({"label": "members", "min": 1200}) == "members: at least 1,200"


@pytest.mark.parametrize(("bounds", "said"), [
    ({"more_than": 200}, "more than 200"), ({"less_than": 30}, "less than 30"),
    ({"more_than": 10, "max": 30}, "more than 10 and at most 30"),
    ({"min": 10, "less_than": 30}, "at least 10 and less than 30"),
    ({"more_than": 10, "less_than": 30}, "more than 10 and less than 30"),
    ({"max": 30}, "at most 30"), ({"min": 10, "max": 30}, "10–30"),
])  # fmt: skip
def test_exclusive_bounds_read_more_than_and_less_than_not_at_least(bounds, said):
    assert figure_text({"label": "members", **bounds}) == f"members: {said}"


def test_more_than_keeps_unit_year_and_thousands_separators_and_about_stays_next_to_the_number():
    figure = {"label": "visitors", "more_than": 50000, "unit": "people", "year": 2023}
    assert figure_text(figure) == "visitors: more than 50,000 people (2023)"
    assert figure_text({"label": "visitors", "more_than": 200, "approximate": True}) == (
        "visitors: more than about 200"
    )
    assert figure_text({"label": "people", "min": 10, "approximate": True}) == "people: at least about 10"


def test_facts_name_topics_by_label_and_languages_by_tag():
    assert fact_text("topics", ["fact-checking"]) == "Fact-checking"
    assert fact_text("names", {"zh": "真的假的"}) == "真的假的 (zh)"


@pytest.mark.parametrize("fmt", ["table", "md"])
def test_show_says_figures_and_sources_as_the_report_does(ctkb, fmt):
    unescaped = {ord("\\"): None}  # Markdown escapes the parentheses
    shown = ctkb("show", "cofacts", "--records", MINI, "--format", fmt).stdout.translate(unescaped)
    report = ctkb("export", "--records", MINI, "--format", "md", "--date", "2024-01-01").stdout.translate(
        unescaped
    )
    for said in ("messages: 1,000 (2020)", "“Fixture Notes on Civic Tech”, g0v, section “Cofacts”"):
        assert said in shown
        assert said in report
