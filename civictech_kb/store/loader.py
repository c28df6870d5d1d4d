"""Files -> records. Reads every record file strictly, validates it, and
collects a Problem for everything wrong instead of stopping at the first.
"""

from __future__ import annotations

import functools
import hashlib
import os
from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from civictech_kb.model.data import YamlMapping
from civictech_kb.model.problems import InvalidRecords, Problem
from civictech_kb.model.record import TYPE_DIRS, Collection, Record
from civictech_kb.store import workers
from civictech_kb.store.below_root import outside_root
from civictech_kb.store.file_bytes import YamlFault, read_with_stat
from civictech_kb.store.listing import DIR_TYPES as DIR_TYPES  # re-exported: where callers look
from civictech_kb.store.listing import RECORD_SUFFIXES as RECORD_SUFFIXES
from civictech_kb.store.listing import _type_folders as _type_folders
from civictech_kb.store.listing import check_records_dir as check_records_dir
from civictech_kb.store.listing import collection_files as collection_files
from civictech_kb.store.listing import discover as discover
from civictech_kb.store.listing import is_vocabulary as is_vocabulary
from civictech_kb.store.listing import misfiled as misfiled
from civictech_kb.store.listing import scan as scan
from civictech_kb.store.paths import display_path
from civictech_kb.store.workers import PARALLEL_FROM as PARALLEL_FROM  # re-exported: where callers look

if TYPE_CHECKING:
    from civictech_kb.model.vocabulary import Vocabulary

PACKAGE_DIR = Path(__file__).parent.parent


def default_records_dir() -> Path:
    """The records bundled with ctkb: inside the installed package, or the
    repository's records/ folder when running from a checkout."""
    bundled = PACKAGE_DIR / "records"
    return bundled if bundled.is_dir() else PACKAGE_DIR.parent / "records"


def records_dir(option: Path | None = None) -> Path:
    """--records, else $CTKB_RECORDS, else the bundled records."""
    if option is not None:
        return option
    env = os.environ.get("CTKB_RECORDS")
    return Path(env) if env else default_records_dir()


class FileRead(NamedTuple):
    """What reading one record file gave: its data (None if it has problems),
    the problems, the positions cross-record checks report, the size, time
    and hash of the exact bytes that were parsed (0, 0, b"" if none), and,
    when it is a mapping with problems, its raw data (for stand_in.py)."""

    path: Path
    data: YamlMapping | None
    problems: list[Problem]
    positions: dict[str, tuple[int, int]]
    size: int = 0
    mtime_ns: int = 0
    hash: bytes = b""
    raw: YamlMapping | None = None


def load_file(
    path: Path, root: Path | None = None, vocabulary: Vocabulary | None = None
) -> tuple[YamlMapping | None, list[Problem]]:
    """Read and validate one record file: (plain data or None, problems)."""
    read = read_file(path, root, vocabulary)
    return read.data, read.problems


def read_file(
    path: Path,
    root: Path | None = None,
    vocabulary: Vocabulary | None = None,
    folders: dict[str, bool] | None = None,
) -> FileRead:
    """Read and validate one record file against a vocabulary (default: the
    built-in one), keeping what the cache stores; `folders`: see outside_root."""
    from civictech_kb.store.strict_yaml import decode_text, parse_text  # a warm load parses nothing

    shown = display_path(path)
    escape = outside_root(path, root, folders)
    if escape:
        return FileRead(path, None, [Problem(shown, 0, 0, "outside-records", escape)], {})
    try:
        raw, info = read_with_stat(path)
        node = parse_text(decode_text(raw))
    except YamlFault as fault:
        return FileRead(path, None, [fault.as_problem(shown)], {})
    stamp = (info.st_size, info.st_mtime_ns, hashlib.sha256(raw).digest())
    if node is None:
        return FileRead(
            path, None, [Problem(shown, 1, 1, "empty-file", "the file holds no record")], {}, *stamp
        )
    if not isinstance(node, dict):
        kind = "a list" if isinstance(node, list) else "a single value"
        problem = Problem(shown, 1, 1, "not-a-mapping", f"a record is a mapping of fields, not {kind}")
        return FileRead(path, None, [problem], {}, *stamp)
    data, problems = _validate(node, shown, vocabulary)
    problems += _file_name_problems(node, path, shown)
    if not problems:
        return FileRead(path, data, problems, cross_positions(node), *stamp)
    from civictech_kb.store.strict_yaml import plain

    raw = plain(node)
    return FileRead(
        path, None, problems, cross_positions(node), *stamp, raw if isinstance(raw, dict) else None
    )


