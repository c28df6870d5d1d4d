"""topics sorted by name or by use; a graph of a record without relations
says so."""

from __future__ import annotations

import json

from ..conftest import MINI, write_record


def test_topics_are_sorted_by_name_or_by_count(ctkb):
    by_name = json.loads(ctkb("topics", "--format", "json", "--records", MINI).stdout)
    labels = [t["label"].casefold() for t in by_name]
    assert labels == sorted(labels)
    by_count = json.loads(ctkb("topics", "--sort", "count", "--format", "json", "--records", MINI).stdout)
    counts = [t["records"] for t in by_count]
    assert counts == sorted(counts, reverse=True) and counts[0] > 0
    assert sorted(t["id"] for t in by_count) == sorted(t["id"] for t in by_name)


def test_graph_of_a_record_without_relations_says_so(ctkb, mini):
    write_record(mini, "projects", "alone", "id: alone\ntype: project\nname: Alone\nsummary: S.\n"
                 "countries: [TH]\nsources:\n  - url: https://example.org/d\n")  # fmt: skip
    result = ctkb("graph", "alone", "--records", mini)
    assert result.exit_code == 0
    assert result.stderr == "ctkb: Alone (alone) has no relations to other records\n"


def test_show_names_related_records_and_challenge_categories_by_label(ctkb, mini):
    path = mini / "projects" / "cofacts.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "challenges:\n  - category: funding\n    summary: Money.\n",
                    encoding="utf-8")  # fmt: skip
    out = ctkb("show", "cofacts", "--records", mini).stdout
    assert "- inspired: Cofact Thailand (cofact-thailand)" in out
    assert "- partner of: Digital Rights Asia-Pacific Assembly 2023 (drapa-2023)" in out
    assert "- part of: g0v\n" in out
    assert "[Funding] Money." in out and "[funding]" not in out


def test_graph_of_a_source_is_what_cites_it(ctkb, tmp_path):
    from .test_related import citing_collection

    citing_collection(tmp_path)
    data = json.loads(ctkb("graph", "notes", "--format", "json", "--records", tmp_path).stdout)
    assert data["center"] == "notes"
    assert [(e["source"], e["relation"], e["target"]) for e in data["edges"]] == [
        (name, "cites", "notes") for name in ("alpha", "beta", "gamma", "taiwan")
    ]
    assert {n["id"]: n["type"] for n in data["nodes"]}["notes"] == "source"
    for fmt in ("mermaid", "dot"):
        result = ctkb("graph", "notes", "--format", fmt, "--records", tmp_path)
        assert result.exit_code == 0 and "cites" in result.stdout


def test_the_whole_graph_leaves_sources_out(ctkb, tmp_path):
    from .test_related import citing_collection

    citing_collection(tmp_path)
    result = ctkb("graph", "--format", "json", "--records", tmp_path)
    assert "notes" not in {n["id"] for n in json.loads(result.stdout)["nodes"]}


def test_graph_of_a_source_nobody_cites_says_so(ctkb, tmp_path):
    from .test_related import QUIET, SOURCE

    write_record(tmp_path, "sources", "notes", SOURCE)
    write_record(tmp_path, "communities", "quiet", QUIET)
    result = ctkb("graph", "notes", "--records", tmp_path)
    assert result.exit_code == 0
    assert result.stderr.strip() == "ctkb: Notes (notes): no record cites it"
