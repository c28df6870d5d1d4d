"""The on-disk cache (store/cache.py, store/cached_load.py): used when valid,
rebuilt when stale, damaged or foreign, never changing results, and never
showing what the records do not say."""

import os
import sqlite3
import sys

import pytest

from civictech_kb.model.problems import InvalidRecords
from civictech_kb.store import cache
from civictech_kb.store.loader import load_collection

from ..conftest import write_record


def load(root, **options):
    return load_collection(root, use_cache=True, **options)


def snapshot(collection):
    return [(r.id, r.data) for r in collection]


def database(root):
    directory, _ = cache.cache_dir()
    return directory / cache.cache_name(root)


def rows(root, query, *args):
    with sqlite3.connect(database(root)) as db:
        return db.execute(query, args).fetchall()


def test_the_library_writes_no_cache_unless_asked(mini):
    load_collection(mini)
    directory, _ = cache.cache_dir()
    assert not directory.exists() or list(directory.iterdir()) == []
    load(mini)
    assert database(mini).is_file()


def test_second_load_comes_from_cache(mini, monkeypatch):
    first = load(mini)
    import civictech_kb.store.loader as loader

    monkeypatch.setattr(loader, "read_file", lambda *a: pytest.fail("a cached file was parsed again"))
    assert snapshot(load(mini)) == snapshot(first)


def test_results_identical_with_and_without_cache(mini):
    assert snapshot(load(mini)) == snapshot(load_collection(mini))
    assert snapshot(load(mini)) == snapshot(load_collection(mini))


def test_a_new_cache_gives_the_records_just_read_without_reading_them_back(mini, monkeypatch):
    monkeypatch.setattr(cache.Cache, "records", lambda self: pytest.fail("the records were read back"))
    first = load(mini)
    assert snapshot(first) == snapshot(load_collection(mini))
    assert [r.path for r in first] == [r.path for r in load_collection(mini)]
    assert sorted(first.sources) == sorted(load_collection(mini).sources)


def test_records_of_a_cache_that_was_only_updated_are_read_from_it(mini):
    load(mini)
    path = mini / "projects" / "cofacts.yaml"
    path.write_text(path.read_text().replace("name: Cofacts", "name: Cofacts Renamed"))
    assert snapshot(load(mini)) == snapshot(load_collection(mini))


def test_changed_added_and_deleted_files_are_picked_up(mini):
    load(mini)
    path = mini / "projects" / "cofacts.yaml"
    path.write_text(path.read_text().replace("name: Cofacts", "name: Cofacts Renamed"))
    write_record(mini, "projects", "fresh", "id: fresh\ntype: project\nname: Fresh\nsummary: New.\n"
                 "sources:\n  - url: https://example.org\n")  # fmt: skip
    (mini / "events" / "drapa-2023.yaml").unlink()
    collection = load(mini)
    assert collection.get("cofacts").name == "Cofacts Renamed"
    assert collection.get("fresh") is not None
    assert collection.get("drapa-2023") is None
    assert snapshot(collection) == snapshot(load_collection(mini))


def test_a_broken_edit_is_reported_not_hidden_by_the_cache(mini):
    load(mini)
    (mini / "projects" / "cofacts.yaml").write_text("id: cofacts\ntype: project\n")
    with pytest.raises(InvalidRecords):
        load(mini)


def test_every_change_bumps_the_generation_and_a_touch_does_not(mini):
    generation = load(mini).cache.generation
    os.utime(mini / "projects" / "cofacts.yaml", ns=(1, 1))
    assert load(mini).cache.generation == generation
    assert rows(mini, "SELECT mtime_ns FROM files WHERE path = 'projects/cofacts.yaml'") == [(1,)]
    (mini / "events" / "drapa-2023.yaml").unlink()
    assert load(mini).cache.generation == generation + 1


def same_size_edit(path, old: str, new: str) -> None:
    """Rewrite path with the same size and the same modification time, as a
    second save within one tick of a coarse clock (or `touch -r`) leaves it."""
    assert len(old) == len(new)
    info = path.stat()
    path.write_text(path.read_text().replace(old, new))
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))


def test_a_racily_clean_file_is_hashed_and_its_edit_seen(mini):
    path = mini / "projects" / "cofacts.yaml"
    path.write_text(path.read_text().replace("name: Cofacts", "name: CoFacts"))  # saved just before a load
    assert load(mini).get("cofacts").name == "CoFacts"
    same_size_edit(path, "name: CoFacts", "name: COFACTS")  # saved again within the same tick
    assert load(mini).get("cofacts").name == "COFACTS"


