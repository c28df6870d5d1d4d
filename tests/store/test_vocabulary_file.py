"""A collection's own vocabulary (records/vocabulary.yaml): topics and
challenge categories it adds for itself, checked like records, seen by every
reader of topics and categories, and part of what the cache depends on."""

import json
import pickle

import pytest

from civictech_kb.model.problems import InvalidRecords
from civictech_kb.model.vocabulary import builtin_vocabulary
from civictech_kb.store.loader import load_collection, validate_paths
from civictech_kb.store.vocabulary_file import read_vocabulary

from ..conftest import write_record

ADDITIONS = """\
topics:
  - id: river-monitoring
    label: River monitoring
    synonyms: [water level, 水位監測, เฝ้าระวังแม่น้ำ]
    description: Watching rivers and their floods.
categories:
  - id: language-barriers
    label: Language barriers
    synonyms: [translation]
    description: Working across the languages of a country.
"""

USER = """\
id: river-watch
type: project
name: River Watch
summary: Volunteers read the water level of rivers and post it.
countries: [TH]
topics: [river-monitoring, maps]
challenges:
  - category: language-barriers
    summary: Posts arrive in Thai, Karen and English.
sources:
  - url: https://example.org/river-watch
"""


@pytest.fixture
def own(mini):
    """The mini collection with vocabulary additions and a record using them."""
    (mini / "vocabulary.yaml").write_text(ADDITIONS, encoding="utf-8")
    write_record(mini, "projects", "river-watch", USER)
    return mini


def problems(root):
    return [(p.path.rsplit("/", 1)[-1], p.line, p.column, p.code) for p in validate_paths(root, [])]


# What the additions are


def test_a_collection_adds_topics_and_categories_for_itself_only(own, mini_other):
    collection = load_collection(own)
    words = collection.vocabulary
    assert words.topics["river-monitoring"].synonyms == ("water level", "水位監測", "เฝ้าระวังแม่น้ำ")
    assert words.topics["river-monitoring"].description == "Watching rivers and their floods."
    assert words.category_label("language-barriers") == "Language barriers"
    assert list(words.topics)[: len(builtin_vocabulary().topics)] == list(builtin_vocabulary().topics)
    assert words.is_added("topic", "river-monitoring") and not words.is_added("topic", "maps")
    assert collection.by_id["river-watch"].topics == ["river-monitoring", "maps"]
    assert "river-monitoring" not in builtin_vocabulary().topics
    assert "river-monitoring" not in load_collection(mini_other).vocabulary.topics
    with pytest.raises(InvalidRecords):  # the same record in a collection without the additions
        write_record(mini_other, "projects", "river-watch", USER)
        load_collection(mini_other)


@pytest.fixture
def mini_other(tmp_path):
    import shutil

    from ..conftest import MINI

    target = tmp_path / "other"
    shutil.copytree(MINI, target)
    return target


def test_the_vocabulary_resolves_additions_by_label_synonym_and_typo(own):
    words = load_collection(own).vocabulary
    assert words.resolve_topic("Water Level") == words.resolve_topic("水位監測") == "river-monitoring"
    assert words.resolve_topic("river-monitorng") == "river-monitoring"
    assert (
        words.resolve_category("translation")
        == words.resolve_category("language barrier")
        == "language-barriers"
    )
    assert pickle.loads(pickle.dumps(words)).topics == words.topics  # workers of a large load get it


def test_files_in_the_vocabulary_folder_add_too(mini):
    (mini / "vocabulary").mkdir()
    (mini / "vocabulary" / "rivers.yaml").write_text(ADDITIONS, encoding="utf-8")
    write_record(mini, "projects", "river-watch", USER)
    assert load_collection(mini).by_id["river-watch"].topics == ["river-monitoring", "maps"]


# Checked like records


BAD = """\
topics:
  - id: elections
    label: Votes
  - id: River_Monitoring
    label: River
    colour: blue
  - id: river-monitoring
    label: River monitoring
    synonyms: [voting]
  - id: river-watch
    label: River watch
  - id: river-watch
    label: River again
  - label: No id
categories:
  - id: trust
    label: Trust again
  - id: trust-in-data
    label: Trust in data
    synonym: [faith]
sections: []
"""


def test_every_problem_of_a_vocabulary_file_is_reported_with_its_place(mini):
    (mini / "vocabulary.yaml").write_text(BAD, encoding="utf-8")
    found = {(line, column, code) for name, line, column, code in problems(mini) if name == "vocabulary.yaml"}
    assert found == {
        (2, 9, "builtin-topic"),  # an addition may not redefine a built-in topic
        (4, 9, "bad-id"),
        (6, 5, "unknown-field"),
        (9, 16, "name-clash"),  # "voting" already leads to elections
        (12, 9, "duplicate-topic"),
        (14, 5, "missing-field"),
        (16, 9, "builtin-category"),
        (20, 5, "unknown-field"),
        (21, 1, "unknown-field"),
    }
    by_code = {p.code: p for p in validate_paths(mini, [])}
    assert by_code["bad-id"].hint.endswith("e.g. id: river-monitoring")
    assert by_code["duplicate-topic"].hint.endswith("vocabulary.yaml:10")
    assert "did you mean synonyms?" in {p.hint for p in validate_paths(mini, []) if p.line == 20}
    assert "an addition may not redefine it" in by_code["builtin-topic"].message


