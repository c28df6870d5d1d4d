"""Odd environments: a stdout that is not UTF-8, closed or full, arguments
under a non-UTF-8 locale and a deleted working directory each give the
output or one line of error, never an internal error."""

import importlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import plant, record

KOREAN = "마스크 찾아줌"


def run(*args, env: dict | None = None, cwd=None, stdout=subprocess.PIPE, close_stdout=False):
    """`python -m civictech_kb ARGS` in a child process (bytes out)."""
    environment = {**os.environ, "NO_COLOR": "1", "COLUMNS": "80", **(env or {})}
    return subprocess.run([sys.executable, "-m", "civictech_kb", *map(str, args)], stdout=stdout,
                          stderr=subprocess.PIPE, env=environment, cwd=cwd, timeout=30, check=False,
                          preexec_fn=(lambda: os.close(1)) if close_stdout else None)  # fmt: skip


@pytest.fixture
def korean(mini_copy) -> Path:
    plant(mini_copy, "projects", "mask-map.yaml", record("mask-map", name="Mask map", names={"ko": KOREAN},
                                                       summary=f"{KOREAN}: where to buy masks."))  # fmt: skip
    return mini_copy


ASCII_LOCALES = {
    "PYTHONIOENCODING=ascii": {"PYTHONIOENCODING": "ascii"},
    "LC_ALL=POSIX, no UTF-8 mode": {"LC_ALL": "POSIX", "LANG": "", "PYTHONUTF8": "0", "PYTHONIOENCODING": ""},
}


@pytest.mark.slow
@pytest.mark.parametrize("locale", ASCII_LOCALES)
@pytest.mark.parametrize("command", [["show", "mask-map"], ["search", "masks"], ["topics"], ["list"]])
def test_a_stdout_that_is_not_utf8_gets_escapes(korean, locale, command):
    result = run(*command, "--records", korean, env=ASCII_LOCALES[locale])
    assert result.returncode == 0, result.stderr
    result.stdout.decode("ascii")  # nothing it cannot hold
    if command[0] in ("show", "search"):
        assert b"\\ub9c8\\uc2a4\\ud06c" in result.stdout  # 마스크, as escapes a reader can decode


@pytest.mark.slow
def test_non_ascii_arguments_under_an_ascii_locale_are_text(korean):
    result = run(
        "search",
        "마스크",
        "--records",
        korean,
        "--format",
        "json",
        env=ASCII_LOCALES["LC_ALL=POSIX, no UTF-8 mode"],
    )
    assert result.returncode == 0, result.stderr
    assert b'"id": "mask-map"' in result.stdout


@pytest.mark.slow
def test_non_ascii_paths_under_an_ascii_locale_still_name_files(korean, tmp_path):
    folder = tmp_path / "기록"
    korean.rename(folder)
    result = run("list", "--records", folder, env=ASCII_LOCALES["LC_ALL=POSIX, no UTF-8 mode"])
    assert result.returncode == 0, result.stderr
    assert b"mask-map" in result.stdout


@pytest.mark.parametrize("command", [["list"], ["show", "cofacts"], ["export", "--format", "csv"]])
def test_a_full_stdout_is_one_line_of_error(mini_copy, command):
    with open("/dev/full", "wb") as full:
        result = run(*command, "--records", mini_copy, stdout=full)
    assert result.returncode == 1
    assert result.stderr.decode() == "ctkb: error: cannot write the output: No space left on device\n"


@pytest.mark.parametrize("command", [["list"], ["export", "--format", "json"]])
def test_a_closed_stdout_is_one_line_of_error(mini_copy, command):
    result = run(*command, "--records", mini_copy, stdout=None, close_stdout=True)
    assert result.returncode == 1
    assert result.stderr.decode() == "ctkb: error: cannot write the output: standard output is closed\n"


def test_new_leaves_no_record_when_its_output_cannot_be_written(mini_copy):
    with open("/dev/full", "wb") as full:
        result = run("new", "project", "Fresh", "--records", mini_copy, stdout=full)
    assert result.returncode == 1 and b"No space left on device" in result.stderr
    assert not (mini_copy / "projects" / "fresh.yaml").exists()
    assert [p for p in (mini_copy / "projects").iterdir() if p.name.endswith(".tmp")] == []


def test_a_deleted_working_directory(mini_copy, tmp_path):
    plant(mini_copy, "projects", "broken.yaml", "[]\n")
    gone = tmp_path / "gone"
    gone.mkdir()
    environment = {**os.environ, "NO_COLOR": "1"}
    script = f"import os, sys; os.chdir({str(gone)!r}); os.rmdir({str(gone)!r}); sys.argv = ['ctkb', 'validate', '--records', {str(mini_copy)!r}]; from civictech_kb.cli import main; main()"
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=environment,
                            timeout=30, check=False)  # fmt: skip
    assert result.returncode == 1, result.stderr
    assert f"{mini_copy}/projects/broken.yaml:1:1: not-a-mapping" in result.stdout + result.stderr
    assert "internal error" not in result.stderr


class FakeTerminal:
    def isatty(self) -> bool:
        return True

    def fileno(self) -> int:
        return 1


@pytest.mark.parametrize(("columns", "width"), [(0, 100), (1, 40), (20, 40), (39, 40), (120, 120)])
def test_a_tiny_terminal_gets_the_same_floor_as_columns(monkeypatch, columns, width):
    """A terminal reporting 0 columns (some CI and serial consoles) gets the
    default width; one under 40 gets 40, as COLUMNS=10 does."""
    session = importlib.import_module("civictech_kb.cli.session")
    monkeypatch.delenv("COLUMNS")
    monkeypatch.setattr(session.sys, "stdout", FakeTerminal())
    monkeypatch.setattr(session.os, "get_terminal_size", lambda fd: os.terminal_size((columns, 24)))
    assert session.display().width == width
    monkeypatch.setenv("COLUMNS", str(columns))
    assert session.display().width == max(40, columns)