def test_a_save_during_a_load_is_seen_next_time(mini, monkeypatch):
    """The hash stored is that of the bytes parsed: a same-size save between
    reading a file and storing it cannot pass for what was read."""
    import civictech_kb.store.loader as loader

    path = mini / "projects" / "cofacts.yaml"
    path.write_text(path.read_text().replace("name: Cofacts", "name: Cofacts Edited"))
    original = loader.read_with_stat

    def read_then_save(file):
        result = original(file)
        if file.name == "cofacts.yaml":
            same_size_edit(path, "Cofacts Edited", "Cofacts Second")
        return result

    with monkeypatch.context() as patch:
        patch.setattr(loader, "read_with_stat", read_then_save)
        assert load(mini).get("cofacts").name == "Cofacts Edited"
    assert load(mini).get("cofacts").name == "Cofacts Second"


def spoil_truncated(path):
    path.write_bytes(path.read_bytes()[:1000])


def spoil_garbage(path):
    data = bytearray(path.read_bytes())
    data[100:4000] = os.urandom(3900)
    path.write_bytes(bytes(data))


def spoil_foreign(path):
    path.unlink()
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE files (path TEXT, size INTEGER, mtime_ns INTEGER, hash BLOB)")


def spoil_meta(path):
    with sqlite3.connect(path) as db:
        db.execute("UPDATE meta SET value = 'nonsense' WHERE key = 'generation'")


def spoil_orphan_row(path):
    """Checksums fine, contents inconsistent: a file row without its record."""
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA foreign_keys = OFF")
        db.execute("DELETE FROM records WHERE path = 'projects/cofacts.yaml'")


@pytest.mark.parametrize("spoil", [spoil_truncated, spoil_garbage, spoil_foreign, spoil_meta, spoil_orphan_row,
                                   lambda path: path.write_bytes(b""), lambda path: path.write_bytes(b"not a cache")])  # fmt: skip
def test_a_damaged_or_foreign_cache_is_rebuilt(mini, spoil):
    expected = snapshot(load_collection(mini))
    load(mini).cache.close()
    spoil(database(mini))
    assert snapshot(load(mini)) == expected
    assert snapshot(load(mini)) == expected
    assert rows(mini, "SELECT count(*) FROM records WHERE path NOT LIKE 'sources/%'") == [(len(expected),)]


def rewrite_record(root, record_id: str, old: str, new: str, folder=None, reseal=False) -> None:
    """Change what a cached record says, as a crafted database would: its
    digest left as it was, or (reseal) made to match."""
    import zlib

    with sqlite3.connect(folder or database(root)) as db:
        stored, file_hash, sealed = db.execute(
            "SELECT r.data, f.hash, r.digest FROM records r JOIN files f ON f.path = r.path WHERE r.id = ?",
            (record_id,),
        ).fetchone()
        crafted = zlib.compress(zlib.decompress(stored).decode().replace(old, new).encode())
        sealed = cache.digest(file_hash, crafted) if reseal else sealed
        db.execute("UPDATE records SET data = ?, digest = ? WHERE id = ?", (crafted, sealed, record_id))


def test_a_record_row_that_does_not_match_its_file_is_never_shown(mini):
    load(mini).cache.close()
    rewrite_record(mini, "cofacts", "Cofacts", "Cofacts (SCAM: send donations)")
    with pytest.raises(cache.CacheDamaged):
        load(mini).get("cofacts")
    assert not database(mini).exists()  # deleted, rebuilt next time
    assert load(mini).get("cofacts").name == "Cofacts"


def test_the_cli_answers_from_the_files_when_a_row_is_damaged(mini, capfd, monkeypatch):
    from civictech_kb.cli import main

    load(mini).cache.close()
    rewrite_record(mini, "cofacts", "Cofacts", "Scamfacts")
    monkeypatch.setattr(sys, "argv", ["ctkb", "show", "cofacts", "--records", str(mini)])
    with pytest.raises(SystemExit) as exit:
        main()
    assert exit.value.code == 0
    out, err = capfd.readouterr()
    assert "Scamfacts" not in out and "Cofacts" in out and err == ""


@pytest.mark.parametrize("setting", ["schema", "vocab"])
def test_a_cache_of_another_schema_or_vocabulary_is_rebuilt(mini, monkeypatch, setting):
    load(mini).cache.close()
    if setting == "schema":
        import civictech_kb.model.record as record

        monkeypatch.setattr(record, "SCHEMA_VERSION", 999)
    else:
        from civictech_kb.model import vocab

        monkeypatch.setattr(vocab, "data_stamp", lambda: "other vocabulary")
    import civictech_kb.store.loader as loader

    parsed = []
    original = loader.read_file
    monkeypatch.setattr(loader, "read_file", lambda *a: parsed.append(a) or original(*a))
    load(mini)
    assert len(parsed) == len(loader.scan(mini))


