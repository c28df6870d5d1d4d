"""Where the cache lives: $CTKB_CACHE_DIR, else the XDG cache folder, else
~/.cache/ctkb, used only when it is a folder of the user's own that nobody
else may write to."""

from __future__ import annotations

import os
import stat
from pathlib import Path

__all__ = ["cache_dir", "usable_dir"]


def cache_dir() -> tuple[Path | None, str]:
    """$CTKB_CACHE_DIR, else $XDG_CACHE_HOME/ctkb (when absolute, as the XDG
    rule says), else ~/.cache/ctkb; (None, why) when there is no home."""
    explicit = os.environ.get("CTKB_CACHE_DIR")
    if explicit:
        return Path(explicit).absolute(), ""
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    if os.path.isabs(xdg):
        return Path(xdg) / "ctkb", ""
    home = _home()
    if home is None:
        return None, "no home directory (set HOME or CTKB_CACHE_DIR); working without a cache"
    return home / ".cache" / "ctkb", ""


def _home() -> Path | None:
    home = os.environ.get("HOME", "")
    if os.path.isabs(home):
        return Path(home)
    try:
        import pwd

        entry = pwd.getpwuid(os.getuid()).pw_dir
    except (ImportError, KeyError, OSError):
        return None
    return Path(entry) if os.path.isabs(entry) else None


def usable_dir() -> tuple[Path | None, str]:
    """The cache folder, created if need be, if it is the user's own and
    nobody else may write to it; else (None, why it is not used)."""
    directory, why = cache_dir()
    if directory is None:
        return None, why
    try:
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = os.stat(directory)
    except FileExistsError:  # something that is not a folder has the name
        return None, f"the cache folder {directory} is not a folder; working without a cache"
    except OSError as err:
        return (
            None,
            f"cannot use the cache folder {directory}: {err.strerror or err}; working without a cache",
        )
    if not stat.S_ISDIR(info.st_mode):
        return None, f"the cache folder {directory} is not a folder; working without a cache"
    if hasattr(os, "geteuid") and (info.st_uid != os.geteuid() or info.st_mode & 0o022):
        return None, (f"the cache folder {directory} belongs to someone else or others may write to it; "
                      "working without a cache")  # fmt: skip
    return directory, ""
