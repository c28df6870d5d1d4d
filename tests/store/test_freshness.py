"""A warm load looks at every file but reads no cached row of the runs of
files whose fingerprints match (store/freshness.py); whatever changes, in
whichever run, the cached collection is the one read from the files."""

import os
import signal

import pytest

from civictech_kb.store import cache, forked, freshness
from civictech_kb.store.loader import load_collection

from ..conftest import write_record


def load(root):
    return load_collection(root, use_cache=True)


def snapshot(collection):
    return [(r.id, r.data) for r in collection]


@pytest.fixture(params=["one process", "two processes"])
def small_runs(monkeypatch, request):
    monkeypatch.setattr(freshness, "RUN", 2)  # the mini collection's folders span several runs
    if request.param == "two processes":  # the later runs looked at by a forked copy (store/forked.py)
        monkeypatch.setattr(freshness, "PARALLEL_FROM", 0)
        monkeypatch.setattr(freshness, "BUSY_PARALLEL_FROM", 0)


def edit(root, name, old, new):
    path = root / name
    path.write_text(path.read_text().replace(old, new))


def replace_by_link(root, name):
    path = root / name
    (root / "elsewhere.txt").write_text(path.read_text())
    path.unlink()
    path.symlink_to(root / "elsewhere.txt")


def replace_by_fifo(root, name):
    path = root / name
    path.unlink()
    os.mkfifo(path)


def keep_time(path, change):
    """An edit in place of the same size, its time put back to the very same second."""
    info = path.stat()
    text = path.read_text()
    assert len(change(text)) == len(text) and change(text) != text
    path.write_text(change(text))
    other = info.st_mtime_ns + 1 if (info.st_mtime_ns + 1) % 10**9 else info.st_mtime_ns - 1
    os.utime(path, ns=(info.st_atime_ns, other))


def rename(root, old, new):
    path = root / old
    (root / new).write_text(path.read_text().replace(f"id: {path.stem}", f"id: {(root / new).stem}"))
    path.unlink()


CHANGES = {
    "edit-in-place": lambda root: edit(root, "countries/taiwan.yaml", "name: Taiwan", "name: Taiwan Edited"),
    "touch": lambda root: os.utime(root / "countries" / "thailand.yaml", ns=(10**18, 10**18)),
    "save-unchanged": lambda root: (root / "countries" / "thailand.yaml").write_text(
        (root / "countries" / "thailand.yaml").read_text()) or None,
    "add-first": lambda root: write_record(root, "projects", "aaa", "id: aaa\ntype: project\nname: Aaa\n"
                                           "summary: First.\nsources:\n  - url: https://example.org\n"),
    "add-between": lambda root: write_record(root, "projects", "cofacts-b", "id: cofacts-b\ntype: project\n"
                                             "name: B\nsummary: Between.\nsources:\n  - url: https://example.org\n"),
    "rename": lambda root: rename(root, "projects/cofacts.yaml", "projects/cofacts-two.yaml"),
    "same-size-same-second": lambda root: keep_time(root / "projects" / "cofacts.yaml",
                                                   lambda text: text.replace("suspicious", "misleading")),
    "symlink": lambda root: replace_by_link(root, "projects/cofacts.yaml"),
    "fifo": lambda root: replace_by_fifo(root, "projects/cofacts.yaml"),
    "delete-folder": lambda root: (root / "events" / "drapa-2023.yaml").unlink(),
}  # fmt: skip


@pytest.mark.parametrize("change", list(CHANGES.values()), ids=list(CHANGES))
def test_any_change_in_any_run_gives_the_collection_the_files_say(mini, small_runs, change):
    load(mini)
    change(mini)
    try:
        expected = snapshot(load_collection(mini))
    except Exception as err:  # a change that breaks the collection must break it with the cache too
        with pytest.raises(type(err)):
            load(mini)
        return
    assert snapshot(load(mini)) == expected
    assert snapshot(load(mini)) == expected  # and what was stored is right too
    stored = load(mini).cache
    assert stored.fingerprints() == fingerprints_of_rows(stored)


