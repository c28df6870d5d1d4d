"""ctkb export --format datapackage: CSV tables and a datapackage.json that
frictionless validates (types, keys, licence) and reads back as written."""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ..conftest import BUNDLED, MINI, write_record

FRICTIONLESS = Path(sys.executable).with_name("frictionless")
TABLES = {"records", "countries", "topics", "relations", "challenges", "lessons", "figures", "sources",
          "milestones", "categories", "record_countries", "record_topics", "bibliography", "licence"}  # fmt: skip
needs_frictionless = pytest.mark.skipif(not FRICTIONLESS.exists(), reason="frictionless is not installed")


def package(ctkb, records: Path, target: Path, *args) -> Path:
    result = ctkb("export", "--records", records, "--format", "datapackage", "--date", "2024-05-01",
                  "-o", target, *args)  # fmt: skip
    assert result.exit_code == 0, result.stderr
    return target


@pytest.fixture
def dated(mini) -> Path:
    """The mini collection with partial and full dates and a figure."""
    write_record(mini, "projects", "dated", "id: dated\ntype: project\nname: Dated\nsummary: s.\n"
                 "countries: [TW]\nfounded: 2020-02\nended: '2021'\n"
                 "figures:\n  - {label: users, value: 1.5, unit: million, year: 2021}\n"
                 "sources:\n  - url: https://example.org/x\n")  # fmt: skip
    write_record(mini, "events", "day", "id: day\ntype: event\nname: Day\nsummary: s.\nstart: 2023-06-01\n"
                 "sources:\n  - url: https://example.org/x\n")  # fmt: skip
    return mini


@needs_frictionless
def test_bundled_package_validates_with_frictionless(ctkb, tmp_path):
    folder = package(ctkb, BUNDLED, tmp_path / "kb")
    result = subprocess.run([str(FRICTIONLESS), "validate", "--json", "datapackage.json"], cwd=folder,
                            capture_output=True, text=True, timeout=300)  # fmt: skip
    report = json.loads(result.stdout)
    assert result.returncode == 0 and report["valid"], result.stdout[-3000:]
    assert {task["name"] for task in report["tasks"]} == TABLES


@needs_frictionless
def test_partial_dates_figures_and_lists_read_back_as_written(ctkb, dated, tmp_path):
    from frictionless import Package

    folder = package(ctkb, dated, tmp_path / "kb")
    rows = {
        row["id"]: row
        for row in Package(str(folder / "datapackage.json")).get_resource("records").read_rows()
    }
    assert (rows["dated"]["founded"], rows["dated"]["ended"], rows["dated"]["year"]) == (
        "2020-02",
        "2021",
        2020,
    )
    assert rows["day"]["start"] == "2023-06-01" and rows["day"]["countries"] is None
    assert rows["cofacts"]["countries"] == ["TW"]
    figures = list(Package(str(folder / "datapackage.json")).get_resource("figures").read_rows())
    assert [(float(f["value"]), f["unit"], f["year"]) for f in figures if f["record_id"] == "dated"] == [
        (1.5, "million", 2021)]  # fmt: skip


def test_figures_table_types_and_describes_the_exclusive_bounds(ctkb, mini, tmp_path):
    write_record(mini, "projects", "bounded", "id: bounded\ntype: project\nname: Bounded\nsummary: s.\n"
                 "figures:\n  - {label: visitors, more_than: 50000}\n  - {label: days, less_than: 30.5}\n"
                 "sources:\n  - url: https://example.org/x\n")  # fmt: skip
    folder = package(ctkb, mini, tmp_path / "kb")
    descriptor = json.loads((folder / "datapackage.json").read_text("utf-8"))
    [figures] = [r for r in descriptor["resources"] if r["name"] == "figures"]
    fields = {f["name"]: f for f in figures["schema"]["fields"]}
    assert (fields["more_than"]["type"], fields["less_than"]["type"]) == ("number", "number")
    assert (
        "more than" in fields["more_than"]["description"]
        and "less than" in fields["less_than"]["description"]
    )
    names = [f["name"] for f in figures["schema"]["fields"]]
    assert names.index("min") < names.index("more_than") < names.index("max") < names.index("less_than")
    with (folder / figures["path"]).open(encoding="utf-8") as table:
        rows = [row for row in csv.DictReader(table) if row["record_id"] == "bounded"]
    assert [(row["more_than"], row["less_than"], row["min"]) for row in rows] == [
        ("50000", "", ""),
        ("", "30.5", ""),
    ]


def test_descriptor_gives_types_descriptions_keys_licence_and_sources(ctkb, tmp_path):
    descriptor = json.loads((package(ctkb, MINI, tmp_path / "kb") / "datapackage.json").read_text("utf-8"))
    assert descriptor["licenses"][0]["name"] == "CC-BY-NC-4.0" and descriptor["sources"]
    resources = {r["name"]: r for r in descriptor["resources"]}
    assert set(resources) == TABLES
    for resource in resources.values():
        assert (tmp_path / "kb" / resource["path"]).exists()
        assert all(field["type"] and field["description"] for field in resource["schema"]["fields"])
        assert resource["schema"]["primaryKey"]
    keys = resources["challenges"]["schema"]["foreignKeys"]
    assert {"fields": ["record_id"], "reference": {"resource": "records", "fields": ["id"]}} in keys
    founded = next(f for f in resources["records"]["schema"]["fields"] if f["name"] == "founded")
    assert founded["type"] == "string" and founded["constraints"]["pattern"]


def test_same_records_give_the_same_files(ctkb, tmp_path):
    first = package(ctkb, MINI, tmp_path / "one")
    second = package(ctkb, shutil.copytree(MINI, tmp_path / "copy"), tmp_path / "two")
    assert sorted(p.name for p in first.iterdir()) == sorted(p.name for p in second.iterdir())
    assert all((first / p.name).read_bytes() == p.read_bytes() for p in second.iterdir())


def test_package_needs_a_folder_and_keeps_files_without_force(ctkb, tmp_path):
    to_stdout = ctkb("export", "--records", MINI, "--format", "datapackage")
    assert (to_stdout.exit_code, to_stdout.stderr) == (
        2,
        "ctkb: usage error: --format datapackage writes a folder of files; give it with --output FOLDER\n",
    )
    (tmp_path / "file").write_text("x")
    on_a_file = ctkb("export", "--records", MINI, "--format", "datapackage", "-o", tmp_path / "file")
    assert on_a_file.exit_code == 2 and "writes a folder" in on_a_file.stderr
    package(ctkb, MINI, tmp_path / "kb")
    again = ctkb("export", "--records", MINI, "--format", "datapackage", "-o", tmp_path / "kb")
    assert again.exit_code == 2 and "already exists; use --force" in again.stderr
    package(ctkb, MINI, tmp_path / "kb", "--force")
