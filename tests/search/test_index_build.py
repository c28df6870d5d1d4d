"""A large collection's index is built with worker processes; it is the
index one process builds, term for term and in the same order."""

from civictech_kb.search import index
from civictech_kb.search.index import build_index
from civictech_kb.store import workers
from civictech_kb.store.loader import load_collection

from ..conftest import BUNDLED


def test_an_index_built_by_workers_is_the_one_built_in_one_process(monkeypatch):
    records = load_collection(BUNDLED).records
    alone = build_index(records)
    monkeypatch.setattr(workers, "PARALLEL_FROM", 2)
    monkeypatch.setattr(workers.os, "cpu_count", lambda: 2)
    monkeypatch.setattr(index, "INDEX_CHUNK", 7)  # several chunks, put back together in order
    spread = build_index(records)
    assert list(spread.terms()) == list(alone.terms())
    assert spread.to_data() == alone.to_data()


def test_postings_spliced_in_place_are_the_postings_packed_afresh():
    from civictech_kb.search.packed import PackedPostings, _pack, _unpack

    numbers, counts = [1, 4, 9], [[0, 2], [3, 1, 5, 2], [7, 1]]
    postings = PackedPostings.read(*_pack(numbers, counts))
    postings.remove(4)
    postings.remove(5)  # not there: nothing happens
    postings.insert(0, [1, 1])
    postings.insert(4, [2, 3, 4, 1])
    postings.insert(12, [5, 5])
    postings.remove(1)
    assert _unpack(*postings.packed()) == ([0, 4, 9, 12], [[1, 1], [2, 3, 4, 1], [7, 1], [5, 5]])