def test_clear_removes_caches_and_leftovers_and_no_cache_writes_nothing(ctkb, mini):
    assert ctkb("--no-cache", "list", "--records", mini).exit_code == 0
    assert not database(mini).exists()
    ctkb("list", "--records", mini)
    assert database(mini).exists()
    leftovers = [database(mini).with_name(database(mini).name + "-journal"),
                 database(mini).with_name(".old.cache.123.tmp")]  # fmt: skip
    for path in leftovers:
        path.write_bytes(b"left by a killed run")
    result = ctkb("cache", "clear")
    assert result.exit_code == 0 and "removed 1 cache file(s)" in result.stderr
    assert list(database(mini).parent.iterdir()) == []


def test_cache_path_prints_the_folder(ctkb):
    result = ctkb("cache", "path")
    assert result.exit_code == 0 and result.stdout == f"{cache.cache_dir()[0]}\n"


# --- Whose cache: ownership, special files, odd environments -----------------------


def test_a_folder_others_may_write_to_is_not_used(mini, tmp_path, monkeypatch):
    shared = tmp_path / "shared-cache"
    shared.mkdir(mode=0o777)
    shared.chmod(0o777)
    monkeypatch.setenv("CTKB_CACHE_DIR", str(shared))
    collection = load(mini)
    assert collection.cache is None and list(shared.iterdir()) == []
    assert any("others may write to it" in w for w in collection.warnings)


@pytest.mark.parametrize("kind", ["file", "link to a file"])
def test_a_cache_dir_that_is_not_a_folder_is_said_to_be_so_and_not_used(
    ctkb, mini, tmp_path, monkeypatch, kind
):
    taken = tmp_path / "a-file"
    taken.write_text("mine\n")
    if kind == "link to a file":
        (tmp_path / "link").symlink_to(taken)
        taken = tmp_path / "link"
    monkeypatch.setenv("CTKB_CACHE_DIR", str(taken))
    result = ctkb("list", "--records", mini)
    assert result.exit_code == 0 and "cofacts" in result.stdout
    assert (
        result.stderr == f"ctkb: warning: the cache folder {taken} is not a folder; working without a cache\n"
    )
    assert (tmp_path / "a-file").read_text() == "mine\n"


@pytest.mark.skipif(os.geteuid() != 0, reason="giving a folder to another user needs root")
def test_a_folder_of_another_user_and_its_crafted_cache_are_ignored(mini, tmp_path, monkeypatch):
    theirs = tmp_path / "theirs"
    monkeypatch.setenv("CTKB_CACHE_DIR", str(theirs))
    load(mini).cache.close()
    rewrite_record(
        mini, "cofacts", "Cofacts", "Scamfacts", folder=theirs / cache.cache_name(mini), reseal=True
    )
    os.chown(theirs, 4321, 4321)
    collection = load(mini)
    assert collection.cache is None and collection.get("cofacts").name == "Cofacts"
    assert collection.warnings and "someone else" in collection.warnings[0]


def test_a_fifo_at_the_cache_path_does_not_hang(mini):
    path = database(mini)
    path.parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(path)
    assert load(mini).get("cofacts").name == "Cofacts"
    assert path.is_file()


def test_a_fifo_beside_the_cache_does_not_hang(mini):
    load(mini).cache.close()
    os.mkfifo(f"{database(mini)}-wal")
    assert load(mini).get("cofacts").name == "Cofacts"


@pytest.mark.parametrize("home", [None, ""])
def test_no_home_and_no_passwd_entry_means_no_cache_said_once(ctkb, mini, monkeypatch, home):
    import pwd

    monkeypatch.delenv("CTKB_CACHE_DIR")
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    if home is None:
        monkeypatch.delenv("HOME", raising=False)
    else:
        monkeypatch.setenv("HOME", home)
    monkeypatch.setattr(pwd, "getpwuid", lambda uid: (_ for _ in ()).throw(KeyError(uid)))
    collection = load(mini)
    assert collection.cache is None and len(collection) == len(load_collection(mini))
    result = ctkb("search", "cofacts", "--records", mini)
    assert result.exit_code == 0 and "cofacts" in result.stdout
    assert result.stderr.count("\n") == 1 and "no home directory" in result.stderr