def cross_positions(node: YamlMapping) -> dict[str, tuple[int, int]]:
    """Where each country, relation target and cited source id stands
    ("countries.0", "relations.part_of.1", "sources.0.source",
    "milestones.2.source.source"): what cross-record checks point at."""
    from civictech_kb.store.strict_yaml import position, value_position

    found: dict[str, tuple[int, int]] = {}
    countries = node.get("countries")
    if isinstance(countries, list):
        for number in range(len(countries)):
            found[f"countries.{number}"] = position(countries, number)
    relations = node.get("relations")
    if isinstance(relations, dict):
        for relation, targets in relations.items():
            if isinstance(targets, list):
                for number in range(len(targets)):
                    found[f"relations.{relation}.{number}"] = position(targets, number)
    for key, inner in (("sources", None), ("milestones", "source")):
        items = node.get(key)
        for number, item in enumerate(items if isinstance(items, list) else []):
            citation = item.get(inner) if inner and isinstance(item, dict) else item
            if isinstance(citation, dict) and "source" in citation:
                spot = value_position(citation, "source") or position(citation, "source")
                found[f"{key}.{number}{'.' + inner if inner else ''}.source"] = spot
    return found


def _validate(
    node: YamlMapping, shown: str, vocabulary: Vocabulary | None
) -> tuple[YamlMapping | None, list[Problem]]:
    from pydantic import ValidationError

    from civictech_kb.model.schema import validate_record
    from civictech_kb.store.strict_yaml import plain

    try:
        return validate_record(plain(node), vocabulary), []
    except ValidationError as err:
        from civictech_kb.store.schema_errors import date_order_problems, problems_from

        # The date order is checked once every field is valid; say it now too.
        problems = problems_from(err, node, shown, vocabulary) + date_order_problems(node, shown)
        return None, list(dict.fromkeys(problems))


def _file_name_problems(node: YamlMapping, path: Path, shown: str) -> list[Problem]:
    from civictech_kb.store.strict_yaml import position, value_position

    problems = []
    record_id, record_type = node.get("id"), node.get("type")
    if isinstance(record_id, str) and record_id != path.stem:
        line, column = value_position(node, "id") or position(node, "id")
        problems.append(Problem(shown, line, column, "id-mismatch",
                                f"id {record_id!r} differs from the file name {path.stem!r}",
                                f"rename the file to {record_id}.yaml or set id: {path.stem}"))  # fmt: skip
    expected = DIR_TYPES.get(path.parent.name)
    if expected and isinstance(record_type, str) and record_type in TYPE_DIRS and record_type != expected:
        line, column = value_position(node, "type") or position(node, "type")
        problems.append(Problem(shown, line, column, "type-mismatch",
                                f"{record_type} record in the {path.parent.name}/ folder",
                                f"move it to {TYPE_DIRS[record_type]}/"))  # fmt: skip
    return problems


Progress = Callable[[int, int], None]
CHUNK = 64


