"""The on-disk cache: used when valid, ignored when stale, corrupt or foreign,
and never changing results."""

import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from civictech_kb.model import vocab
from civictech_kb.model.problems import InvalidRecords
from civictech_kb.store import cache
from civictech_kb.store.loader import load_collection

from .conftest import write_record


def snapshot(collection):
    return [(r.id, r.data) for r in collection]


def test_second_load_comes_from_cache(mini, monkeypatch):
    first = load_collection(mini)
    assert cache.cache_path(mini).exists()
    import civictech_kb.store.loader as loader

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


def test_search_index_is_cached_and_used(mini, monkeypatch):
    from civictech_kb.search import index as search_index
    from civictech_kb.search import ranking as search

    expected = [h.id for h in search.search(load_collection(mini, use_cache=False), "fact checking")]
    load_collection(mini)
    first = search.search(load_collection(mini), "fact checking")
    assert search_index.INDEX_CACHE_KEY in cache.read_cache(mini).extras
    monkeypatch.setattr(
        search_index, "build_index", lambda *a, **k: pytest.fail("the cached index was rebuilt")
    )
    assert (
        [h.id for h in search.search(load_collection(mini), "fact checking")]
        == [h.id for h in first]
        == expected
    )


def meaning(index):
    """What an index says, whatever numbers its records have."""
    postings = {term: {index.ids[n]: impact for n, impact in zip(*index.postings(term), strict=True)}
                for term in index._postings}  # fmt: skip
    types = {record_id: kind for record_id, kind in zip(index.ids, index.types, strict=True) if record_id}
    return postings, types, index.hints, len(index)


def cached_index(root):
    from civictech_kb.search import index as search_index

    return search_index.index_for(load_collection(root))


