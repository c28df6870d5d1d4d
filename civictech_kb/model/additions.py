"""The schema of a collection's vocabulary file (records/vocabulary.yaml):
topics and challenge categories it adds to the built-in ones, checked as
strictly as records (unknown fields refused, ids as slugs). No I/O here;
store/vocabulary_file.py reads the file.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, Field, StringConstraints

from civictech_kb.model.field_types import Name, ShortText, Slug, Strict, Text, check_id

Synonym = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
AddedId = Annotated[Slug, AfterValidator(check_id)]


class AddedTopic(Strict):
    """A topic the collection adds: records name it by id in `topics:`,
    search expands its label and synonyms (in any language) to it."""

    id: AddedId
    label: Name
    synonyms: list[Synonym] = Field(default_factory=list, description="Other words for it, in any language.")
    description: Text | None = None


class AddedCategory(Strict):
    """A challenge category the collection adds: challenges name it by id in `category:`."""

    id: AddedId
    label: Name
    synonyms: list[Synonym] = Field(default_factory=list, description="Other words for it, in any language.")
    description: ShortText | None = None


class VocabularyFile(Strict):
    """A collection's vocabulary additions: topics and challenge categories."""

    topics: list[AddedTopic] = Field(default_factory=list)
    categories: list[AddedCategory] = Field(default_factory=list)


SECTIONS = {"topics": AddedTopic, "categories": AddedCategory}
