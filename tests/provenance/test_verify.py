"""ctkb verify: every figure, year, date, web address and name in another
script of a record stands in the cited section of the cited source's text."""

import shutil
from pathlib import Path

import pytest

from civictech_kb.provenance.claims import says_address, says_date, says_number
from civictech_kb.provenance.sections import SourceText
from civictech_kb.provenance.verify import verify_collection
from civictech_kb.store.loader import load_collection

from ..conftest import BUNDLED, REPO, write_record

SEEDS = REPO.parent / "shared" / "seeds"

# A handbook whose lines were run together, as one of the bundled texts is.
HANDBOOK = (
    "--- title: Handbook --- # Handbook ## Introduction #### 1. Assembly 2023 In May 2023, 544 people "
    "met. ## 1. Countries ### (1) Japan #### A. Communities a. Code for Japan (CfJ) was founded in 2013. "
    "#### B. Projects ##### a. Code for Sake about 20-50 citizens. ##### c. Zen Chiba about 10-30 people "
    "meet at https://sites.example.org/zen/ since 2019. ### (2) Korea ##### a. NullFull (널채움) began in "
    "February 2020, and more than 200 hackers joined in under 30 days. ### (3) Thailand ##### a. Elect "
    "The team will build 1,200 tools in 2019; 5,500 voters used its first one."
)
NOTES = """# Visit notes 2018

## Programme
### 11/5-6 Conference
Day one.

# Day 2
## Fishbowl
蒙古：fix my street
"""
SOURCE = """id: handbook
type: source
name: Handbook
summary: A made-up handbook.
publishers: [Some Group]
languages: [en]
licence: CC BY-NC
text_file: handbook.txt
"""
NOTES_SOURCE = SOURCE.replace("id: handbook", "id: notes").replace("handbook.txt", "notes.txt")


def record(name: str, section: str, extra: str = "", source: str = "handbook") -> str:
    return (f"id: {name}\ntype: community\nname: {name.title()}\nsummary: S.\n{extra}"
            f"sources:\n  - source: {source}\n    section: \"{section}\"\n")  # fmt: skip


@pytest.fixture
def kb(tmp_path) -> tuple[Path, Path]:
    root, texts = tmp_path / "records", tmp_path / "texts"
    texts.mkdir()
    (texts / "handbook.txt").write_text(HANDBOOK, encoding="utf-8")
    (texts / "notes.txt").write_text(NOTES, encoding="utf-8")
    write_record(root, "sources", "handbook", SOURCE)
    write_record(root, "sources", "notes", NOTES_SOURCE)
    return root, texts


def run(root: Path, texts: Path):
    return verify_collection(load_collection(root, use_cache=False), texts)


# -- sections ------------------------------------------------------------------


def test_sections_are_found_by_their_headings_and_numbering_markers():
    text = SourceText(HANDBOOK)
    chiba = text.find("1.(1) Japan > B. c. Zen Chiba")
    assert chiba.text.startswith("##### c. Zen Chiba") and "(2) Korea" not in chiba.text
    assert "Code for Japan (CfJ)" in text.find("1.(1) Japan > A. Communities").text
    assert text.find("Introduction > 1. Assembly 2023").text.startswith("#### 1. Assembly 2023")
    assert text.find("1.(1) Japan").text.endswith("since 2019. ")
    assert text.find("1.(3) Taiwan") is None and text.find("1.(1) Japan > C.") is None


def test_sections_of_a_text_with_lines_and_the_headings_around_them():
    text = SourceText(NOTES)
    fishbowl = text.find("Day 2 > Fishbowl")
    assert fishbowl.text == "## Fishbowl\n蒙古：fix my street\n" and fishbowl.context == "Day 2"
    assert text.find("Programme > 11/5-6 Conference").context == "Visit notes 2018\nProgramme"


# -- what a text says ----------------------------------------------------------------


