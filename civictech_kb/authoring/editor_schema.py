"""The JSON Schema that `ctkb schema` prints for editors and other tools.

It is the record model's schema (`model.json_schema`) with the controlled
vocabularies written in as enums (topic ids, challenge categories, country
codes), so that an editor using yaml-language-server completes them too, and
each field described as the field guide (`data/field-guide.yaml`) explains
it in the comments of `ctkb new`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from civictech_kb.model.data import YamlMapping

if TYPE_CHECKING:
    from civictech_kb.model.vocabulary import Vocabulary

DRAFT = "https://json-schema.org/draft/2020-12/schema"


def schema_document(record_type: str | None = None, vocabulary: Vocabulary | None = None) -> YamlMapping:
    """The JSON Schema of one record type (or of any record), with enums:
    the topics and categories of the vocabulary (default: the built-in ones)."""
    from civictech_kb.authoring.new import field_guide_text
    from civictech_kb.model import vocab
    from civictech_kb.model.vocabulary import builtin_vocabulary

    words = vocabulary or builtin_vocabulary()
    from civictech_kb.model.schema import MODELS, json_schema

    schema = json_schema(record_type)
    enums = {
        "topics": sorted(words.topics),
        "countries": sorted(vocab.country_codes()),
    }
    for definition in [schema, *schema.get("$defs", {}).values()]:
        properties = definition.get("properties", {})
        for name, values in enums.items():
            items = properties.get(name, {}).get("items")
            if isinstance(items, dict) and items.get("type") == "string":
                items["enum"] = values
        if definition.get("title") == "Challenge" and "category" in properties:
            properties["category"]["enum"] = sorted(words.categories)
        kind = _record_type(definition, MODELS)
        if kind is not None:
            for name, prop in properties.items():
                prop["description"] = field_guide_text(name, kind, words) or prop.get("description", "")
    return {"$schema": DRAFT, **schema}


def _record_type(definition: YamlMapping, models: YamlMapping) -> str | None:
    """The record type a schema definition describes, if it is a record's."""
    titles = {model.__name__: record_type for record_type, model in models.items()}
    return titles.get(definition.get("title", ""))