def test_a_bad_vocabulary_file_fails_a_strict_load_and_a_lenient_one_keeps_its_good_entries(mini):
    (mini / "vocabulary.yaml").write_text(BAD, encoding="utf-8")
    with pytest.raises(InvalidRecords):
        load_collection(mini)
    words = load_collection(mini, strict=False).vocabulary
    assert "river-watch" in words.topics and words.topic_label("elections") == "Elections"
    assert "river-monitoring" not in words.topics  # its synonym clashes: left out, and said
    skipped = {p.code for p in load_collection(mini, strict=False).skipped}
    assert {"builtin-topic", "name-clash"} <= skipped


def test_a_vocabulary_file_that_is_no_mapping_or_no_yaml_is_a_problem(mini):
    (mini / "vocabulary.yaml").write_text("- id: x\n", encoding="utf-8")
    assert [p.code for p in validate_paths(mini, [])] == ["not-a-mapping"]
    (mini / "vocabulary.yaml").write_text("topics: [\n", encoding="utf-8")
    assert [p.code for p in validate_paths(mini, [])] == ["yaml-syntax"]
    (mini / "vocabulary.yaml").write_text("", encoding="utf-8")
    assert validate_paths(mini, []) == [] and read_vocabulary(mini)[0] is not None


def test_validating_the_vocabulary_file_or_a_record_uses_the_collection_vocabulary(own):
    assert validate_paths(own, [own / "projects" / "river-watch.yaml"]) == []
    assert validate_paths(own, [own / "vocabulary.yaml"]) == []
    (own / "vocabulary.yaml").write_text(BAD, encoding="utf-8")
    found = validate_paths(own, [own / "vocabulary.yaml"])
    assert {p.path.rsplit("/", 1)[-1] for p in found} == {"vocabulary.yaml"}
    assert "builtin-topic" in {p.code for p in found}
    left_out = validate_paths(own, [own / "projects" / "river-watch.yaml"])  # the file's additions
    assert [p.code for p in left_out] == ["unknown-topic", "unknown-category"]


def test_a_record_naming_an_unknown_topic_is_pointed_to_the_additions(own):
    write_record(own, "projects", "flood-map", USER.replace("river-watch", "flood-map").replace(
        "[river-monitoring, maps]", "[river-monitorng]"))  # fmt: skip
    (found,) = validate_paths(own, [own / "projects" / "flood-map.yaml"])
    assert (found.code, found.hint) == ("unknown-topic", "did you mean river-monitoring?")


# The cache depends on the vocabulary files


def test_an_edit_of_the_vocabulary_file_is_seen_through_the_cache(own):
    assert "river-monitoring" in load_collection(own, use_cache=True).vocabulary.topics
    load_collection(own, use_cache=True)  # warm
    (own / "vocabulary.yaml").write_text(
        ADDITIONS.replace("river-monitoring", "river-levels"), encoding="utf-8"
    )
    with pytest.raises(InvalidRecords) as raised:
        load_collection(own, use_cache=True)
    assert [p.code for p in raised.value.problems] == ["unknown-topic"]


def test_a_new_synonym_is_found_by_a_warm_search(own):
    from civictech_kb.search.ranking import find

    assert [h.id for h in find(load_collection(own, use_cache=True), "water level").hits][:1] == [
        "river-watch"
    ]
    assert not [
        h for h in find(load_collection(own, use_cache=True), "hydrometry").hits if h.id == "river-watch"
    ]
    (own / "vocabulary.yaml").write_text(ADDITIONS.replace("[water level,", "[hydrometry, water level,"),
                                         encoding="utf-8")  # fmt: skip
    hits = find(load_collection(own, use_cache=True), "hydrometry").hits
    assert [h.id for h in hits][:1] == ["river-watch"]


WARM_LOAD = """
import pathlib, sys
from civictech_kb.store.loader import load_collection
collection = load_collection(pathlib.Path(sys.argv[1]), use_cache=True)
print(collection.vocabulary.topic_label("river-monitoring"), "pydantic" in sys.modules)
"""


def test_a_warm_load_takes_the_vocabulary_from_the_cache_and_an_edit_is_read(own):
    import subprocess
    import sys

    def load_in_a_fresh_process():
        run = subprocess.run(
            [sys.executable, "-c", WARM_LOAD, str(own)], capture_output=True, text=True, check=True
        )
        return run.stdout.split()

    assert load_in_a_fresh_process() == ["River", "monitoring", "True"]  # read and validated
    assert load_in_a_fresh_process() == ["River", "monitoring", "False"]  # no file parsed, nothing validated
    (own / "vocabulary.yaml").write_text(ADDITIONS.replace("label: River monitoring", "label: Rivers watched"),
                                         encoding="utf-8")  # fmt: skip
    assert load_in_a_fresh_process() == ["Rivers", "watched", "True"]