def fingerprints_of_rows(stored):
    """The fingerprints of every run, computed from all rows."""
    rows = stored.files()
    paths = [row[0] for row in rows]
    found = {}
    for folder, names in freshness.folders(paths):
        values = [(row[1], row[2]) for row in rows if row[0] in names]
        found[folder] = [freshness.fingerprint(names[i : i + freshness.RUN],
                                               [n for v in values[i : i + freshness.RUN] for n in v])
                         for i in range(0, len(names), freshness.RUN)]  # fmt: skip
    return found


def test_a_row_whose_file_went_between_two_runs_is_dropped(mini, small_runs):
    load(mini)
    (mini / "countries" / "taiwan.yaml").unlink()  # myanmar | taiwan, thailand: the first of a run
    edit(mini, "communities/g0v.yaml", "countries: [TW]", "countries: []")
    for path in mini.rglob("*.yaml"):
        text = path.read_text()
        if "TW" in text and path.parent.name != "sources":
            path.write_text(text.replace("[TW, TH]", "[TH]").replace("[TW]", "[TH]"))
    expected = snapshot(load_collection(mini))
    assert snapshot(load(mini)) == expected
    assert [row[0] for row in load(mini).cache.files() if row[0].startswith("countries/")] == [
        "countries/myanmar.yaml", "countries/thailand.yaml"]  # fmt: skip


def test_a_warm_load_reads_no_row_of_the_files_table(mini, monkeypatch):
    load(mini)
    monkeypatch.setattr(cache.Cache, "files", lambda *a: pytest.fail("the files table was read"))
    assert snapshot(load(mini)) == snapshot(load_collection(mini))


def test_an_edit_reads_the_rows_of_its_run_only(mini, small_runs, monkeypatch):
    load(mini)
    os.utime(mini / "countries" / "thailand.yaml", ns=(10**18, 10**18))
    read = []
    original = cache.Cache.files

    def files(self, lower="", upper=None):
        found = original(self, lower, upper)
        read.extend(row[0] for row in found)
        return found

    monkeypatch.setattr(cache.Cache, "files", files)
    load(mini)
    assert set(read) == {"countries/thailand.yaml"}  # countries: myanmar, taiwan | thailand


@pytest.mark.parametrize(
    ("files", "load", "shared"), [(6, 0.0, False), (8, 0.0, True), (8, 9.0, False), (12, 9.0, True)]
)
def test_a_second_process_looks_at_many_files_and_at_fewer_only_when_a_processor_is_idle(
        mini, monkeypatch, files, load, shared):  # fmt: skip
    monkeypatch.setattr(freshness, "PARALLEL_FROM", 8)
    monkeypatch.setattr(freshness, "BUSY_PARALLEL_FROM", 12)
    monkeypatch.setattr(os, "getloadavg", lambda: (load, load, load))
    monkeypatch.setattr(forked, "_processors", lambda: 2)
    asked = []
    real = forked.Shared

    def sharing(work, items, width, share=True):
        asked.append(share)
        return real(work, items, width, share)

    monkeypatch.setattr(forked, "Shared", sharing)
    with freshness.Look(mini, [f"projects/{n}.yaml" for n in range(files)]) as look:
        look.scan(0)
    assert asked == [shared]


def test_a_warm_load_with_children_reaped_by_the_system_is_the_same(mini, monkeypatch):
    """SIGCHLD ignored (inherited from a supervisor): the second process
    cannot be waited for, so this one looks at its runs too."""
    monkeypatch.setattr(freshness, "RUN", 2)
    monkeypatch.setattr(freshness, "PARALLEL_FROM", 0)
    monkeypatch.setattr(freshness, "BUSY_PARALLEL_FROM", 0)
    expected = snapshot(load(mini))
    before = signal.signal(signal.SIGCHLD, signal.SIG_IGN)
    try:
        assert snapshot(load(mini)) == expected
    finally:
        signal.signal(signal.SIGCHLD, before)
