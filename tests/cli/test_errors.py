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
