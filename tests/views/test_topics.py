"""ctkb topics: the topic vocabulary with labels, synonyms and record counts."""

import json

from civictech_kb.model.vocabulary import builtin_vocabulary
from civictech_kb.store.loader import load_collection
from civictech_kb.views.results import to_data
from civictech_kb.views.topics import topics_view

from ..conftest import BUNDLED, MINI


def test_every_topic_by_label_or_by_use_with_its_record_count():
    data = to_data(topics_view(load_collection(MINI, use_cache=False), sort="count"))
    assert sorted(t["id"] for t in data) == sorted(builtin_vocabulary().topics)
    by_name = to_data(topics_view(load_collection(MINI, use_cache=False)))
    assert [t["label"].casefold() for t in by_name] == sorted(t["label"].casefold() for t in by_name)
    counts = {t["id"]: t["records"] for t in data if t["records"]}
    assert counts == {"fact-checking": 2, "journalism": 2, "open-government": 1, "hackathons": 1,
                      "digital-rights": 1, "community-building": 1}  # fmt: skip
    fact_checking = data[0]
    assert (fact_checking["label"], fact_checking["synonyms"][:2]) == (
        "Fact-checking",
        ["fact checking", "fact check"],
    )


def test_bundled_counts_match_the_records():
    collection = load_collection(BUNDLED)
    for topic in to_data(topics_view(collection)):
        assert topic["records"] == sum(topic["id"] in r.topics for r in collection.records), topic["id"]


def test_cli_table_json_md(ctkb):
    table = ctkb("topics", "--sort", "count", "--records", MINI)
    assert table.exit_code == 0
    lines = table.stdout.splitlines()
    assert lines[0].split() == ["topic", "records", "label:", "synonyms"]
    assert lines[1].startswith("fact-checking") and lines[1].split()[1:3] == ["2", "Fact-checking:"]
    from rich.cells import cell_len

    assert max(cell_len(line) for line in lines) <= 80  # terminal cells: Thai marks take none, CJK two
    assert all(line.startswith(" ") for line in lines[2:4])  # synonyms wrap inside their column
    data = json.loads(ctkb("topics", "--records", MINI, "--format", "json").stdout)
    assert data == to_data(topics_view(load_collection(MINI)))
    md = ctkb("topics", "--sort", "count", "--records", MINI, "--format", "md").stdout.splitlines()
    assert md[0] == "| topic | label | records | synonyms |"
    assert md[2].startswith("| fact-checking | Fact-checking | 2 | fact checking, fact check,")
