"""The view result of ctkb search, apart from the other lists of records
(records.py) because a search must start fast: it is a NamedTuple, so that
a search defines no dataclass and imports neither dataclasses nor inspect
(about 20 ms at start-up; benchmarks/README.md). Its JSON is its
`json_value`, as for the other results."""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from civictech_kb.search.ranking import SearchHit


class SearchResults(NamedTuple):
    """Search hits, best first; with explain, how each one scored."""

    hits: list[SearchHit]
    explain: bool = False

    def json_value(self) -> object:
        return [hit.as_dict(self.explain) for hit in self.hits]
