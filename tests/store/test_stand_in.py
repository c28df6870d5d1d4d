"""One run of validate says every problem: the cross-record and date-order
checks also read the well-formed parts of records that failed validation
(store/stand_in.py), and each problem is said once."""

import pytest

from civictech_kb.model.problems import InvalidRecords
from civictech_kb.store.loader import load_collection, validate_paths

from ..conftest import write_record

MANY_WRONG = """\
id: many-wrong
type: project
name: Many Wrong
summary: S.
countries: [TW, ZZ]
topics: [nonsense]
founded: 2020-02-01
ended: 2010
relations:
  part_of: [nosuch, many-wrong, Bad_Target]
  inspired_by: [cofacts]
sources:
  - source: nosuchsource
    section: "x"
milestones:
  - {date: 2021, summary: Something happened., source: {source: nosuchsource-either, section: "y"}}
"""


def codes(problems):
    return [(p.code, p.line) for p in problems]


@pytest.mark.parametrize("given", ["file", "collection"])
def test_every_problem_of_an_invalid_record_is_said_in_one_run(mini, given):
    path = write_record(mini, "projects", "many-wrong", MANY_WRONG)
    problems = validate_paths(mini, [path] if given == "file" else [])
    assert codes(problems) == [
        ("bad-country", 5),
        ("unknown-topic", 6),
        ("bad-date", 8),  # ended comes before founded, said although other fields are wrong
        ("dangling-relation", 10),
        ("self-relation", 10),
        ("bad-id", 10),  # Bad_Target: malformed, so not also called dangling
        ("dangling-source", 13),
        ("dangling-source", 16),
    ]
    assert [p.column for p in problems if p.line == 10] == [13, 21, 33]
    assert "ended comes before founded" in problems[2].message


def test_the_date_order_is_said_beside_a_bad_value_of_an_event(mini):
    path = write_record(mini, "events", "late", "id: late\ntype: event\nname: Late\nsummary: S.\n"
                        "start: 2023-05\nend: 2022\nstatus: finished\nsources:\n  - url: https://example.org\n")  # fmt: skip
    assert codes(validate_paths(mini, [path])) == [("bad-date", 6), ("bad-value", 7)]


def test_an_order_problem_alone_is_said_once(mini):
    path = write_record(mini, "projects", "late", "id: late\ntype: project\nname: Late\nsummary: S.\n"
                        "founded: 2020\nended: 2019\nsources:\n  - url: https://example.org\n")  # fmt: skip
    assert codes(validate_paths(mini, [path])) == [("bad-date", 6)]


def test_a_relation_to_an_invalid_record_is_not_called_dangling(mini):
    cofacts = mini / "projects" / "cofacts.yaml"
    cofacts.write_text(cofacts.read_text().replace("status: active", "status: finished"))
    problems = validate_paths(mini, [])
    assert [(p.path.rsplit("/", 1)[-1], p.code) for p in problems] == [("cofacts.yaml", "bad-value")]


def test_a_record_without_a_usable_id_gets_no_cross_record_problems(mini):
    path = write_record(mini, "projects", "Bad_One", "id: Bad_One\ntype: project\nname: B\nsummary: S.\n"
                        "relations:\n  part_of: [nosuch]\nsources:\n  - url: https://example.org\n")  # fmt: skip
    assert [p.code for p in validate_paths(mini, [path])] == ["bad-id"]


@pytest.mark.parametrize("use_cache", [False, True])
def test_strict_loading_says_the_same_problems_as_validate(mini, use_cache):
    load_collection(mini, use_cache=use_cache)  # a warm cache, when there is one
    write_record(mini, "projects", "many-wrong", MANY_WRONG)
    with pytest.raises(InvalidRecords) as err:
        load_collection(mini, use_cache=use_cache, strict=True)
    assert err.value.problems == validate_paths(mini, [])
