"""Shared fixtures: tiny record collections and a CLI runner with a fixed,
plain display (no colour, 80 columns)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

FIXTURES = Path(__file__).parent / "fixtures"
MINI = FIXTURES / "mini"
BROKEN = FIXTURES / "broken"
REPO = Path(__file__).parent.parent
BUNDLED = REPO / "records"


@pytest.fixture(autouse=True)
def _plain_environment(monkeypatch, tmp_path_factory):
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.delenv("CTKB_RECORDS", raising=False)
    monkeypatch.setenv("CTKB_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))


@pytest.fixture
def mini(tmp_path) -> Path:
    """A writable copy of the mini collection."""
    target = tmp_path / "records"
    shutil.copytree(MINI, target)
    return target


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def invoke(runner: CliRunner, args: list[str], **options):
    """Run ctkb in-process as `ctkb ARGS` runs: the app holding only the
    invoked command (cli/typer_app.invoked, what the console entry point
    builds; tests/cli/test_startup.py checks it answers as the whole app).
    Building every command for each run cost 25 ms of CPU, 30 s a suite."""
    from civictech_kb.cli.commands import app  # noqa: F401  (registers every command)
    from civictech_kb.cli.typer_app import invoked

    args = [str(a) for a in args]
    return runner.invoke(invoked(args), args, **options)


@pytest.fixture
def ctkb(runner):
    """Run ctkb with arguments; returns the click Result."""

    def run(*args: str, input: str | None = None):
        return invoke(runner, list(args), input=input, catch_exceptions=False)

    return run


def write_record(root: Path, folder: str, name: str, text: str) -> Path:
    path = root / folder / f"{name}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path