@pytest.mark.parametrize(("value", "text", "said"), [
    ("544", "brought together 544 participants", True), ("1200", "1,200 projects", True),
    ("4", "four university students", True), ("30", "about 10-30 people", False), ("10-30", "about 10-30 people", True),
    ("10-30", "about 10–30 people", True), ("10-30", "10 to 30", True), ("20", "about 20-50 citizens", False),
    ("10-30", "about 10-300 people", False), ("20", "20 people, 20-50 later", True),
    ("30", "about 10-300 people", False), ("1.5", "1.5 million", True), ("54", "544 participants", False),
    ("8", "![](https://example.org/upload_f3d8a.png)", False), ("3", "see hackmd.io/x3F or code a3", False),
    ("3", "see [3 notes](https://example.org/3) here", True),
])  # fmt: skip
def test_numbers_in_digits_or_words(value, text, said):
    assert says_number(value, text) is said


@pytest.mark.parametrize(("value", "text", "context", "said"), [
    ("2019", "since 2019", "", True), ("2019", "in 20190", "", False), ("2018", "Day one.", "Notes 2018", True),
    ("2020-02", "began in February 2020", "", True), ("2020-02", "began in 2020", "", False),
    ("2023-05", "In May 2023, 544 people", "", True), ("2023-05", "may need to, 2023", "", False),
    ("2022-03-22", "(March 22, 2022)", "", True), ("2023-03-22", "(March 22, 2022) and in 2023", "", False),
    ("2019-03-24", "the election on 24 March 2019", "", True), ("2018-11-06", "11/5-6 Conference", "Notes 2018", True),
    ("2018-11-05", "11/5 evening", "Notes 2018", True), ("2018-11-05", "11/5 evening", "", False),
    ("2018-11", "2018年11月", "", True),
])  # fmt: skip
def test_dates_as_texts_write_them(value, text, context, said):
    assert says_date(value, text, context) is said


def test_addresses_with_or_without_scheme_www_and_final_slash():
    assert says_address("https://www.Example.org/a/", "see example.org/a for more")
    assert says_address("https://parti.xyz", "https://parti.xyz/")
    assert not says_address("https://parti.xyz", "https://zero-waste.parti.xyz/")


# -- verify --------------------------------------------------------------------------


def test_backed_claims_pass_and_are_counted(kb):
    root, texts = kb
    write_record(root, "communities", "zen", record("zen", "1.(1) Japan > B. c. Zen Chiba",
                 "founded: 2019\nwebsite: https://sites.example.org/zen\n"
                 "figures:\n  - {label: people, min: 10, max: 30, approximate: true}\n"))  # fmt: skip
    write_record(root, "communities", "nullfull", record("nullfull", "1.(2) Korea",
                 "names: {ko: 널채움}\nfounded: 2020-02\n"))  # fmt: skip
    report = run(root, texts)
    assert (report.problems, report.checked, report.unchecked) == ([], 5, 0)  # the 10-30 range is one claim


def test_a_changed_figure_is_unverified_at_its_line(kb):
    root, texts = kb
    write_record(root, "communities", "zen", record("zen", "1.(1) Japan > B. c. Zen Chiba",
                 "figures:\n  - {label: people, value: 31}\n"))  # fmt: skip
    [problem] = run(root, texts).problems
    assert (problem.code, problem.line, problem.column) == ("unverified", 6, 28)
    assert problem.message == "figure 31 (people) not found in handbook §1.(1) Japan > B. c. Zen Chiba"


def test_exclusive_bounds_are_checked_like_any_figure(kb):
    root, texts = kb
    write_record(root, "communities", "nullfull", record("nullfull", "1.(2) Korea",
                 "figures:\n  - {label: hackers, more_than: 200}\n  - {label: days, less_than: 30}\n"
                 "  - {label: hackers, more_than: 201}\n"))  # fmt: skip
    report = run(root, texts)
    [problem] = report.problems
    assert (problem.code, problem.line, problem.column) == ("unverified", 8, 33)
    assert problem.message == "figure 201 (hackers) not found in handbook §1.(2) Korea"
    assert report.checked == 3


