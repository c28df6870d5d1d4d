"""Which files are records: the type folders (one listing each per load),
and the record files outside them that are therefore never read."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

from civictech_kb.model.problems import NoRecords, Problem, RecordsDirNotFound
from civictech_kb.model.record import TYPE_DIRS
from civictech_kb.store.paths import display_path

RECORD_SUFFIXES = (".yaml", ".yml")
DIR_TYPES = {directory: record_type for record_type, directory in TYPE_DIRS.items()}


def check_records_dir(root: Path) -> None:
    if not root.exists():
        raise RecordsDirNotFound(f"records directory {root} does not exist")
    if not root.is_dir():
        raise RecordsDirNotFound(f"records directory {root} is not a directory")


def discover(root: Path) -> list[Path]:
    """Record files below root, one folder per type, sorted."""
    return [root / name for name in scan(root)]


def scan(root: Path) -> list[str]:
    """Record files below root, one folder per type, as sorted paths relative
    to root ("projects/cofacts.yaml"): what discover() finds, without making
    a Path of each. A file named just ".yaml" has no suffix, as in pathlib."""
    return _records_of(_type_folders(root))


class _Folder(NamedTuple):
    """One type folder's entries, from one listing: record files, symbolic
    links among them, and subfolders (which hold misfiled files)."""

    files: list[str]
    links: list[str]
    subfolders: list[str]


def _type_folders(root: Path) -> dict[str, _Folder]:
    check_records_dir(root)
    found = {}
    for directory in TYPE_DIRS.values():
        files, links, subfolders = [], [], []
        try:
            with os.scandir(root / directory) as entries:
                for entry in entries:
                    name = entry.name
                    if name.endswith(RECORD_SUFFIXES) and name not in RECORD_SUFFIXES:
                        files.append(name)  # even a folder: reading it says what it is
                    elif entry.is_dir(follow_symlinks=False):
                        subfolders.append(name)
                    if entry.is_symlink():
                        links.append(name)
        except (FileNotFoundError, NotADirectoryError):
            continue
        except OSError as err:
            raise RecordsDirNotFound(f"cannot read {root / directory}: {err.strerror or err}") from None
        found[directory] = _Folder(files, links, subfolders)
    return found


def _records_of(folders: dict[str, _Folder]) -> list[str]:
    """The folders' record files as sorted paths: each folder's names sorted
    alone ("dir/" sorts before any other folder's paths), then put end to end."""
    found: list[str] = []
    for directory in sorted(folders, key=lambda name: name + "/"):
        prefix = directory + "/"
        found += [prefix + name for name in sorted(folders[directory].files)]
    return found


def collection_files(root: Path, folders: dict[str, _Folder] | None = None) -> list[str]:
    """scan(root), which must find a record: NoRecords, with a hint, if not."""
    names = _records_of(folders if folders is not None else _type_folders(root))
    if not names:
        nested = root / "records"
        hint = (f"did you mean {nested}?" if nested.is_dir() else
                f"records go in {', '.join(d + '/' for d in TYPE_DIRS.values())} below it")  # fmt: skip
        raise NoRecords(f"no records found in {root}; {hint}")
    return names


def misfiled(root: Path, folders: dict[str, _Folder] | None = None) -> list[Problem]:
    """Record files below root that no type folder holds directly, and that
    ctkb therefore never reads: a folder named wrong (project/), a file at the
    top, or one in a subfolder (type folders are flat: the file name is the
    id). Hidden folders (.git, .github) are not looked into. A type folder's
    own files are not listed again (folders: what scan listed)."""
    folders = folders if folders is not None else _type_folders(root)
    linked = {target for directory, folder in folders.items() for name in folder.links
              for target in _target(root / directory / name)}  # fmt: skip
    found = []
    for folder, files in _outside_type_folders(root, folders):
        inside = Path(folder).relative_to(root).parts
        for name in sorted(files):
            path = Path(folder) / name
            if (name.endswith(RECORD_SUFFIXES) and not name.startswith(".") and not is_vocabulary(inside, name)
                    and not (linked and path.resolve() in linked)):  # fmt: skip
                found.append(Problem(display_path(path), 0, 0, "misfiled",
                                     "outside the type folders, so it is not read",
                                     f"move it to {_belongs(path, inside)}"))  # fmt: skip
    return found


def _target(link: Path) -> list[Path]:
    """Where a symbolic link leads ([] if it loops)."""
    try:
        return [link.resolve()]
    except (OSError, RuntimeError):  # RuntimeError: a loop, before Python 3.13
        return []


def _outside_type_folders(root: Path, folders: dict[str, _Folder]) -> Iterator[tuple[str, list[str]]]:
    """(folder, file names) below root, in order, but the files directly in a type folder."""
    tops = [os.walk(root)]
    for directory, folder in sorted(folders.items()):
        for sub in sorted(name for name in folder.subfolders if not name.startswith(".")):
            tops.append(os.walk(root / directory / sub))
    for walk in tops:
        for here, subfolders, files in walk:
            if Path(here) == root:
                subfolders[:] = sorted(n for n in subfolders if not n.startswith(".") and n not in DIR_TYPES)
            else:
                subfolders[:] = sorted(n for n in subfolders if not n.startswith("."))
            yield here, files


def is_vocabulary(inside: tuple[str, ...], name: str) -> bool:
    """Whether a file below the records folder holds vocabulary additions,
    not a record (see model/vocab.py)."""
    return inside[:1] == ("vocabulary",) or (not inside and name.rsplit(".", 1)[0] == "vocabulary")


def _belongs(path: Path, inside: tuple[str, ...]) -> str:
    """Where a misfiled record file should go: by its type, else by the folder name it resembles."""
    from civictech_kb.model.vocab import suggest
    from civictech_kb.store.strict_yaml import YamlFault, read_yaml

    try:
        declared = read_yaml(path)
    except (YamlFault, OSError):
        declared = None
    record_type = declared.get("type") if isinstance(declared, dict) else None
    folder = TYPE_DIRS.get(record_type) if isinstance(record_type, str) else None
    if folder is None:
        near = [s for part in inside for s in suggest(part, list(DIR_TYPES))]
        folder = near[0] if near else None
    if folder is None:
        return f"one of the type folders ({', '.join(d + '/' for d in TYPE_DIRS.values())})"
    return f"{folder}/{path.name}"
