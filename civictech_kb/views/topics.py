"""The topic vocabulary as a view: each topic with its label, synonyms and
how many records use it, in the order of the topics file."""

from __future__ import annotations

from collections import Counter

from civictech_kb.model import vocab
from civictech_kb.model.record import Collection
from civictech_kb.views.results import TopicList, TopicRow


def topics_view(collection: Collection) -> TopicList:
    """Every topic of the vocabulary with the number of records using it."""
    used = Counter(topic for record in collection.records for topic in record.topics)
    return TopicList(topics=[
        TopicRow(id=topic.id, label=topic.label, records=used[topic.id], synonyms=list(topic.synonyms))
        for topic in vocab.topics().values()
    ])  # fmt: skip
