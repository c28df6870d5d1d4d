"""End-to-end checks of the foundation commands through Typer's CliRunner."""

import json
import os
import subprocess
import sys

import pytest

from civictech_kb.views.results import to_data

from ..conftest import MINI, REPO


def test_list_plain_table(ctkb):
    result = ctkb("list", "--records", MINI, "--type", "project")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "id               name             type     countries  year  status",
        "cofact-thailand  Cofact Thailand  project  TH         2019",
        "cofacts          Cofacts          project  TW         2016  active",
    ]


def test_list_json_matches_library(ctkb):
    from civictech_kb.store.loader import load_collection
    from civictech_kb.views.selection import summary_row

    rows = json.loads(ctkb("list", "--records", MINI, "--format", "json").stdout)
    assert rows == [to_data(summary_row(r)) for r in load_collection(MINI)]


def test_records_from_environment(ctkb, monkeypatch):
    monkeypatch.setenv("CTKB_RECORDS", str(MINI))
    assert "cofact-thailand" in ctkb("list").stdout


def test_bad_filter_is_usage_error(ctkb):
    result = ctkb("list", "--records", MINI, "--type", "projects")
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "ctkb: usage error: --type 'projects' is not one of project, community, organization, event, country, source; "
        "did you mean project?"
    )


def test_unknown_country_is_an_error(ctkb):
    result = ctkb("list", "--records", MINI, "--country", "Atlantis")
    assert result.exit_code == 2
    assert result.stderr == (
        "ctkb: usage error: --country 'Atlantis': matches no country; "
        "the knowledge base covers Myanmar, Taiwan, Thailand\n"
    )


def test_show_by_alias(ctkb):
    result = ctkb("show", "Cofact", "--records", MINI)
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == "Cofact Thailand"
    assert "region     South-eastern Asia" in result.stdout
    assert "- inspired by: Cofacts (cofacts)" in result.stdout


def test_show_unknown(ctkb):
    result = ctkb("show", "cofactz", "--records", MINI)
    assert result.exit_code == 1
    assert "did you mean" in result.stderr and "cofacts" in result.stderr


def test_broken_records_fail_every_loading_command_cleanly(ctkb):
    from ..conftest import BROKEN

    result = ctkb("--strict", "list", "--records", BROKEN)
    assert result.exit_code == 1
    assert "Traceback" not in result.stderr
    assert "run `ctkb validate` for details" in result.stderr.splitlines()[-1]
    lenient = ctkb("list", "--records", BROKEN)
    assert lenient.exit_code == 0 and "Traceback" not in lenient.stderr
    assert lenient.stderr.splitlines()[0].startswith("ctkb: 24 records skipped: ")


def test_missing_records_dir(ctkb, tmp_path):
    result = ctkb("list", "--records", tmp_path / "none")
    assert result.exit_code == 2
    assert "does not exist" in result.stderr


def test_record_text_is_never_markup(ctkb, mini):
    path = mini / "projects" / "cofacts.yaml"
    path.write_text(path.read_text().replace("name: Cofacts", "name: '[bold red]Cofacts[/]'"))
    result = ctkb("show", "cofacts", "--records", mini)
    assert "[bold red]Cofacts[/]" in result.stdout


def test_python_dash_m(tmp_path):
    result = subprocess.run([sys.executable, "-m", "civictech_kb", "list", "--records", str(MINI)],
                            capture_output=True, text=True, cwd=tmp_path, check=False)  # fmt: skip
    assert result.returncode == 0 and "cofacts" in result.stdout


@pytest.mark.slow
def test_installed_package_works_from_any_directory(tmp_path):
    """A non-editable install carries the records; run it away from the repo."""
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation",
                    "--target", str(target), str(REPO)], check=True, capture_output=True)  # fmt: skip
    assert (target / "civictech_kb" / "records" / "countries").is_dir()
    env = {**os.environ, "PYTHONPATH": str(target)}
    env.pop("CTKB_RECORDS", None)
    result = subprocess.run([sys.executable, "-m", "civictech_kb", "list", "--type", "country", "--format", "json"],
                            capture_output=True, text=True, cwd=tmp_path, env=env, check=False)  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert isinstance(json.loads(result.stdout), list)


