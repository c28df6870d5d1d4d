"""What the search index keeps of every record, packed: its id, its type
and its number of words per field, by record number. A query scores only
the records its terms reach, so a stored index keeps these as three
compressed arrays (read in a few milliseconds, one Python object per
record only for the ids), not as lists of lists.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator, Sequence
from typing import overload

from civictech_kb.search.packed import _deflate, _inflate

NO_TYPE = 255  # the type code of a free record number


class Columns:
    """ids[n], types[n] and lengths[n] of every record number n; a free
    number (a record removed, see index_store.update_index) has id None.
    (A plain class: a warm search reads one, and defining a dataclass costs
    about ten times as much at start-up; benchmarks/README.md.)"""

    def __init__(self, ids: list[str | None], type_names: list[str], codes: bytearray, flat: array[int],
                 width: int) -> None:  # fmt: skip
        self.ids = ids
        self.type_names = type_names  # type code -> name
        self.codes = codes  # type code of each number (NO_TYPE for a free one)
        self.flat = flat  # `width` field lengths per number, one after the other (zeros for a free one)
        self.width = width

    @classmethod
    def of(cls, ids: Sequence[str | None], types: Sequence[str | None],
           lengths: Sequence[Sequence[int] | None], width: int) -> Columns:  # fmt: skip
        """The columns of an index's lists."""
        columns = cls([], [], bytearray(), array("i"), width)
        for record_id, kind, row in zip(ids, types, lengths, strict=True):
            columns.append(record_id, kind, row)
        return columns

    def __len__(self) -> int:
        return len(self.ids)

    def append(self, record_id: str | None, kind: str | None, row: Sequence[int] | None) -> None:
        self.ids.append(None)
        self.codes.append(NO_TYPE)
        self.flat.extend([0] * self.width)
        self.set(len(self.ids) - 1, record_id, kind, row)

    def set(self, number: int, record_id: str | None, kind: str | None, row: Sequence[int] | None) -> None:
        """Give a number its record (or free it: record_id None)."""
        self.ids[number] = record_id
        self.codes[number] = NO_TYPE if record_id is None or kind is None else self._code(kind)
        values = list(row or []) if record_id is not None else []
        values = (values + [0] * self.width)[: self.width]
        self.flat[number * self.width : (number + 1) * self.width] = array("i", values)

    def _code(self, kind: str) -> int:
        if kind not in self.type_names:
            if len(self.type_names) >= NO_TYPE:
                raise ValueError("too many record types")
            self.type_names.append(kind)
        return self.type_names.index(kind)

    @property
    def types(self) -> Types:
        return Types(self)

    @property
    def lengths(self) -> Lengths:
        return Lengths(self)

    def sums(self) -> tuple[list[int], int]:
        """Each field's total length over the records, and how many records there are."""
        return [sum(self.flat[f :: self.width]) for f in range(self.width)], len(self.ids) - self.ids.count(
            None
        )

    def pack(self) -> dict[str, bytes]:
        """The columns as stored: compressed bytes."""
        if any(record_id is not None and "\n" in record_id for record_id in self.ids):
            raise ValueError("a record id holds a line break")
        text = "\n".join(record_id or "" for record_id in self.ids)
        return {"ids": _deflate(text.encode()), "types": _deflate(bytes(self.codes)),
                "lengths": _deflate(self.flat.tobytes()), "type_names": "\n".join(self.type_names).encode()}  # fmt: skip

    @classmethod
    def unpack(cls, stored: dict[str, bytes], width: int) -> Columns:
        """Columns from `pack()`; ValueError if they are not what it wrote."""
        try:
            text = _inflate(stored["ids"], 1).decode()
            codes = bytearray(_inflate(stored["types"], 1))
            flat = array("i")
            flat.frombytes(_inflate(stored["lengths"]))
            names = stored["type_names"].decode()
        except (KeyError, UnicodeDecodeError, TypeError):
            raise ValueError("the stored record columns are malformed") from None
        ids: list[str | None] = [record_id or None for record_id in text.split("\n")] if text else []
        type_names = names.split("\n") if names else []
        if not (len(codes) == len(ids) and len(flat) == len(ids) * width
                and all(code < len(type_names) or code == NO_TYPE for code in set(codes))):  # fmt: skip
            raise ValueError("the stored record columns are malformed")
        return cls(ids, type_names, codes, flat, width)


class Types(Sequence[str | None]):
    """types[n]: record n's type (None for a free number)."""

    def __init__(self, columns: Columns):
        self._names = [*columns.type_names, *[None] * (NO_TYPE + 1 - len(columns.type_names))]
        self._codes = columns.codes

    def __len__(self) -> int:
        return len(self._codes)

    @overload
    def __getitem__(self, number: int) -> str | None: ...
    @overload
    def __getitem__(self, number: slice) -> list[str | None]: ...
    def __getitem__(self, number: int | slice) -> str | list[str | None] | None:
        if isinstance(number, slice):
            return [self._names[code] for code in self._codes[number]]
        return self._names[self._codes[number]]

    def __iter__(self) -> Iterator[str | None]:
        names = self._names
        return (names[code] for code in self._codes)

    def numbers_of(self, name: str) -> set[int]:
        """The numbers of the records of one type (found in the packed codes, not one by one)."""
        if name not in self._names[:NO_TYPE]:
            return set()
        code, codes, found = self._names.index(name), self._codes, set()
        at = codes.find(code)
        while at >= 0:
            found.add(at)
            at = codes.find(code, at + 1)
        return found


class Lengths(Sequence[Sequence[int] | None]):
    """lengths[n]: record n's number of words per field (None for a free number)."""

    def __init__(self, columns: Columns):
        self._columns = columns

    @property
    def flat(self) -> array[int]:
        """Every number's field lengths end to end, `width` each (zeros for a free number)."""
        return self._columns.flat

    def __len__(self) -> int:
        return len(self._columns.ids)

    @overload
    def __getitem__(self, number: int) -> Sequence[int] | None: ...
    @overload
    def __getitem__(self, number: slice) -> list[Sequence[int] | None]: ...
    def __getitem__(self, number: int | slice) -> Sequence[int] | list[Sequence[int] | None] | None:
        if isinstance(number, slice):
            return [self[n] for n in range(*number.indices(len(self)))]
        columns = self._columns
        if columns.ids[number] is None:
            return None
        if number < 0:
            number += len(columns.ids)
        return columns.flat[number * columns.width : (number + 1) * columns.width]