def test_an_empty_home_falls_back_to_the_passwd_entry(monkeypatch, tmp_path):
    import pwd

    monkeypatch.delenv("CTKB_CACHE_DIR")
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setenv("HOME", "")
    entry = pwd.getpwuid(os.getuid())
    assert cache.cache_dir() == (cache.Path(entry.pw_dir) / ".cache" / "ctkb", "")


def test_a_relative_xdg_cache_home_is_ignored(monkeypatch, tmp_path):
    monkeypatch.delenv("CTKB_CACHE_DIR")
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/cache")
    assert cache.cache_dir() == (tmp_path / ".cache" / "ctkb", "")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache.cache_dir() == (tmp_path / "xdg" / "ctkb", "")


# --- The search index kept beside the records --------------------------------------


def test_search_index_is_stored_and_used(mini, monkeypatch):
    from civictech_kb.search import index as search_index
    from civictech_kb.search import ranking as search

    expected = [h.id for h in search.search(load_collection(mini), "fact checking")]
    first = search.search(load(mini), "fact checking")
    assert rows(mini, "SELECT count(*) FROM index_docs") == [(len(expected) and len(load(mini)),)]
    monkeypatch.setattr(
        search_index, "build_index", lambda *a, **k: pytest.fail("the stored index was rebuilt")
    )
    assert [h.id for h in search.search(load(mini), "fact checking")] == [h.id for h in first] == expected


def meaning(index):
    """What an index says, whatever numbers its records have."""
    postings = {term: {index.ids[n]: impact for n, impact in zip(*index.postings(term), strict=True)}
                for term in index.terms()}  # fmt: skip
    types = {record_id: kind for record_id, kind in zip(index.ids, index.types, strict=True) if record_id}
    return postings, types, index.hints, len(index)


def cached_index(root):
    from civictech_kb.search import index as search_index

    return search_index.index_for(load(root))


def fresh_index(root):
    from civictech_kb.search import index as search_index

    return search_index.build_index(load_collection(root))


def test_the_index_is_updated_for_edited_added_and_deleted_records_not_rebuilt(mini, monkeypatch):
    from civictech_kb.search import index as search_index
    from civictech_kb.search import ranking as search

    cached_index(mini)  # built and stored
    path = mini / "projects" / "cofacts.yaml"
    path.write_text(path.read_text().replace("name: Cofacts", "name: Cofacts Renamed Hoax Busters"))
    write_record(mini, "projects", "fresh", "id: fresh\ntype: project\nname: Fresh fact-checking\n"
                 "summary: New rumour verification.\ncountries: [TH]\nsources:\n  - url: https://example.org\n")  # fmt: skip
    (mini / "events" / "drapa-2023.yaml").unlink()
    expected = meaning(fresh_index(mini))
    with monkeypatch.context() as patch:
        patch.setattr(search_index, "build_index", lambda *a, **k: pytest.fail("the index was rebuilt"))
        assert meaning(cached_index(mini)) == expected  # as updated
        assert meaning(cached_index(mini)) == expected  # as written and read back
    for query in ("fact checking", "hoax", "renamed", "drapa", "thailand", "fresh"):
        assert search.search(load(mini), query, limit=None) == search.search(
            load_collection(mini), query, limit=None
        )


def test_a_deleted_record_number_is_taken_by_the_next_one_added(mini):
    cached_index(mini)
    (mini / "events" / "drapa-2023.yaml").unlink()
    assert meaning(cached_index(mini)) == meaning(fresh_index(mini))
    write_record(mini, "events", "later", "id: later\ntype: event\nname: Later Event\n"
                 "summary: A later event.\nsources:\n  - url: https://example.org\n")  # fmt: skip
    index = cached_index(mini)
    assert None not in index.ids
    assert meaning(index) == meaning(fresh_index(mini)) == meaning(cached_index(mini))


def test_vocabulary_hints_follow_a_topic_that_comes_and_goes(mini):
    from civictech_kb.search import ranking as search

    cached_index(mini)
    path = write_record(mini, "projects", "airbox", "id: airbox\ntype: project\nname: AirBox\n"
                        "summary: Sensors.\ntopics: [air-quality]\nsources:\n  - url: https://example.org\n")  # fmt: skip
    index = cached_index(mini)
    assert "airquality" in index.hints and meaning(index) == meaning(fresh_index(mini))
    assert [h.id for h in search.search(load(mini), "air quality")] == ["airbox"]
    path.unlink()
    index = cached_index(mini)
    assert "airquality" not in index.hints and meaning(index) == meaning(fresh_index(mini))


