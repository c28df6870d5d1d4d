"""Writing files so that a crash never leaves a half-written one: write a
temporary file in the same directory, flush it to disk, then rename it over
the target in one step.

Only regular files are written. A symbolic link to a regular file is
written through (the file it names is replaced; the link stays); a device,
a FIFO, a socket, a folder, a dangling link or a link to any of them is
refused, so `--output /dev/null --force` can never turn a device into a file.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from civictech_kb.model.problems import OutputExists, WriteRefused

# Errors of os.link on file systems without hard links (vfat, exFAT, some SMB
# and FUSE mounts): creating falls back to an exclusive create.
NO_HARD_LINKS = {errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.ENOSYS, errno.EMLINK, errno.EACCES}
TEMP_NAME_PART = 40  # characters of the target's name in the temporary file's name


class FileChanged(WriteRefused):
    """The file changed on disk after it was read; it was left as it is."""


@dataclass(frozen=True)
class Snapshot:
    """A file's bytes as read, with the size, mtime and inode seen before
    reading: a later save shows in one of them."""

    data: bytes
    size: int
    mtime_ns: int
    inode: int

    def still_holds(self, path: Path) -> bool:
        try:
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))  # a FIFO put there never blocks
            with os.fdopen(fd, "rb") as handle:
                now = os.fstat(handle.fileno())
                data = handle.read(self.size + 1) if stat.S_ISREG(now.st_mode) else None
        except OSError:
            return False
        seen = (now.st_size, now.st_mtime_ns, now.st_ino, data)
        return seen == (self.size, self.mtime_ns, self.inode, self.data)


def snapshot(path: Path, read: Callable[[Path], bytes]) -> Snapshot:
    """The file's bytes from read(path), with what os.stat saw just before."""
    before = os.stat(path)
    return Snapshot(read(path), before.st_size, before.st_mtime_ns, before.st_ino)


def write_atomically(
    path: Path, data: bytes | str, *, overwrite: bool = True, unchanged: Snapshot | None = None
) -> None:
    """Replace path with data in one rename, keeping an existing file's mode,
    owner and extended attributes; a link to a regular file is written through.

    With overwrite=False an existing file is refused (WriteRefused). With
    unchanged, the file must still be as that snapshot saw it just before
    the rename (else FileChanged, and it is left as it is). On any failure
    the temporary file is removed and the original is untouched.
    """
    if isinstance(data, str):
        data = data.encode("utf-8")
    path = regular_target(Path(path))
    if not overwrite and os.path.lexists(path):
        raise OutputExists(f"{path} already exists; use --force to replace it")
    directory = path.parent if str(path.parent) else Path(".")
    existing = _stat_or_none(path)
    try:
        fd, temporary = tempfile.mkstemp(
            prefix=f".{path.name[:TEMP_NAME_PART]}.", suffix=".tmp", dir=directory
        )
    except OSError as err:
        raise WriteRefused(f"cannot write in {directory}: {err.strerror}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            _keep_metadata(handle.fileno(), path, existing)
            os.fsync(handle.fileno())
        if unchanged is not None and not unchanged.still_holds(path):
            raise FileChanged(f"{path} changed while it was being written; it was left as it is")
        _replace(temporary, path, overwrite, data)
    except OSError as err:
        _remove(temporary)
        raise WriteRefused(f"cannot write {path}: {err.strerror or err}") from None
    except BaseException:
        _remove(temporary)
        raise


def regular_target(path: Path) -> Path:
    """The file a write to path lands in: path itself, or the regular file a
    symbolic link leads to; WriteRefused for anything that is not a regular
    file (a device, a FIFO, a socket, a folder, a dangling link)."""
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return path
    except OSError as err:
        raise WriteRefused(f"cannot write {path}: {err.strerror or err}") from None
    if stat.S_ISREG(mode):
        return path
    if stat.S_ISLNK(mode):
        target = Path(os.path.realpath(path))
        with contextlib.suppress(OSError):
            if stat.S_ISREG(os.stat(target).st_mode):
                return target
    raise WriteRefused(f"{path} is not a regular file; nothing was written")


def _stat_or_none(path: Path) -> os.stat_result | None:
    try:
        return os.stat(path)
    except OSError:
        return None


def _keep_metadata(fd: int, path: Path, existing: os.stat_result | None) -> None:
    """Give the temporary file the mode, owner and extended attributes of the
    file it replaces (a new file gets the default mode). An owner that cannot
    be kept refuses the write: the file would change hands."""
    if existing is None:
        umask = os.umask(0)
        os.umask(umask)
        os.fchmod(fd, 0o666 & ~umask)
        return
    mine = os.fstat(fd)
    if (mine.st_uid, mine.st_gid) != (existing.st_uid, existing.st_gid):
        try:
            os.fchown(fd, existing.st_uid, existing.st_gid)
        except OSError:
            raise WriteRefused(f"cannot keep the owner of {path}; nothing was written") from None
    os.fchmod(fd, existing.st_mode & 0o7777)
    _copy_xattrs(path, fd)


def _copy_xattrs(path: Path, fd: int) -> None:
    if not hasattr(os, "listxattr"):
        return
    try:
        names = os.listxattr(path)
    except OSError:
        return
    for name in names:
        try:
            os.setxattr(fd, name, os.getxattr(path, name))
        except OSError:
            if name.startswith("user."):  # the user's own: refuse to drop it
                raise WriteRefused(f"cannot keep the extended attribute {name} of {path}") from None
            # security.* and system.* belong to the system, which sets its own


def _replace(temporary: str, path: Path, overwrite: bool, data: bytes) -> None:
    if overwrite:
        os.replace(temporary, path)
        return
    # Refuse to clobber a file that appeared while we were writing.
    try:
        os.link(temporary, path)
    except FileExistsError:
        raise OutputExists(f"{path} already exists; use --force to replace it") from None
    except OSError as err:
        if err.errno not in NO_HARD_LINKS:
            raise
        _create_exclusively(path, data)
    os.unlink(temporary)


def _create_exclusively(path: Path, data: bytes) -> None:
    """Without hard links: create path only if it does not exist, and write
    it; a failure removes what was created."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    except FileExistsError:
        raise OutputExists(f"{path} already exists; use --force to replace it") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        _remove(path)
        raise


def _remove(temporary: Path | str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(temporary)


def write_files(files: dict[Path, bytes], *, overwrite: bool = False, folder: bool = False) -> None:
    """Write several files (an export and its companions), each atomically;
    without overwrite, refuse before writing any when one already exists.
    With folder, the files' one folder is created if missing (not its parents)."""
    if not overwrite:
        for path in files:
            if path.exists():
                raise OutputExists(f"{path} already exists; use --force to replace it")
    for path in {path.parent for path in files} if folder else ():
        try:
            path.mkdir(exist_ok=True)
        except OSError as err:
            raise WriteRefused(f"cannot create {path}: {err.strerror or err}") from None
    for path, data in files.items():
        write_atomically(path, data, overwrite=overwrite)
