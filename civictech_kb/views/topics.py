"""The topic vocabulary as a view: each topic with its label, synonyms and
how many records use it, by label or by use."""

from __future__ import annotations

from collections import Counter

from civictech_kb.model.record import Collection
from civictech_kb.views.results import TopicList, TopicRow

SORTS = ("name", "count")


def topics_view(collection: Collection, sort: str = "name") -> TopicList:
    """Every topic of the vocabulary with the number of records using it,
    by label (sort="name") or most used first (sort="count", then by label)."""
    used = Counter(topic for record in collection.records for topic in record.topics)
    rows = [TopicRow(id=topic.id, label=topic.label, records=used[topic.id], synonyms=list(topic.synonyms))
            for topic in collection.vocabulary.topics.values()]  # fmt: skip
    rows.sort(key=lambda row: row.label.casefold())
    if sort == "count":
        rows.sort(key=lambda row: -row.records)
    return TopicList(topics=rows)
