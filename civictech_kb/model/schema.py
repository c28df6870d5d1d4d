"""The record schema: pydantic models used to validate records and to publish
their JSON Schema. No I/O here; countries are checked against `vocab`,
topics and categories against the Vocabulary validation is given.

At run time ctkb works on the plain data these models produce (see
`record.py`), so that a warm start never needs to import pydantic.
"""

from __future__ import annotations

import re
from enum import Enum
from functools import cache
from typing import TYPE_CHECKING, Annotated, Any, Literal, TypeVar

from pydantic import (
    AfterValidator,
    BeforeValidator,
    ConfigDict,
    Field,
    FiniteFloat,
    StringConstraints,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
    model_validator,
)

from civictech_kb.model import vocab
from civictech_kb.model.data import YamlMapping
from civictech_kb.model.dates import MIN_YEAR, date_range, out_of_order
from civictech_kb.model.field_types import Name, ShortText, Slug, Strict, Text
from civictech_kb.model.field_types import check_id as _check_id
from civictech_kb.model.ids import ID_PATTERN
from civictech_kb.model.problems import FieldConflict
from civictech_kb.model.record import SCHEMA_VERSION  # noqa: F401  (re-exported for the schema's users)
from civictech_kb.model.vocabulary import Vocabulary, builtin_vocabulary
from civictech_kb.model.wording import BOUND_WORDS

if TYPE_CHECKING:
    from pydantic import TypeAdapter

SLUG_PATTERN = ID_PATTERN
DATE_PATTERN = r"^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$"  # ASCII digits only
# A BCP 47 language tag (RFC 5646): language (with extended subtags), script,
# region, variants, extensions and private use; any case, nothing around it.
LANGUAGE_TAG = re.compile(
    r"(?:[a-z]{2,3}(?:-[a-z]{3}){0,3}|[a-z]{4,8})(?:-[a-z]{4})?(?:-(?:[a-z]{2}|[0-9]{3}))?"
    r"(?:-(?:[a-z0-9]{5,8}|[0-9][a-z0-9]{3}))*(?:-[0-9a-wyz](?:-[a-z0-9]{2,8})+)*(?:-x(?:-[a-z0-9]{1,8})+)?",
    re.IGNORECASE,
)
URL_PATTERN = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)


class RecordType(str, Enum):
    project = "project"
    community = "community"
    organization = "organization"
    event = "event"
    country = "country"
    source = "source"


class Status(str, Enum):
    active = "active"
    inactive = "inactive"
    ended = "ended"
    unknown = "unknown"


def _date_text(value: object) -> object:
    # A bare year in YAML arrives as an int; keep every date as its text.
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


def _check_date(value: str) -> str:
    date_range(value)  # ValueError: no such day or month, or a year out of range
    return value


def _check_url(value: str) -> str:
    if not URL_PATTERN.match(value):
        raise ValueError("must be an http:// or https:// address")
    return value


def _check_country(code: str) -> str:
    if not vocab.is_country_code(code):
        raise ValueError(f"unknown ISO 3166-1 alpha-2 code {code!r}")
    return code


def _vocabulary(info: ValidationInfo) -> Vocabulary:
    """The vocabulary validation was given (validate_record's), else the built-in one."""
    given = (info.context or {}).get("vocabulary") if isinstance(info.context, dict) else None
    return given if given is not None else builtin_vocabulary()


def _check_topic(topic: str, info: ValidationInfo) -> str:
    if topic not in _vocabulary(info).topics:
        raise ValueError(f"unknown topic {topic!r}")
    return topic


def _check_category(category: str, info: ValidationInfo) -> str:
    if category not in _vocabulary(info).categories:
        raise ValueError(f"unknown challenge category {category!r}")
    return category


# A year arrives from YAML as a number (founded: 2019), so editors must accept one too.
DATE_JSON_SCHEMA = {"anyOf": [{"type": "string", "pattern": DATE_PATTERN},
                              {"type": "integer", "minimum": MIN_YEAR, "maximum": 9999}]}  # fmt: skip
