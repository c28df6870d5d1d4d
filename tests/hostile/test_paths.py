"""Paths: ids and names that look like paths never reach the file system;
links out of the records directory, loops, FIFOs, devices and unreadable
files are each one problem; a missing or wrong records directory is a usage
error (exit 2)."""

import json
import os
from pathlib import Path

import pytest

from .conftest import plant, record, require

PATH_LIKE = ["../../etc/passwd", "/etc/passwd", "..", "a/b", "C:\\Windows\\win.ini", "..\\..\\x", "./cofacts"]


@pytest.mark.parametrize("bad_id", PATH_LIKE)
def test_path_like_ids_are_refused(mini_copy, bad_id):
    from civictech_kb.store.loader import load_file

    path = plant(mini_copy, "projects", "x.yaml", record(bad_id))
    _, problems = load_file(path, mini_copy)
    assert "bad-id" in [p.code for p in problems]


@pytest.mark.parametrize("name", PATH_LIKE)
@pytest.mark.parametrize("command", ["show", "graph", "related"])
def test_path_like_names_are_just_unknown_names(ctkb, mini_copy, command, name):
    require(command)
    result = ctkb(command, name, "--records", mini_copy)
    assert result.exit_code == 1
    assert result.stderr.startswith("ctkb: error: no record named") and "Traceback" not in result.stderr


def test_odd_file_names_give_one_line_problems(ctkb, mini_copy):
    """A file name with a newline or an escape sequence cannot split a
    problem line or reach the terminal."""
    plant(mini_copy, "projects", "bad\nname.yaml", "[]\n")
    plant(mini_copy, "projects", "\x1b[2Jclear.yaml", "[]\n")
    result = ctkb("--strict", "list", "--records", mini_copy)
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 3 and "\x1b" not in result.stderr
    assert any("bad\\u000aname.yaml:1:1: not-a-mapping" in line for line in lines)
    assert any("\\u001b[2Jclear.yaml:1:1: not-a-mapping" in line for line in lines)


def test_symlink_out_of_the_records_directory_is_not_read(ctkb, mini_copy, tmp_path):
    outside = plant(tmp_path, "outside", "secret.yaml", record("secret"))
    (mini_copy / "projects" / "secret.yaml").symlink_to(outside)
    result = ctkb("validate", "--records", mini_copy, "--format", "json")
    assert result.exit_code == 1
    problems = json.loads(result.stdout)
    assert [(p["code"], Path(p["path"]).name) for p in problems] == [("outside-records", "secret.yaml")]


def test_symlinked_folder_out_of_the_records_directory_is_not_read(ctkb, mini_copy, tmp_path):
    plant(tmp_path, "outside", "secret.yaml", record("secret", "organization"))
    (mini_copy / "organizations").rename(tmp_path / "moved")
    (mini_copy / "organizations").symlink_to(tmp_path / "outside")
    result = ctkb("validate", "--records", mini_copy, "--format", "json")
    assert {p["code"] for p in json.loads(result.stdout)} >= {"outside-records"}
    assert "secret" not in ctkb("list", "--records", mini_copy).stdout


def test_symlink_inside_the_records_directory_is_fine(ctkb, mini_copy, tmp_path):
    plant(mini_copy, "drafts", "linked.yaml", record("linked"))
    (mini_copy / "projects" / "linked.yaml").symlink_to(mini_copy / "drafts" / "linked.yaml")
    assert ctkb("validate", "--records", mini_copy).exit_code == 0


@pytest.mark.parametrize(
    ("make", "code"),
    [
        (lambda p: p.symlink_to(p), "outside-records"),  # loop
        (lambda p: p.symlink_to(p.parent / "nowhere.yaml"), "unreadable"),
        (lambda p: p.symlink_to("/dev/zero"), "outside-records"),
        (lambda p: os.mkfifo(p), "unreadable"),
        (lambda p: p.mkdir(), "unreadable"),
    ],
    ids=["symlink loop", "dangling symlink", "symlink to /dev/zero", "FIFO", "directory named .yaml"],
)
def test_files_that_are_not_files(ctkb, mini_copy, make, code):
    make(mini_copy / "projects" / "odd.yaml")
    result = ctkb("validate", "--records", mini_copy, "--format", "json")
    assert result.exit_code == 1
    assert [(p["code"], Path(p["path"]).name) for p in json.loads(result.stdout)] == [(code, "odd.yaml")]


def test_unreadable_file(ctkb, mini_copy, monkeypatch):
    """Running as root, permissions cannot make a file unreadable; the
    operating system's refusal is simulated where the file is opened."""
    from civictech_kb.store import file_bytes

    real_open = os.open

    def refuse(path, *args, **kwargs):
        if str(path).endswith("cofacts.yaml"):
            raise PermissionError(13, "Permission denied")
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(file_bytes.os, "open", refuse)
    result = ctkb("--strict", "list", "--records", mini_copy)
    assert result.exit_code == 1
    assert f"{mini_copy}/projects/cofacts.yaml: unreadable: Permission denied" in result.stderr.splitlines()


def test_unreadable_records_folder(ctkb, mini_copy, monkeypatch):
    real_iterdir = Path.iterdir

    def refuse(self):
        if self.name == "projects":
            raise PermissionError(13, "Permission denied")
        return real_iterdir(self)

    monkeypatch.setattr(Path, "iterdir", refuse)
    real_listdir = os.listdir  # the loader lists folders without making a Path per file

    def refuse_listing(path):
        if Path(path).name == "projects":
            raise PermissionError(13, "Permission denied")
        return real_listdir(path)

    monkeypatch.setattr(os, "listdir", refuse_listing)
    real_scandir = os.scandir

    def refuse_scan(path="."):
        if Path(path).name == "projects":
            raise PermissionError(13, "Permission denied")
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", refuse_scan)
    result = ctkb("list", "--records", mini_copy)
    assert result.exit_code == 2
    assert result.stderr == f"ctkb: usage error: cannot read {mini_copy / 'projects'}: Permission denied\n"


@pytest.mark.parametrize("kind", ["missing", "a file"])
def test_records_directory_missing_or_a_file(ctkb, tmp_path, kind):
    target = tmp_path / "records"
    if kind == "a file":
        target.write_text("id: x\n")
    result = ctkb("list", "--records", target)
    assert result.exit_code == 2
    expected = "does not exist" if kind == "missing" else "is not a directory"
    assert result.stderr == f"ctkb: usage error: records directory {target} {expected}\n"


def test_empty_records_directory_is_a_usage_error(ctkb, tmp_path):
    result = ctkb("list", "--records", tmp_path, "--format", "json")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith(f"ctkb: usage error: no records found in {tmp_path}; ")