FILTERED_COMMANDS = {
    "list": [],
    "search": ["fact"],
    "export": ["--format", "json"],
    "timeline": [],
    "stats": [],
}
FILTER_OPTIONS = ["--type", "--country", "--region", "--topic", "--status", "--since", "--until"]


def test_filtered_commands_share_the_same_filter_options():
    import typer.main

    from civictech_kb.cli import app

    group = typer.main.get_group(app)
    for name in FILTERED_COMMANDS:
        options = {opt for param in group.commands[name].params for opt in param.opts}
        assert set(FILTER_OPTIONS) <= options, name


def test_every_filtered_command_applies_the_filters(ctkb):
    import json

    for name, args in FILTERED_COMMANDS.items():
        fmt = [] if name == "export" else ["--format", "json"]
        everything = ctkb(name, *args, *fmt, "--records", MINI)
        thailand = ctkb(name, *args, *fmt, "--country", "thailand", "--type", "project", "--records", MINI)
        assert everything.exit_code == thailand.exit_code == 0, name
        assert json.loads(thailand.stdout) != json.loads(everything.stdout), name
        if name == "stats":
            assert json.loads(thailand.stdout)["total"] == 1
        else:
            assert "cofact-thailand" in thailand.stdout and "drapa-2023" not in thailand.stdout, name


def test_every_filtered_command_refuses_a_bad_status(ctkb):
    for name, args in FILTERED_COMMANDS.items():
        result = ctkb(name, *args, "--status", "sleeping", "--records", MINI)
        assert result.exit_code == 2, name
        assert "--status 'sleeping' is not one of" in result.stderr, name


def test_version_needs_no_command(ctkb):
    from importlib.metadata import version

    result = ctkb("--version")
    assert result.exit_code == 0
    assert result.stdout == f"ctkb {version('civictech-kb')}\n"


def test_show_as_markdown_says_what_the_table_says(ctkb):
    from markdown_it import MarkdownIt

    md = ctkb("show", "cofact-thailand", "--format", "md", "--records", MINI)
    data = json.loads(ctkb("show", "cofact-thailand", "--format", "json", "--records", MINI).stdout)
    assert md.exit_code == 0
    assert md.stdout.startswith(
        "# Cofact Thailand\n\n| field | value |\n|---|---|\n| id | cofact-thailand |\n"
    )
    assert "| region | South-eastern Asia |" in md.stdout
    assert "## Relations\n\n- inspired by: Cofacts (cofacts)\n" in md.stdout
    headings = [t.content for t in MarkdownIt().parse(md.stdout) if t.type == "inline" and t.map and
                md.stdout.splitlines()[t.map[0]].startswith("#")]  # fmt: skip
    assert headings[0] == "Cofact Thailand" and "Sources" in headings
    assert all(challenge["summary"].split()[0] in md.stdout for challenge in data.get("challenges", []))


def test_show_wraps_long_items_under_their_text(ctkb):
    result = ctkb("show", "cofact-thailand")  # the bundled record has lessons longer than a line
    lines = result.stdout.splitlines()
    lessons = lines[lines.index("Lessons") + 1 :]
    assert lessons[0].startswith("- ") and lessons[1].startswith("  ") and lessons[1].strip()
    assert max(map(len, lines)) <= 80


@pytest.mark.parametrize("args", [["--records", "", "list"], ["export", "--output", "", "--force"],
                                  ["--records", " ", "new", "project", "Foo"]])  # fmt: skip
def test_an_empty_path_is_a_usage_error_not_the_current_folder(ctkb, tmp_path, monkeypatch, args):
    monkeypatch.chdir(tmp_path)
    result = ctkb(*args)
    assert result.exit_code == 2
    assert "is empty; give a path" in result.stderr
    assert list(tmp_path.iterdir()) == []
