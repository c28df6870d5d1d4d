"""What to suggest when a query finds nothing."""

from __future__ import annotations

from civictech_kb.search.text import normalise


def suggestions(collection, query: str, limit: int = 5) -> list[str]:
    """Record names and topic labels closest to a query that found nothing."""
    from rapidfuzz import fuzz, process

    from civictech_kb.model import vocab

    choices = {normalise(name): name for r in collection for name in r.all_names()}
    choices |= {normalise(t.label): f"topic {t.id}" for t in vocab.topics().values()}
    found = process.extract(normalise(query), list(choices), scorer=fuzz.WRatio, limit=limit, score_cutoff=60)
    return list(dict.fromkeys(choices[name] for name, _, _ in found))