PartialDate = Annotated[
    str,
    BeforeValidator(_date_text),
    StringConstraints(pattern=DATE_PATTERN),
    AfterValidator(_check_date),
    WithJsonSchema(DATE_JSON_SCHEMA),
]
Url = Annotated[str, StringConstraints(max_length=2000), AfterValidator(_check_url)]
CountryCode = Annotated[str, AfterValidator(_check_country)]
TopicId = Annotated[str, AfterValidator(_check_topic)]
CategoryId = Annotated[str, AfterValidator(_check_category)]


class Link(Strict):
    """A labelled web address."""

    label: ShortText
    url: Url


class Challenge(Strict):
    """A difficulty met, in the author's own words, with any responses to it."""

    category: CategoryId
    summary: Text
    responses: list[Text] = Field(default_factory=list)


Number = int | FiniteFloat  # NaN and infinity are not figures, nor valid JSON


LOWER_BOUNDS = ("min", "more_than")  # inclusive, exclusive; wording.BOUND_WORDS says them
UPPER_BOUNDS = ("max", "less_than")
_GIVEN = [{"required": [key]} for key in ("value", *LOWER_BOUNDS, *UPPER_BOUNDS)]
_EDITOR_RULES: dict[str, Any] = {  # what JSON Schema can say of Figure's rules
    "anyOf": _GIVEN, "dependentSchemas": {"value": {"not": {"anyOf": _GIVEN[1:]}},
    "more_than": {"not": {"required": ["min"]}}, "less_than": {"not": {"required": ["max"]}}},
}  # fmt: skip


class Figure(Strict):
    """A labelled number the source gives: one value (participants 544, 2023),
    or bounds as the source says them, min ("at least") or more_than, and
    max ("at most") or less_than; both sides make a range (min 10, max 30).
    Marked approximate where the source says "about"."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, json_schema_extra=_EDITOR_RULES)

    label: ShortText
    value: Number | None = None
    min: Number | None = Field(None, description="At least this many (the lower end of a range).")
    more_than: Number | None = Field(
        None, description="More than this many, where the source says more than or over."
    )
    max: Number | None = Field(None, description="At most this many (the upper end of a range).")
    less_than: Number | None = Field(
        None, description="Less than this many, where the source says less than, fewer than or under."
    )
    approximate: bool = Field(False, description="The source says about, around or some.")
    unit: ShortText | None = None
    year: Annotated[int, Field(ge=1900, le=2100)] | None = None

    @model_validator(mode="after")
    def _one_value_or_bounds(self) -> Figure:
        lower = {k: getattr(self, k) for k in LOWER_BOUNDS if getattr(self, k) is not None}
        upper = {k: getattr(self, k) for k in UPPER_BOUNDS if getattr(self, k) is not None}
        if self.value is None and not (lower or upper):
            raise FieldConflict(None, "a figure needs a value, or bounds: min or more_than, max or less_than")
        if self.value is not None and (lower or upper):
            raise FieldConflict(next(iter(lower | upper)), "a figure has a value or bounds, not both")
        for side in (lower, upper):
            if len(side) == 2:
                inclusive, exclusive = side
                words = BOUND_WORDS[inclusive]
                raise FieldConflict(exclusive, f"a figure has {inclusive} ({words}) or {exclusive}, not both")
        if lower and upper:
            [(low, low_value)], [(high, high_value)] = lower.items(), upper.items()
            if (low, high) == ("min", "max"):
                if high_value < low_value:  # both inclusive: min 10, max 10 is allowed
                    raise FieldConflict(high, f"must not be below {low} {low_value}")
            elif high_value <= low_value:  # an exclusive bound leaves nothing between them
                raise FieldConflict(high, f"must exceed {low} {low_value}")
        return self


class Citation(Strict):
    """Where the facts come from: a source record and its section (and where
    useful the paragraph or point), or the address of a web page."""

    source: Slug | None = Field(None, description="Id of a source record (records/sources/).")
    section: ShortText | None = Field(
        None, description="The cited section, as the source's headings say it: 'Part > Sub-part'."
    )
    point: ShortText | None = Field(None, description="The paragraph or point within the section.")
    url: Url | None = Field(None, description="A web page, when the source is one.")

    @model_validator(mode="after")
    def _names_a_source(self) -> Citation:
        if not (self.source or self.url):
            raise ValueError("a citation needs a source (a source record id) or a url")
        if (self.section or self.point) and not self.source:
            raise ValueError("a section or point belongs to a source record; add source")
        return self


class Milestone(Strict):
    """A dated event in the history of a record's subject, with its source."""

    date: PartialDate
    summary: Text
    source: Citation