def fresh_index(root):
    from civictech_kb.search import index as search_index

    return search_index.build_index(load_collection(root, use_cache=False))


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
        assert search.search(load_collection(mini), query, limit=None) == search.search(
            load_collection(mini, use_cache=False), query, limit=None
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
    assert [h.id for h in search.search(load_collection(mini), "air quality")] == ["airbox"]
    path.unlink()
    index = cached_index(mini)
    assert "airquality" not in index.hints and meaning(index) == meaning(fresh_index(mini))


@pytest.mark.parametrize(
    "change",
    [
        lambda root: (
            root / "countries" / "thailand.yaml"
        ).unlink(),  # leaves relations and countries dangling
        lambda root: write_record(
            root,
            "projects",
            "copy",
            (root / "projects" / "cofacts.yaml").read_text().replace("id: cofacts", "id: copy"),
        ),
        lambda root: write_record(root, "projects", "twin", (root / "projects" / "cofacts.yaml").read_text()),
        lambda root: write_record(
            root,
            "projects",
            "cofact-thailand",
            (root / "projects" / "cofact-thailand.yaml")
            .read_text()
            .replace("inspired_by: [cofacts]", "inspired_by: [nowhere]"),
        ),
        lambda root: write_record(
            root,
            "projects",
            "cofacts",
            (root / "projects" / "cofacts.yaml").read_text().replace("countries: [TW]", "countries: [JP]"),
        ),
    ],
    ids=["deleted-target", "added", "duplicate-id", "relation-edited", "country-edited"],
)
def test_cross_record_checks_see_the_whole_collection_after_a_change(mini, change):
    load_collection(mini)
    change(mini)

    def problems(**options):
        try:
            load_collection(mini, **options)
        except InvalidRecords as err:
            return err.problems
        return []

    assert problems() == problems(use_cache=False)
    assert problems() == problems(use_cache=False)  # and the cache did not keep the bad state


def test_an_edit_of_text_alone_needs_no_cross_record_checks(mini, monkeypatch):
    import civictech_kb.store.cross_checks

    load_collection(mini)
    path = mini / "projects" / "cofacts.yaml"
    path.write_text(path.read_text().replace("name: Cofacts", "name: Cofacts Edited"))
    monkeypatch.setattr(
        civictech_kb.store.cross_checks, "check_collection", lambda c: pytest.fail("checked again")
    )
    assert load_collection(mini).get("cofacts").name == "Cofacts Edited"


def test_a_warm_search_reads_only_the_records_it_shows(mini, monkeypatch):
    from civictech_kb.search import ranking as search

    search.search(load_collection(mini), "fact checking")
    read = []
    original = cache.Blob.load
    monkeypatch.setattr(cache.Blob, "load", lambda blob: read.append(blob) or original(blob))
    hits = search.search(load_collection(mini), "fact checking", limit=2)
    records = [blob for blob in read if isinstance(original(blob), dict) and "id" in original(blob)]
    assert len(hits) == 2 and len(records) == 2
    assert len(read) < 20  # the two records and the postings of a few terms


@pytest.mark.parametrize("target", ["record", "postings"])
def test_a_damaged_blob_is_noticed_when_read_and_the_cache_rebuilt(mini, target):
    from civictech_kb.search import index as search_index
    from civictech_kb.search import ranking as search

    expected = search.search(load_collection(mini, use_cache=False), "fact checking")
    search.search(load_collection(mini), "fact checking")
    content = cache.read_cache(mini)
    if target == "record":
        column, number = content.records, content.paths.index("projects/cofacts.yaml")
    else:
        table = content.extras[search_index.INDEX_CACHE_KEY].table
        column, number = table.column, table.keys.index("fact")
    path = cache.cache_path(mini)
    data = bytearray(path.read_bytes())
    data[column.offsets[number] + column.lengths[number] // 2] ^= 0xFF
    path.write_bytes(bytes(data))
    assert search.search(load_collection(mini), "fact checking") == expected
    assert search.search(load_collection(mini), "fact checking") == expected
    assert cache.read_cache(mini) is not None


def test_touching_a_file_keeps_the_cached_index(mini):
    import os

    from civictech_kb.search import index as search_index
    from civictech_kb.search import ranking as search

    search.search(load_collection(mini), "fact checking")
    os.utime(mini / "projects" / "cofacts.yaml", ns=(1, 1))
    assert search_index.INDEX_CACHE_KEY in load_collection(mini).extras
    content = cache.read_cache(mini)
    assert content.mtimes[content.paths.index("projects/cofacts.yaml")] == 1


@settings(max_examples=200, deadline=None)
@given(
    old=st.sets(st.text("abc", min_size=1, max_size=4), max_size=12),
    kept_share=st.integers(0, 3),
    new=st.sets(st.text("abcd", min_size=1, max_size=4), max_size=5),
)
def test_rows_are_spliced_in_path_order(old, kept_share, new):
    from civictech_kb.store.cached_load import _splice

    paths = sorted(old)
    kept_rows = [row for row in range(len(paths)) if (row + kept_share) % 4]
    new_names = sorted(set(new) - set(paths))
    spliced = [
        paths[row]
        for s in _splice(paths, kept_rows, new_names)
        for row in (s if isinstance(s, range) else [])
    ]
    names = [s if isinstance(s, str) else paths[row] for s in _splice(paths, kept_rows, new_names)
             for row in (s if isinstance(s, range) else [None])]  # fmt: skip
    assert names == sorted([paths[row] for row in kept_rows] + new_names)
    assert spliced == [paths[row] for row in kept_rows]


def test_processes_loading_at_once_leave_a_valid_cache(mini):
    import os
    import subprocess

    load_collection(mini)
    path = mini / "projects" / "cofacts.yaml"
    path.write_text(path.read_text().replace("name: Cofacts", "name: Cofacts Again"))
    command = [sys.executable, "-m", "civictech_kb", "search", "cofacts", "--records", str(mini)]
    runs = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=dict(os.environ))
            for _ in range(4)]  # fmt: skip
    outputs = [run.communicate(timeout=60) for run in runs]
    assert [run.returncode for run in runs] == [0] * 4, outputs
    assert len({out for out, _ in outputs}) == 1 and b"Cofacts Again" in outputs[0][0]
    assert cache.read_cache(mini) is not None
    assert [p.name for p in cache.cache_dir().iterdir()] == [cache.cache_path(mini).name]  # no temporary left
