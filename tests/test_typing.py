"""The library type-checks: `mypy` (configured in pyproject.toml: --strict on
everything outside cli/) finds nothing, so a change that breaks a type fails
the suite as a failing test does (mypy comes with the test extra), and CI
runs the same check before the tests (.ci/run)."""

import subprocess
import sys
import tomllib

from .conftest import REPO


def mypy_config():
    return tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["mypy"]


def test_mypy_strict_finds_no_error():
    result = subprocess.run([sys.executable, "-m", "mypy"], cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_whole_library_but_the_cli_is_checked_strictly():
    config = mypy_config()
    assert config["strict"] is True
    assert config["files"] == ["civictech_kb"]
    assert config["exclude"] == ["^civictech_kb/cli/"]
    # no module of ours is let off: no relax list, no per-module strictness turned down
    relaxed = [o for o in config.get("overrides", []) if any(str(m).startswith("civictech_kb") for m in
               ([o["module"]] if isinstance(o["module"], str) else o["module"]))]  # fmt: skip
    assert relaxed == []


def test_the_configuration_refuses_a_type_error(tmp_path):
    module = tmp_path / "wrong.py"
    module.write_text('def count(words):\n    return len(words)\n\n\ntotal: int = "many"\n', encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--config-file", str(REPO / "pyproject.toml"),
         "--cache-dir", str(tmp_path / "cache"), str(module)],
        cwd=tmp_path, capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode == 1
    assert "[no-untyped-def]" in result.stdout and "[assignment]" in result.stdout


def test_ci_runs_mypy_before_the_tests_and_stops_on_its_failure():
    script = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    lines = [line.strip() for line in script.splitlines()]
    assert "set -euo pipefail" in lines
    mypy = lines.index(".venv/bin/python -m mypy")
    assert mypy < next(i for i, line in enumerate(lines) if " -m pytest" in line)