def test_a_fact_from_another_section_is_not_backed(kb):
    root, texts = kb
    write_record(
        root, "communities", "sake", record("sake", "1.(1) Japan > B. a. Code for Sake", "founded: 2013\n")
    )
    [problem] = run(root, texts).problems
    assert problem.message.startswith("year 2013 (founded) not found in handbook §1.(1) Japan > B. a.")


def test_milestones_are_checked_against_their_own_citation(kb):
    root, texts = kb
    milestones = ("milestones:\n  - date: 2018-11-05\n    summary: The conference opened.\n"
                  "    source: {source: notes, section: \"Programme > 11/5-6 Conference\"}\n"
                  "  - date: 2018-12-01\n    summary: Not in the notes.\n"
                  "    source: {source: notes, section: \"Programme\"}\n")  # fmt: skip
    write_record(
        root, "communities", "visit", record("visit", "Day 2 > Fishbowl", milestones, source="notes")
    )
    [problem] = run(root, texts).problems
    assert (problem.code, problem.line) == ("unverified", 9)
    assert "date 2018-12-01 (milestone) not found in notes §Programme" in problem.message


def test_unknown_sections_and_missing_texts_are_problems(kb, tmp_path):
    root, texts = kb
    write_record(root, "communities", "lost", record("lost", "1.(9) Nowhere", "founded: 2019\n"))
    [problem] = run(root, texts).problems
    assert (problem.code, problem.line, problem.column) == ("unknown-section", 8, 14)
    (texts / "handbook.txt").unlink()
    report = run(root, texts)
    assert [p.code for p in report.problems] == ["missing-source-text"]
    assert (report.checked, report.unchecked) == (0, 1)


def test_web_page_citations_and_sources_without_text_are_not_checkable(kb):
    root, texts = kb
    write_record(root, "communities", "web", "id: web\ntype: community\nname: Web\nsummary: S.\nfounded: 2001\n"
                 "sources:\n  - url: https://example.org/about\n")  # fmt: skip
    report = run(root, texts)
    assert (report.problems, report.checked, report.unchecked) == ([], 0, 1)


def test_cli_reports_problems_counts_claims_and_exits_1(ctkb, kb):
    root, texts = kb
    write_record(
        root, "communities", "zen", record("zen", "1.(1) Japan > B. c. Zen Chiba", "founded: 2018\n")
    )
    result = ctkb("verify", "--records", root, "--sources-dir", texts)
    assert result.exit_code == 1
    assert result.stdout.endswith("zen.yaml:5:10: unverified: year 2018 (founded) not found in "
                                  "handbook §1.(1) Japan > B. c. Zen Chiba\n")  # fmt: skip
    assert "1 claim(s) checked in 1 record(s), 1 problem(s)" in result.stderr
    (root / "communities" / "zen.yaml").write_text(
        record("zen", "1.(1) Japan > B. c. Zen Chiba", "founded: 2019\n")
    )
    assert ctkb("verify", "--records", root, "--sources-dir", texts).exit_code == 0
    assert ctkb("verify", "--records", root).exit_code == 1  # the texts are not in records/sources/


# -- the bundled records -------------------------------------------------------------

needs_seeds = pytest.mark.skipif(not SEEDS.is_dir(), reason="the source texts (../shared/seeds) are absent")


@needs_seeds
def test_bundled_records_are_backed_by_their_sources(ctkb):
    result = ctkb("verify", "--sources-dir", SEEDS)
    assert result.exit_code == 0, result.stdout
    assert " 0 problem(s)" in result.stderr


@needs_seeds
@pytest.mark.parametrize(("path", "old", "new", "code"), [
    ("communities/code-for-korea.yaml", "more_than: 200", "value: 200", "hedge-mismatch"),
    ("projects/public-mask.yaml", "value: 17, approximate: true", "value: 17", "hedge-mismatch"),
    ("projects/code-for-sake.yaml", "label: sake breweries before World War II", "label: citizens", "label-mismatch"),
    ("projects/map-of-gazettes.yaml", "15 citizen hackers", "about 15 citizen hackers", "hedge-mismatch"),
    ("projects/terrorless.yaml", "more than 50,000 visitors", "more than 50,000 websites", "label-mismatch"),
])  # fmt: skip
def test_bundled_records_fail_with_a_changed_hedge_or_label(tmp_path, path, old, new, code):
    root = tmp_path / "records"
    shutil.copytree(BUNDLED, root)
    text = (root / path).read_text(encoding="utf-8")
    assert old in text
    (root / path).write_text(text.replace(old, new, 1), encoding="utf-8")
    [problem] = verify_collection(load_collection(root, use_cache=False), SEEDS).problems
    assert problem.code == code


