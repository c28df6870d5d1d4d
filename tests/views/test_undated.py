"""Records without a date are counted one way everywhere: those the
sources give no founding or start date (country profiles have none to
give, and are counted apart), by list --since and by the timeline."""

import re

from ..conftest import BUNDLED, MINI


def test_list_and_timeline_count_the_same_undated_records(ctkb):
    listed = ctkb("list", "--since", "2000", "--records", BUNDLED)
    timeline = ctkb("timeline", "--records", BUNDLED)
    left_out = re.search(r"leave out (\d+) records with no founding or start date in the sources, "
                         r"and (\d+) country profiles, which have no date", listed.stderr)  # fmt: skip
    shown = re.search(r"left out of the timeline: (\d+) records with no founding or start date in the sources",
                      " ".join(timeline.stdout.split()))  # fmt: skip
    assert left_out and shown, (listed.stderr, timeline.stdout)
    assert left_out.group(1) == shown.group(1)
    profiles = ctkb("list", "--type", "country", "--records", BUNDLED, "--format", "json").stdout.count(
        '"id"'
    )
    assert int(left_out.group(2)) == profiles


def test_a_timeline_of_records_without_dates_says_so(ctkb, mini):
    cofacts = mini / "projects" / "cofacts.yaml"
    cofacts.write_text(cofacts.read_text().replace("founded: 2016\n", ""))
    result = ctkb("timeline", "--records", mini, "--country", "TW", "--type", "project")
    assert result.exit_code == 1
    assert (
        result.stderr
        == "ctkb: the 1 record the filters keep holds no dated founding, event, milestone or publication\n"
    )


def test_every_view_words_its_undated_records_alike(ctkb):
    """list's note, the timeline's and the stats' closing lines (terminal and
    Markdown) say undated records in one wording, model.wording.undated_text."""
    from civictech_kb.model.wording import undated_text

    phrase = undated_text(1)
    assert phrase == "1 record with no founding or start date in the sources"
    assert undated_text(2) == "2 records with no founding or start date in the sources"
    listed = ctkb("list", "--since", "2000", "--records", MINI)
    assert f"ctkb: --since/--until leave out {phrase}, and 3 country profiles" in listed.stderr
    outputs = {
        "timeline": ctkb("timeline", "--records", MINI).stdout.splitlines()[-1],
        "timeline md": ctkb("timeline", "--records", MINI, "--format", "md").stdout.splitlines()[-1],
        "stats": ctkb("stats", "--records", MINI).stdout.splitlines()[-1],
        "stats chart": ctkb("stats", "--chart", "--records", MINI).stdout,
        "stats md": ctkb("stats", "--records", MINI, "--format", "md").stdout,
    }
    assert outputs["timeline"] == f"left out of the timeline: {phrase}"
    assert outputs["timeline md"] == f"Left out of the timeline: {phrase}."
    assert outputs["stats"] == f"left out of the decades: {phrase}"
    assert f"\nleft out of the decades: {phrase}\n" in outputs["stats chart"]
    assert f"\nLeft out of the decades: {phrase}.\n" in outputs["stats md"]
