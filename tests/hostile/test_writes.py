"""Writes: every command that writes a file (export --output, new, fmt, and
the cache behind every read) survives a crash between write and rename, a
full disk, a read-only target and a concurrent writer: the original file is
intact, no partial file is left, and the user reads one line."""

import errno
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from typer.testing import CliRunner

from civictech_kb.model.problems import WriteRefused
from civictech_kb.store import atomic
from civictech_kb.store.atomic import write_atomically

from ..conftest import invoke
from .conftest import plant, require

ORIGINAL = "original content\n"


def export_writer(root: Path) -> tuple[list, Path]:
    target = root.parent / "out" / "report.json"
    target.parent.mkdir(exist_ok=True)
    target.write_text(ORIGINAL)
    return ["export", "--format", "json", "--output", target, "--force", "--records", root], target


def new_writer(root: Path) -> tuple[list, Path]:
    return ["new", "project", "fresh-project", "--records", root], root / "projects" / "fresh-project.yaml"


def fmt_writer(root: Path) -> tuple[list, Path]:
    target = plant(root, "projects", "unformatted.yaml", "type: project\nid: unformatted\nname: U\n"
                   "summary: S.\nsources: [{url: https://example.org/d}]\n")  # fmt: skip
    return ["fmt", "--records", root], target


WRITERS = {"export": export_writer, "new": new_writer, "fmt": fmt_writer}


def _before(target: Path) -> bytes | None:
    return target.read_bytes() if target.exists() else None


def _leftovers(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.name.endswith(".tmp"))


def crash(*args, **kwargs):
    raise KeyboardInterrupt  # the process dies between writing and renaming


def disk_full(*args, **kwargs):
    raise OSError(errno.ENOSPC, "No space left on device")


def read_only(*args, **kwargs):
    raise OSError(errno.EROFS, "Read-only file system")


# Where each failure strikes: the rename that replaces (os.replace) or the
# link that creates without replacing (os.link); the flush to disk; the
# creation of the temporary file.
FAILURES = {
    "crash between write and rename": {"os.replace": crash, "os.link": crash},
    "disk full": {"os.fsync": disk_full, "os.write": disk_full},  # os.write: the cache is not fsynced
    "read-only target": {"tempfile.mkstemp": read_only},
}


def inject(monkeypatch, failure: str) -> None:
    for where, effect in FAILURES[failure].items():
        module, name = where.split(".")
        monkeypatch.setattr(getattr(atomic, module), name, effect)


@pytest.mark.parametrize("failure", FAILURES)
@pytest.mark.parametrize("command", sorted(WRITERS))
def test_failed_write_leaves_the_original(mini_copy, monkeypatch, command, failure):
    require(command)
    args, target = WRITERS[command](mini_copy)
    before = _before(target)
    inject(monkeypatch, failure)
    result = invoke(CliRunner(), args)
    assert result.exit_code != 0
    assert _before(target) == before
    assert _leftovers(target.parent) == []
    if failure != "crash between write and rename":
        assert result.exit_code == 1 and "Traceback" not in result.output
        assert result.stderr.count("\n") == 1 and result.stderr.startswith("ctkb: error: cannot write")


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only directories")
@pytest.mark.parametrize("command", sorted(WRITERS))
def test_really_read_only_directory(ctkb, mini_copy, command):
    require(command)
    args, target = WRITERS[command](mini_copy)
    before = _before(target)
    target.parent.chmod(0o555)
    try:
        result = ctkb(*args)
    finally:
        target.parent.chmod(0o755)
    assert result.exit_code == 1 and _before(target) == before


def test_stray_temporary_file_from_a_killed_writer_is_not_a_record(ctkb, mini_copy):
    """After SIGKILL nothing can clean up; the hidden .tmp file it leaves is
    complete and is never read as a record."""
    plant(mini_copy, "projects", ".cofacts.yaml.abc123.tmp", "half a rec")
    assert ctkb("validate", "--records", mini_copy).exit_code == 0


def test_killed_between_write_and_rename_keeps_the_original(tmp_path):
    target = tmp_path / "a.yaml"
    target.write_text(ORIGINAL)
    script = ("import os, signal\nfrom civictech_kb.store import atomic\n"
              "atomic.os.replace = lambda *a: os.kill(os.getpid(), signal.SIGKILL)\n"
              f"atomic.write_atomically({str(target)!r}, 'new content')\n")  # fmt: skip
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=10, check=False)
    assert result.returncode == -9
    assert target.read_text() == ORIGINAL