@needs_seeds
def test_bundled_records_fail_with_a_changed_figure(tmp_path):
    root = tmp_path / "records"
    shutil.copytree(BUNDLED, root)
    event = root / "events" / "digital-rights-asia-pacific-assembly-2023.yaml"
    text = event.read_text(encoding="utf-8")
    assert "value: 544" in text
    event.write_text(text.replace("value: 544", "value: 545"), encoding="utf-8")
    [problem] = verify_collection(load_collection(root, use_cache=False), SEEDS).problems
    assert problem.code == "unverified" and problem.message.startswith(
        "figure 545 (participants) not found in"
    )


@pytest.mark.parametrize(("name", "text", "said"), [
    ("마스크찾아줌", "마스크찾아줌 (Mask Finder)", True), ("마스크찾아", "마스크찾아줌 (Mask Finder)", False),
    ("널채움", "NullFull (널채움) began", True), ("零時政府", "g0v 零時政府社群", True),
    ("Москва", "в Москвах", False), ("Москва", "в Москва.", True),
])  # fmt: skip
def test_names_in_spaced_scripts_end_at_a_word_boundary(name, text, said):
    from civictech_kb.provenance.claims import says_name

    assert says_name(name, text) is said


def test_a_range_figure_must_stand_as_that_range(kb):
    root, texts = kb
    write_record(root, "projects", "sake", record("sake", "1.(1) Japan > B. a. Code for Sake",
                 "figures:\n  - {label: citizens, min: 20, max: 40}\n").replace("community", "project"))  # fmt: skip
    problems = run(root, texts).problems
    assert [(p.code, p.message) for p in problems] == [
        ("unverified", "figure 20-40 (citizens) not found in handbook §1.(1) Japan > B. a. Code for Sake")
    ]


# -- running text ------------------------------------------------------------------


def prose_record(name: str, section: str, summary: str, extra: str = "") -> str:
    return record(name, section, extra).replace("summary: S.", f"summary: {summary!r}".replace("'", '"'))


def unverified(root: Path, texts: Path) -> list[str]:
    return [p.message for p in run(root, texts).problems]


def test_figures_years_and_addresses_in_running_text_must_stand_in_the_section(kb):
    root, texts = kb
    write_record(root, "communities", "zen", prose_record("zen", "1.(1) Japan > B. c. Zen Chiba",
                 "About 10-30 people have met at https://sites.example.org/zen/ since 2019."))  # fmt: skip
    assert unverified(root, texts) == []
    write_record(root, "communities", "zen", prose_record("zen", "1.(1) Japan > B. c. Zen Chiba",
                 "About 10-40 people have met at https://example.org/zen/ since 2018, some 30 of them."))  # fmt: skip
    section = "handbook §1.(1) Japan > B. c. Zen Chiba"
    assert unverified(root, texts) == [
        f"figure 10-40 (summary text) not found in {section}",
        f"figure 30 (summary text) not found in {section}",  # only the end of the range 10-30
        f"web address https://example.org/zen/ (summary text) not found in {section}",
        f"year 2018 (summary text) not found in {section}",
    ]


def test_a_value_stated_twice_in_one_text_is_reported_once(kb):
    root, texts = kb
    write_record(root, "communities", "zen", prose_record("zen", "1.(1) Japan > B. c. Zen Chiba",
                 "In 2018, 40 people met; by the end of 2018, 40 people had met twice."))  # fmt: skip
    section = "handbook §1.(1) Japan > B. c. Zen Chiba"
    assert unverified(root, texts) == [
        f"figure 40 (summary text) not found in {section}",
        f"year 2018 (summary text) not found in {section}",
    ]


