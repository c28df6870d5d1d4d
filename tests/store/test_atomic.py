import os

import pytest

from civictech_kb.model.problems import WriteRefused
from civictech_kb.store import atomic
from civictech_kb.store.atomic import write_atomically


def test_writes_and_keeps_mode(tmp_path):
    target = tmp_path / "a.txt"
    target.write_text("old")
    target.chmod(0o640)
    write_atomically(target, "new")
    assert target.read_text() == "new"
    assert target.stat().st_mode & 0o777 == 0o640
    assert os.listdir(tmp_path) == ["a.txt"]


def test_refuses_existing_without_overwrite(tmp_path):
    target = tmp_path / "a.txt"
    target.write_text("old")
    with pytest.raises(WriteRefused, match="already exists"):
        write_atomically(target, "new", overwrite=False)
    assert target.read_text() == "old"


def test_crash_between_write_and_rename_leaves_original(tmp_path, monkeypatch):
    target = tmp_path / "a.txt"
    target.write_text("old")

    def crash(*args):
        raise KeyboardInterrupt

    monkeypatch.setattr(atomic.os, "replace", crash)
    with pytest.raises(KeyboardInterrupt):
        write_atomically(target, "new")
    assert target.read_text() == "old"
    assert os.listdir(tmp_path) == ["a.txt"]


def test_read_only_directory_is_a_clear_refusal(tmp_path):
    if os.geteuid() == 0:
        pytest.skip("root ignores directory permissions")
    tmp_path.chmod(0o500)
    try:
        with pytest.raises(WriteRefused, match="cannot write"):
            write_atomically(tmp_path / "a.txt", "new")
    finally:
        tmp_path.chmod(0o700)


def test_disk_full_is_a_clear_refusal(tmp_path, monkeypatch):
    target = tmp_path / "a.txt"
    target.write_text("old")

    def full(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic.os, "fsync", full)
    with pytest.raises(WriteRefused, match="No space left"):
        write_atomically(target, "new")
    assert target.read_text() == "old"
    assert os.listdir(tmp_path) == ["a.txt"]
