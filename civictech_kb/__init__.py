"""ctkb, the civic tech knowledge base: load, check, query and render records.

The library knows nothing of the terminal; the command line lives in `cli`.
"""

from civictech_kb.model.problems import Ambiguous, CtkbError, ExitStatus, InvalidRecords, NotFound, Problem
from civictech_kb.model.record import Collection, Record

__all__ = [
    "Ambiguous",
    "Collection",
    "CtkbError",
    "ExitStatus",
    "InvalidRecords",
    "NotFound",
    "Problem",
    "Record",
    "load_collection",
    "records_dir",
]


def __getattr__(name: str) -> object:
    # Loading pulls in YAML and validation machinery; import it on first use.
    if name in ("load_collection", "records_dir"):
        from civictech_kb.store import loader

        return getattr(loader, name)
    raise AttributeError(name)
