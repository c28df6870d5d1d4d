"""Writing files so that a crash never leaves a half-written one: write a
temporary file in the same directory, flush it to disk, then rename it over
the target in one step."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from civictech_kb.model.problems import WriteRefused


def write_atomically(path: Path, data: bytes | str, *, overwrite: bool = True) -> None:
    """Replace path with data in one rename; keep an existing file's mode.

    With overwrite=False an existing file is refused (WriteRefused). On any
    failure the temporary file is removed and the original is untouched.
    """
    path = Path(path)
    if isinstance(data, str):
        data = data.encode("utf-8")
    if not overwrite and path.exists():
        raise WriteRefused(f"{path} already exists; use --force to replace it")
    directory = path.parent if str(path.parent) else Path(".")
    mode = _mode_of(path)
    try:
        fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    except OSError as err:
        raise WriteRefused(f"cannot write in {directory}: {err.strerror}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, mode)
        _replace(temporary, path, overwrite)
    except OSError as err:
        _remove(temporary)
        raise WriteRefused(f"cannot write {path}: {err.strerror or err}") from None
    except BaseException:
        _remove(temporary)
        raise


def _replace(temporary: str, path: Path, overwrite: bool) -> None:
    if overwrite:
        os.replace(temporary, path)
        return
    # Refuse to clobber a file that appeared while we were writing.
    os.link(temporary, path)
    os.unlink(temporary)


def _mode_of(path: Path) -> int:
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _remove(temporary: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(temporary)
