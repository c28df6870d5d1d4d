"""Hostile collections built in tmp_path, the table of how to invoke each
command, and a subprocess runner with hard limits on time and memory."""

from __future__ import annotations

import json
import os
import resource
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from ..conftest import MINI

# Text that would do something if any consumer interpreted it: rich markup,
# Markdown and HTML, a javascript: link and spreadsheet formulas.
MARKUP = "[bold red]boom[/] [link=https://evil.example]click[/link] [/]"
HTML = '<script>alert(1)</script><img src=x onerror="alert(2)">'
JS_LINK = "[click me](javascript:alert(3)) <javascript:alert(4)>"
MARKDOWN = "| pipe | `tick` **bold** # heading\n\n- item\n1. item"
FORMULAS = {
    "formula-equals": '=HYPERLINK("https://evil.example","click")',
    "formula-plus": "+1+cmd|' /C calc'!A0",
    "formula-minus": "-2+3+cmd|' /C calc'!A0",
    "formula-at": "@SUM(1+1)*cmd|' /C calc'!A0",
}
# Legitimate text in the scripts of the region, which must survive intact.
LEGIT = {
    "ko": "마스크 찾아줌",
    "ja": "まちづくり カナ",
    "th": "ภาษาไทย",
    "my": "မြန်မာ",
    "zh-Hant": "真的假的",
    "hi": "नागरिक\u200cतकनीक",  # ZWNJ
}
LEGIT_NAME = "Civic 👩\u200d💻 Lab 🇹🇭"  # ZWJ sequence, flag


def record(record_id: str, record_type: str = "project", **fields) -> dict:
    """A valid record (TH, with a source) with the given fields on top."""
    base = {"id": record_id, "type": record_type, "name": record_id, "summary": "A summary.",
            "countries": ["TH"], "sources": [{"url": "https://example.org/fixture"}]}  # fmt: skip
    return base | fields


def plant(root: Path, folder: str, name: str, content: str | bytes | dict) -> Path:
    """Write one file below root: YAML text, raw bytes, or a record as JSON
    (which is YAML too, and quotes every string)."""
    path = root / folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, dict):
        content = json.dumps(content, ensure_ascii=False, indent=1)
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    return path


INJECTED = {
    "markup": record("markup", name=MARKUP, aliases=[MARKUP], summary=MARKUP,
                     relations={"inspired_by": ["cofacts"]}),
    "html": record("html", name=HTML, summary=f"{HTML} {JS_LINK}", location=HTML,
                   links=[{"label": JS_LINK, "url": 'https://evil.example/"><script>alert(5)</script>'}],
                   challenges=[{"category": "funding", "summary": HTML, "responses": [JS_LINK]}],
                   lessons=[MARKDOWN], relations={"partner_of": ["markup"]}, founded="2020"),
    "markdown": record("markdown", name=MARKDOWN, summary=MARKDOWN, lessons=[JS_LINK],
                       figures=[{"label": "|x|", "value": 1, "unit": "<b>u</b>"}], founded="2021"),
    "legit": record("legit", name=LEGIT_NAME, names=LEGIT, aliases=list(LEGIT.values()),
                    summary=" ".join(LEGIT.values()), founded="2022"),
    **{key: record(key, name=text, summary=text, location=text) for key, text in FORMULAS.items()},
    # Relations that loop: two records part of each other, three inspired in a ring.
    "loop-a": record("loop-a", relations={"part_of": ["loop-b"], "inspired_by": ["loop-c"]}),
    "loop-b": record("loop-b", relations={"part_of": ["loop-a"], "inspired_by": ["loop-a"]}),
    "loop-c": record("loop-c", relations={"inspired_by": ["loop-b"]}),
}  # fmt: skip
INJECTED_NAMES = [data["name"] for data in INJECTED.values() if not data["id"].startswith("loop-")]


def build_hostile(root: Path) -> Path:
    """The mini collection plus valid records whose text is hostile."""
    shutil.copytree(MINI, root)
    for key, data in INJECTED.items():
        plant(root, "projects", f"{key}.yaml", data)
    return root


@pytest.fixture(scope="module")
def _hostile_once(tmp_path_factory) -> tuple[Path, Path]:
    base = tmp_path_factory.mktemp("hostile")
    return build_hostile(base / "records"), base / "cache"


@pytest.fixture
def hostile(_hostile_once, monkeypatch) -> Path:
    """The hostile collection, built once per module and shared with a warm
    cache: tests must only read it."""
    root, cache = _hostile_once
    monkeypatch.setenv("CTKB_CACHE_DIR", str(cache))
    return root


