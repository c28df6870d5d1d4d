"""Every usage error, whether ctkb or the command-line parser found it, is
one line on stderr, `ctkb: usage error: ...`, and exit 2; help shows plain
placeholders (QUERY, INTEGER, 1-5, [table|json])."""

import re

import pytest

from ..conftest import MINI

USAGE_LINE = re.compile(r"ctkb: usage error: [^\n]+\n")


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (["graph", "g0v", "--depth", "0"],
         "invalid value for '--depth': 0 is not in the range 1 to 5 (try 'ctkb graph --help')"),
        (["search"], "missing argument 'QUERY' (try 'ctkb search --help')"),
        (["show"], "missing argument 'NAME' (try 'ctkb show --help')"),
        (["list", "--limit", "3"], "ctkb list has no option --limit (try 'ctkb list --help')"),
        (["search", "x", "--lmit", "3"],
         "ctkb search has no option --lmit; did you mean --limit? (try 'ctkb search --help')"),
        (["--recrods", "x", "list"], "ctkb has no option --recrods; did you mean --records? (try 'ctkb --help')"),
        (["lst"], "no such command 'lst'; did you mean 'list'? (try 'ctkb --help')"),
        (["serve", "--port", "70000"],
         "invalid value for '--port' / '-p': 70000 is not in the range 0 to 65535 (try 'ctkb serve --help')"),
    ],
)  # fmt: skip
def test_a_parser_error_is_one_usage_line_and_exit_2(ctkb, args, line):
    result = ctkb(*args)
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", f"ctkb: usage error: {line}\n")


def test_ctkb_and_the_parser_word_usage_errors_alike(ctkb):
    own = ctkb("list", "--type", "nosuch", "--records", MINI)
    parser = ctkb("list", "--since", "soon", "--records", MINI)
    for result in (own, parser):
        assert result.exit_code == 2 and USAGE_LINE.fullmatch(result.stderr), result.stderr


def test_a_bare_command_group_still_shows_its_help(ctkb):
    result = ctkb()
    assert result.exit_code == 2 and "Commands:" in result.output


@pytest.mark.parametrize(
    ("command", "shown"),
    [
        ("search", "Usage: ctkb search [OPTIONS] QUERY"),
        ("search", "-n, --limit INTEGER"),
        ("search", "-f, --format [table|json|md|csv|tsv]"),
        ("graph", "Usage: ctkb graph [OPTIONS] [NAME]"),
        ("graph", "--depth 1-5"),
        ("validate", "Usage: ctkb validate [OPTIONS] [PATHS]..."),
        ("compare", "Usage: ctkb compare [OPTIONS] PLACE..."),
        ("new", "Usage: ctkb new [OPTIONS] TYPE NAME"),
        ("export", "-q, --query TEXT"),
    ],
)
def test_help_shows_plain_placeholders(ctkb, command, shown):
    text = ctkb(command, "--help").stdout
    assert shown in text
    assert not re.search(r"\{[A-Za-z]+\}|<(int|str|float|int range)>", text)


@pytest.mark.parametrize(
    ("command", "option", "shown"),
    [("graph", "--depth", "--depth 1-5 "), ("serve", "--port", "--port 0-65535 "),
     ("search", "--limit", "at least 0"), ("related", "--limit", "at least 0")],
)  # fmt: skip
def test_help_says_a_range_once_and_in_words(ctkb, command, option, shown):
    """A range in the placeholder (1-5) is not said again beside it, and
    click's formula (1<=x<=5, x>=0) is never shown."""
    text = " ".join(ctkb(command, "--help").stdout.split())
    assert shown in text
    assert not re.search(r"x\s*[<>]=?|[<>]=?\s*x", text)


def usage_row() -> str:
    from ..conftest import REPO

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    return next(line for line in readme.splitlines() if line.startswith("| 2 |"))


# What README's exit-code table calls bad usage, and a command line that is such a case.
PATH_CASES = {
    "a missing argument": lambda tmp: ["search"],
    "the files given to `validate`": lambda tmp: ["validate", tmp / "nosuch.yaml"],
    "`verify`": lambda tmp: ["verify", tmp / "nosuch.yaml", "--records", MINI],
    "`fmt`": lambda tmp: ["fmt", tmp / "nosuch.yaml", "--records", MINI],
    "`--sources-dir`": lambda tmp: ["verify", "--sources-dir", tmp / "nosuch", "--records", MINI],
    "`--intro`": lambda tmp: ["export", "--intro", tmp / "nosuch.md", "--records", MINI],
    "a site folder that is a file": lambda tmp: ["site", tmp / "taken.txt", "--records", MINI],
    "an `--output` that is a folder": lambda tmp: ["export", "-o", tmp, "--records", MINI],
    "an output that exists without `--force`": lambda tmp: ["export", "-o", tmp / "taken.txt", "--records", MINI],
    "a records folder that is missing": lambda tmp: ["list", "--records", tmp / "nosuch"],
}  # fmt: skip


@pytest.mark.parametrize("case", sorted(PATH_CASES))
def test_what_readme_calls_bad_usage_is_exit_2_in_one_line(ctkb, tmp_path, case):
    assert case in usage_row()
    (tmp_path / "taken.txt").write_text("mine\n")
    result = ctkb(*PATH_CASES[case](tmp_path))
    assert result.exit_code == 2 and USAGE_LINE.fullmatch(result.stderr), result.stderr
    assert (tmp_path / "taken.txt").read_text() == "mine\n"


def test_a_path_that_does_not_exist_says_so(ctkb, tmp_path):
    result = ctkb("validate", tmp_path / "nosuch.yaml")
    assert result.stderr == (
        f"ctkb: usage error: {tmp_path / 'nosuch.yaml'} does not exist; give record files or folders of records\n"
    )
    result = ctkb("verify", "--sources-dir", tmp_path / "nosuch", "--records", MINI)
    assert (
        result.stderr
        == f"ctkb: usage error: --sources-dir {tmp_path / 'nosuch'} does not exist; give a folder\n"
    )
