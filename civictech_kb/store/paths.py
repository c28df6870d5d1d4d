"""Paths as problems and listings show them."""

from __future__ import annotations

from pathlib import Path


def display_path(path: Path) -> str:
    """A path as the user would type it: relative to the working directory if inside it."""
    try:
        return str(path.relative_to(Path.cwd()))
    except (ValueError, OSError):  # OSError: the working directory was deleted
        return str(path)
