"""The on-disk cache: used when valid, ignored when stale, corrupt or foreign,
and never changing results."""

import sys

import pytest

from civictech_kb import cache, vocab
from civictech_kb.loader import load_collection
from civictech_kb.problems import InvalidRecords

from .conftest import write_record


def snapshot(collection):
    return [(r.id, r.data) for r in collection]


def test_second_load_comes_from_cache(mini, monkeypatch):
    first = load_collection(mini)
    assert cache.cache_path(mini).exists()
    import civictech_kb.loader as loader

    monkeypatch.setattr(loader, "load_file", lambda *a: pytest.fail("a cached file was parsed again"))
    assert snapshot(load_collection(mini)) == snapshot(first)


def test_results_identical_with_and_without_cache(mini):
    assert snapshot(load_collection(mini)) == snapshot(load_collection(mini, use_cache=False))
    assert snapshot(load_collection(mini)) == snapshot(load_collection(mini, use_cache=False))


def test_changed_added_and_deleted_files_are_picked_up(mini):
    load_collection(mini)
    path = mini / "projects" / "cofacts.yaml"
    path.write_text(path.read_text().replace("name: Cofacts", "name: Cofacts Renamed"))
    write_record(mini, "projects", "fresh", "id: fresh\ntype: project\nname: Fresh\nsummary: New.\n"
                 "sources:\n  - url: https://example.org\n")  # fmt: skip
    (mini / "events" / "drapa-2023.yaml").unlink()
    collection = load_collection(mini)
    assert collection.get("cofacts").name == "Cofacts Renamed"
    assert collection.get("fresh") is not None
    assert collection.get("drapa-2023") is None


def test_a_broken_edit_is_reported_not_hidden_by_the_cache(mini):
    load_collection(mini)
    (mini / "projects" / "cofacts.yaml").write_text("id: cofacts\ntype: project\n")
    with pytest.raises(InvalidRecords):
        load_collection(mini)


@pytest.mark.parametrize(
    "spoil",
    [
        lambda blob: blob[: len(blob) // 2],  # truncated
        lambda blob: blob[:-10] + b"0123456789",  # corrupt payload
        lambda blob: b"not a cache at all",  # foreign
        lambda blob: b"",  # empty
    ],
)
def test_corrupt_cache_is_ignored_and_rebuilt(mini, spoil):
    expected = snapshot(load_collection(mini))
    path = cache.cache_path(mini)
    path.write_bytes(spoil(path.read_bytes()))
    assert snapshot(load_collection(mini)) == expected
    assert cache.read_cache(mini) is not None  # rebuilt


def test_cache_from_another_schema_version_is_ignored(mini, monkeypatch):
    load_collection(mini)
    monkeypatch.setattr(cache, "_stamp", lambda: (cache.FORMAT, 999, sys.version_info[:2], 0))
    assert cache.read_cache(mini) is None


def test_vocabulary_change_invalidates_the_vocab_snapshot(mini):
    load_collection(mini)
    saved = cache.read_cache(mini).vocab
    assert vocab.restore(saved)
    saved = {**saved, "stamp": [["topics.yaml", 0, 0]]}
    assert not vocab.restore(saved)


def test_clear_and_no_cache_option(ctkb, mini):
    assert ctkb("--no-cache", "list", "--records", mini).exit_code == 0
    assert not cache.cache_path(mini).exists()
    ctkb("list", "--records", mini)
    assert cache.cache_path(mini).exists()
    result = ctkb("cache", "clear")
    assert result.exit_code == 0 and "removed 1 cache file(s)" in result.stderr
    assert not cache.cache_path(mini).exists()


def test_search_index_is_cached_and_dropped_when_records_change(mini, monkeypatch):
    from civictech_kb import search

    expected = [h.id for h in search.search(load_collection(mini, use_cache=False), "fact checking")]
    load_collection(mini)
    first = search.search(load_collection(mini), "fact checking")
    assert cache.read_cache(mini).extras.get(search.INDEX_CACHE_KEY)
    monkeypatch.setattr(search, "build_index", lambda c: pytest.fail("the cached index was rebuilt"))
    assert [h.id for h in search.search(load_collection(mini), "fact checking")] == [h.id for h in first] == expected
    monkeypatch.undo()
    path = mini / "projects" / "cofacts.yaml"
    path.write_text(path.read_text().replace("name: Cofacts", "name: Cofacts Renamed"))
    assert load_collection(mini).extras == {}


def test_touching_a_file_keeps_the_cached_index(mini):
    import os

    from civictech_kb import search

    search.search(load_collection(mini), "fact checking")
    os.utime(mini / "projects" / "cofacts.yaml", ns=(1, 1))
    assert search.INDEX_CACHE_KEY in load_collection(mini).extras
    assert cache.read_cache(mini).files[str(mini / "projects" / "cofacts.yaml")].mtime_ns == 1