class Relations(Strict):
    """Typed links to other records, by id. Reverse links are derived."""

    inspired_by: list[Slug] = Field(default_factory=list)
    part_of: list[Slug] = Field(default_factory=list)
    organized_by: list[Slug] = Field(default_factory=list)
    partner_of: list[Slug] = Field(default_factory=list)
    funded_by: list[Slug] = Field(default_factory=list)
    built_by: list[Slug] = Field(default_factory=list)


class RecordBase(Strict):
    """Fields every record type shares."""

    id: Annotated[Slug, AfterValidator(_check_id)]
    type: RecordType
    name: Name
    names: dict[str, Name] = Field(
        default_factory=dict,
        description="Names in other languages, by language tag (ko, ja, zh-Hant, th, my).",
    )
    aliases: list[Name] = Field(default_factory=list)
    summary: Text
    countries: list[CountryCode] = Field(default_factory=list)
    location: ShortText | None = Field(None, description="City or place, where the source names one.")
    topics: list[TopicId] = Field(default_factory=list)
    status: Status | None = None
    website: Url | None = None
    links: list[Link] = Field(default_factory=list)
    relations: Relations = Field(default_factory=Relations)
    challenges: list[Challenge] = Field(default_factory=list)
    lessons: list[Text] = Field(default_factory=list)
    figures: list[Figure] = Field(default_factory=list)
    milestones: list[Milestone] = Field(default_factory=list)
    sources: list[Citation] = Field(min_length=1)

    @field_validator("names", mode="before")
    @classmethod
    def _language_tags(cls, names: object) -> object:
        """Keys are language tags exactly as written (checked before white
        space is stripped, which would merge "ko" and "ko "), one per language."""
        if not isinstance(names, dict):
            return names
        seen: dict[str, str] = {}
        for tag in names:
            if not isinstance(tag, str) or not LANGUAGE_TAG.fullmatch(tag):
                raise ValueError(f"{tag!r} is not a language tag such as ko, ja or zh-Hant")
            if tag.casefold() in seen:
                raise ValueError(f"{seen[tag.casefold()]!r} and {tag!r} are the same language tag")
            seen[tag.casefold()] = tag
        return names


class Project(RecordBase):
    type: Literal[RecordType.project]
    founded: PartialDate | None = None
    ended: PartialDate | None = None

    @model_validator(mode="after")
    def _ends_after_founding(self) -> Project:
        return _dates_in_order(self)


RecordT = TypeVar("RecordT", bound=RecordBase)


def _dates_in_order(record: RecordT) -> RecordT:
    wrong = out_of_order(record.__dict__, record.type.value)
    if wrong:
        raise FieldConflict(*wrong)
    return record


class Community(RecordBase):
    type: Literal[RecordType.community]
    founded: PartialDate | None = None


class OrganizationKind(str, Enum):
    government = "government"
    company = "company"
    cooperative = "cooperative"
    nonprofit = "nonprofit"
    international = "international"
    academic = "academic"
    media = "media"
    other = "other"


class Organization(RecordBase):
    type: Literal[RecordType.organization]
    kind: OrganizationKind | None = Field(
        None,
        description="government, company, cooperative, nonprofit, international, academic, media or other.",
    )
    founded: PartialDate | None = None


