"""An index built chunk by chunk. Each chunk of records (in a worker
process, for a large collection: store/workers.py) gives its part of the
index with its postings already packed as index_store.py stores them, so
that what comes back from a worker is a few byte strings per term rather
than a dict of lists per record, and the chunks are put together by
joining bytes, in record order: the same index, term for term, as one
process building it record by record.

A term's packed postings are two arrays of whole numbers ("i"): the
record numbers (ascending), and for each record its field counts as its
count of numbers, then flat [field number, count, ...] pairs.
"""

from __future__ import annotations

import operator
from array import array
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, NamedTuple

from civictech_kb.model.data import YamlMapping
from civictech_kb.search.fields import FIELDS, record_terms

if TYPE_CHECKING:
    from civictech_kb.model.vocabulary import Vocabulary

_NONE: dict[str, int] = {}
Packed = tuple[bytes, bytes]  # record numbers, and each record's [size, field, count, ...]


class Fragment(NamedTuple):
    """A chunk's part of the index: its records' ids, types and field
    lengths, term -> packed postings (terms in the order the chunk's
    records first say them), and each record's terms as positions in that
    order (a packed array)."""

    ids: list[str]
    types: list[str]
    lengths: list[list[int]]
    postings: dict[str, Packed]
    terms: list[bytes]


def fragment(chunk: list[tuple[int, YamlMapping]], vocabulary: Vocabulary | None = None) -> Fragment:
    """The part of the index of a chunk of (record number, record data)."""
    ids, types, lengths, terms = [], [], [], []
    found_terms: dict[str, tuple[int, array[int], array[int]]] = {}  # term -> position, numbers, counts
    for number, data in chunk:
        ids.append(data["id"])
        types.append(data["type"])
        by_field = record_terms(data, vocabulary)
        row = []  # the record's number of words (hint terms aside) in each field
        by_term: dict[str, list[int]] = {}  # term -> [size, field number, count, ...]
        for field_number, name in enumerate(FIELDS):
            words = 0
            for term, count in by_field.get(name, _NONE).items():
                if term[0] != "#":
                    words += count
                found = by_term.get(term)
                if found is None:
                    by_term[term] = [2, field_number, count]
                else:
                    found[0] += 2
                    found += (field_number, count)
            row.append(words)
        lengths.append(row)
        held = array("i")
        for term, flat in by_term.items():
            entry = found_terms.get(term)
            if entry is None:
                entry = found_terms[term] = (len(found_terms), array("i", [number]), array("i", flat))
            else:
                entry[1].append(number)
                entry[2].extend(flat)
            held.append(entry[0])
        terms.append(held.tobytes())
    postings = {term: (entry[1].tobytes(), entry[2].tobytes()) for term, entry in found_terms.items()}
    return Fragment(ids, types, lengths, postings, terms)


class Assembled:
    """Fragments put together in record order: ids, types and field
    lengths by record number; term -> (its number: 1, 2, ... in order of
    first use, the row number index_store.py gives it; its packed postings
    in pieces, to be joined); and each record's term numbers."""

    def __init__(self) -> None:
        self.ids: list[str | None] = []
        self.types: list[str | None] = []
        self.lengths: list[list[int] | None] = []
        self.postings: dict[str, tuple[int, list[bytes], list[bytes]]] = {}
        self.term_numbers: list[array[int]] = []

    def add(self, part: Fragment) -> None:
        self.ids += part.ids
        self.types += part.types
        self.lengths += part.lengths
        postings = self.postings
        numbers = array("i")
        for term, (records, counts) in part.postings.items():
            entry = postings.get(term)
            if entry is None:
                entry = postings[term] = (len(postings) + 1, [records], [counts])
            else:
                entry[1].append(records)
                entry[2].append(counts)
            numbers.append(entry[0])
        for held in part.terms:
            positions = array("i")
            positions.frombytes(held)
            self.term_numbers.append(_picked(numbers, positions))

    def terms(self) -> Iterator[str]:
        return iter(self.postings)

    def joined(self, term: str) -> Packed:
        """A term's packed postings, whole."""
        _, records, counts = self.postings[term]
        return b"".join(records), b"".join(counts)

    def unpacked(self, term: str) -> list[list[int]]:
        """A term's postings as [record numbers, field counts] lists."""
        records, flat = array("i"), array("i")
        packed_records, packed_counts = self.joined(term)
        records.frombytes(packed_records)
        flat.frombytes(packed_counts)
        each: list[list[int]] = []
        at = 0
        while at < len(flat):
            size = flat[at]
            each.append(flat[at + 1 : at + 1 + size].tolist())
            at += 1 + size
        return [records.tolist(), each]  # type: ignore[list-item]  # [numbers, counts], as build_index keeps them


def _picked(table: array[int], positions: array[int]) -> array[int]:
    """table[p] for each p in positions."""
    if len(positions) > 1:
        return array("i", operator.itemgetter(*positions)(table))
    return array("i", [table[p] for p in positions])


def assemble(
    fragments: Iterable[Fragment], total: int = 0, progress: Callable[[int, int], None] | None = None
) -> Assembled:
    """The fragments put together, in order; progress(done, total) after each."""
    whole = Assembled()
    for part in fragments:
        whole.add(part)
        if progress and total:
            progress(len(whole.ids), total)
    return whole
