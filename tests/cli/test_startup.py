"""Start-up: a run builds only the command it runs, and a warm search
imports none of the heavy machinery; what the user sees is unchanged."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from civictech_kb.cli import app
from civictech_kb.cli.typer_app import invoked

from ..conftest import MINI

SAME_AS_WHOLE_APP = [
    ["search", "fact-checking", "--records", str(MINI)],
    ["--records", str(MINI), "search", "burma", "--format", "json"],
    ["--no-cache", "search", "--records", str(MINI), "cofacts", "-n", "1"],
    ["search"],
    ["search", "--help"],
    ["search", "x", "--bogus"],
    ["search", "x", "--limit", "0", "--records", str(MINI)],
    ["list", "--records", str(MINI), "--type", "project"],
    ["show", "cofacts", "--records", str(MINI)],
    ["cache", "--help"],
    ["cache"],
    ["serch", "fact"],
    ["--help"],
    ["-h", "search"],
    [],
    ["--records"],
    ["--records", "search"],
    ["--", "search", "x", "--records", str(MINI)],
]


@pytest.mark.parametrize("args", SAME_AS_WHOLE_APP, ids=" ".join)
def test_a_run_with_only_its_command_answers_as_the_whole_app(runner, args):
    lean = runner.invoke(invoked(args), args)
    whole = runner.invoke(app, args)
    assert (lean.exit_code, lean.stdout, lean.stderr) == (whole.exit_code, whole.stdout, whole.stderr)


def test_only_the_invoked_command_is_built():
    assert [c.callback.__name__ for c in invoked(["search", "x"]).registered_commands] == ["search"]
    assert [g.name for g in invoked(["--no-cache", "cache", "clear"]).registered_groups] == ["cache"]
    for args in (["--help", "search"], ["serch"], []):
        assert invoked(args) is app


# Packages, and modules of ctkb and of the standard library, that a warm
# search has no use for (benchmarks/README.md says what each costs): the
# YAML reader and the vocabulary model (nothing is parsed), the view
# results that are dataclasses, and dataclasses itself with what it imports.
LATER = ("civictech_kb.views.results.overviews", "civictech_kb.views.results.records", "civictech_kb.render.table",
         "civictech_kb.store.strict_yaml", "civictech_kb.model.vocabulary", "snowballstemmer",
         "dataclasses", "inspect", "ast", "dis", "tokenize")  # fmt: skip
HEAVY = ("typer", "click", "pydantic", "ruamel", "yaml", "rich.console", "rich.table", "rich.text", "rapidfuzz",
         "pycountry", "jinja2")  # fmt: skip


def test_a_warm_search_imports_no_heavy_machinery(mini, tmp_path):
    code = (
        "import sys\n"
        "from civictech_kb.cli import main\n"
        f"sys.argv = ['ctkb', 'search', 'fact-checking', '--records', {str(mini)!r}, *sys.argv[1:]]\n"
        "status = 0\ntry:\n    main()\nexcept SystemExit as exit:\n    status = exit.code or 0\n"
        "print('exit', status)\n"
        f"print(sorted({{m.split('.')[0] if m.split('.')[0] != 'rich' else m for m in sys.modules}} & set({HEAVY!r})"
        f" | set(sys.modules) & set({LATER!r})))\n"
    )
    env = {**os.environ, "CTKB_CACHE_DIR": str(tmp_path / "cache")}

    def imported(*options: str) -> str:
        result = subprocess.run(
            [sys.executable, "-c", code, *options], env=env, capture_output=True, text=True
        )
        assert result.returncode == 0, result.stderr
        *hits, status, modules = result.stdout.splitlines()
        assert status == "exit 0", result.stderr  # the search itself succeeded
        assert any("cofacts" in line for line in hits)
        return modules

    cold = imported()
    assert "pydantic" in cold  # the first run validates the records
    assert imported() == "[]"
    assert imported("--format", "json", "--explain", "--strict", "--no-pager") == "[]"