def test_number_words_in_running_text_are_figures(kb):
    root, texts = kb
    write_record(root, "communities", "nullfull", prose_record("nullfull", "1.(2) Korea",
                 "Hackers joined within thirty days, in five teams."))  # fmt: skip
    assert unverified(root, texts) == ["figure 5 (summary text) not found in handbook §1.(2) Korea"]


def test_clock_times_codes_and_days_of_a_month_are_not_figures(kb):
    root, texts = kb
    write_record(root, "communities", "nullfull", prose_record("nullfull", "1.(2) Korea",
                 "From 11:00 on 3 February 2020, g0v-style COVID-19 work by NullFull (널채움)."))  # fmt: skip
    assert unverified(root, texts) == []


def test_a_name_cut_short_in_running_text_is_not_found(kb):
    root, texts = kb
    write_record(
        root, "communities", "nullfull", prose_record("nullfull", "1.(2) Korea", "NullFull (널채) began.")
    )
    assert unverified(root, texts) == ["name 널채 (summary text) not found in handbook §1.(2) Korea"]


def test_a_milestone_summary_is_checked_against_its_own_citation(kb):
    root, texts = kb
    milestone = ("milestones:\n  - date: 2019\n    summary: About 10-30 people first met.\n"
                 "    source: {source: handbook, section: \"1.(1) Japan > B. c. Zen Chiba\"}\n")  # fmt: skip
    write_record(root, "communities", "zen", record("zen", "1.(2) Korea", milestone))
    assert unverified(root, texts) == []
    write_record(
        root, "communities", "zen", record("zen", "1.(2) Korea", milestone.replace("10-30", "10-20"))
    )
    assert unverified(root, texts) == [
        "figure 10-20 (milestone text) not found in handbook §1.(1) Japan > B. c. Zen Chiba"
    ]


def test_a_year_the_source_is_dated_in_stands_in_every_section(kb):
    root, texts = kb
    dated = NOTES_SOURCE.replace("languages:", "date: 2018-11\nlanguages:").replace(
        "Visit notes 2018", "Visit"
    )
    write_record(root, "sources", "notes", dated)
    (texts / "notes.txt").write_text(NOTES.replace("Visit notes 2018", "Visit notes"), encoding="utf-8")
    write_record(root, "communities", "visit", prose_record("visit", "Day 2 > Fishbowl", "Heard in 2018.",
                 ).replace("source: handbook", "source: notes"))  # fmt: skip
    assert unverified(root, texts) == []


# -- hedges and labels -----------------------------------------------------------------


@pytest.mark.parametrize(("before", "after", "hedges"), [
    ("joined by ", " hackers", {"exact"}), ("more than ", " hackers", {"more_than"}),
    ("there were only about ", " remained", {"approximate"}), ("some ", " of them", {"approximate"}),
    ("joined in under ", " days.", {"less_than", "exact"}), ("over ", " days, the", {"more_than", "exact"}),
    ("over ", " events", {"more_than"}), ("at least ", " people", {"min"}), ("up to ", " seats", {"max"}),
    ("", "+ members", {"more_than"}), ("", " or more", {"min"}), ("超過", "人", {"more_than"}),
    ("", "人左右", {"approximate"}), ("", "명 이상", {"more_than", "min"}), ("大約", "人", {"approximate"}), ("information about ", " countries", {"approximate"}),
])  # fmt: skip
def test_the_words_beside_a_number_say_how_it_is_hedged(before, after, hedges):
    from civictech_kb.provenance.figures import hedges_of

    assert hedges_of(before.casefold(), after.casefold()) == hedges


def hedged(root: Path, texts: Path, section: str, figures: str) -> list[tuple[str, str]]:
    write_record(root, "communities", "c", record("c", section, f"figures:\n{figures}"))
    return [(p.code, p.message) for p in run(root, texts).problems]


