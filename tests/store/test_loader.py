"""The loader and `ctkb validate`: one broken file per error code, positions,
and the records the tests write (the bundled records are checked in tests/data)."""

import json

import pytest

from civictech_kb.model.problems import InvalidRecords, RecordsDirNotFound
from civictech_kb.store.loader import load_collection, validate_paths

from ..conftest import BROKEN, MINI, write_record

EXPECTED = {
    # file stem: (code, line, column)
    "Bad_Id": ("bad-id", 1, 5),
    "bad-country": ("bad-country", 7, 13),
    "bad-date": ("bad-date", 7, 10),
    "bad-encoding": ("bad-encoding", 7, 11),
    "bad-type": ("bad-type", 2, 7),
    "bad-url": ("bad-url", 7, 10),
    "control-char": ("control-char", 7, 16),
    "dangling-relation": ("dangling-relation", 8, 17),
    "dangling-source": ("dangling-source", 6, 13),
    "duplicate-id": ("duplicate-id", 1, 1),
    "duplicate-key": ("duplicate-key", 7, 1),
    "empty-file": ("empty-file", 1, 1),
    "id-mismatch": ("id-mismatch", 1, 5),
    "missing-country-record": ("missing-country-record", 7, 13),
    "missing-field": ("missing-field", 1, 1),
    "not-a-mapping": ("not-a-mapping", 1, 1),
    "type-mismatch": ("type-mismatch", 2, 7),
    "unknown-category": ("unknown-category", 8, 15),
    "unknown-field": ("unknown-field", 7, 1),
    "unknown-topic": ("unknown-topic", 7, 10),
    "wrong-type": ("wrong-type", 7, 10),
    "yaml-alias": ("yaml-alias", 7, 10),
    "yaml-syntax": ("yaml-syntax", 8, 1),
    "yaml-tag": ("yaml-tag", 7, 11),
}


def problems_by_file():
    found = {}
    for problem in validate_paths(BROKEN, []):
        stem = problem.path.rsplit("/", 1)[-1].removesuffix(".yaml")
        found.setdefault(stem, []).append((problem.code, problem.line, problem.column))
    return found


@pytest.mark.parametrize(("stem", "expected"), sorted(EXPECTED.items()))
def test_each_broken_file_reports_its_code_and_position(stem, expected):
    assert expected in problems_by_file()[stem]


def test_hints_suggest_the_fix():
    hints = {p.code: p.hint for p in validate_paths(BROKEN, [])}
    assert hints["bad-country"] == "'Burma' is Myanmar: use MM"
    assert hints["unknown-topic"] == "did you mean fact-checking?"
    assert hints["bad-type"] == "did you mean project?"
    assert hints["dangling-relation"] == ""  # no record near 'cofactz' in this collection
    assert hints["dangling-source"] == "did you mean fixture-notes?"


def test_valid_collection_loads_sorted_with_derived_reverse_relations():
    collection = load_collection(MINI)
    assert [r.id for r in collection][:3] == ["cofact-thailand", "cofacts", "drapa-2023"]
    assert collection.reverse_relations["cofacts"] == {
        "inspired": ["cofact-thailand"],
        "partner_of": ["drapa-2023"],
    }
    assert collection.get("cofacts").data["founded"] == "2016"  # a bare year is kept as text


def test_invalid_collection_raises_with_every_problem():
    with pytest.raises(InvalidRecords) as err:
        load_collection(BROKEN)
    assert len(err.value.problems) >= len(EXPECTED)


@pytest.mark.parametrize("make", [lambda tmp: tmp / "missing", lambda tmp: tmp / "file.txt"])
def test_records_dir_must_be_a_directory(tmp_path, make):
    (tmp_path / "file.txt").write_text("x")
    with pytest.raises(RecordsDirNotFound):
        load_collection(make(tmp_path))


def test_validating_one_file_checks_relations_against_the_collection(mini):
    path = write_record(
        mini,
        "projects",
        "new-one",
        "id: new-one\ntype: project\nname: New\nsummary: S.\n"
        "relations:\n  inspired_by: [cofacts, nothing-here]\nsources:\n  - url: https://example.org\n",
    )
    problems = validate_paths(mini, [path])
    assert [(p.code, p.line) for p in problems] == [("dangling-relation", 6)]


def test_validate_cli_lists_problems_and_exits_1(ctkb):
    result = ctkb("validate", "--records", BROKEN)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert len(lines) == sum(len(v) for v in problems_by_file().values())
    assert any(line.endswith("unknown-field: colour: unknown field") for line in lines)
    assert "problem(s) found" in result.stderr


def test_validate_cli_json_and_github(ctkb):
    data = json.loads(ctkb("validate", "--records", BROKEN, "--format", "json").stdout)
    assert {"path", "line", "column", "code", "message", "hint"} <= set(data[0])
    github = ctkb("validate", "--records", BROKEN, "--format", "github").stdout
    assert (
        "::error file=tests/fixtures/broken/projects/bad-date.yaml,line=7,col=10,title=bad-date::" in github
    )


def test_validate_cli_ok(ctkb):
    result = ctkb("validate", "--records", MINI)
    assert (result.exit_code, result.stdout) == (0, "")
    assert "all records are valid" in result.stderr


