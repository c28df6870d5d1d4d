"""Write targets: `export --output` and `new` write only regular files. A
device, a FIFO or a link to either is refused and stays what it was; a link
to a regular file is written through (the link stays a link). A long but
legal file name, a folder that does not exist and a file system without
hard links each behave as the user expects."""

import errno
import os
import stat
from pathlib import Path

import pytest

from civictech_kb.model.problems import WriteRefused
from civictech_kb.store import atomic
from civictech_kb.store.atomic import write_atomically

ORIGINAL = "original content\n"


def export_to(ctkb, records: Path, target, *extra):
    return ctkb("export", "--format", "json", "--output", target, *extra, "--records", records)


def a_device(tmp_path: Path) -> Path:
    """A character device to write to: a null device of our own when root
    (who could replace the real /dev/null), else /dev/null (which only root can)."""
    if os.geteuid() != 0:
        return Path("/dev/null")
    device = tmp_path / "null"
    os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    return device


def test_export_never_replaces_a_device(ctkb, mini_copy, tmp_path):
    device = a_device(tmp_path)
    before = os.stat(device)
    result = export_to(ctkb, mini_copy, device, "--force")
    after = os.stat(device)
    assert stat.S_ISCHR(after.st_mode) and after.st_rdev == before.st_rdev
    assert result.exit_code == 1
    assert result.stderr == f"ctkb: error: {device} is not a regular file; nothing was written\n"


def test_export_never_replaces_a_fifo(ctkb, mini_copy, tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    result = export_to(ctkb, mini_copy, fifo, "--force")
    assert result.exit_code == 1 and stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert result.stderr.endswith("is not a regular file; nothing was written\n")


def test_a_link_to_a_special_file_is_refused_and_kept(ctkb, mini_copy, tmp_path):
    link = tmp_path / "stdout"
    link.symlink_to("/proc/self/fd/1")
    result = export_to(ctkb, mini_copy, link, "--force")
    assert result.exit_code == 1 and os.readlink(link) == "/proc/self/fd/1"


def test_a_link_to_a_regular_file_is_written_through(ctkb, mini_copy, tmp_path):
    real = tmp_path / "real.json"
    real.write_text(ORIGINAL)
    link = tmp_path / "link.json"
    link.symlink_to(real)
    result = export_to(ctkb, mini_copy, link, "--force")
    assert result.exit_code == 0, result.stderr
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_text().startswith("[")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.json", "real.json", "records"]


def test_a_dangling_link_is_refused(ctkb, mini_copy, tmp_path):
    link = tmp_path / "dangling.json"
    link.symlink_to(tmp_path / "nowhere" / "x.json")
    result = export_to(ctkb, mini_copy, link, "--force")
    assert result.exit_code == 1 and link.is_symlink() and not (tmp_path / "nowhere").exists()


def test_a_long_but_legal_name_is_written(tmp_path):
    target = tmp_path / ("r" * 250 + ".json")  # 255 bytes: the longest name most file systems take
    write_atomically(target, "data")
    assert target.read_text() == "data"
    assert [p.name for p in tmp_path.iterdir()] == [target.name]


def test_output_naming_a_missing_folder_is_a_usage_error(ctkb, mini_copy, tmp_path):
    result = export_to(ctkb, mini_copy, f"{tmp_path}/newdir/")
    assert result.exit_code == 2 and "names a folder" in result.stderr
    assert not (tmp_path / "newdir").exists()


def test_output_in_a_missing_folder_is_one_line(ctkb, mini_copy, tmp_path):
    result = export_to(ctkb, mini_copy, tmp_path / "newdir" / "out.json")
    assert result.exit_code == 1 and result.stderr.startswith("ctkb: error: cannot write in")
    assert result.stderr.count("\n") == 1


@pytest.mark.parametrize("code", [errno.EPERM, errno.ENOTSUP, errno.ENOSYS])
def test_creating_works_without_hard_links(tmp_path, monkeypatch, code):
    """vfat, exFAT and some SMB or FUSE mounts have no hard links: creating
    a file falls back to an exclusive create, which still never replaces one."""

    def no_links(*args, **kwargs):
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(atomic.os, "link", no_links)
    target = tmp_path / "fresh.yaml"
    write_atomically(target, "first\n", overwrite=False)
    assert target.read_text() == "first\n"
    with pytest.raises(WriteRefused, match="already exists"):
        write_atomically(target, "second\n", overwrite=False)
    assert target.read_text() == "first\n"
    assert [p.name for p in tmp_path.iterdir()] == ["fresh.yaml"]


def test_new_and_export_work_without_hard_links(ctkb, mini_copy, tmp_path, monkeypatch):
    def no_links(*args, **kwargs):
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(atomic.os, "link", no_links)
    assert export_to(ctkb, mini_copy, tmp_path / "out.json").exit_code == 0
    assert (tmp_path / "out.json").read_text().startswith("[")
    assert ctkb("new", "project", "Fresh", "--records", mini_copy).exit_code == 0
    assert (mini_copy / "projects" / "fresh.yaml").read_text().startswith("# A new project")


def test_replacing_keeps_the_owner(tmp_path):
    target = tmp_path / "a.txt"
    target.write_text("old")
    if os.geteuid() == 0:
        os.chown(target, 1234, 4321)
    owner = (target.stat().st_uid, target.stat().st_gid)
    write_atomically(target, "new")
    assert (target.stat().st_uid, target.stat().st_gid) == owner
