"""Shell completion reaches every argument and option that names something
in the knowledge base, through the CLI as a shell would ask for it."""

import pytest

from ..conftest import MINI


def complete(runner, words: str) -> list[str]:
    from civictech_kb.cli import app

    env = {
        "_CTKB_COMPLETE": "complete_bash",
        "COMP_WORDS": words,
        "COMP_CWORD": str(len(words.split(" ")) - 1),
    }
    return runner.invoke(app, [], env=env, prog_name="ctkb").stdout.split("\n")


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        (f"ctkb related --records {MINI} cofa", ["cofact-thailand", "cofacts"]),
        (f"ctkb graph --records {MINI} g0", ["g0v"]),
        ("ctkb country thaila", ["thailand"]),
        ("ctkb region South-e", ["South-eastern Asia"]),
        ("ctkb list --region Eastern", ["Eastern Africa", "Eastern Asia", "Eastern Europe"]),
        ("ctkb list --type org", ["organization"]),
        ("ctkb search x --status in", ["inactive"]),
        ("ctkb challenges --category safe", ["safety-and-anonymity"]),
        ("ctkb stats --topic fact", ["fact-checking"]),
    ],
)
def test_completes(runner, words, expected):
    assert [line for line in complete(runner, words) if line] == expected


def test_country_names_with_commas_are_not_offered(runner):
    assert all("," not in line for line in complete(runner, "ctkb country tai"))
