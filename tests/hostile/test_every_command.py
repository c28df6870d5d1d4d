"""Every registered command, whatever it is given, answers without a Python
traceback: bad records give exit 1 and one `file:line:column: code: message`
line per problem; bad usage gives exit 2 and one clear error line.

Commands are found in the Typer app, so commands merged later are covered
as soon as they are registered: required arguments get the name of a record
of the mini collection unless conftest.READ_COMMANDS says otherwise.
"""

import re
import shutil

import pytest

from ..conftest import BROKEN
from .conftest import READ_COMMANDS

PROBLEM_LINE = re.compile(r"\S+\.yaml(:\d+:\d+)?: [a-z-]+: .+")
SUMMARY_LINE = re.compile(r"ctkb: \d+ problem\(s\) in the records; run `ctkb validate` for details")
NOT_LOADING = {"new", "schema"}  # commands that may rightly succeed beside broken records


def leaf_commands():
    """(path of names, click command) for every command, subcommands included."""
    from ..cli.test_docs import all_commands

    return sorted((name.split(), command) for name, command in all_commands())


COMMANDS = leaf_commands()
IDS = [" ".join(path) for path, _ in COMMANDS]


def takes_records(command) -> bool:
    return any(param.name == "records" for param in command.params)


def arguments(path, command) -> list[str]:
    """What to give a command so that it gets as far as reading records."""
    if path[-1] in READ_COMMANDS:
        return READ_COMMANDS[path[-1]]
    return ["cofacts" for param in command.params if param.param_type_name == "argument" and param.required]


@pytest.fixture
def broken_copy(tmp_path):
    """A writable copy: a writing command must never touch the fixture."""
    return shutil.copytree(BROKEN, tmp_path / "broken")


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=IDS)
def test_broken_records_give_exit_1_and_one_line_per_problem(ctkb, broken_copy, path, command):
    """With --strict (validate and fmt always are), any problem stops a command."""
    if not takes_records(command) or path[-1] in NOT_LOADING:
        pytest.skip("does not read records")
    result = ctkb("--strict", *path, *arguments(path, command), "--records", broken_copy)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    lines = (result.stdout if path == ["validate"] else result.stderr).splitlines()
    problems = [line for line in lines if PROBLEM_LINE.fullmatch(line)]
    assert len(problems) >= 20
    assert all(PROBLEM_LINE.fullmatch(line) or SUMMARY_LINE.fullmatch(line) for line in lines), lines
    assert any(line.endswith("broken/projects/yaml-alias.yaml:7:10: yaml-alias: anchors (&name) are not "
                             "allowed in records") for line in problems)  # fmt: skip


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=IDS)
def test_strict_after_the_command_name_is_strict_too(ctkb, broken_copy, path, command):
    """`ctkb search x --strict` is `ctkb --strict search x`, for every command reading records."""
    if not takes_records(command) or path[-1] in (*NOT_LOADING, "validate", "fmt"):
        pytest.skip("does not read records, or is always strict")
    result = ctkb(*path, *arguments(path, command), "--strict", "--records", broken_copy)
    assert result.exit_code == 1, result.output
    assert result.stdout == "" and "yaml-alias.yaml:7:10: yaml-alias" in result.stderr


@pytest.mark.parametrize("kind", ["missing", "a file"])
@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=IDS)
def test_bad_records_directory_is_exit_2_in_one_line(ctkb, tmp_path, path, command, kind):
    if not takes_records(command):
        pytest.skip("has no --records")
    target = tmp_path / "records"
    if kind == "a file":
        target.write_text("")
    result = ctkb(*path, *arguments(path, command), "--records", target)
    assert result.exit_code == 2, result.output
    assert re.fullmatch(rf"ctkb: (usage )?error: .*{re.escape(str(target))}.*\n", result.stderr), (
        result.stderr
    )


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=IDS)
def test_unknown_option_is_exit_2(ctkb, path, command):
    result = ctkb(*path, "--no-such-option")
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    shown = " ".join(["ctkb", *path])
    assert result.stderr == (
        f"ctkb: usage error: {shown} has no option --no-such-option (try '{shown} --help')\n"
    )


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=IDS)
def test_unknown_format_is_exit_2(ctkb, mini_copy, path, command):
    if not any(param.name in ("fmt", "format") for param in command.params):
        pytest.skip("has no --format")
    records = ["--records", mini_copy] if takes_records(command) else []
    result = ctkb(*path, *arguments(path, command), "--format", "<script>", *records)
    assert result.exit_code == 2 and "Traceback" not in result.output
    [line] = result.stderr.splitlines()
    assert line.startswith("ctkb: usage error: invalid value for '--format' / '-f': '<script>' is not one of")


def test_unknown_command_is_exit_2(ctkb):
    result = ctkb("no-such-command")
    assert result.exit_code == 2
    assert result.stderr == "ctkb: usage error: no such command 'no-such-command' (try 'ctkb --help')\n"


def test_internal_errors_are_one_line_exit_3(monkeypatch, capsys):
    """A bug is still not a traceback: main() reports it in one line."""
    import importlib
    import sys

    from civictech_kb.cli import main

    app_module = importlib.import_module("civictech_kb.cli.typer_app")

    def bug(*args, **kwargs):
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(app_module, "app", bug)
    monkeypatch.delenv("CTKB_DEBUG", raising=False)
    monkeypatch.setattr(sys, "argv", ["ctkb", "list"])
    with pytest.raises(SystemExit) as exit_info:
        main()
    assert exit_info.value.code == 3
    error = capsys.readouterr().err
    assert error == "ctkb: internal error: ZeroDivisionError: a bug (set CTKB_DEBUG=1 for details)\n"
