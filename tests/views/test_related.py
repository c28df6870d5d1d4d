"""ctkb related: the records a record is linked to, both ways, and the
records sharing its topics and countries, ranked by how much they share."""

import json
import shutil

import pytest

from civictech_kb.model.problems import NotFound
from civictech_kb.store.loader import load_collection
from civictech_kb.views.related import related_records
from civictech_kb.views.results import to_data

from ..conftest import MINI, write_record


@pytest.fixture(scope="module")
def mini_collection():
    return load_collection(MINI, use_cache=False)


def links(data: dict) -> list[tuple[str, str, str]]:
    return [(link["direction"], link["label"], link["id"]) for link in data["links"]]


def test_links_both_ways(mini_collection):
    data = to_data(related_records(mini_collection, "cofacts"))
    assert data["record"] == {"id": "cofacts", "name": "Cofacts", "type": "project", "countries": ["Taiwan"]}
    assert links(data) == [
        ("outgoing", "part of", "g0v"),
        ("incoming", "inspired", "cofact-thailand"),
        ("incoming", "partner of", "drapa-2023"),
    ]
    assert data["links"][1] == {"relation": "inspired", "label": "inspired", "direction": "incoming",
                                "id": "cofact-thailand", "name": "Cofact Thailand", "type": "project",
                                "countries": ["Thailand"]}  # fmt: skip
    assert links(to_data(related_records(mini_collection, "Cofact Thailand"))) == [
        ("outgoing", "inspired by", "cofacts")
    ]
    assert links(to_data(related_records(mini_collection, "g0v"))) == [("incoming", "has part", "cofacts")]


def test_sharing_excludes_linked_records_and_says_what_is_shared(mini_collection):
    data = to_data(related_records(mini_collection, "cofacts"))
    assert data["sharing"] == [
        {"id": "taiwan", "name": "Taiwan", "type": "country", "countries": ["Taiwan"],
         "shared_topics": [], "shared_countries": ["Taiwan"], "score": 1},
    ]  # fmt: skip
    assert data["sharing_total"] == 1


RECORD = """\
id: {id}
type: project
name: {name}
summary: A project.
countries: [{countries}]
topics: [{topics}]
{relations}sources:
  - source: fixture-notes
"""


@pytest.fixture
def family(tmp_path):
    """cofacts' siblings (part of g0v too) and records sharing more or less with it."""
    root = shutil.copytree(MINI, tmp_path / "records")
    for record_id, countries, topics, relations in [
        ("sibling", "MM", "maps", "relations:\n  part_of: [g0v]\n"),
        ("two-shared", "TW", "fact-checking", ""),
        ("one-topic", "MM", "fact-checking", ""),
        ("one-country", "TW", "maps", ""),
    ]:
        text = RECORD.format(id=record_id, name=record_id.title(), countries=countries, topics=topics,
                             relations=relations)  # fmt: skip
        write_record(root, "projects", record_id, text)
    return load_collection(root, use_cache=False)


def test_records_part_of_the_same_whole_are_family(family):
    data = to_data(related_records(family, "cofacts"))
    assert ("sibling", "also part of g0v", "sibling") in links(data)
    assert next(link for link in data["links"] if link["id"] == "sibling")["via"] == "g0v"
    assert "sibling" not in [s["id"] for s in data["sharing"]]


def test_sharing_is_ranked_by_how_much_is_shared_then_id(family):
    data = to_data(related_records(family, "cofacts"))
    assert [(s["id"], s["score"]) for s in data["sharing"]] == [
        ("two-shared", 2), ("one-topic", 1), ("one-country", 1), ("taiwan", 1),
    ]  # fmt: skip
    assert data["sharing"][0]["shared_topics"] == ["fact-checking"]
    assert data["sharing"][0]["shared_countries"] == ["Taiwan"]
    limited = to_data(related_records(family, "cofacts", limit=2))
    assert ([s["id"] for s in limited["sharing"]], limited["sharing_total"]) == (
        ["two-shared", "one-topic"],
        4,
    )
    assert len(to_data(related_records(family, "cofacts", limit=None))["sharing"]) == 4


