"""A figure's label may be written in the record's own words: it is a
label-mismatch only where the section counts a thing of another kind with
that number (people where the record says projects), never for a word verify
does not know the kind of."""

from __future__ import annotations

import pytest

from civictech_kb.provenance.claims import figure_problem, record_claims, text_claims

# Sentences as the bundled sources write them.
KOREA = ("Around 17 citizens developed the \u201cPublic Mask\u201d app, and more than 200 civic hackers "
         "helped sort out Covid-19 related public data.")  # fmt: skip
CHIBA = "These projects formed an alliance of about 10-30 people to organize gatherings and events together."
ASSEMBLY = ("The conference brought together 544 participants from 35 different countries with diverse "
            "backgrounds. Over five days, the conference featured over 160 different types of events and "
            "discussions on various topics.")  # fmt: skip
TOKYO = "A collaborative effort between the Tokyo Metropolitan Government, CfJ, and 315 citizens to create a website."
GAZETTES = (
    "It involved 15 citizen hackers who voluntarily collected 243 public messages from local governments."
)
HACKATHON = "Approximately 60 people participated on the event day, resulting in a total of 11 project teams."
PROJECTS = "By 2021 more than 200 projects had been proposed."


def problem(figure: dict[str, object], section: str) -> tuple[str, str, str] | None:
    [claim] = [c for c in record_claims({"name": "X", "figures": [figure]}) if c.kind == "figure"]
    return figure_problem(claim, [section])


def prose_problem(text: str, value: str, section: str) -> tuple[str, str, str] | None:
    [claim] = [
        c for c in text_claims(text, "summary", ("summary",)) if c.kind == "figure" and c.value == value
    ]
    return figure_problem(claim, [section])


@pytest.mark.parametrize(("figure", "section"), [
    ({"label": "members", "more_than": 200}, KOREA),
    ({"label": "volunteers", "more_than": 200}, KOREA),
    ({"label": "contributors", "more_than": 200}, KOREA),
    ({"label": "people", "value": 17, "approximate": True}, KOREA),
    ({"label": "members", "min": 10, "max": 30, "approximate": True}, CHIBA),
    ({"label": "sessions", "more_than": 160}, ASSEMBLY),
    ({"label": "attendees", "value": 544}, ASSEMBLY),
    ({"label": "nations", "value": 35}, ASSEMBLY),
    ({"label": "volunteers", "value": 315}, TOKYO),
    ({"label": "teams", "value": 11}, HACKATHON),
    ({"label": "widgets", "more_than": 200}, KOREA),  # a word of no known kind: no mismatch
])  # fmt: skip
def test_a_label_in_other_words_for_the_same_kind_of_thing_is_backed(figure, section):
    assert problem(figure, section) is None


@pytest.mark.parametrize(("text", "value", "section"), [
    ("Fifteen volunteers gathered 243 gazette notices.", "15", GAZETTES),
    ("Fifteen volunteers gathered 243 gazette notices.", "243", GAZETTES),
    ("The participants (about 60) formed 11 project teams.", "60", HACKATHON),
    ("The participants (about 60) formed 11 project teams.", "11", HACKATHON),
    ("More than 200 members helped.", "200", KOREA),
    ("Over 160 sessions filled the week.", "160", ASSEMBLY),
])  # fmt: skip
def test_running_text_in_other_words_is_backed(text, value, section):
    assert prose_problem(text, value, section) is None


@pytest.mark.parametrize(("figure", "section"), [
    ({"label": "participants", "more_than": 200}, PROJECTS),
    ({"label": "projects", "more_than": 200}, KOREA),
    ({"label": "countries", "value": 544}, ASSEMBLY),
    ({"label": "participants", "value": 35}, ASSEMBLY),
    ({"label": "participants", "more_than": 160}, ASSEMBLY),
    ({"label": "apps", "value": 17, "approximate": True}, KOREA),
    ({"label": "days", "value": 315}, TOKYO),
    ({"label": "people", "value": 11}, HACKATHON),
])  # fmt: skip
def test_a_label_for_another_kind_of_thing_is_a_mismatch(figure, section):
    found = problem(figure, section)
    assert found is not None and found[0] == "label-mismatch"


@pytest.mark.parametrize(("text", "value", "section"), [
    ("It ran more than 200 projects.", "200", KOREA),
    ("Members came from 544 countries.", "544", ASSEMBLY),
    ("It drew 35 participants.", "35", ASSEMBLY),
    ("The participants (about 60) formed project teams in 11 cities.", "11", HACKATHON),
])  # fmt: skip
def test_running_text_for_another_kind_of_thing_is_a_mismatch(text, value, section):
    found = prose_problem(text, value, section)
    assert found is not None and found[0] == "label-mismatch"


def test_a_label_mismatch_says_what_the_section_counts_and_what_the_record_says():
    found = problem({"label": "participants", "more_than": 200}, PROJECTS)
    assert found is not None
    code, message, _ = found
    assert code == "label-mismatch"
    assert message.startswith(": the section counts 200 projects here, the record says participants (\u201c")
    assert "more than 200 projects had been" in message