def parse_files(
    paths: list[Path],
    root: Path | None = None,
    progress: Progress | None = None,
    vocabulary: Vocabulary | None = None,
) -> list[FileRead]:
    """What reading each path gave, in order. Large batches are spread over
    worker processes (YAML parsing is CPU-bound: store/workers.py)."""
    if not workers.worth_it(len(paths)):
        return _parse_serially(paths, root, progress, vocabulary)
    results: list[FileRead] = []
    chunked = functools.partial(_parse_chunk, root=root, vocabulary=vocabulary)
    for chunk_results in workers.map_chunks(chunked, paths, CHUNK):
        results.extend(chunk_results)
        if progress:
            progress(len(results), len(paths))
    return results


def _parse_chunk(
    paths: list[Path], root: Path | None, vocabulary: Vocabulary | None = None
) -> list[FileRead]:
    return _parse_serially(paths, root, None, vocabulary)


def _parse_serially(
    paths: list[Path], root: Path | None, progress: Progress | None, vocabulary: Vocabulary | None = None
) -> list[FileRead]:
    results = []
    folders: dict[str, bool] = {}  # what outside_root found of each folder, for these files
    for done, path in enumerate(paths, start=1):
        results.append(read_file(path, root, vocabulary, folders))
        if progress and done % CHUNK == 0:
            progress(done, len(paths))
    if progress:
        progress(len(paths), len(paths))
    return results


def load_files(
    paths: Iterable[Path],
    root: Path | None = None,
    progress: Progress | None = None,
    stand_ins: bool = False,
    vocabulary: Vocabulary | None = None,
) -> tuple[list[Record], list[Problem]]:
    """Load many files; return the valid records and every problem found.
    With stand_ins, the records also hold what cross-record checks can read
    of each invalid file (store/stand_in.py)."""
    from civictech_kb.store.stand_in import stand_in

    records, problems = [], []
    for read in parse_files(list(paths), root, progress, vocabulary):
        problems.extend(read.problems)
        if read.data is not None:
            records.append(Record(read.data, str(read.path), read.positions))
        elif stand_ins and read.raw is not None:
            records.extend(filter(None, [stand_in(read.raw, str(read.path), read.positions)]))
    return records, problems


def load_collection(
    root: Path, use_cache: bool = False, progress: Progress | None = None, strict: bool = True
) -> Collection:
    """Load and check every record below root; raise InvalidRecords on any
    problem, NoRecords when there is no record at all.

    With use_cache, unchanged files come from the on-disk cache (see
    store/cache.py) and only added or changed ones are parsed and validated
    again; if there can be no cache, the collection's `warnings` say why.
    Without it (the default), nothing is written anywhere. Without strict,
    files with problems (and records linking only to them) are left out and
    the collection's `skipped` says why; misfiled files are in `misfiled`.

    The collection's vocabulary file, if it has one (store/vocabulary_file.py),
    is read first: its topics and categories are the collection's
    `vocabulary`, and its problems are the collection's problems.
    """
    folders = _type_folders(root)
    names = collection_files(root, folders)
    stray = misfiled(root, folders)
    if strict and stray:
        raise InvalidRecords(stray)
    vocabulary, wrong = _vocabulary(root, use_cache)
    collection, why = None, ""
    try:
        if use_cache and not wrong:
            from civictech_kb.store.cached_load import load_with_cache

            parse = partial(parse_files, vocabulary=vocabulary)
            collection, why = load_with_cache(root, names, parse, progress, vocabulary)
        if collection is None:
            collection = _checked(root, progress, vocabulary, wrong)
    except InvalidRecords:
        if strict and use_cache:  # the cache knows nothing of invalid files: say all from the files
            _checked(root, progress, vocabulary, wrong)
        if strict:
            raise
        collection = _readable_part(root, progress, vocabulary, wrong)
    collection._vocabulary = vocabulary
    collection.misfiled = stray
    if why:
        collection.warnings.append(why)
    return collection


def _vocabulary(root: Path, use_cache: bool) -> tuple[Vocabulary | None, list[Problem]]:
    """The collection's vocabulary and its problems: from the cache when it
    was made from these vocabulary files, else read from them."""
    from civictech_kb.store.vocabulary_file import read_vocabulary

    if use_cache:
        from civictech_kb.store.cached_load import cached_vocabulary

        kept = cached_vocabulary(root)
        if kept is not None:
            return kept, []
    return read_vocabulary(root)


