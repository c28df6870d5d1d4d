"""The library type-checks: `mypy` (configured in pyproject.toml: --strict on
everything outside cli/) finds nothing, so a change that breaks a type fails
the suite as a failing test does (mypy comes with the test extra)."""

import subprocess
import sys

from .conftest import REPO


def test_mypy_strict_finds_no_error():
    result = subprocess.run([sys.executable, "-m", "mypy"], cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
