"""ctkb stats: the counts come from the library (stats.collection_stats),
the JSON output is that data, and the charts drawn from it fit the width,
keep every label whole and print every count."""

import json

import pytest

from civictech_kb.model.record import Record
from civictech_kb.render import Display, render
from civictech_kb.store.loader import load_collection
from civictech_kb.views.results import Count, Stats, StatsChart, to_data
from civictech_kb.views.stats import by_decade, challenge_matrix, collection_stats

from ..conftest import MINI


@pytest.fixture(scope="module")
def mini_stats():
    return to_data(collection_stats(load_collection(MINI)))


def counts(rows: list[dict]) -> list[tuple[str, int]]:
    return [(row["key"], row["count"]) for row in rows]


def record(record_id: str, **fields) -> Record:
    return Record({"id": record_id, "type": "project", "name": record_id.title(), "summary": "s", **fields})


def test_counts_of_the_mini_collection(mini_stats):
    assert mini_stats["total"] == 8
    assert counts(mini_stats["by_type"]) == [("project", 2), ("community", 1), ("organization", 1),
                                             ("event", 1), ("country", 3)]  # fmt: skip
    assert counts(mini_stats["by_region"]) == [("Eastern Asia", 3), ("South-eastern Asia", 5)]
    # most records first; a tie in the order of the country names
    assert counts(mini_stats["by_country"]) == [("TW", 3), ("TH", 3), ("MM", 2)]
    assert [row["label"] for row in mini_stats["by_country"]] == ["Taiwan", "Thailand", "Myanmar"]
    assert counts(mini_stats["by_topic"])[:2] == [("fact-checking", 2), ("journalism", 2)]


def test_country_profiles_have_no_status_or_date_to_count(mini_stats):
    assert counts(mini_stats["by_status"]) == [("active", 2), ("unknown", 3)]
    assert counts(mini_stats["by_decade"]) == [("2010s", 3), ("2020s", 1)]
    assert mini_stats["undated"] == 1  # phandeeyar; the three country profiles are not counted


def test_a_record_in_several_countries_counts_in_each_country_and_region():
    data = to_data(
        collection_stats([record("a", countries=["TW", "JP", "TH"]), record("b", countries=["JP"])])
    )
    assert data["total"] == 2
    assert counts(data["by_country"]) == [("JP", 2), ("TW", 1), ("TH", 1)]
    assert counts(data["by_region"]) == [("Eastern Asia", 2), ("South-eastern Asia", 1)]


def test_decades_run_without_gaps_from_the_first_to_the_last():
    data = to_data(by_decade([record("a", founded="1998"), record("b", founded="2021-03"), record("c")]))
    assert counts(data) == [("1990s", 1), ("2000s", 0), ("2010s", 0), ("2020s", 1)]
    assert to_data(by_decade([record("undated")])) == []


def test_challenge_matrix_counts_records_per_category_and_region(mini_stats):
    assert mini_stats["challenges"] == {
        "categories": [{"key": "funding", "label": "Funding"},
                       {"key": "government-collaboration", "label": "Government collaboration"},
                       {"key": "safety-and-anonymity", "label": "Safety and anonymity"}],
        "regions": ["Eastern Asia", "South-eastern Asia"],
        "counts": [[0, 1], [1, 0], [0, 1]],
    }  # fmt: skip


def test_a_record_reporting_a_category_twice_counts_once_in_each_of_its_regions():
    twice = [{"category": "funding", "summary": "one"}, {"category": "funding", "summary": "two"}]
    matrix = to_data(challenge_matrix([record("a", countries=["TW", "TH"], challenges=twice)]))
    assert matrix["regions"] == ["Eastern Asia", "South-eastern Asia"]
    assert matrix["counts"] == [[1, 1]]


def test_stats_json_is_the_library_data(ctkb, mini_stats):
    for args in ([], ["--chart"]):
        result = ctkb("stats", "--records", MINI, "--format", "json", *args)
        assert result.exit_code == 0, result.stderr
        assert json.loads(result.stdout) == mini_stats


def test_stats_takes_the_list_filters(ctkb):
    result = ctkb("stats", "--records", MINI, "--country", "thailand", "--format", "json")
    data = json.loads(result.stdout)
    assert data["total"] == 3 and counts(data["by_country"]) == [("TH", 3)]
    assert ctkb("stats", "--records", MINI, "--type", "nonsense").exit_code == 2


