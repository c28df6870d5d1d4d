"""Output people can script: one rule for empty results (exit 1, and a
line on stderr saying why), one stable piped layout, CSV, TSV and JSON with
the same columns whatever the content."""

from __future__ import annotations

import csv
import io
import json

import pytest

from ..conftest import MINI, write_record

EMPTY = [
    ["list", "--country", "japan"],
    ["search", "zzzqqq"],
    ["search", "cofacts", "--country", "myanmar"],
    ["export", "--format", "json", "--country", "japan"],
    ["timeline", "--country", "japan"],
    ["stats", "--country", "japan"],
    ["challenges", "--country", "japan"],
]


@pytest.mark.parametrize("args", EMPTY, ids=lambda a: " ".join(a))
def test_no_results_is_exit_1_everywhere_with_one_line_saying_why(ctkb, args):
    result = ctkb(*args, "--records", MINI)
    assert result.exit_code == 1, result.output
    [line] = result.stderr.splitlines()
    assert line.startswith("ctkb: no ")


def test_search_says_how_many_matches_the_filters_left_out(ctkb):
    result = ctkb("search", "cofacts", "--country", "myanmar", "--records", MINI)
    assert "match 'cofacts' but not the filters" in result.stderr
    assert result.stdout == ""


def test_list_says_what_each_filter_keeps(ctkb):
    result = ctkb("list", "--country", "taiwan", "--type", "event", "--records", MINI)
    assert result.exit_code == 1
    assert "--country taiwan keeps 3" in result.stderr and "--type event keeps 1" in result.stderr


def test_since_and_until_say_how_many_undated_records_they_leave_out(ctkb):
    result = ctkb("list", "--since", "2000", "--records", MINI)
    assert result.exit_code == 0
    assert (
        "--since/--until leave out 1 record with no founding or start date in the sources, "
        "and 3 country profiles, which have no date" in result.stderr
    )


class Unread:
    """A collection whose records must not be read: a warm cache reads a
    record only when it is shown, and every row would cost a decompression."""

    @property
    def records(self):
        raise AssertionError("every record was read")


def test_without_a_year_filter_no_record_is_read_to_count_the_undated(capsys):
    from civictech_kb.cli.filters import undated_note
    from civictech_kb.views.filters import build_filter

    undated_note(Unread(), build_filter(types=["project"]))
    assert capsys.readouterr().err == ""


def test_since_after_until_is_bad_usage(ctkb):
    result = ctkb("list", "--since", "2025", "--until", "2020", "--records", MINI)
    assert result.exit_code == 2
    assert "--since 2025 is after --until 2020" in result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["timeline"],
        ["export", "--format", "json"],
        ["list", "--country", "japan"],
        ["stats", "--type", "event"],
    ],
    ids=" ".join,
)
def test_with_every_record_skipped_the_line_says_there_is_none_to_choose_from(ctkb, tmp_path, args):
    write_record(tmp_path, "projects", "half", "id: half\ntype: project\nname: Half\n")
    result = ctkb(*args, "--records", tmp_path)
    assert result.exit_code == 1, result.output
    why = result.stderr.splitlines()[-1]
    assert why.startswith("ctkb: no record to choose from: the only record was skipped"), why
    assert "()" not in why and "( " not in why and "of 0" not in why


def test_with_several_records_skipped_the_line_counts_them(ctkb, tmp_path):
    for name in ("half", "other"):
        write_record(tmp_path, "projects", name, f"id: {name}\ntype: project\nname: Half\n")
    result = ctkb("timeline", "--records", tmp_path)
    assert result.stderr.splitlines()[-1] == "ctkb: no record to choose from: all 2 records were skipped"


def test_an_empty_list_prints_no_lonely_header(ctkb):
    result = ctkb("list", "--country", "japan", "--records", MINI)
    assert result.stdout == ""


