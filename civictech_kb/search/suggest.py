"""What to suggest when a query finds nothing: record names and topic
labels close to it (the policy of model/fuzzy.py), and those containing it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from civictech_kb.model.fuzzy import close_matches
from civictech_kb.search.text import normalise

if TYPE_CHECKING:
    from civictech_kb.model.record import Collection


def suggestions(collection: Collection, query: str, limit: int = 5) -> list[str]:
    """Record names and topic labels closest to a query that found nothing."""
    from civictech_kb.model.vocabulary import vocabulary_of

    choices = {normalise(name): name for r in collection for name in r.all_names()}
    choices |= {normalise(t.label): f"topic {t.id}" for t in vocabulary_of(collection).topics.values()}
    key = normalise(query).strip()
    close = close_matches(key, choices)
    containing = [name for name in choices if len(key) >= 4 and key in name and name not in close]
    return list(dict.fromkeys(choices[name] for name in [*close, *containing]))[:limit]