def test_unknown_record_names_the_closest():
    with pytest.raises(NotFound, match=r"no record named 'cofactz'; did you mean .*\bcofacts\?"):
        to_data(related_records(load_collection(MINI), "cofactz"))


def test_cli_table_json_md(ctkb):
    table = ctkb("related", "cofacts", "--records", MINI)
    assert table.exit_code == 0
    assert table.stdout.splitlines() == [
        "Cofacts (cofacts), project, Taiwan",
        "==================================",  # the title, underlined as its sections are not
        "",
        "Linked records",
        "part of:",
        "  - g0v (g0v), community, Taiwan",
        "inspired:",
        "  - Cofact Thailand (cofact-thailand), project, Thailand",
        "partner of:",
        "  - Digital Rights Asia-Pacific Assembly 2023 (drapa-2023), event, Thailand",
        "",
        "Sharing topics or countries (1)",
        "  - Taiwan (taiwan), country, Taiwan; shares country Taiwan",
    ]
    data = json.loads(
        ctkb("related", "cofacts", "--records", MINI, "--format", "json", "--limit", "0").stdout
    )
    assert data == to_data(related_records(load_collection(MINI), "cofacts", limit=None))
    md = ctkb("related", "cofacts", "--records", MINI, "--format", "md").stdout
    assert "| inspired | cofact-thailand | Cofact Thailand | project | Thailand |" in md.splitlines()
    missing = ctkb("related", "cofactz", "--records", MINI)
    assert missing.exit_code == 1 and missing.stderr.startswith("ctkb: error: no record named 'cofactz'")
    negative = ctkb("related", "cofacts", "--records", MINI, "--limit", "-1")
    assert negative.exit_code == 2


SOURCE = ("id: notes\ntype: source\nname: Notes\nsummary: Notes.\npublishers: [quiet]\nlanguages: [en]\n"
          "licence: CC BY 4.0\n")  # fmt: skip
QUIET = (
    "id: quiet\ntype: community\nname: Quiet\nsummary: A group.\nsources:\n  - url: https://example.org/\n"
)


def citing_collection(tmp_path):
    """A source cited by two projects and a country profile, and in a
    milestone only by a third project; a community that cites nothing."""
    write_record(tmp_path, "sources", "notes", SOURCE)
    write_record(tmp_path, "communities", "quiet", QUIET)
    for name in ("alpha", "beta"):
        write_record(tmp_path, "projects", name, f"id: {name}\ntype: project\nname: {name.title()}\n"
                     f"summary: A project.\nsources:\n  - source: notes\n")  # fmt: skip
    write_record(tmp_path, "projects", "gamma", "id: gamma\ntype: project\nname: Gamma\nsummary: A project.\n"
                 "milestones:\n  - date: 2020\n    summary: Began.\n    source: {source: notes}\n"
                 "sources:\n  - url: https://example.org/\n")  # fmt: skip
    write_record(tmp_path, "countries", "taiwan", "id: taiwan\ntype: country\nname: Taiwan\ncountries: [TW]\n"
                 "summary: A country.\nlandscape: Busy.\nsources:\n  - {source: notes, section: Taiwan}\n")  # fmt: skip
    return load_collection(tmp_path, use_cache=False)


def test_a_source_is_related_to_the_records_citing_it_grouped_by_type(tmp_path):
    data = to_data(related_records(citing_collection(tmp_path), "notes"))
    assert data["record"]["type"] == "source"
    assert links(data) == [
        ("incoming", "cited by 3 projects", "alpha"),
        ("incoming", "cited by 3 projects", "beta"),
        ("incoming", "cited by 3 projects", "gamma"),
        ("incoming", "cited by 1 country profile", "taiwan"),
    ]
    assert {link["relation"] for link in data["links"]} == {"cited_by"}
    assert data["sharing"] == []


def test_related_table_of_a_source_lists_the_citing_records_and_no_sharing(ctkb, tmp_path):
    citing_collection(tmp_path)
    result = ctkb("related", "notes", "--records", tmp_path)
    assert result.exit_code == 0
    assert "cited by 3 projects:" in result.stdout
    assert "  - Taiwan (taiwan), country, Taiwan" in result.stdout
    assert "none recorded" not in result.stdout and "Sharing" not in result.stdout
