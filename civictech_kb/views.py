"""Country view: a country's profile, its challenges grouped by category with
the records they come from, its lessons, and the records there."""

from __future__ import annotations

from . import vocab
from .problems import NotFound
from .record import Collection, Record

TYPE_ORDER = ("project", "community", "organization", "event")


def resolve_country_name(collection: Collection, text: str) -> str:
    """A country code from a name, local name, alias, ISO code or typo; the
    collection's own country records (ids, names) are understood too."""
    key = vocab.fold(text)
    for record in collection.country_records.values():
        if key in {vocab.fold(name) for name in [record.id, *record.all_names()]}:
            return record.countries[0]
    return vocab.resolve_country(text)


def country_view(collection: Collection, text: str) -> dict:
    """Everything the knowledge base says about one country."""
    code = resolve_country_name(collection, text)
    profile = collection.country_records.get(code)
    there = [r for r in collection.records if code in r.countries and r.type != "country"]
    if profile is None and not there:
        raise NotFound(f"the knowledge base has nothing on {vocab.country_name(code)} ({code}) yet")
    region = vocab.region_of(code)
    return {
        "code": code,
        "name": vocab.country_name(code),
        "region": region.name if region else None,
        "landscape": profile.get("landscape") if profile else None,
        "context": profile.get("context") if profile else None,
        "challenges": _challenges_by_category([*([profile] if profile else []), *there]),
        "lessons": _lessons([*([profile] if profile else []), *there]),
        "records": {kind: [_row(r) for r in there if r.type == kind] for kind in TYPE_ORDER},
    }


def _challenges_by_category(records: list[Record]) -> dict[str, list[dict]]:
    grouped: dict[str, list[dict]] = {}
    for record in records:
        for challenge in record.get("challenges", []):
            grouped.setdefault(challenge["category"], []).append(
                {"summary": challenge["summary"], "responses": challenge.get("responses", []), "record": record.id}
            )
    return dict(sorted(grouped.items()))


def _lessons(records: list[Record]) -> list[dict]:
    return [{"lesson": lesson, "record": record.id} for record in records for lesson in record.get("lessons", [])]


def _row(record: Record) -> dict:
    return {"id": record.id, "name": record.name, "year": record.year, "status": record.status}
