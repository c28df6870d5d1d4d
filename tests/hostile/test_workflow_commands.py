"""GitHub Actions runs any log line that starts with `::` (after white
space) as a workflow command. Record text can put such a line in ctkb's
output; in every text output it is neutralised (`\\::`, which Markdown
shows as `::`). `--format github` alone writes commands, its own."""

import re

import pytest

from .conftest import plant, record

COMMAND = "::error file=.github/workflows/ci.yml,line=1::pwned"
TEXT = f"{COMMAND}\n\n  ::add-mask::secret\n\t::stop-commands::token"
A_COMMAND_LINE = re.compile(r"^\s*::", re.MULTILINE)


@pytest.fixture
def commanding(mini_copy):
    plant(mini_copy, "projects", "commands.yaml", record(
        "commands", name=COMMAND, summary=TEXT, lessons=[TEXT], location=COMMAND, founded="2020",
        challenges=[{"category": "funding", "summary": TEXT, "responses": [TEXT]}]))  # fmt: skip
    return mini_copy


INVOCATIONS = [
    ["show", "commands"], ["show", "commands", "--format", "md"], ["list"], ["list", "--format", "md"],
    ["search", "pwned"], ["search", "pwned", "--format", "md"], ["challenges"], ["timeline"],
    ["export", "--format", "csv"], ["export", "--format", "md"], ["export", "--format", "html"],
    ["export", "--format", "json"], ["export", "--format", "jsonl"],
]  # fmt: skip


@pytest.mark.parametrize("args", INVOCATIONS, ids=" ".join)
def test_no_output_line_is_a_workflow_command(ctkb, commanding, args):
    result = ctkb(*args, "--records", commanding)
    assert result.exit_code == 0, result.stderr
    assert "pwned" in result.stdout
    assert not A_COMMAND_LINE.search(result.stdout), [
        line for line in result.stdout.splitlines() if "::" in line
    ]


def test_markdown_still_shows_the_text(ctkb, commanding):
    from markdown_it import MarkdownIt

    html = MarkdownIt("commonmark").render(
        ctkb("show", "commands", "--format", "md", "--records", commanding).stdout
    )
    assert COMMAND in html


def test_problem_lines_on_stderr_are_not_commands(ctkb, mini_copy, monkeypatch):
    plant(mini_copy, "projects", "::error::x.yaml", "[]\n")
    monkeypatch.chdir(mini_copy / "projects")
    result = ctkb("validate", "::error::x.yaml", "--records", mini_copy)
    assert result.exit_code == 1
    assert not A_COMMAND_LINE.search(result.stdout + result.stderr)


def test_the_github_format_writes_its_own_commands(ctkb, mini_copy):
    plant(mini_copy, "projects", "broken.yaml", "[]\n")
    result = ctkb("validate", "--records", mini_copy, "--format", "github")
    assert result.stdout.startswith("::error file=")