def test_damaged_postings_are_rebuilt(mini):
    from civictech_kb.search import ranking as search

    expected = search.search(load_collection(mini), "fact checking")
    search.search(load(mini), "fact checking")
    with sqlite3.connect(database(mini)) as db:
        db.execute("UPDATE index_terms SET records = x'0102' WHERE term = 'fact'")
        db.execute("UPDATE index_meta SET value = '{' WHERE key = 'hints'")
    assert search.search(load(mini), "fact checking") == expected
    assert search.search(load(mini), "fact checking") == expected


def test_touching_a_file_keeps_the_stored_index(mini, monkeypatch):
    from civictech_kb.search import index as search_index
    from civictech_kb.search import ranking as search

    search.search(load(mini), "fact checking")
    os.utime(mini / "projects" / "cofacts.yaml", ns=(1, 1))
    monkeypatch.setattr(
        search_index, "build_index", lambda *a, **k: pytest.fail("the stored index was rebuilt")
    )
    assert search.search(load(mini), "fact checking")


def test_a_warm_search_reads_only_the_records_it_shows(mini, monkeypatch):
    from civictech_kb.search import ranking as search

    search.search(load(mini), "fact checking")
    read = []
    original = cache.Cache.record
    monkeypatch.setattr(cache.Cache, "record", lambda self, rid: read.append(rid) or original(self, rid))
    monkeypatch.setattr(cache.Cache, "records", lambda self: pytest.fail("every record was read"))
    hits = search.search(load(mini), "fact checking", limit=2)
    assert len(hits) == 2 and sorted(read) == sorted(h.id for h in hits)


# --- Cross-record checks after a change --------------------------------------------


@pytest.mark.parametrize(
    "change",
    [
        lambda root: (root / "countries" / "thailand.yaml").unlink(),  # leaves relations and countries dangling
        lambda root: write_record(root, "projects", "copy",
                                  (root / "projects" / "cofacts.yaml").read_text().replace("id: cofacts", "id: copy")),
        lambda root: write_record(root, "projects", "twin", (root / "projects" / "cofacts.yaml").read_text()),
        lambda root: write_record(root, "projects", "cofact-thailand", (root / "projects" / "cofact-thailand.yaml")
                                  .read_text().replace("inspired_by: [cofacts]", "inspired_by: [nowhere]")),
        lambda root: write_record(root, "projects", "cofacts", (root / "projects" / "cofacts.yaml")
                                  .read_text().replace("countries: [TW]", "countries: [JP]")),
    ],
    ids=["deleted-target", "added", "duplicate-id", "relation-edited", "country-edited"],
)  # fmt: skip
def test_cross_record_checks_see_the_whole_collection_after_a_change(mini, change):
    load(mini)
    change(mini)

    def problems(**options):
        try:
            load_collection(mini, **options)
        except InvalidRecords as err:
            return err.problems
        return []

    assert problems(use_cache=True) == problems()
    assert problems(use_cache=True) == problems()  # and the cache did not keep the bad state


def test_an_edit_of_text_alone_needs_no_cross_record_checks(mini, monkeypatch):
    import civictech_kb.store.cross_checks

    load(mini)
    path = mini / "projects" / "cofacts.yaml"
    path.write_text(path.read_text().replace("name: Cofacts", "name: Cofacts Edited"))
    monkeypatch.setattr(
        civictech_kb.store.cross_checks, "check_collection", lambda c: pytest.fail("checked again")
    )
    assert load(mini).get("cofacts").name == "Cofacts Edited"


def test_processes_loading_at_once_leave_a_valid_cache(mini):
    import subprocess

    load(mini).cache.close()
    path = mini / "projects" / "cofacts.yaml"
    path.write_text(path.read_text().replace("name: Cofacts", "name: Cofacts Again"))
    command = [sys.executable, "-m", "civictech_kb", "search", "cofacts", "--records", str(mini)]
    runs = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=dict(os.environ))
            for _ in range(4)]  # fmt: skip
    outputs = [run.communicate(timeout=60) for run in runs]
    assert [run.returncode for run in runs] == [0] * 4, outputs
    assert len({out for out, _ in outputs}) == 1 and b"Cofacts Again" in outputs[0][0]
    assert all(err == b"" for _, err in outputs)
    again = load(mini)
    assert again.get("cofacts").name == "Cofacts Again"
    again.cache.close()
    assert [p.name for p in database(mini).parent.iterdir()] == [database(mini).name]  # no journal left
