"""ctkb fmt on what authors write every day: dates as the template suggests
them, and a preview of the changes."""

from __future__ import annotations

import pytest

from civictech_kb.authoring.fmt import format_text

from ..conftest import write_record

EVENT = """id: meetup
type: event
name: Meetup
summary: A meetup.
countries: [TH]
start: {start}
sources:
  - url: https://example.org/notes
"""


@pytest.mark.parametrize("written", ["2024-03-09", "'2024-03-09'", '"2024-03-09"', "2024-03", "2024"])
def test_fmt_formats_a_date_however_it_is_written_and_formatting_twice_changes_nothing(written):
    once = format_text(EVENT.format(start=written))
    assert format_text(once) == once
    expected = '"2024-03-09"' if written.startswith(("'", '"')) else written
    assert f"start: {expected}\n" in once


def test_fmt_check_passes_on_records_with_unquoted_full_dates(ctkb, mini):
    write_record(mini, "events", "meetup", EVENT.format(start="2024-03-09"))
    founded = mini / "communities" / "g0v.yaml"
    text = founded.read_text(encoding="utf-8")
    founded.write_text(
        "\n".join(
            "founded: 2012-12-01" if line.startswith("founded:") else line for line in text.split("\n")
        ),
        encoding="utf-8",
    )
    assert ctkb("fmt", "--records", mini).exit_code == 0
    result = ctkb("fmt", "--check", "--records", mini)
    assert result.exit_code == 0, result.output
    assert "founded: 2012-12-01\n" in founded.read_text(encoding="utf-8")


def test_fmt_diff_shows_a_unified_diff_and_writes_nothing(ctkb, mini):
    path = write_record(mini, "events", "meetup", EVENT.format(start="'2024-03-09'"))
    before = path.read_text(encoding="utf-8")
    result = ctkb("fmt", "--diff", "--records", mini)
    assert result.exit_code == 1
    assert path.read_text(encoding="utf-8") == before
    assert "--- " in result.stdout and "+++ " in result.stdout
    assert "-start: '2024-03-09'\n" in result.stdout
    assert '+start: "2024-03-09"\n' in result.stdout
    assert "@@ " in result.stdout


def test_fmt_diff_of_canonical_records_prints_nothing_and_exits_0(ctkb, mini):
    assert ctkb("fmt", "--records", mini).exit_code == 0
    result = ctkb("fmt", "--diff", "--records", mini)
    assert result.exit_code == 0
    assert result.stdout == ""


def test_fmt_puts_a_figures_bounds_in_reading_order_lower_then_upper():
    text = (
        EVENT.format(start="2024") + "figures:\n  - {year: 2023, less_than: 30, label: days, more_than: 10}\n"
    )
    once = format_text(text)
    assert "  - {label: days, more_than: 10, less_than: 30, year: 2023}\n" in once
    assert format_text(once) == once
