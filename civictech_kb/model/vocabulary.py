"""The topics and challenge categories a collection uses: the built-in ones
(data/topics.yaml, data/challenge-categories.yaml), then the additions of
the collection's own vocabulary file (store/vocabulary_file.py).

A Vocabulary is a value handed to whatever needs it (it hangs on the
collection as `collection.vocabulary`); there is no module-level state
but the cached built-in vocabulary, which never changes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from functools import cache

from civictech_kb.model import vocab
from civictech_kb.model.fuzzy import close_matches, closest_with_edits, near_misses
from civictech_kb.model.problems import NotFound
from civictech_kb.model.vocab import fold, slugify_label


@dataclass(frozen=True)
class Topic:
    id: str
    label: str
    synonyms: tuple[str, ...]
    description: str = ""


@dataclass(frozen=True)
class Category:
    id: str
    label: str
    description: str
    synonyms: tuple[str, ...] = ()


@dataclass(frozen=True, eq=False)
class Vocabulary:
    """Topic id -> Topic and category id -> Category, built-in ones first in
    the order of their data files, then the additions in the order written;
    `added` holds the ids that came from the collection ("topic:x",
    "category:y"), `stamp` a digest of the files they came from."""

    topics: Mapping[str, Topic]
    categories: Mapping[str, Category]
    added: frozenset[str] = field(default=frozenset())
    stamp: str = ""

    def topic_ids(self) -> frozenset[str]:
        return frozenset(self.topics)

    def category_ids(self) -> frozenset[str]:
        return frozenset(self.categories)

    def topic_label(self, topic: str) -> str:
        """How a topic is named to readers (its id, if it is unknown)."""
        found = self.topics.get(topic)
        return found.label if found else topic

    def category_label(self, category: str) -> str:
        """How a challenge category is named to readers (its id, if unknown)."""
        found = self.categories.get(category)
        return found.label if found else category

    def category_labels(self) -> dict[str, str]:
        """Category id -> label, in the vocabulary's order."""
        return {c.id: c.label for c in self.categories.values()}

    def category_rank(self, category: str) -> tuple[int, str]:
        """Where a category comes: in the vocabulary's order, unknown ones after, sorted."""
        order = list(self.categories)
        return (order.index(category) if category in order else len(order), category)

    def is_added(self, kind: str, item_id: str) -> bool:
        """Whether a topic or category ("topic", "category") is one of the collection's additions."""
        return f"{kind}:{item_id}" in self.added

    def with_additions(
        self, topics: Iterable[Topic], categories: Iterable[Category], stamp: str
    ) -> Vocabulary:
        """This vocabulary and the given topics and categories after it."""
        new_topics, new_categories = list(topics), list(categories)
        return Vocabulary(
            topics={**self.topics, **{t.id: t for t in new_topics}},
            categories={**self.categories, **{c.id: c for c in new_categories}},
            added=self.added
            | {f"topic:{t.id}" for t in new_topics}
            | {f"category:{c.id}" for c in new_categories},
            stamp=stamp,
        )

    def resolve_topic(self, text: str) -> str:
        """A topic id, label or synonym -> topic id; NotFound with suggestions."""
        key, slug = fold(text), slugify_label(text)
        for topic in self.topics.values():
            if topic.id == slug or key == fold(topic.label) or key in map(fold, topic.synonyms):
                return topic.id
        names = {fold(name).replace(" ", ""): topic.id for topic in self.topics.values()
                 for name in (topic.id, topic.label, *topic.synonyms)}  # fmt: skip
        close = close_matches(key.replace(" ", ""), names)
        if close:
            return names[close[0]]
        raise NotFound(f"unknown topic {text!r}; see `ctkb topics` for the vocabulary")

    def resolve_category(self, text: str) -> str:
        """A challenge-category id, label or synonym (any case, hyphens
        optional, a small typo) -> category id; NotFound with the closest
        categories otherwise."""
        key = slugify_label(text)
        by_key = {
            slugify_label(name): c.id for c in self.categories.values() for name in (c.label, *c.synonyms)
        }
        by_key |= {c: c for c in self.categories}
        if key in by_key:
            return by_key[key]
        containing = list(dict.fromkeys(cid for name, cid in by_key.items() if len(key) >= 4 and key in name))
        if len(containing) == 1:  # "safety" -> safety-and-anonymity
            return containing[0]
        close = closest_with_edits(key, by_key)
        close_ids = (
            list(dict.fromkeys(by_key[name] for name, n in close if n == close[0][1])) if close else []
        )
        if not containing and len(close_ids) == 1:
            return close_ids[0]
        words = {word: cid for name, cid in by_key.items() for word in name.split("-") if len(word) >= 4}
        nearby = [by_key[name] for name in near_misses(key, by_key)] + [
            words[w] for w in close_matches(key, words)
        ]
        meant = list(dict.fromkeys([*containing, *close_ids, *nearby]))
        hint = f"did you mean {' or '.join(meant[:3])}?" if meant else f"known: {', '.join(self.categories)}"
        raise NotFound(f"unknown challenge category {text!r}; {hint}")

    def to_data(self) -> dict[str, object]:
        """The vocabulary as JSON-ready data (what a cache keeps of it)."""
        return {"topics": [list(asdict(t).values()) for t in self.topics.values()],
                "categories": [list(asdict(c).values()) for c in self.categories.values()],
                "added": sorted(self.added), "stamp": self.stamp}  # fmt: skip

    @classmethod
    def from_data(cls, data: object) -> Vocabulary:
        """A vocabulary from to_data() output; ValueError if it is not one."""
        if not isinstance(data, dict):
            raise ValueError("stored vocabulary is malformed")
        try:
            topics = [Topic(i, label, tuple(synonyms), text) for i, label, synonyms, text in data["topics"]]
            categories = [
                Category(i, label, text, tuple(synonyms)) for i, label, text, synonyms in data["categories"]
            ]
            return cls({t.id: t for t in topics}, {c.id: c for c in categories}, frozenset(data["added"]),
                       str(data["stamp"]))  # fmt: skip
        except (KeyError, TypeError, ValueError):
            raise ValueError("stored vocabulary is malformed") from None

    def names_of(self, kind: str) -> dict[str, str]:
        """Every folded id, label and synonym of the topics or categories -> its id."""
        entries: Iterable[Topic | Category] = (self.topics if kind == "topic" else self.categories).values()
        return {
            fold(name): entry.id for entry in entries for name in (entry.id, entry.label, *entry.synonyms)
        }


@cache
def builtin_vocabulary() -> Vocabulary:
    """The topics and categories ctkb ships (data/topics.yaml and
    data/challenge-categories.yaml)."""
    topics = {
        t["id"]: Topic(t["id"], t["label"], tuple(t.get("synonyms", ())), t.get("description", ""))
        for t in vocab.data_file("topics.yaml")
    }
    categories = {
        c["id"]: Category(c["id"], c["label"], c.get("description", ""), tuple(c.get("synonyms", ())))
        for c in vocab.data_file("challenge-categories.yaml")
    }
    return Vocabulary(topics, categories)


def vocabulary_of(holder: object) -> Vocabulary:
    """The vocabulary of a collection (or of anything that may carry one),
    else the built-in one."""
    found = getattr(holder, "vocabulary", None)
    return found if isinstance(found, Vocabulary) else builtin_vocabulary()
