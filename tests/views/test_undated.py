"""Records without a date are counted one way everywhere: those the
sources give no founding or start date (country profiles have none to
give, and are counted apart), by list --since and by the timeline."""

import re

from ..conftest import BUNDLED


def test_list_and_timeline_count_the_same_undated_records(ctkb):
    listed = ctkb("list", "--since", "2000", "--records", BUNDLED)
    timeline = ctkb("timeline", "--records", BUNDLED)
    left_out = re.search(r"leave out (\d+) records with no founding or start date in the sources, "
                         r"and (\d+) country profiles, which have no date", listed.stderr)  # fmt: skip
    shown = re.search(r"no date in the sources: (\d+) record", timeline.stdout)
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
