"""The index kept in the cache database carries what a query derives from
the collection and the vocabulary, so that a warm search reads no
vocabulary file and gives what a search without the cache gives."""

from __future__ import annotations

import json
import subprocess
import sys

from civictech_kb.search.index import build_index, index_for
from civictech_kb.search.ranking import find
from civictech_kb.search.vocabulary import query_vocabulary
from civictech_kb.store.loader import load_collection

from ..conftest import REPO

RECORDS = REPO / "records"
# English, a glossary word in another script, a topic synonym, a phrase with stopwords
QUERIES = ["fact checking", "事實查核", "ข่าวปลอม", "what helps with air quality in taiwan"]

# A fresh process (no vocabulary held in memory) in which reading a data file fails.
WARM_SEARCH = """
import json, sys
from civictech_kb.model import vocab
def no_file(name):
    raise AssertionError(f"a warm search read data/{name}")
vocab.data_file = no_file
from civictech_kb.search.ranking import find
from civictech_kb.store.loader import load_collection
collection = load_collection(__import__("pathlib").Path(sys.argv[1]), use_cache=True)
print(json.dumps({q: [h.as_dict(explain=True) for h in find(collection, q).hits] for q in sys.argv[2:]}))
"""


def _hits(collection, query):
    return [hit.as_dict(explain=True) for hit in find(collection, query).hits]


def test_a_warm_search_reads_no_vocabulary_file_and_finds_the_same():
    expected = {q: _hits(load_collection(RECORDS), q) for q in QUERIES}
    _hits(load_collection(RECORDS, use_cache=True), QUERIES[0])  # builds the cache and stores the index
    run = subprocess.run([sys.executable, "-c", WARM_SEARCH, str(RECORDS), *QUERIES],
                         capture_output=True, text=True, check=False)  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout) == json.loads(json.dumps(expected))


def test_the_stored_index_keeps_the_field_averages_and_tables_of_a_fresh_build():
    collection = load_collection(RECORDS, use_cache=True)
    stored = index_for(collection)
    assert stored.average_lengths == build_index(collection).average_lengths
    assert stored.vocabulary == query_vocabulary()


def test_a_warm_search_reads_the_data_of_only_the_records_it_shows(ctkb, monkeypatch):
    from civictech_kb.store.cache import Cache

    ctkb("search", "fact checking", "--records", RECORDS)  # builds the cache and stores the index
    read: list[str] = []
    record = Cache.record

    def one(self, record_id):
        read.append(record_id)
        return record(self, record_id)

    def every(self):
        raise AssertionError("a warm search read every record")

    monkeypatch.setattr(Cache, "record", one)
    monkeypatch.setattr(Cache, "records", every)
    result = ctkb("search", "fact checking", "--records", RECORDS, "--limit", "3")
    assert result.exit_code == 0, result.output
    assert 1 <= len(set(read)) <= 3


def test_damaged_record_columns_are_rebuilt_and_the_hits_are_the_same(tmp_path):
    import shutil
    import sqlite3

    from civictech_kb.store import cache

    records = tmp_path / "records"
    shutil.copytree(RECORDS, records)
    expected = _hits(load_collection(records), QUERIES[0])
    assert _hits(load_collection(records, use_cache=True), QUERIES[0]) == expected
    directory, _ = cache.cache_dir()
    with sqlite3.connect(directory / cache.cache_name(records)) as db:
        db.execute("UPDATE index_columns SET value = x'789c' WHERE key = 'lengths'")
    assert _hits(load_collection(records, use_cache=True), QUERIES[0]) == expected
    assert _hits(load_collection(records, use_cache=True), QUERIES[0]) == expected


def test_stored_columns_give_back_each_record_s_id_type_and_lengths():
    from civictech_kb.search.columns import Columns

    columns = Columns.of(["a", None, "c"], ["project", None, "country"], [[1, 2], None, [0, 5]], 2)
    columns.set(1, "b", "event", [3])
    back = Columns.unpack(columns.pack(), 2)
    assert back.ids == ["a", "b", "c"]
    assert list(back.types) == ["project", "event", "country"]
    assert [list(row or []) for row in back.lengths] == [[1, 2], [3, 0], [0, 5]]
    assert back.sums() == ([4, 7], 3)
    back.set(0, None, None, None)
    assert back.lengths[0] is None and back.types[0] is None and back.sums() == ([3, 5], 2)


def test_ranking_reads_the_same_lengths_and_types_from_columns_as_from_lists():
    from civictech_kb.search.columns import Columns
    from civictech_kb.search.fields import FIELDS
    from civictech_kb.search.index import flat_lengths, numbers_of_type

    width = len(FIELDS)
    ids, types = ["a", None, "c", "d"], ["country", None, "project", "country"]
    lengths = [[1] * width, None, [2] * (width - 1), [3] * width]
    columns = Columns.unpack(Columns.of(ids, types, lengths, width).pack(), width)
    assert list(flat_lengths(columns.lengths)) == list(flat_lengths(lengths))
    assert list(flat_lengths(lengths)) == [1] * width + [0] * width + [2] * (width - 1) + [0] + [3] * width
    assert numbers_of_type(columns.types, "country") == numbers_of_type(types, "country") == {0, 3}
    assert numbers_of_type(columns.types, "event") == numbers_of_type(types, "event") == set()