@pytest.mark.parametrize("name", ["glossary.yaml", "stopwords.yaml", "topics.yaml"])
def test_an_edit_of_a_data_file_rebuilds_the_cache(mini, monkeypatch, tmp_path, name):
    import shutil

    from civictech_kb.model import vocab
    from civictech_kb.store import loader

    data = tmp_path / "data"
    shutil.copytree(vocab.DATA_DIR, data)
    monkeypatch.setattr(vocab, "DATA_DIR", data)
    load_collection(mini, use_cache=True)
    with (data / name).open("a", encoding="utf-8") as file:
        file.write("\n# an edit\n")
    parsed = []
    original = loader.read_file
    monkeypatch.setattr(loader, "read_file", lambda *a: parsed.append(a) or original(*a))
    load_collection(mini, use_cache=True)
    assert len(parsed) == len(loader.scan(mini))


# Every reader of topics and categories sees the additions


def test_the_command_line_sees_the_additions_everywhere(own, ctkb):
    def run(*args):
        result = ctkb("--records", own, *args)
        assert result.exit_code == 0, result.output
        return result.output

    assert "river-watch" in run("list", "--topic", "water level")
    assert "river-watch" in run("list", "--topic", "水位監測")
    assert run("search", "水位監測", "--format", "json").count('"river-watch"') == 1
    assert "Language barriers" in run("challenges", "--category", "translation")
    topics = json.loads(run("topics", "--format", "json"))
    assert {"id": "river-monitoring", "label": "River monitoring", "records": 1,
            "synonyms": ["water level", "水位監測", "เฝ้าระวังแม่น้ำ"]} in topics  # fmt: skip
    shown = run("show", "river-watch")
    assert "River monitoring, Maps" in shown and "[Language barriers]" in shown
    assert "River monitoring" in run("stats", "--format", "json")
    assert "Language barriers" in run("country", "thailand")
    assert "Language barriers" in run("compare", "thailand", "taiwan")
    assert "River monitoring" in run("show", "river-watch", "--format", "md")


def test_a_mistyped_added_topic_or_category_is_suggested(own, ctkb):
    result = ctkb("--records", own, "list", "--topic", "river-monitorng")
    assert result.exit_code == 0 and "river-watch" in result.output
    result = ctkb("--records", own, "challenges", "--category", "language-barier")
    assert result.exit_code == 0 and "Posts arrive in Thai" in result.output
    result = ctkb("--records", own, "list", "--topic", "glaciers")
    assert result.exit_code == 2


def test_exports_and_the_site_name_the_added_topics(own, ctkb, tmp_path):
    out = tmp_path / "export.csv"
    assert (
        ctkb("--records", own, "export", "--format", "sqlite", "--output", tmp_path / "kb.db").exit_code == 0
    )
    import sqlite3

    with sqlite3.connect(tmp_path / "kb.db") as db:
        assert ("river-monitoring", "River monitoring") in db.execute(
            "SELECT id, label FROM topics"
        ).fetchall()
        categories = db.execute("SELECT id FROM categories").fetchall()
        assert ("language-barriers",) in categories
    assert (
        ctkb("--records", own, "export", "--format", "md", "--output", out.with_suffix(".md")).exit_code == 0
    )
    report = out.with_suffix(".md").read_text(encoding="utf-8")
    assert "River monitoring" in report and "Language barriers" in report
    site = tmp_path / "site"
    assert ctkb("--records", own, "site", site).exit_code == 0
    assert "River monitoring" in (site / "topics" / "river-monitoring.html").read_text(encoding="utf-8")


def test_new_records_completion_and_the_editor_schema_know_the_additions(own, ctkb):
    from civictech_kb.authoring.editor_schema import schema_document
    from civictech_kb.cli.completion import _labelled

    result = ctkb("--records", own, "new", "project", "Flood Map", "--topic", "water level")
    assert result.exit_code == 0, result.output
    text = (own / "projects" / "flood-map.yaml").read_text(encoding="utf-8")
    assert "topics: [river-monitoring]" in text and "language-barriers" in text  # the comments list them
    document = json.loads(ctkb("--records", own, "schema", "project").output)
    assert "river-monitoring" in document["properties"]["topics"]["items"]["enum"]
    assert "language-barriers" in json.dumps(document["$defs"]["Challenge"])
    assert "river-monitoring" not in json.dumps(schema_document("project"))

    from types import SimpleNamespace

    given = SimpleNamespace(params={"records": str(own)}, parent=None)  # a click context, as far as read
    assert _labelled(given, "topics", "river") == [("river-monitoring", "River monitoring")]
    assert _labelled(given, "categories", "language-b") == [("language-barriers", "Language barriers")]
