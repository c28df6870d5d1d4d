"""Shell completion candidates: record ids, countries, topics and record types.

Completion runs on every <TAB>, so each function here is cheap (record ids
come from file names, never from parsing YAML) and never raises: a broken
or missing collection simply completes nothing.
"""

from __future__ import annotations

import os
from pathlib import Path

from typer import Context


def records_param(ctx: Context | None) -> Path | None:
    """The --records the command line gives so far (on the command or before it), if any."""
    while ctx is not None:
        if ctx.params.get("records"):
            return Path(ctx.params["records"])
        ctx = ctx.parent
    return None


def record_ids(incomplete: str, records: Path | str | None = None) -> list[str]:
    """Ids (file names) of the records below the records directory; only
    names that are valid ids, since a shell may not quote what it offers."""
    from civictech_kb.model.ids import is_record_id
    from civictech_kb.model.record import TYPE_DIRS
    from civictech_kb.store.loader import RECORD_SUFFIXES, records_dir

    root = records_dir(Path(records) if records else None)
    ids = set()
    for folder in TYPE_DIRS.values():
        try:
            with os.scandir(root / folder) as entries:
                ids.update(e.name.rsplit(".", 1)[0] for e in entries if e.name.endswith(RECORD_SUFFIXES))
        except (OSError, ValueError):
            continue
    return sorted(i for i in ids if i.startswith(incomplete) and is_record_id(i))


def countries(incomplete: str) -> list[tuple[str, str]]:
    """(code or name, country) for the ISO codes and the country names that
    start with what was typed: `--country` takes either."""
    try:
        from civictech_kb.model import vocab

        key = vocab.fold(incomplete)
        found = {}
        for name, code in vocab.country_names_index().items():
            if code.casefold().startswith(key):
                found[code] = vocab.country_name(code)
            elif key and name.startswith(key) and len(name) > 3 and "," not in name:
                found[name] = vocab.country_name(code)
        return sorted(found.items())
    except Exception:  # completion must never crash the shell, whatever the data
        return []


def record_types(incomplete: str) -> list[str]:
    from civictech_kb.model.record import LISTED_TYPES

    return [name for name in LISTED_TYPES if name.startswith(incomplete)]


def statuses(incomplete: str) -> list[str]:
    from civictech_kb.model.record import STATUSES

    return [status for status in STATUSES if status.startswith(incomplete)]


def topics(ctx: Context, incomplete: str) -> list[tuple[str, str]]:
    """(topic id, label) of the topics starting with what was typed, the
    collection's own (its vocabulary file) included."""
    return _labelled(ctx, "topics", incomplete)


def categories(ctx: Context, incomplete: str) -> list[tuple[str, str]]:
    """(category id, label) of the challenge categories starting with what
    was typed, the collection's own included."""
    return _labelled(ctx, "categories", incomplete)


def _labelled(ctx: Context | None, kind: str, incomplete: str) -> list[tuple[str, str]]:
    try:
        from civictech_kb.model.vocabulary import builtin_vocabulary
        from civictech_kb.store.loader import records_dir
        from civictech_kb.store.vocabulary_file import read_vocabulary

        vocabulary = read_vocabulary(records_dir(records_param(ctx)))[0] or builtin_vocabulary()
        entries = (vocabulary.topics if kind == "topics" else vocabulary.categories).values()
        return [(entry.id, entry.label) for entry in entries if entry.id.startswith(incomplete)]
    except Exception:  # completion must never crash the shell, whatever the data
        return []


def regions(incomplete: str) -> list[str]:
    """UN M49 sub-region and region names starting with what was typed (any case)."""
    try:
        from civictech_kb.model import vocab

        names = {name for region in vocab.regions().values() for name in (region.name, region.parent)}
        return sorted(n for n in names if n.casefold().startswith(incomplete.casefold()))
    except Exception:  # completion must never crash the shell, whatever the data
        return []