def test_validate_missing_path(ctkb, tmp_path):
    result = ctkb("validate", "--records", MINI, tmp_path / "nope.yaml")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith(f"ctkb: usage error: {tmp_path / 'nope.yaml'} does not exist")


def test_validating_a_file_by_a_relative_path_does_not_clash_with_itself(mini, monkeypatch):
    monkeypatch.chdir(mini.parent)
    assert (
        validate_paths(mini.resolve(), [mini.relative_to(mini.parent) / "countries" / "thailand.yaml"]) == []
    )


def test_an_empty_text_is_named_as_empty_on_its_line(mini):
    path = write_record(mini, "projects", "blank", 'id: blank\ntype: project\nname: Blank\nsummary: ""\n'
                        "sources:\n  - url: https://example.org\n")  # fmt: skip
    [problem] = validate_paths(mini, [path])
    assert (problem.code, problem.line, problem.message) == (
        "bad-value",
        4,
        "summary: is empty; write the text here",
    )


@pytest.mark.parametrize("use_cache", [False, True])
def test_a_dangling_relation_points_at_its_own_line_not_a_longer_id_before_it(mini, use_cache):
    write_record(mini, "projects", "newer", "id: newer\ntype: project\nname: Newer\nsummary: S.\n"
                 "relations:\n  part_of: [g0v]\n  inspired_by: [g0]\nsources:\n  - url: https://example.org\n")  # fmt: skip
    with pytest.raises(InvalidRecords) as err:
        load_collection(mini, use_cache=use_cache)
    [problem] = [p for p in err.value.problems if p.code == "dangling-relation"]
    assert (problem.line, problem.column) == (7, 17) and "'g0'" in problem.message


def test_cross_record_checks_read_no_file_and_suggest_once_per_missing_id(mini, monkeypatch):
    from civictech_kb.model import vocab
    from civictech_kb.model.record import Collection
    from civictech_kb.store import cross_checks
    from civictech_kb.store.loader import discover, load_files

    targets = ", ".join(["g0vx"] * 50 + ["cofactz"] * 50)
    write_record(mini, "projects", "many", "id: many\ntype: project\nname: Many\nsummary: S.\n"
                 f"relations:\n  inspired_by: [{targets}]\nsources:\n  - url: https://example.org\n")  # fmt: skip
    records, _ = load_files(discover(mini), mini)
    asked = []
    original = vocab.suggest
    monkeypatch.setattr(
        vocab, "suggest", lambda value, *a, **k: asked.append(value) or original(value, *a, **k)
    )
    monkeypatch.setattr("builtins.open", lambda *a, **k: pytest.fail("a file was read again"))
    problems = [
        p for p in cross_checks.check_collection(Collection(records, mini)) if p.code == "dangling-relation"
    ]
    assert len(problems) == 100 and sorted(asked) == ["cofactz", "g0vx"]
    assert {p.hint for p in problems} == {"did you mean g0v?", "did you mean cofacts?"}
    assert [p.column for p in problems[:3]] == [17, 23, 29]


def children_of(pid: int) -> set[int]:
    import os

    found = set()
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as handle:
                    fields = handle.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.add(int(entry))
    return found


def alive(pid: int) -> bool:

    try:
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.skipif(not __import__("os").path.isdir("/proc"), reason="reads the process table from /proc")
@pytest.mark.parametrize("signal_name", ["SIGKILL", "SIGTERM"])
def test_workers_of_a_killed_load_exit_with_it(tmp_path, signal_name):
    import os
    import signal
    import subprocess
    import sys
    import time

    from civictech_kb.store.loader import PARALLEL_FROM

    text = (MINI / "projects" / "cofacts.yaml").read_text()
    for number in range(PARALLEL_FROM + 200):
        write_record(
            tmp_path / "many", "projects", f"p{number}", text.replace("id: cofacts", f"id: p{number}")
        )
    code = ("import sys; from pathlib import Path; from civictech_kb.store.loader import load_files, discover\n"
            f"load_files(discover(Path({str(tmp_path / 'many')!r})) * 20)\n")  # fmt: skip
    parent = subprocess.Popen([sys.executable, "-c", code], env={**os.environ, "CTKB_NO_CACHE": "1"})
    try:
        deadline = time.monotonic() + 60
        workers: set[int] = set()
        while time.monotonic() < deadline and len(workers) < 2 and parent.poll() is None:
            workers = children_of(parent.pid)
            time.sleep(0.05)
        assert workers, "no worker started"
        parent.send_signal(getattr(signal, signal_name))
        parent.wait(timeout=30)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and any(alive(pid) for pid in workers):
            time.sleep(0.1)
        assert not any(alive(pid) for pid in workers)
    finally:
        if parent.poll() is None:
            parent.kill()


def test_a_misfiled_file_without_a_type_is_sent_to_the_folder_its_own_resembles(mini):
    from civictech_kb.store.loader import misfiled

    write_record(mini, "project", "stray", "id: stray\nname: Stray\n")
    [problem] = misfiled(mini)
    assert problem.code == "misfiled" and problem.hint == "move it to projects/stray.yaml"