@pytest.mark.parametrize("columns", [None, "50", "60", "100", "200"])
def test_piped_list_is_a_table_that_fits_the_width_with_whole_ids(ctkb, mini, monkeypatch, columns):
    """Piped, list is the terminal's table without colour or box lines, as
    wide as COLUMNS (else 80): a long name wraps at spaces in its column, an
    id is never split; one line per record is `--format tsv`."""
    from rich.cells import cell_len

    from ..conftest import BUNDLED

    long_name = "Very Long Name " * 8
    write_record(mini, "projects", "long", "id: long\ntype: project\nname: " + long_name
                 + "\nsummary: S.\ncountries: [TH]\nsources:\n  - url: https://example.org/d\n")  # fmt: skip
    if columns is None:
        monkeypatch.delenv("COLUMNS")
    else:
        monkeypatch.setenv("COLUMNS", columns)
    width = int(columns or 80)
    for root in (mini, BUNDLED):
        lines = ctkb("list", "--records", root).stdout.splitlines()
        # a table when its whole columns leave the names room, else two lines a record
        if root == mini and width >= 80:
            assert lines[0].split() == ["id", "name", "type", "countries", "year", "status"]
        if lines[0].split() == ["id", "name", "type", "countries", "year", "status"]:
            lines = lines[1:]
        assert max(map(cell_len, lines)) <= width
        ids = ctkb("list", "--records", root, "--format", "tsv").stdout.splitlines()[1:]
        starts = [line.split()[0] for line in lines if not line.startswith(" ")]
        assert starts == [row.split("\t")[0] for row in ids]  # every id whole, in order
    shown = ctkb("list", "--records", mini).stdout
    assert shown.count("Very Long Name") >= 2 and "\nlong " in shown  # wrapped in its column, the id whole


@pytest.mark.parametrize("command", [["list"], ["search", "fact checking"]])
def test_csv_tsv_and_json_have_the_same_columns_whatever_the_content(ctkb, command):
    rows = list(csv.reader(io.StringIO(ctkb(*command, "--format", "csv", "--records", MINI).stdout)))
    tsv = [
        line.split("\t") for line in ctkb(*command, "--format", "tsv", "--records", MINI).stdout.splitlines()
    ]
    data = json.loads(ctkb(*command, "--format", "json", "--records", MINI).stdout)
    assert rows[0] == tsv[0]
    assert len(rows) == len(tsv) == len(data) + 1
    assert all(len(row) == len(rows[0]) for row in rows + tsv)
    assert rows[1][rows[0].index("id")] == data[0]["id"]
    empty = ctkb(*command, "--country", "japan", "--format", "csv", "--records", MINI)
    assert list(csv.reader(io.StringIO(empty.stdout))) == [rows[0]]


@pytest.mark.parametrize("format_", ["csv", "tsv"])
def test_a_cell_a_spreadsheet_would_run_as_a_formula_is_text_in_csv_and_tsv(ctkb, mini, format_):
    write_record(mini, "projects", "formula", "id: formula\ntype: project\nname: \"=HYPERLINK(1)\"\n"
                 "summary: S.\ncountries: [TW]\nsources:\n  - url: https://example.org/f\n")  # fmt: skip
    out = ctkb("list", "--format", format_, "--records", mini).stdout
    rows = list(csv.reader(io.StringIO(out), delimiter="," if format_ == "csv" else "\t"))
    names = [row[rows[0].index("name")] for row in rows[1:]]
    assert "'=HYPERLINK(1)" in names and "=HYPERLINK(1)" not in names


def test_search_limit_0_means_all(ctkb):
    some = json.loads(ctkb("search", "taiwan", "--limit", "1", "--format", "json", "--records", MINI).stdout)
    every = json.loads(ctkb("search", "taiwan", "--limit", "0", "--format", "json", "--records", MINI).stdout)
    assert len(some) == 1 and len(every) > 1


def test_export_output_says_what_it_wrote(ctkb, tmp_path):
    target = tmp_path / "report.md"
    result = ctkb("export", "--format", "md", "--output", target, "--records", MINI)
    assert result.exit_code == 0
    assert result.stderr == f"wrote {target}: 8 records\n"
