"""A collection's vocabulary additions: `vocabulary.yaml` (or `.yml`) at the
top of the records folder, and any YAML file in its `vocabulary/` folder,
adding topics and challenge categories to the built-in ones for that
collection only.

Read like records: the strict YAML reader, the pydantic model of
model/additions.py, a Problem with file, line and column for everything
wrong. An addition may not redefine a built-in topic or category, be
added twice, or use a label or synonym that already leads to another one
(search and the filters could then not tell which is meant); such an entry
is left out and reported.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from civictech_kb.model.problems import Problem
from civictech_kb.store.file_bytes import YamlFault, read_bounded
from civictech_kb.store.listing import RECORD_SUFFIXES
from civictech_kb.store.paths import display_path

# A warm load only stamps these files (additions_stamp): the vocabulary
# model and the YAML parser are imported where the files are read.
if TYPE_CHECKING:
    from civictech_kb.model.vocabulary import Category, Topic, Vocabulary

TOP_NAMES = tuple(f"vocabulary{suffix}" for suffix in RECORD_SUFFIXES)
FOLDER = "vocabulary"
KINDS = {"topics": "topic", "categories": "category"}


def vocabulary_files(root: Path) -> list[Path]:
    """The vocabulary files of a records folder, in reading order."""
    found = [root / name for name in TOP_NAMES if (root / name).is_file()]
    folder = root / FOLDER
    if folder.is_dir():
        found += sorted(
            path for path in folder.rglob("*")
            if path.suffix in RECORD_SUFFIXES and not any(p.startswith(".") for p in path.relative_to(folder).parts)
        )  # fmt: skip
    return found


Contents = list[tuple[Path, bytes | YamlFault | OSError]]  # each file's bytes, or why they could not be read


def additions_stamp(root: Path) -> str:
    """A digest of the vocabulary files' names and bytes ("" when there are
    none): what a cache of the collection depends on besides its records."""
    return _stamp(root, _contents(vocabulary_files(root)))


def _contents(files: list[Path]) -> Contents:
    read: Contents = []
    for path in files:
        try:
            read.append((path, read_bounded(path)))
        except (YamlFault, OSError) as err:
            read.append((path, err))
    return read


def _stamp(root: Path, contents: Contents) -> str:
    if not contents:
        return ""
    digest = hashlib.sha256()
    for path, raw in contents:
        digest.update(str(path.relative_to(root)).encode("utf-8", "surrogateescape") + b"\0")
        digest.update(raw if isinstance(raw, bytes) else f"{type(raw).__name__}: {raw}".encode())
    return digest.hexdigest()


def read_vocabulary(root: Path) -> tuple[Vocabulary | None, list[Problem]]:
    """The built-in vocabulary with the collection's additions, and every
    problem in its vocabulary files; (None, []) when it has none."""
    contents = _contents(vocabulary_files(root))  # read once: the stamp is of the bytes parsed
    if not contents:
        return None, []
    from civictech_kb.model.vocab import fold
    from civictech_kb.model.vocabulary import builtin_vocabulary
    from civictech_kb.store.strict_yaml import position

    base = builtin_vocabulary()
    taken = {kind: base.names_of(kind) for kind in KINDS.values()}
    first_at: dict[tuple[str, str], str] = {}
    added: dict[str, list[Any]] = {"topic": [], "category": []}
    problems: list[Problem] = []
    for path, raw in contents:
        entries, found = _read_file(path, raw)
        problems += found
        for kind, node, data in entries:
            problem = _clash(kind, node, data, base, taken[kind], first_at, display_path(path))
            if problem:
                problems.append(problem)
                continue
            entry = _entry(kind, data)
            first_at[(kind, entry.id)] = f"{display_path(path)}:{position(node, 'id')[0]}"
            for name in (entry.id, entry.label, *entry.synonyms):
                taken[kind].setdefault(fold(name), entry.id)
            added[kind].append(entry)
    return base.with_additions(added["topic"], added["category"], _stamp(root, contents)), sorted(problems)


def _read_file(
    path: Path, raw: bytes | YamlFault | OSError
) -> tuple[list[tuple[str, Any, dict[str, Any]]], list[Problem]]:
    """(kind, YAML node, validated data) of each valid entry of one file
    (its bytes, or why they could not be read), and its problems."""
    from civictech_kb.store.strict_yaml import decode_text, parse_text

    shown = display_path(path)
    if isinstance(raw, OSError):
        return [], [Problem(shown, 0, 0, "unreadable", f"cannot be read: {raw.strerror or raw}")]
    try:
        if isinstance(raw, YamlFault):
            raise raw
        node = parse_text(decode_text(raw))
    except YamlFault as fault:
        return [], [fault.as_problem(shown)]
    if node is None:
        return [], []
    if not isinstance(node, dict):
        return [], [
            Problem(shown, 1, 1, "not-a-mapping", "a vocabulary file is a mapping of topics: and categories:")
        ]
    from pydantic import ValidationError

    from civictech_kb.model.additions import VocabularyFile
    from civictech_kb.store.strict_yaml import plain

    try:
        checked = VocabularyFile.model_validate(plain(node))
    except ValidationError as err:
        from civictech_kb.store.schema_errors import vocabulary_problems

        problems = vocabulary_problems(err, node, shown)
        bad = {tuple(detail["loc"][:2]) for detail in err.errors(include_url=False)}
        return _valid_entries(node, bad), problems
    dumped = checked.model_dump(exclude_none=True)
    return [(KINDS[section], node[section][number], data)
            for section in KINDS for number, data in enumerate(dumped[section])], []  # fmt: skip


def _valid_entries(node: dict[str, Any], bad: set[tuple[Any, ...]]) -> list[tuple[str, Any, dict[str, Any]]]:
    """The entries of a file with problems that have none themselves."""
    from civictech_kb.model.additions import SECTIONS
    from civictech_kb.store.strict_yaml import plain

    wrong_sections = {place[0] for place in bad if len(place) < 2}  # not a list, or no section at all
    kept = []
    for section, model in SECTIONS.items():
        if section in wrong_sections:
            continue
        for number, item in enumerate(node.get(section) or []):
            if (section, number) not in bad:
                kept.append(
                    (KINDS[section], item, model.model_validate(plain(item)).model_dump(exclude_none=True))
                )
    return kept


def _clash(kind: str, node: Any, data: dict[str, Any], base: Vocabulary, taken: dict[str, str],
           first_at: dict[tuple[str, str], str], shown: str) -> Problem | None:  # fmt: skip
    """Why an entry cannot be added: its id is built in or added already, or
    a label or synonym of it leads to another topic or category."""
    from civictech_kb.model.vocab import fold
    from civictech_kb.store.strict_yaml import position, value_position

    item_id = data["id"]
    line, column = value_position(node, "id") or position(node, "id")
    built_in = item_id in (base.topics if kind == "topic" else base.categories)
    if built_in:
        return Problem(shown, line, column, f"builtin-{kind}",
                       f"{kind} {item_id!r} is built in; an addition may not redefine it",
                       f"choose another id, or use the built-in {kind} as it is")  # fmt: skip
    if (kind, item_id) in first_at:
        return Problem(shown, line, column, f"duplicate-{kind}",
                       f"{kind} {item_id!r} is added twice", f"also at {first_at[(kind, item_id)]}")  # fmt: skip
    for key in ("id", "label", "synonyms"):
        names = data.get(key, []) if key == "synonyms" else [data[key]]
        for number, name in enumerate(names):
            owner = taken.get(fold(name))
            if owner is not None and owner != item_id:
                where = position(node[key], number) if key == "synonyms" else value_position(node, key)
                line, column = where or position(node, key)
                return Problem(shown, line, column, "name-clash",
                               f"{key.removesuffix('s')} {name!r} already names the {kind} {owner!r}",
                               f"a word leads to one {kind} only: remove it or reword it")  # fmt: skip
    return None


def _entry(kind: str, data: dict[str, Any]) -> Topic | Category:
    from civictech_kb.model.vocabulary import Category, Topic

    synonyms = tuple(data.get("synonyms", ()))
    if kind == "topic":
        return Topic(data["id"], data["label"], synonyms, data.get("description", ""))
    return Category(data["id"], data["label"], data.get("description", ""), synonyms)
