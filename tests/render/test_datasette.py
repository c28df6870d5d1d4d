"""The SQLite export as Datasette publishes it: metadata (title, licence,
source, descriptions), facets, canned queries, and search in every script,
checked with `datasette ... --get` (no port opened, no network)."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from civictech_kb.views.tables import tables

from ..conftest import BUNDLED, MINI

pytestmark = pytest.mark.skipif(
    subprocess.run([sys.executable, "-m", "datasette", "--version"], capture_output=True).returncode != 0,
    reason="Datasette is not installed (pip install 'civictech-kb[serve]')",
)


@pytest.fixture(scope="module")
def database(tmp_path_factory) -> Path:
    from typer.testing import CliRunner

    from civictech_kb.cli import app

    target = tmp_path_factory.mktemp("datasette") / "kb.db"
    result = CliRunner().invoke(
        app, ["export", "--records", str(BUNDLED), "--format", "sqlite", "-o", str(target)]
    )
    assert result.exit_code == 0, result.output
    return target


def get(database: Path, path: str) -> dict:
    metadata = database.with_name("kb.metadata.json")
    result = subprocess.run(
        [sys.executable, "-m", "datasette", "serve", "--immutable", str(database), "--metadata", str(metadata),
         "--get", path], capture_output=True, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr.decode()[-2000:]
    return json.loads(result.stdout)


def test_metadata_is_written_beside_the_database_and_describes_every_table_and_column(database):
    metadata = json.loads(database.with_name("kb.metadata.json").read_text(encoding="utf-8"))
    assert metadata["license"] == "CC BY-NC 4.0" and metadata["source"] and metadata["title"]
    described = metadata["databases"]["kb"]["tables"]
    db = sqlite3.connect(database)
    for schema in tables():
        columns = [row[1] for row in db.execute(f"pragma table_info([{schema.name}])")]
        assert columns == schema.columns
        assert described[schema.name]["description"]
        assert set(described[schema.name]["columns"]) == set(columns)
        assert all(described[schema.name]["columns"].values())


def test_datasette_serves_the_metadata(database):
    served = get(database, "/-/metadata.json")
    assert served["license"] == "CC BY-NC 4.0" and served["license_url"].startswith(
        "https://creativecommons.org/"
    )
    assert (
        served["source"]
        == "4-1 Regional Diversity and Variations in East and South Asia; OGP Korea 2018 及首爾參訪共筆"
    )
    assert "which states no licence" in served["about"]  # the OGP notes


def test_records_have_facets_on_type_status_countries_and_topics(database):
    page = get(database, "/kb/records.json?_size=0")
    facets = page["facet_results"]
    assert {"type", "status", "countries", "topics"} <= set(facets)
    assert facets["countries"]["type"] == "array" and facets["topics"]["type"] == "array"
    counts = {row["value"]: row["count"] for row in facets["countries"]["results"]}
    db = sqlite3.connect(database)
    assert (
        counts["KR"]
        == db.execute("select count(*) from record_countries where country_code = 'KR'").fetchone()[0]
    )


def test_search_box_finds_topic_synonyms_and_names_in_other_scripts(database):
    by_synonym = get(database, "/kb/records.json?_search=disinformation&_col=name&_shape=objects")
    db = sqlite3.connect(database)
    fact_checking = {
        row[0] for row in db.execute("select record_id from record_topics where topic_id = 'fact-checking'")
    }
    assert fact_checking <= {row["id"] for row in by_synonym["rows"]}
    whole_name = get(database, "/kb/records.json?_search=마스크찾아줌&_col=name&_shape=objects")
    assert [row["id"] for row in whole_name["rows"]] == ["mask-finder"]


@pytest.mark.slow  # four Datasette starts, about 6 s
def test_canned_queries_by_country_and_category_and_part_of_a_cjk_word(database):
    part = get(database, "/kb/search_any_script.json?text=마스크&_shape=objects")
    assert part["rows"][0]["id"] == "mask-finder"  # in its name; other records only in a topic synonym
    challenges = get(database, "/kb/challenges_by_country.json?country=tw&category=Trust&_shape=objects")
    assert challenges["rows"] and {(r["country"], r["category"]) for r in challenges["rows"]} == {
        ("Taiwan", "Trust")
    }
    everywhere = get(database, "/kb/challenges_by_country.json?country=&category=&_shape=objects&_size=max")
    db = sqlite3.connect(database)
    expected = db.execute(
        "select count(*) from challenges c join record_countries rc using (record_id)"
    ).fetchone()
    assert len(everywhere["rows"]) == expected[0]
    listed = get(database, "/kb/records_by_country.json?country=Thailand&_shape=objects")
    assert {row["country"] for row in listed["rows"]} == {"Thailand"} and "cofact-thailand" in {
        row["id"] for row in listed["rows"]}  # fmt: skip


def test_trigram_index_finds_part_of_a_word_and_follows_edits(tmp_path, ctkb):
    path = tmp_path / "kb.db"
    assert ctkb("export", "--records", MINI, "--format", "sqlite", "-o", path).exit_code == 0
    db = sqlite3.connect(path)
    query = (
        "select r.id from records_trigram t join records r on r.rowid = t.rowid where records_trigram match ?"
    )
    db.execute("update records set names = '{\"ko\": \"마스크찾아줌\"}' where id = 'g0v'")
    assert db.execute(query, ["찾아줌"]).fetchall() == [("g0v",)]  # the end of a word, not only its start


def test_ctkb_serve_answers_one_request_from_a_fresh_export(ctkb):
    result = ctkb(
        "serve", "--records", MINI, "--get", "/ctkb/records.json?_shape=objects&_col=name&_size=max"
    )
    assert result.exit_code == 0, result.stderr
    assert sorted(row["id"] for row in json.loads(result.stdout)["rows"]) == sorted(
        p.stem
        for p in MINI.glob("*/*.yaml")
        if p.parent.name != "sources"  # sources are the bibliography
    )


def test_ctkb_serve_listens_on_localhost_by_default():
    from civictech_kb.publish.serve import datasette_command

    command = datasette_command(Path("ctkb.db"), "127.0.0.1", 8001)
    assert command[command.index("--host") + 1] == "127.0.0.1" and "--immutable" in command
