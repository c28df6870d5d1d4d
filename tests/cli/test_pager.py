"""Long output on a terminal goes through a pager, as git does (cli/pager.py):
$CTKB_PAGER, else $PAGER, else less, with LESS=FRX unless LESS is set;
never with --no-pager, before or after the command's name; never when piped,
for --help or for errors; `cat` or nothing turns it off; and a pager that is
missing or fails loses no output."""

import sys

import pytest

from civictech_kb.cli import pager

from ..conftest import MINI

RECORDER = """import os, sys
with open(sys.argv[1], "w", encoding="utf-8") as out:
    out.write(os.environ.get("LESS", "(unset)") + "\\n" + sys.stdin.read())
sys.exit(int(sys.argv[2]) if len(sys.argv) > 2 else 0)
"""


@pytest.fixture
def terminal(monkeypatch, tmp_path):
    """A terminal of 10 rows, and a pager that records what it was given (and LESS) in paged.txt."""
    script = tmp_path / "recorder.py"
    script.write_text(RECORDER, encoding="utf-8")
    monkeypatch.setattr(pager, "stdout_is_terminal", lambda: True)
    monkeypatch.setenv("LINES", "10")
    for name in ("CTKB_PAGER", "PAGER", "LESS"):
        monkeypatch.delenv(name, raising=False)
    paged = tmp_path / "paged.txt"
    monkeypatch.setenv("PAGER", f"{sys.executable} {script} {paged}")
    return paged


def long_run(ctkb, *extra):
    return ctkb(*extra, "challenges", "--records", MINI)


def test_output_taller_than_the_terminal_goes_through_the_pager_with_less_settings(ctkb, terminal):
    result = long_run(ctkb)
    assert result.exit_code == 0 and result.stdout == ""
    less, text = terminal.read_text(encoding="utf-8").split("\n", 1)
    assert less == "FRX" and text.count("\n") > 10 and "Eastern Asia" in text


def test_less_settings_of_ones_own_are_kept(ctkb, terminal, monkeypatch):
    monkeypatch.setenv("LESS", "-S")
    assert long_run(ctkb).exit_code == 0
    assert terminal.read_text(encoding="utf-8").startswith("-S\n")


def test_ctkb_pager_comes_before_pager(ctkb, terminal, monkeypatch, tmp_path):
    monkeypatch.setenv("CTKB_PAGER", "")  # paging off, whatever PAGER says
    assert "Eastern Asia" in long_run(ctkb).stdout and not terminal.exists()
    own = tmp_path / "own.txt"
    monkeypatch.setenv("CTKB_PAGER", f"{sys.executable} {tmp_path / 'recorder.py'} {own}")
    assert long_run(ctkb).stdout == "" and own.exists() and not terminal.exists()


def test_output_that_fits_is_written_straight(ctkb, terminal):
    short = ctkb("list", "--type", "project", "--records", MINI)
    assert 0 < short.stdout.count("\n") < 10 and not terminal.exists()


@pytest.mark.parametrize("where", ["before", "after"])
def test_no_pager_before_or_after_the_command(ctkb, terminal, where):
    args = ["challenges", "--records", MINI]
    args = ["--no-pager", *args] if where == "before" else [*args, "--no-pager"]
    result = ctkb(*args)
    assert result.exit_code == 0 and "Eastern Asia" in result.stdout and not terminal.exists()


@pytest.mark.parametrize("setting", ["cat", "", "  "])
def test_pager_cat_or_nothing_turns_paging_off(ctkb, terminal, monkeypatch, setting):
    monkeypatch.setenv("PAGER", setting)
    assert "Eastern Asia" in long_run(ctkb).stdout


def test_a_missing_pager_loses_no_output(ctkb, terminal, monkeypatch):
    monkeypatch.setenv("PAGER", "no-such-pager-anywhere --flag")
    result = long_run(ctkb)
    assert result.exit_code == 0 and "Eastern Asia" in result.stdout


def test_a_failing_pager_loses_no_output(ctkb, terminal, monkeypatch, tmp_path):
    monkeypatch.setenv("PAGER", f"{sys.executable} {tmp_path / 'recorder.py'} {terminal} 1")
    result = long_run(ctkb)
    assert result.exit_code == 0 and "Eastern Asia" in result.stdout


def test_piped_output_is_never_paged(ctkb, terminal, monkeypatch):
    monkeypatch.setattr(pager, "stdout_is_terminal", lambda: False)
    assert "Eastern Asia" in long_run(ctkb).stdout and not terminal.exists()


def test_help_and_errors_are_never_paged(ctkb, terminal):
    assert "Usage:" in ctkb("challenges", "--help").stdout and not terminal.exists()
    error = ctkb("country", "atlantis", "--records", MINI)
    assert error.exit_code != 0 and error.stdout == "" and not terminal.exists()
