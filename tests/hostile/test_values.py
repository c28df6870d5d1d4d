"""Values that looked valid but were not: dates that do not exist, years no
record can mean, date ranges compared as text, language tags that differ
only by white space or case, and ids Windows cannot check out."""

import pytest

from .conftest import plant, record


def codes(root, data: dict) -> list[str]:
    from civictech_kb.store.loader import load_file

    _, problems = load_file(plant(root, "events" if data["type"] == "event" else "projects",
                                  f"{data['id']}.yaml", data), root)  # fmt: skip
    return [p.code for p in problems]


def event(**fields) -> dict:
    return record("x", "event", **fields)


@pytest.mark.parametrize(("start", "end"), [("2023-05", "2023"), ("2023", "2023-01"), ("2023-05-14", "2023-05"),
                                            ("2023", "2023"), ("2023-12", "2023-12-31"), ("2022", "2024-01-01")])  # fmt: skip
def test_a_partial_date_covers_its_period(mini_copy, start, end):
    assert codes(mini_copy, event(start=start, end=end)) == []


@pytest.mark.parametrize(("start", "end"), [("2023-05", "2022"), ("2023-05", "2023-04"), ("2023-05-14", "2023-05-13"),
                                            ("2024", "2023-12-31")])  # fmt: skip
def test_end_before_start_is_still_refused(mini_copy, start, end):
    assert codes(mini_copy, event(start=start, end=end)) == ["bad-date"]


def test_ended_before_founded_is_refused(mini_copy):
    assert codes(mini_copy, record("x", founded="2020-05", ended="2019")) == ["bad-date"]
    assert codes(mini_copy, record("x", founded="2020-05", ended="2020")) == []


@pytest.mark.parametrize(
    "bad", ["2023-02-30", "2023-02-29", "2023-04-31", "2023-13", "2023-00", "2023-01-00"]
)
def test_days_that_do_not_exist_are_refused(mini_copy, bad):
    assert codes(mini_copy, record("x", founded=bad)) == ["bad-date"]


def test_a_leap_day_is_a_day(mini_copy):
    assert codes(mini_copy, record("x", founded="2024-02-29")) == []


@pytest.mark.parametrize("year", ["0001", "1019", "1899", "9999", "2999"])
def test_years_no_record_can_mean_are_refused(mini_copy, year):
    assert codes(mini_copy, record("x", founded=year)) == ["bad-date"]
    assert codes(mini_copy, event(start=f"{year}-01")) == ["bad-date"]


def test_one_date_function():
    from datetime import date

    from civictech_kb.model.dates import date_range

    assert date_range("2023") == (date(2023, 1, 1), date(2023, 12, 31))
    assert date_range("2024-02") == (date(2024, 2, 1), date(2024, 2, 29))
    with pytest.raises(ValueError, match="29 days"):
        date_range("2024-02-30")


@pytest.mark.parametrize(
    "tag", ["ko ", " ko", "ko\n", "k o", "", "ko_KR", "korean-language-tag", "1ko", "ko-"]
)
def test_names_keys_must_be_language_tags(mini_copy, tag):
    assert codes(mini_copy, record("x", names={"ko": "마스크", tag: "다른"})) == ["bad-value"]


def test_keys_differing_only_by_case_are_one_language(mini_copy):
    assert codes(mini_copy, record("x", names={"zh-Hant": "甲", "zh-hant": "乙"})) == ["bad-value"]


@pytest.mark.parametrize("tag", ["ko", "zh-Hant", "zh-Hant-TW", "sr-Latn", "es-419", "de-CH-1996", "my", "x-klingon"[2:],
                                 "en-US-x-twain", "yue", "sgn-ase"])  # fmt: skip
def test_real_language_tags_are_fine(mini_copy, tag):
    assert codes(mini_copy, record("x", names={tag: "name"})) == []


RESERVED = ["con", "nul", "aux", "prn", "com1", "com9", "lpt1", "lpt9"]


@pytest.mark.parametrize("name", RESERVED + [n.upper() for n in RESERVED[:3]] + ["Con", "NUL"])
def test_new_refuses_windows_device_names(ctkb, mini_copy, name):
    result = ctkb("new", "project", name, "--records", mini_copy)
    assert result.exit_code == 2 and "Windows" in result.stderr
    assert not any(p.stem.lower() == name.lower() for p in (mini_copy / "projects").iterdir())


@pytest.mark.parametrize("name", ["con", "lpt3"])
def test_new_refuses_them_as_given_ids(ctkb, mini_copy, name):
    assert ctkb("new", "project", "Anything", "--id", name, "--records", mini_copy).exit_code == 2


def test_validation_refuses_them_as_ids(mini_copy):
    assert codes(mini_copy, record("nul")) == ["bad-id"]


@pytest.mark.parametrize("name", ["con.yaml", "NUL.tar.gz", "com1.txt", "aux"])
def test_suffixes_do_not_help(name):
    from civictech_kb.model.ids import windows_reserved

    assert windows_reserved(name)


@pytest.mark.parametrize("name", ["console", "com", "com10", "lpt0", "nullify", "auxiliary"])
def test_longer_names_are_fine(name):
    from civictech_kb.model.ids import is_record_id

    assert is_record_id(name)


def test_long_empty_spans_are_one_row(ctkb, mini_copy):
    """The earliest and the latest year a record may carry: stats and the
    report grow by a row for the gap, not a row per empty year."""
    from civictech_kb.model.dates import MIN_YEAR, max_year

    plant(mini_copy, "projects", "oldest.yaml", record("oldest", founded=str(MIN_YEAR)))
    plant(mini_copy, "events", "latest.yaml", record("latest", "event", start=str(max_year())))
    stats = ctkb("stats", "--records", mini_copy, "--format", "md").stdout
    assert f"| {MIN_YEAR + 10}s-" in stats and len(stats.splitlines()) < 100
    report = ctkb("export", "--records", mini_copy, "--format", "md").stdout
    assert f"| {MIN_YEAR + 1}-" in report
    years = [line for line in report.splitlines() if line.startswith(("| 19", "| 20"))]
    assert len(years) < 30, years
    timeline = ctkb("timeline", "--records", mini_copy).stdout
    assert len(timeline.splitlines()) < 40