def test_a_figure_the_source_hedges_is_hedged_the_same_way(kb):
    root, texts = kb
    korea = "1.(2) Korea"
    assert hedged(root, texts, korea, "  - {label: hackers, more_than: 200}\n") == []
    [(code, message)] = hedged(root, texts, korea, "  - {label: hackers, value: 200}\n")
    assert code == "hedge-mismatch"
    assert message == ("figure 200 (hackers) is stated as exactly 200, but the source gives more than 200 "
                       "(\u201c2020, and more than 200 hackers joined in under\u201d) in handbook §1.(2) Korea")  # fmt: skip
    assert [
        c for c, _ in hedged(root, texts, korea, "  - {label: hackers, value: 200, approximate: true}\n")
    ] == ["hedge-mismatch"]
    assert hedged(root, texts, korea, "  - {label: days, less_than: 30}\n") == []
    assert hedged(root, texts, korea, "  - {label: days, value: 30}\n") == []  # "in under 30 days": a span


def test_a_figure_the_source_gives_exactly_is_not_hedged(kb):
    root, texts = kb
    assembly = "Introduction > 1. Assembly 2023"
    assert hedged(root, texts, assembly, "  - {label: people, value: 544}\n") == []
    for figure in ("{label: people, value: 544, approximate: true}", "{label: people, more_than: 544}",
                   "{label: people, min: 544}", "{label: people, less_than: 544}"):  # fmt: skip
        assert [c for c, _ in hedged(root, texts, assembly, f"  - {figure}\n")] == ["hedge-mismatch"], figure
    chiba = "1.(1) Japan > B. c. Zen Chiba"
    assert hedged(root, texts, chiba, "  - {label: people, min: 10, max: 30, approximate: true}\n") == []
    assert [c for c, _ in hedged(root, texts, chiba, "  - {label: people, min: 10, max: 30}\n")] == [
        "hedge-mismatch"
    ]


def test_a_planned_figure_is_no_count(kb):
    root, texts = kb
    [(code, message)] = hedged(root, texts, "1.(3) Thailand", "  - {label: tools, value: 1200}\n")
    assert code == "hedge-mismatch" and "is stated as a count, but the source gives it as a plan" in message
    assert hedged(root, texts, "1.(3) Thailand", "  - {label: voters, value: 5500}\n") == []


def test_a_figure_stands_beside_its_label(kb):
    root, texts = kb
    problems = hedged(root, texts, "1.(2) Korea", "  - {label: projects, more_than: 200}\n")
    assert problems == [("label-mismatch", "figure 200 (projects): the section counts 200 hackers here, the record "
                         "says projects (\u201c2020, and more than 200 hackers joined in under\u201d) in handbook §1.(2) Korea")]  # fmt: skip
    assert (
        hedged(root, texts, "Introduction > 1. Assembly 2023", "  - {label: participants, value: 544}\n")
        == []
    )


def test_hedges_plans_and_labels_in_running_text(kb):
    root, texts = kb

    def problems(summary: str, section: str = "1.(2) Korea") -> list[str]:
        write_record(root, "communities", "c", prose_record("c", section, summary))
        return [p.code for p in run(root, texts).problems]

    assert problems("Over 200 hackers joined the group within 30 days.") == []
    assert problems("Some 200 hackers joined.") == ["hedge-mismatch"]
    assert problems("It had 200 hackers.") == ["hedge-mismatch"]
    assert problems("It ran more than 200 projects.") == ["label-mismatch"]
    assert problems("About 544 people met.", "Introduction > 1. Assembly 2023") == ["hedge-mismatch"]
    assert problems("The team built 1,200 tools.", "1.(3) Thailand") == ["hedge-mismatch"]
    assert problems("The team planned 1,200 tools for 2019.", "1.(3) Thailand") == []


def test_a_hedge_problem_points_at_the_figure(kb):
    root, texts = kb
    write_record(
        root, "communities", "c", record("c", "1.(2) Korea", "figures:\n  - {label: hackers, value: 200}\n")
    )
    [problem] = run(root, texts).problems
    assert (problem.path.endswith("c.yaml"), problem.line, problem.column) == (True, 6, 29)
    assert "more_than" in problem.hint