class Event(RecordBase):
    type: Literal[RecordType.event]
    start: PartialDate | None = None
    end: PartialDate | None = None

    @model_validator(mode="after")
    def _ends_after_start(self) -> Event:
        return _dates_in_order(self)


class Country(RecordBase):
    type: Literal[RecordType.country]
    landscape: Text = Field(description="The civic tech landscape, in a few sentences.")
    context: Text | None = Field(None, description="What shapes civic tech there.")

    @field_validator("countries")
    @classmethod
    def _one_country(cls, countries: list[str]) -> list[str]:
        if len(countries) != 1:
            raise ValueError("a country record names exactly one country code")
        return countries


FileName = Annotated[str, StringConstraints(pattern=r"^[^/\\\x00]+$", max_length=255)]
Repository = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$", max_length=140)]


class Archive(Strict):
    """Where a copy of the document is kept: a GitHub repository, a path in it
    and the commit that holds it."""

    repository: Repository
    path: ShortText
    commit: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{7,40}$")] | None = None


class SourceDocument(Strict):
    """A document the records cite: what it is, who published it, where to
    read it and under what licence."""

    id: Slug
    type: Literal[RecordType.source]
    name: ShortText = Field(description="The document's own title.")
    work: ShortText | None = Field(None, description="The larger work it is a chapter or part of.")
    summary: Text
    publishers: list[ShortText] = Field(
        min_length=1, description="Publishing organizations, by record id or name (never a private person)."
    )
    date: PartialDate | None = Field(None, description="When it was written or published.")
    languages: list[Annotated[str, StringConstraints(pattern=LANGUAGE_TAG.pattern)]] = Field(min_length=1)
    website: Url | None = Field(None, description="Where to read it; only an address the document gives.")
    archive: Archive | None = None
    licence: ShortText = Field(description="The licence the document states, or 'none stated'.")
    text_file: FileName | None = Field(None, description="Its full text, for `ctkb verify --sources-dir`.")


MODELS: dict[str, type[Strict]] = {
    "project": Project,
    "community": Community,
    "organization": Organization,
    "event": Event,
    "country": Country,
    "source": SourceDocument,
}

# Field order used by `ctkb fmt` and `ctkb new`.
FIELD_ORDER = (
    "id", "type", "name", "work", "names", "aliases", "summary", "landscape", "context",
    "publishers", "date", "languages", "kind", "countries", "location", "topics", "status",
    "founded", "ended", "start", "end", "website", "archive", "licence", "text_file",
    "links", "relations", "challenges", "lessons", "figures", "milestones", "sources",
)  # fmt: skip


# Any record, told apart by its `type` field.
AnyRecord = Annotated[
    Project | Community | Organization | Event | Country | SourceDocument, Field(discriminator="type")
]


@cache
def _record_adapter() -> TypeAdapter[AnyRecord]:
    from pydantic import TypeAdapter

    return TypeAdapter(AnyRecord)


def validate_record(data: object, vocabulary: Vocabulary | None = None) -> YamlMapping:
    """Validate one record's data against a vocabulary (default: the
    built-in one); return it as plain JSON-ready data.

    Raises pydantic.ValidationError; error locations start with the record type
    when the type was recognised. Empty fields are dropped, so the plain data
    holds what the author wrote.
    """
    record = _record_adapter().validate_python(data, context={"vocabulary": vocabulary})
    dumped: YamlMapping = record.model_dump(mode="json", exclude_none=True, exclude_defaults=True)
    dumped |= {"id": record.id, "type": record.type.value}
    return {key: dumped[key] for key in FIELD_ORDER if key in dumped}


def json_schema(record_type: str | None = None) -> YamlMapping:
    """The JSON Schema of one record type, or of any record."""
    if record_type:
        return MODELS[record_type].model_json_schema()
    schema: YamlMapping = _record_adapter().json_schema()
    schema["title"] = "ctkb record"
    return schema
