"""fmt never loses work: a save that lands while a file is being formatted
is kept (the file is left alone and reported), a read-only or hard-linked
file is refused, owner, mode and extended attributes are kept, and an
interrupted run says which files it had already rewritten."""

import os
from pathlib import Path

import pytest

from civictech_kb.authoring import fmt

from .conftest import plant

UNFORMATTED = "type: project\nid: {id}\nname: U\nsummary: S.\nsources: [{{url: https://example.org/d}}]\n"
SAVED = "# saved by the editor meanwhile\n" + UNFORMATTED


def unformatted(root: Path, record_id: str = "unformatted") -> Path:
    return plant(root, "projects", f"{record_id}.yaml", UNFORMATTED.format(id=record_id))


def test_a_save_during_formatting_is_kept(ctkb, mini_copy, monkeypatch):
    target = unformatted(mini_copy)
    format_text = fmt.format_text

    def save_meanwhile(text):
        result = format_text(text)
        target.write_text(SAVED.format(id="unformatted"))  # same file, new content, while we format
        return result

    monkeypatch.setattr(fmt, "format_text", save_meanwhile)
    result = ctkb("fmt", "--records", mini_copy)
    assert target.read_text() == SAVED.format(id="unformatted")
    assert result.exit_code == 1
    assert "projects/unformatted.yaml: file-changed: " in result.stderr
    assert [p.name for p in target.parent.iterdir() if p.name.endswith(".tmp")] == []


def test_a_same_size_save_in_the_same_instant_is_kept(mini_copy, monkeypatch):
    """Size and mtime can both stay the same (coarse timestamps): the bytes are compared too."""
    target = unformatted(mini_copy)
    before = os.stat(target)
    format_text = fmt.format_text

    def save_meanwhile(text):
        target.write_text(text.replace("name: U", "name: V"))
        os.utime(target, ns=(before.st_atime_ns, before.st_mtime_ns))
        return format_text(text)

    monkeypatch.setattr(fmt, "format_text", save_meanwhile)
    from civictech_kb.authoring.fmt_files import format_paths

    report = format_paths(mini_copy, [target])
    assert "name: V" in target.read_text() and report.changed == []
    assert [p.code for p in report.problems] == ["file-changed"]


def test_a_read_only_file_is_refused(ctkb, mini_copy):
    target = unformatted(mini_copy)
    target.chmod(0o444)
    before = target.read_bytes()
    result = ctkb("fmt", "--records", mini_copy)
    assert result.exit_code == 1 and target.read_bytes() == before
    assert "projects/unformatted.yaml: read-only: " in result.stderr
    assert target.stat().st_mode & 0o777 == 0o444


def test_a_hard_linked_file_is_refused(ctkb, mini_copy, tmp_path):
    target = unformatted(mini_copy)
    other = tmp_path / "elsewhere.yaml"
    os.link(target, other)
    result = ctkb("fmt", "--records", mini_copy)
    assert result.exit_code == 1 and "projects/unformatted.yaml: hard-linked: " in result.stderr
    assert os.stat(target).st_ino == os.stat(other).st_ino and target.read_text() == other.read_text()


def test_check_reports_what_would_change_even_for_read_only_files(ctkb, mini_copy):
    target = unformatted(mini_copy)
    target.chmod(0o444)
    result = ctkb("fmt", "--check", "--records", mini_copy)
    assert result.exit_code == 1 and result.stdout.strip().endswith("unformatted.yaml")


def test_owner_and_mode_are_kept(ctkb, mini_copy):
    target = unformatted(mini_copy)
    target.chmod(0o640)
    if os.geteuid() == 0:
        os.chown(target, 1234, 4321)
    owner = (target.stat().st_uid, target.stat().st_gid)
    assert ctkb("fmt", "--records", mini_copy).exit_code == 0
    assert target.read_text() != UNFORMATTED.format(id="unformatted")
    assert (target.stat().st_uid, target.stat().st_gid) == owner
    assert target.stat().st_mode & 0o777 == 0o640


def test_extended_attributes_are_kept(ctkb, mini_copy):
    target = unformatted(mini_copy)
    try:
        os.setxattr(target, "user.origin", b"downloaded")
    except OSError:
        pytest.skip("this file system has no user extended attributes")
    assert ctkb("fmt", "--records", mini_copy).exit_code == 0
    assert target.read_text() != UNFORMATTED.format(id="unformatted")
    assert os.getxattr(target, "user.origin") == b"downloaded"


def test_an_interrupted_run_says_which_files_it_changed(ctkb, mini_copy, monkeypatch):
    first, second = unformatted(mini_copy, "aaa-first"), unformatted(mini_copy, "zzz-second")
    format_text = fmt.format_text

    def interrupt_on_second(text):
        if "zzz-second" in text:
            raise KeyboardInterrupt
        return format_text(text)

    monkeypatch.setattr(fmt, "format_text", interrupt_on_second)
    result = ctkb("fmt", "--records", mini_copy)
    assert result.exit_code == 130
    names = [Path(line).name for line in result.stdout.splitlines()]
    assert "aaa-first.yaml" in names and "zzz-second.yaml" not in names
    assert result.stderr.splitlines()[-1] == (
        f"ctkb: interrupted; {len(names)} file(s) were already reformatted (listed above)"
    )
    assert first.read_text() != UNFORMATTED.format(id="aaa-first")
    assert second.read_text() == UNFORMATTED.format(id="zzz-second")
