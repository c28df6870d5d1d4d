"""The symbolic link guard: whether a file reached from the records folder
must not be read because a link on its way leads out of it (or loops),
deciding "below" by real paths however the folder and the file are written."""

from __future__ import annotations

import os
import stat
from pathlib import Path


def outside_root(path: Path, root: Path | None, folders: dict[str, bool] | None = None) -> str:
    """Why a file must not be read: on its way from root, a symbolic link
    (to the file or to a folder) leads out of root, or loops. Root and file
    are compared by their real paths, however each was written (relative,
    with .., through a link); a file the user named elsewhere (its way never
    goes below root, or leaves it by ..) is theirs to read.

    A file written as root's path and then plain names, none a symbolic link
    (one lstat each; `folders` keeps what was found of each folder, for the
    files of one load), is below root's real path, and nothing needs resolving."""
    if root is None:
        return ""
    given, inside = os.fspath(path), os.fspath(Path(root) / "x")[:-1]  # "" for ".", else ends with /
    rest = given[len(inside) :].split(os.sep) if given.startswith(inside) else [""]
    plain = "" not in rest and "." not in rest and ".." not in rest
    if plain and _no_links_below(inside, given, {} if folders is None else folders):
        return ""
    try:
        target = os.path.realpath(given, strict=True)
        real_root = os.path.realpath(root, strict=True)
    except FileNotFoundError:
        return ""  # a missing file or a dangling link: reading it says so
    except OSError:  # ELOOP: a symbolic link loop
        return "symbolic link that loops"
    if _within(target, real_root) or not _leaves_by_a_link(given, real_root):
        return ""
    return "symbolic link points outside the records directory"


def _within(real: str, real_root: str) -> bool:
    return real == real_root or real.startswith(os.path.join(real_root, ""))


def _leaves_by_a_link(given: str, real_root: str) -> bool:
    """Whether the way to `given`, a name at a time, goes from below
    `real_root` to outside it by a name other than .. (a symbolic link)."""
    way = os.path.join(os.getcwd(), given)
    at, inside = os.sep, _within(os.sep, real_root)
    for name in way.split(os.sep):
        if name in ("", "."):
            continue
        at = os.path.join(at, name)
        now = _within(os.path.realpath(at), real_root)
        if inside and not now and name != "..":
            return True
        inside = now
    return False


def _no_links_below(inside: str, below: str, folders: dict[str, bool]) -> bool:
    """Whether no part of `below` after the folder `inside` is a symbolic
    link (False also when a part cannot be looked at: then resolving says why)."""
    at = below.find(os.sep, len(inside))
    while at != -1:
        folder = below[:at]
        plain = folders.get(folder)
        if plain is None:
            plain = folders[folder] = _not_a_link(folder)
        if not plain:
            return False
        at = below.find(os.sep, at + 1)
    return _not_a_link(below)


def _not_a_link(path: str) -> bool:
    try:
        return not stat.S_ISLNK(os.lstat(path).st_mode)
    except OSError:
        return False
