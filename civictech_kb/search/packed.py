"""How the search index's arrays are stored: record numbers and field
counts as packed, compressed arrays of whole numbers (index_store.py), and
the postings of one term changed in place for an update: a record put in or
taken out is spliced into the packed arrays, not unpacked into lists and
packed again (a common term has a posting in nearly every record).
"""

from __future__ import annotations

import bisect
import itertools
import operator
import zlib
from array import array
from collections.abc import Iterable

Postings = tuple[list[int], list[list[int]]]  # record numbers and each one's field counts


def _unpack(records: bytes, counts: bytes) -> Postings:
    """Record numbers, and each record's counts (stored as its length, then the counts)."""
    numbers, flat = array("i"), array("i")
    numbers.frombytes(_inflate(records))
    flat.frombytes(_inflate(counts))
    each: list[list[int]] = []
    at = 0
    while at < len(flat):
        size = flat[at]
        if size < 0 or at + 1 + size > len(flat):
            raise ValueError("stored postings are malformed")
        each.append(flat[at + 1 : at + 1 + size].tolist())
        at += 1 + size
    if len(numbers) != len(each):
        raise ValueError("stored postings are malformed")
    return numbers.tolist(), each


def _pack(numbers: list[int], counts: list[list[int]]) -> tuple[bytes, bytes]:
    flat = array("i")
    for each in counts:
        flat.append(len(each))
        flat.extend(each)
    return _deflate(array("i", numbers)), _deflate(flat)


MAX_ARRAY_BYTES = 1 << 30  # no stored array is larger (a record number per record and term)


def _deflate(numbers: array[int] | bytes) -> bytes:
    """A packed array of whole numbers (or bytes), compressed: they are small and repeat."""
    return zlib.compress(numbers if isinstance(numbers, bytes) else numbers.tobytes(), 1)


def _pack_rows(rows: Iterable[int]) -> bytes:
    """A record's term rows, sorted and stored as the gaps between them (which compress)."""
    ordered = sorted(rows)
    return _deflate(array("i", map(operator.sub, ordered, itertools.chain((0,), ordered))))


def _unpack_rows(stored: bytes) -> list[int]:
    gaps = array("i")
    gaps.frombytes(_inflate(stored))
    return list(itertools.accumulate(gaps))


def _inflate(stored: bytes, unit: int = 4) -> bytes:
    """The bytes of a packed array (of `unit`-byte numbers), never more than
    MAX_ARRAY_BYTES of them; ValueError if they are not what _deflate wrote."""
    inflater = zlib.decompressobj()
    try:
        data = inflater.decompress(stored, MAX_ARRAY_BYTES)
    except (zlib.error, TypeError):
        raise ValueError("a stored array is not compressed data") from None
    if inflater.unconsumed_tail or not inflater.eof or len(data) % unit:
        raise ValueError("a stored array is malformed")
    return data


class PackedPostings:
    """One term's postings as stored, for an update: record numbers
    (ascending) and, one after the other, each one's field counts (its
    length, then the counts)."""

    def __init__(self, numbers: array[int], flat: array[int]):
        self.numbers = numbers
        self.flat = flat

    @classmethod
    def empty(cls) -> PackedPostings:
        return cls(array("i"), array("i"))

    @classmethod
    def read(cls, records: bytes, counts: bytes) -> PackedPostings:
        """Stored postings; ValueError if they are not what _pack wrote."""
        numbers, flat = array("i"), array("i")
        numbers.frombytes(_inflate(records))
        flat.frombytes(_inflate(counts))
        return cls(numbers, flat)

    def __len__(self) -> int:
        return len(self.numbers)

    def _start(self, posting: int) -> int:
        """Where a posting's counts begin in `flat`; ValueError if the arrays are malformed."""
        if posting == len(self.numbers):
            return len(self.flat)
        at, flat = 0, self.flat
        try:
            for _ in range(posting):
                at += flat[at] + 1
        except IndexError:
            raise ValueError("stored postings are malformed") from None
        if not 0 <= at < len(flat):
            raise ValueError("stored postings are malformed")
        return at

    def remove(self, number: int) -> None:
        """Take record `number` out, if it is in."""
        at = bisect.bisect_left(self.numbers, number)
        if at < len(self.numbers) and self.numbers[at] == number:
            start = self._start(at)
            del self.flat[start : start + 1 + self.flat[start]]
            del self.numbers[at]

    def insert(self, number: int, counts: list[int]) -> None:
        """Put record `number` in with its field counts."""
        at = bisect.bisect_left(self.numbers, number)
        start = self._start(at)
        self.flat[start:start] = array("i", [len(counts), *counts])
        self.numbers.insert(at, number)

    def packed(self) -> tuple[bytes, bytes]:
        return _deflate(self.numbers), _deflate(self.flat)
