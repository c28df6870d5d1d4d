"""`ctkb new`: a fresh record file with every field of its type present and
explained, written without ever replacing a file or leaving the records
directory.

The fresh file holds no invented facts: the id, type and name come from the
command, countries, topics and website from its options, and every other
field is empty. Until the required fields (summary, sources, and for a
country its code and landscape) are filled, `ctkb validate` names exactly
the lines to fill.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from civictech_kb.model.ids import windows_reserved
from civictech_kb.model.problems import OutputExists, UsageError, WriteRefused
from civictech_kb.model.record import TYPE_DIRS
from civictech_kb.model.slug import slugify
from civictech_kb.model.vocabulary import Vocabulary

SCHEMA_DIR_NAME = "schema"


@dataclass
class NewRecord:
    """What `ctkb new` was asked for, with option values already resolved."""

    record_type: str
    name: str
    record_id: str
    countries: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    website: str | None = None


def plan_record(
    record_type: str,
    name: str,
    record_id: str | None = None,
    countries: Sequence[str] = (),
    topics: Sequence[str] = (),
    website: str | None = None,
    vocabulary: Vocabulary | None = None,
) -> NewRecord:
    """Check and resolve the request, topics against the vocabulary
    (default: the built-in one); UsageError names what is wrong."""
    from civictech_kb.model import vocab
    from civictech_kb.model.problems import Ambiguous, NotFound
    from civictech_kb.model.vocabulary import builtin_vocabulary

    words = vocabulary or builtin_vocabulary()

    if record_type not in TYPE_DIRS:
        raise UsageError(f"unknown record type {record_type!r}; one of {', '.join(TYPE_DIRS)}")
    name = name.strip()
    if not name:
        raise UsageError("the name is empty")
    try:
        new_id = _checked_id(record_id) if record_id is not None else slugify(name)
        if windows_reserved(new_id):
            raise ValueError(f"the id {new_id!r} names a device on Windows, where {new_id}.yaml cannot "
                             "be checked out; give another with --id")  # fmt: skip
        codes = _unique(vocab.resolve_country(c) for c in countries)
        topic_ids = _unique(words.resolve_topic(t) for t in topics)
    except (ValueError, NotFound, Ambiguous) as err:
        raise UsageError(str(err)) from None
    if website is not None and not _is_url(website):
        raise UsageError(f"--website {website!r} is not an http:// or https:// address")
    return NewRecord(record_type, name, new_id, codes, topic_ids, website)


def _checked_id(record_id: str) -> str:
    if slugify(record_id) != record_id:
        raise ValueError(f"--id {record_id!r} is not an id such as my-project (lowercase, digits, hyphens)")
    return record_id


def _unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(values))


def _is_url(text: str) -> bool:
    from civictech_kb.model.schema import URL_PATTERN

    return bool(URL_PATTERN.match(text)) and len(text) <= 2000


def existing_ids(root: Path) -> dict[str, Path]:
    """Ids already used in the collection, from file names and `id:` lines,
    read cheaply (no YAML parsing: broken records must not stop `new`)."""
    from civictech_kb.store.loader import RECORD_SUFFIXES

    found: dict[str, Path] = {}
    for directory in TYPE_DIRS.values():
        folder = root / directory
        try:
            files = sorted(p for p in folder.iterdir() if p.suffix in RECORD_SUFFIXES)
        except OSError:
            continue
        for path in files:
            found.setdefault(path.stem, path)
            declared = _declared_id(path)
            if declared:
                found.setdefault(declared, path)
    return found


_ID_LINE = re.compile(r'^id:[ \t]*["\']?([a-z0-9-]+)["\']?[ \t]*(?:#.*)?$', re.MULTILINE)


def _declared_id(path: Path) -> str | None:
    try:
        with path.open("rb") as handle:
            head = handle.read(64 * 1024).decode("utf-8", errors="replace")
    except OSError:
        return None
    match = _ID_LINE.search(head)
    return match.group(1) if match else None


def new_record(
    root: Path,
    record_type: str,
    name: str,
    record_id: str | None = None,
    countries: Sequence[str] = (),
    topics: Sequence[str] = (),
    website: str | None = None,
) -> Path:
    """`ctkb new`: check the records directory, then the request, then create
    the record; return its path. Topics may be the collection's own
    (its vocabulary file), and its comments list them."""
    from civictech_kb.store.loader import check_records_dir
    from civictech_kb.store.vocabulary_file import read_vocabulary

    check_records_dir(root)
    refuse_installed_records(root)
    vocabulary, _ = read_vocabulary(root)  # its problems are `ctkb validate`'s to report
    request = plan_record(record_type, name, record_id, countries, topics, website, vocabulary)
    return _create(root, request, vocabulary)


def refuse_installed_records(root: Path) -> None:
    """Records bundled inside an installed ctkb are not a place to write:
    an upgrade would silently drop the change (UsageError: name --records)."""
    from civictech_kb.store import loader

    if root.resolve() == (loader.PACKAGE_DIR / "records").resolve():
        raise UsageError(f"{root} holds the records installed with ctkb; point --records at your collection")


def _create(root: Path, request: NewRecord, vocabulary: Vocabulary | None = None) -> Path:
    """Write the fresh record below the checked root and return its path.

    Refuses when the file or the id already exists (OutputExists, bad usage
    as for any output that exists; `new` has no --force), or when the file
    cannot be written (WriteRefused); the file is created atomically and
    never replaces another.
    """
    taken = existing_ids(root).get(request.record_id)
    if taken is not None:
        raise OutputExists(f"the id {request.record_id!r} is taken by {taken}; choose another --id")
    folder = root / TYPE_DIRS[request.record_type]
    target = folder / f"{request.record_id}.yaml"
    if not target.resolve().is_relative_to(root.resolve()):
        raise WriteRefused(f"{target} would be outside the records directory {root}")
    try:
        folder.mkdir(exist_ok=True)
    except OSError as err:
        raise WriteRefused(f"cannot write in {folder}: {err.strerror or err}") from None
    from civictech_kb.store.atomic import write_atomically

    try:
        write_atomically(
            target,
            record_template(request, _schema_for(root, request.record_type), vocabulary),
            overwrite=False,
        )
    except OutputExists:  # created meanwhile
        raise OutputExists(
            f"the id {request.record_id!r} is taken by {target}; choose another --id"
        ) from None
    return target


def _schema_for(root: Path, record_type: str) -> str | None:
    """The modeline target for editors, when the collection ships schemas:
    ROOT/../schema/<type>.schema.json, relative to the new file."""
    schema = root.parent / SCHEMA_DIR_NAME / f"{record_type}.schema.json"
    if schema.is_file():
        return f"../../{SCHEMA_DIR_NAME}/{record_type}.schema.json"
    return None


# -- the template ------------------------------------------------------------

WIDTH = 100
REQUIRED_TEXT = ("summary", "landscape", "licence")  # "" until filled: validate points at their lines
EMPTY_LISTS = ("aliases", "topics", "links", "challenges", "lessons", "figures", "milestones", "publishers",
               "languages")  # fmt: skip


def record_template(
    request: NewRecord, schema: str | None = None, vocabulary: Vocabulary | None = None
) -> str:
    """The text of a fresh record: every field of the type in canonical order,
    each under a comment saying what goes there (the topics and categories
    of the vocabulary; default: the built-in ones)."""
    from civictech_kb.model.record import RELATION_TYPES
    from civictech_kb.model.schema import FIELD_ORDER, MODELS

    fields = MODELS[request.record_type].model_fields
    lines = []
    if schema:
        lines.append(f"# yaml-language-server: $schema={schema}")
    lines += [
        f"# A new {request.record_type} record. Fill in what your source says and leave the rest empty;",
        "# never invent a year, number or URL. Content rules: CONTRIBUTING.md.",
        "# Then run `ctkb validate` and `ctkb fmt` on this file.",
    ]
    values = _values(request)
    for name in FIELD_ORDER:
        if name not in fields:
            continue
        if name not in ("id", "type"):
            lines += _comment(field_guide_text(name, request.record_type, vocabulary))
        if name == "relations":
            lines.append("relations:")
            lines += [f"  {relation}: []" for relation in RELATION_TYPES]
        elif name == "sources":
            lines += ["sources:", '  - source: ""', "    section:"]
        else:
            lines.append(f"{name}:{values.get(name, '')}")
    return "\n".join(lines) + "\n"


def _values(request: NewRecord) -> dict[str, str]:
    values = {name: " []" for name in EMPTY_LISTS} | {name: ' ""' for name in REQUIRED_TEXT}
    values |= {
        "id": f" {request.record_id}",
        "type": f" {request.record_type}",
        "name": f" {_scalar(request.name)}",
        "names": " {}",
        "countries": f" [{', '.join(request.countries)}]",
        "topics": f" [{', '.join(sorted(request.topics))}]",
    }
    if request.website:
        values["website"] = f" {_scalar(request.website)}"
    return values


def _scalar(text: str) -> str:
    """Text as a YAML scalar: plain when it reads back as the same text,
    else double-quoted."""
    from civictech_kb.store.strict_yaml import YamlFault, parse_text

    try:
        if parse_text(f"key: {text}\n") == {"key": text}:
            return text
    except YamlFault:
        pass
    import json

    return json.dumps(text, ensure_ascii=False)


def field_guide_text(name: str, record_type: str, vocabulary: Vocabulary | None = None) -> str:
    """What the field guide says of a field of a record type, the
    vocabulary's topics and categories (default: the built-in ones) written in."""
    from civictech_kb.model.vocabulary import builtin_vocabulary

    words = vocabulary or builtin_vocabulary()
    guide = _field_guide()
    text = guide.get(f"{record_type}_{name}") or guide.get(name, "")
    return text.replace("{topics}", ", ".join(sorted(words.topics))).replace(
        "{categories}", ", ".join(sorted(words.categories))
    )


def _comment(text: str) -> list[str]:
    return [f"# {line}" for line in textwrap.wrap(text, WIDTH - 2, break_on_hyphens=False)]


@cache
def _field_guide() -> dict[str, str]:
    from civictech_kb.store.strict_yaml import plain, read_yaml

    guide: dict[str, str] = plain(read_yaml(Path(__file__).parent.parent / "data" / "field-guide.yaml"))
    return guide
