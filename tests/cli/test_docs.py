"""The README and --help stay true: the README's two commands, CI running the
README's test command, and every command documented with an example."""

import re

import typer.main

from civictech_kb.cli import app

from ..conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")


def readme_commands() -> list[str]:
    return re.findall(r"^    (\S.*)$", README.split("\n## ", 1)[0], flags=re.MULTILINE)


def test_readme_opens_with_install_and_test_commands():
    install, test = readme_commands()[:2]
    assert install.startswith("python3 -m venv .venv && .venv/bin/pip install . && .venv/bin/ctkb ")
    assert "pytest" in test


def test_ci_runs_the_readme_test_command():
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert readme_commands()[1] in ci.splitlines()


def test_ci_checks_types_before_the_tests():
    lines = (REPO / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert lines.index(".venv/bin/python -m mypy") < lines.index(readme_commands()[1])


def all_commands():
    group = typer.main.get_group(app)
    for name, command in group.commands.items():
        sub = getattr(command, "commands", None)
        if sub:
            yield from ((f"{name} {n}", c) for n, c in sub.items())
        else:
            yield name, command


def test_every_command_has_help_with_an_example():
    for name, command in all_commands():
        assert command.help, f"ctkb {name} has no help"
        assert "Example" in command.help, f"ctkb {name} --help shows no example"


def test_readme_mentions_every_command():
    for name, _ in all_commands():
        assert f"ctkb {name}" in README, f"README does not mention ctkb {name}"


def test_help_lists_every_command_in_a_chosen_place():
    from civictech_kb.cli.typer_app import HELP_ORDER

    assert set(HELP_ORDER) == set(typer.main.get_group(app).commands)


def test_readme_table_follows_the_help_order():
    from civictech_kb.cli.typer_app import HELP_ORDER

    rows = re.findall(r"^\| `ctkb (\w+)", README, flags=re.MULTILINE)
    assert rows == list(HELP_ORDER)


def test_help_and_readme_state_the_exit_codes_and_the_no_results_rule(runner):
    from civictech_kb.cli import app

    help_text = " ".join(runner.invoke(app, ["--help"]).stdout.split())
    assert "Exit codes: 0 success; 1 invalid records, a name not found, or no results" in help_text
    assert "2 bad usage" in help_text
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "## Exit codes" in readme and "exit 1 when nothing matches" in readme
    assert "`--format tsv`" in readme and "--strict" in readme