def test_stats_table_lists_each_count(ctkb):
    result = ctkb("stats", "--records", MINI)
    assert result.exit_code == 0
    lines = [" ".join(line.split()) for line in result.stdout.splitlines()]
    assert lines[0] == "8 record(s)"
    for expected in ("By country", "Taiwan 3", "Thailand 3", "Myanmar 2", "By decade", "2010s 3",
                     "By status", "active 2", "left out of the decades: 1 record with no founding or start date in the sources"):  # fmt: skip
        assert expected in lines


def test_piped_chart_is_plain_characters_with_counts(ctkb):
    result = ctkb("stats", "--chart", "--records", MINI)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert result.stdout.isascii() and "\x1b" not in result.stdout
    assert all(len(line) <= 80 for line in lines)
    at = lines.index("Records by country")
    assert lines[at + 1 : at + 4] == ["Taiwan    ### 3", "Thailand  ### 3", "Myanmar   ## 2"]
    at = lines.index("Challenges by region (records reporting each kind of challenge)")
    assert lines[at + 2].split() == ["Eastern", "Asia", "South-eastern"]
    assert lines[at + 5].split() == ["Funding", ".", "1", "####"]
    assert "Each number counts records; the bar is relative to the largest, 1." in lines


def bars(data: Stats, width: int, decorated: bool = False) -> list[str]:
    return render(StatsChart(stats=data), "table", Display(width=width, decorated=decorated)).splitlines()


def test_chart_fits_narrow_widths_and_never_cuts_a_label():
    long_topic = "A label too long to share a line"  # longer than half of 40 columns
    data = collection_stats([record("a", countries=["TW"], topics=["maps"])])
    data.by_topic.append(Count(key="long", label=long_topic, count=120))
    for decorated in (False, True):
        lines = bars(data, 40, decorated)
        assert all(len(line) <= 40 for line in lines), lines
        at = lines.index(long_topic)
        assert lines[at + 1].rstrip().endswith(" 120")  # the bar on the next line, with its count
        assert lines[at + 1].startswith(" " * 20)


def test_terminal_chart_uses_blocks_scaled_to_the_width():
    data = collection_stats(
        [record(f"r{i}", countries=["JP"]) for i in range(200)] + [record("t", countries=["TW"])]
    )
    lines = bars(data, 60, decorated=True)
    japan = next(line for line in lines if line.startswith("Japan"))
    taiwan = next(line for line in lines if line.startswith("Taiwan"))
    assert japan.endswith(" 200") and len(japan) <= 60 and "█" in japan
    assert taiwan.endswith(" 1") and taiwan.split()[1] in "▏▎▍▌▋▊▉█"  # one record still shows


def test_wide_matrix_splits_into_blocks_that_fit():
    places = ["TW", "TH", "IN", "KZ", "TR", "FR"]  # six sub-regions
    records = [record(c, countries=[c], challenges=[{"category": "trust", "summary": "s"}]) for c in places]
    lines = bars(collection_stats(records), 50)
    assert all(len(line) <= 50 for line in lines)
    # the region matrix in two blocks of three, the country matrix likewise
    assert sum(line.split() == ["Trust", *["1", "####"] * 3] for line in lines) == 4


def test_markdown_stats_are_tables(ctkb):
    result = ctkb("stats", "--chart", "--records", MINI, "--format", "md")
    assert result.exit_code == 0
    assert "| Taiwan | 3 | ███ |" in result.stdout
    assert "| challenge | Eastern Asia | South-eastern Asia |" in result.stdout
    assert "| Funding |  | 1 |" in result.stdout
    assert "| challenge | Myanmar | Taiwan | Thailand |" in result.stdout  # the country x challenge matrix


def test_years_filter_what_is_counted(ctkb):
    result = ctkb("stats", "--records", MINI, "--since", "2016", "--until", "2019", "--format", "json")
    data = json.loads(result.stdout)
    assert data["total"] == 2  # cofacts (2016) and cofact-thailand (2019)
    assert counts(data["by_decade"]) == [("2010s", 2)] and data["undated"] == 0


def test_stats_of_nothing_say_so(ctkb):
    result = ctkb("stats", "--chart", "--records", MINI, "--type", "event", "--country", "taiwan")
    assert result.exit_code == 1  # no results: exit 1, as everywhere
    assert result.stderr.startswith(
        "ctkb: no record passes all the filters (--type event keeps 1, --country taiwan keeps 3"
    )
    lines = result.stdout.splitlines()
    assert lines[0] == "0 record(s)"
    assert lines[lines.index("Records by country") + 1] == "  (none)"
    assert "  (no challenges recorded)" in lines