@pytest.fixture
def mini_copy(tmp_path) -> Path:
    root = tmp_path / "records"
    shutil.copytree(MINI, root)
    return root


# ---------------------------------------------------------------------------
# Commands. Each registered command is run with these arguments (plus
# --records) on hostile and broken collections. Commands of issues still
# being written are listed too and skipped until they are registered.

READ_COMMANDS = {
    "validate": [],
    "list": [],
    "show": ["cofacts"],
    "timeline": [],
    "graph": [],
    "search": ["fact"],
    "country": ["thailand"],
    "region": ["South-eastern Asia"],
    "challenges": [],
    "related": ["cofacts"],
    "topics": [],
    "stats": [],
}
# Formats each command accepts with --format, beyond its default.
FORMATS = {
    "validate": ["text", "json", "github"],
    "graph": ["mermaid", "dot", "json"],
    "export": ["md", "json", "jsonl", "csv", "html"],
}
DEFAULT_FORMATS = ["table", "json", "md"]
# Commands that never read records, and what to give them.
OTHER_COMMANDS = {"cache": ["path"], "schema": [], "new": None, "fmt": None}


def registered_commands() -> set[str]:
    """Names of the commands the ctkb app has now."""
    import typer

    from civictech_kb.cli import app

    return set(typer.main.get_command(app).commands)


def read_invocations() -> list[tuple[str, list[str]]]:
    """(command, arguments) for every read command and export format."""
    calls = [(name, args) for name, args in READ_COMMANDS.items()]
    calls += [("export", ["--format", fmt]) for fmt in FORMATS["export"]]
    return calls


def require(command: str) -> None:
    """The tests of a command fail, never skip, when the command is gone."""
    assert command in registered_commands(), f"`ctkb {command}` is not a command"


def formats_of(command: str) -> list[str]:
    return FORMATS.get(command, DEFAULT_FORMATS)


# ---------------------------------------------------------------------------
# Subprocess runs with hard limits, for the resource cases. The limits are on
# the work a run does, not on the time it takes, so that a loaded machine
# cannot fail them: CPU seconds (RLIMIT_CPU) and address space (RLIMIT_AS).

CPU_LIMIT_S = 10  # CPU time per run (a run needs 0.3-2 s); a case that needs more has failed
MEMORY_LIMIT_BYTES = 1024 * 1024 * 1024  # address space per run (Python + pydantic need ~300 MB)
# Wall clock, only for a run that waits without working (a FIFO opened for
# reading blocks until a writer comes): far beyond any run that works within
# CPU_LIMIT_S, however loaded the machine.
BLOCKED_S = 120


def _limit_resources() -> None:  # pragma: no cover - runs in the child
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT_BYTES, MEMORY_LIMIT_BYTES))
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_LIMIT_S, CPU_LIMIT_S + 1))


def run_bounded(*args) -> subprocess.CompletedProcess:
    """`python -m civictech_kb ARGS` in a child process limited in CPU time
    and address space; the test fails if the child goes past either."""
    return _run_child(["-m", "civictech_kb", *map(str, args)])


RUN_MANY = """
import json, sys
from typer.testing import CliRunner
from civictech_kb.cli.commands import app
from civictech_kb.cli.typer_app import invoked
results = []
for args in json.load(sys.stdin):
    result = CliRunner().invoke(invoked(args), args)
    results.append([result.exit_code, result.stderr, repr(result.exception) if result.exit_code > 2 else ""])
print(json.dumps(results))
"""


def run_many_bounded(invocations: list[list[str]]) -> list[tuple[int, str, str]]:
    """Several ctkb invocations in one child process, limited together;
    (exit code, stderr, exception) for each."""
    result = _run_child(["-c", RUN_MANY], json.dumps([[str(a) for a in args] for args in invocations]))
    assert result.returncode == 0, result.stderr[-2000:]
    return [tuple(r) for r in json.loads(result.stdout)]


def _run_child(arguments: list[str], stdin: str | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "80"}
    try:
        result = subprocess.run([sys.executable, *arguments], input=stdin, capture_output=True, text=True,
                                timeout=BLOCKED_S, preexec_fn=_limit_resources, env=env, check=False)  # fmt: skip
    except subprocess.TimeoutExpired:
        pytest.fail(f"the run was still waiting after {BLOCKED_S} s: it blocked", pytrace=False)
    if result.returncode in (-signal.SIGXCPU, -signal.SIGKILL):
        pytest.fail(f"the run needed more than {CPU_LIMIT_S} s of CPU", pytrace=False)
    return result