def test_concurrent_writers_leave_one_whole_version(tmp_path):
    target = tmp_path / "report.txt"
    versions = [f"version {n}\n" * 2000 for n in range(8)]
    barrier = threading.Barrier(len(versions))

    def write(text):
        barrier.wait()
        write_atomically(target, text)

    threads = [threading.Thread(target=write, args=(v,)) for v in versions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert target.read_text() in versions
    assert _leftovers(tmp_path) == []


def test_concurrent_creators_exactly_one_wins(tmp_path):
    """`new` and export without --force create; two at once never both succeed."""
    target = tmp_path / "fresh.yaml"
    barrier = threading.Barrier(8)
    outcomes = []

    def create(n):
        barrier.wait()
        try:
            write_atomically(target, f"writer {n}\n", overwrite=False)
            outcomes.append("written")
        except WriteRefused:
            outcomes.append("refused")

    threads = [threading.Thread(target=create, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["refused"] * 7 + ["written"]
    assert target.read_text().startswith("writer ")
    assert _leftovers(tmp_path) == []


def test_concurrent_exports_to_one_file(mini_copy):
    require("export")
    target = mini_copy.parent / "out.json"
    runs = [subprocess.Popen([sys.executable, "-m", "civictech_kb", "export", "--format", fmt, "--output",
                              str(target), "--force", "--records", str(mini_copy)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            for fmt in ("json", "jsonl")]  # fmt: skip
    for run in runs:
        _, errors = run.communicate(timeout=20)
        assert run.returncode == 0, errors
    text = target.read_text()
    assert text.startswith("[") or text.startswith("{")
    assert _leftovers(target.parent) == []


def test_cache_that_cannot_be_written_changes_nothing(ctkb, mini_copy, tmp_path, monkeypatch):
    """The cache is written behind every read command: if it cannot be (here
    its folder is a file), the command still answers and says so once."""
    expected = ctkb("--no-cache", "list", "--records", mini_copy).stdout
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    monkeypatch.setenv("CTKB_CACHE_DIR", str(blocker))
    result = ctkb("list", "--records", mini_copy)
    assert (result.exit_code, result.stdout) == (0, expected)
    assert result.stderr.count("\n") == 1 and "working without a cache" in result.stderr
    assert blocker.read_text() == "x"


def test_output_that_is_a_directory_is_a_usage_error(ctkb, mini_copy, tmp_path):
    require("export")
    result = ctkb("export", "--format", "json", "--output", tmp_path, "--records", mini_copy)
    assert result.exit_code == 2 and "Traceback" not in result.output


def test_existing_output_needs_force(ctkb, mini_copy, tmp_path):
    require("export")
    target = tmp_path / "kept.json"
    target.write_text(ORIGINAL)
    result = ctkb("export", "--format", "json", "--output", target, "--records", mini_copy)
    assert result.exit_code == 2 and target.read_text() == ORIGINAL
    assert result.stderr == f"ctkb: usage error: {target} already exists; use --force to replace it\n"


def test_new_refuses_an_existing_record(ctkb, mini_copy):
    require("new")
    before = (mini_copy / "projects" / "cofacts.yaml").read_bytes()
    result = ctkb("new", "project", "cofacts", "--records", mini_copy)
    assert result.exit_code in (1, 2) and (mini_copy / "projects" / "cofacts.yaml").read_bytes() == before


# "Bad Id" is not here: `ctkb new TYPE NAME` takes a name (issue 8: `ctkb new project "My Project"`),
# so it makes the id bad-id, inside the records directory (see the next test).
@pytest.mark.parametrize("bad_id", ["../escape", "/tmp/abs", "a\\b", "..", "x\u200by"])
def test_new_never_writes_outside_the_records_directory(ctkb, mini_copy, bad_id):
    require("new")
    files_before = sorted(mini_copy.parent.rglob("*"))
    result = ctkb("new", "project", bad_id, "--records", mini_copy)
    assert result.exit_code == 2, result.output
    assert sorted(mini_copy.parent.rglob("*")) == files_before


def test_new_makes_a_safe_id_from_a_name_inside_the_records_directory(ctkb, mini_copy):
    require("new")
    files_before = set(mini_copy.parent.rglob("*"))
    result = ctkb("new", "project", "Bad Id", "--records", mini_copy)
    assert result.exit_code == 0, result.output
    assert set(mini_copy.parent.rglob("*")) - files_before == {mini_copy / "projects" / "bad-id.yaml"}
