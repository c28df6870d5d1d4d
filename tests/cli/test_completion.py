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
        ("ctkb country thaila", ["Thailand"]),
        ("ctkb country th", ["Thailand"]),  # not "the philippines", "the state of eritrea"
        ("ctkb country ไทย", ["Thailand"]),  # a CLDR name
        ("ctkb country tha", ["Thailand"]),  # an ISO alpha-3 code, and the name
        ("ctkb country tw", ["Taiwan"]),  # an ISO code
        ("ctkb country formo", ["Taiwan"]),  # a ctkb alias
        ("ctkb country 臺", ["Taiwan"]),
        ("ctkb country philip", ["Philippines"]),
        ("ctkb country bur", ["Myanmar", "Burkina Faso", "Burundi"]),  # covered first
        ("ctkb region South-e", ["South-eastern Asia"]),
        ("ctkb region south-e", ["South-eastern Asia"]),
        ("ctkb list --region Eastern", ["Eastern Asia"]),  # no record in Eastern Africa or Europe
        ("ctkb list --region eas", ["Eastern Asia"]),
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


def test_the_covered_countries_come_first_then_the_others(runner):
    offered = [line for line in complete(runner, f"ctkb list --records {MINI} --country ") if line]
    assert offered[:3] == ["Myanmar", "Taiwan", "Thailand"]  # the mini records' country profiles
    assert "Japan" in offered[3:] and len(offered) > 200
    assert offered[3:] == sorted(offered[3:])
    bundled = [line for line in complete(runner, "ctkb list --country ") if line]
    assert bundled[:12] == ["China", "Hong Kong", "India", "Japan", "Malaysia", "Mongolia", "Myanmar",
                            "Philippines", "South Korea", "Taiwan", "Thailand", "Vietnam"]  # fmt: skip


def test_regions_are_those_with_records(runner):
    assert [line for line in complete(runner, f"ctkb region --records {MINI} ") if line] == [
        "Asia", "Eastern Asia", "South-eastern Asia"
    ]  # fmt: skip
    offered = [line for line in complete(runner, "ctkb region ") if line]
    assert offered == ["Asia", "Eastern Asia", "South-eastern Asia", "Southern Asia"]


def test_countries_are_offered_by_their_names_never_by_demonyms_or_keys():
    from civictech_kb.cli.completion import countries
    from civictech_kb.model import vocab

    for demonym in (
        "Myanmar people",
        "myanmar p",
        "Korean",
        "Burmese",
        "Filipino",
        "Hongkonger",
        "Taiwanese",
    ):
        assert countries(None, demonym) == [], demonym
    shown = {vocab.country_name(code) for code in vocab.country_codes()}
    for letter in "abcdefghijklmnopqrstuvwxyz":
        for name, code in countries(None, letter):
            assert name == vocab.country_name(code) and name in shown


def test_a_country_typed_as_completed_is_understood(runner, ctkb):
    for name in ("South Korea", "Thailand", "Taiwan"):
        assert ctkb("country", name).exit_code == 0