def _checked(
    root: Path, progress: Progress | None, vocabulary: Vocabulary | None, wrong: list[Problem]
) -> Collection:
    from civictech_kb.store.cross_checks import check_collection

    records, problems = load_files(discover(root), root, progress, stand_ins=True, vocabulary=vocabulary)
    collection = Collection(records, root, vocabulary)
    problems += wrong + check_collection(collection)
    if problems:
        raise InvalidRecords(sorted(set(problems)))
    return collection


def _readable_part(
    root: Path, progress: Progress | None, vocabulary: Vocabulary | None, wrong: list[Problem]
) -> Collection:
    """The records without problems. A valid record keeps its place when it
    links to a left-out record: the link is taken out (it leads nowhere now)
    and said in the collection's `left_out_links` (store/left_out.py);
    records failing the cross-record checks for other reasons are left out."""
    from civictech_kb.store.cross_checks import check_collection
    from civictech_kb.store.left_out import without_links_to

    records, problems = load_files(discover(root), root, progress, vocabulary=vocabulary)
    left_out = {Path(problem.path).stem: problem.path for problem in problems}  # ids are file names
    problems += wrong
    links: list[Problem] = []
    while True:
        records, dropped = without_links_to(records, left_out)
        links += dropped
        collection = Collection(records, root, vocabulary)
        cross = check_collection(collection)
        problems += cross
        failing = {problem.path for problem in cross}
        kept = [record for record in records if display_path(Path(record.path)) not in failing]
        if len(kept) == len(records):
            break
        remaining = {record.id for record in kept}
        left_out |= {r.id: display_path(Path(r.path)) for r in records if r.id not in remaining}
        records = kept
    collection.skipped = sorted(set(problems))
    collection.left_out_links = sorted(set(links))
    return collection


def validate_paths(root: Path, paths: list[Path]) -> list[Problem]:
    """Every problem in the given files (or the whole collection when none),
    including cross-record ones checked against the rest of the collection;
    records are checked against the collection's vocabulary, and a
    vocabulary file given is checked as one."""
    from civictech_kb.store.cross_checks import check_collection
    from civictech_kb.store.vocabulary_file import read_vocabulary, vocabulary_files

    vocabulary, wrong = read_vocabulary(root) if root.is_dir() else (None, [])
    if not paths:
        collection_files(root)
        records, problems = load_files(discover(root), root, stand_ins=True, vocabulary=vocabulary)
        cross = check_collection(Collection(records, root, vocabulary))
        return sorted(set(problems + wrong + misfiled(root) + cross))
    vocabulary_paths = {p.resolve() for p in vocabulary_files(root)} if root.is_dir() else set()
    files = [p for p in expand_paths(paths) if p.resolve() not in vocabulary_paths]
    asked = {display_path(p) for p in expand_paths(paths) if p.resolve() in vocabulary_paths}
    records, problems = load_files(files, root, stand_ins=True, vocabulary=vocabulary)
    checked = {r.path for r in records}
    given = {Path(p).resolve() for p in files}
    context: list[Record] = []
    if root.is_dir():
        context, _ = load_files(
            [p for p in discover(root) if p.resolve() not in given],
            root,
            stand_ins=True,
            vocabulary=vocabulary,
        )
    cross = check_collection(Collection(records + context, root, vocabulary))
    shown = {display_path(Path(path)) for path in checked}
    return sorted(
        set(problems + [p for p in wrong if p.path in asked] + [p for p in cross if p.path in shown])
    )


def expand_paths(paths: list[Path]) -> list[Path]:
    """The record files named by paths: files as given, folders searched."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*") if p.suffix in RECORD_SUFFIXES))
        else:
            files.append(path)
    return files
