"""`ctkb fmt` on files: which files to format, and rewriting each one so
that no edit is ever lost. The canonical layout itself is `fmt.format_text`.

A file is only rewritten when it parses and validates and its formatted
text is canonical (see fmt), when it is writable and has a single link, and
when it is still, just before the rename, exactly what was read (size,
time, inode and bytes); it is written atomically with its mode, owner and
extended attributes kept, and never outside the records directory.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from civictech_kb.authoring import fmt
from civictech_kb.model.problems import Problem
from civictech_kb.store.atomic import Snapshot


@dataclass
class FormatReport:
    """What `ctkb fmt` did (or, with check, would do) to each file."""

    changed: list[Path] = field(default_factory=list)
    diffs: list[str] = field(default_factory=list)  # a unified diff per changed file, with diff
    unchanged: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def format_paths(
    root: Path,
    paths: list[Path],
    check: bool = False,
    on_change: Callable[[Path], None] | None = None,
    diff: bool = False,
) -> FormatReport:
    """Format the given record files and folders (the whole collection when
    none are given). With check, nothing is written; on_change is told of
    each file as soon as it has been rewritten (or, with check, would be);
    with diff, the report holds what would change as unified diffs.

    A file that does not parse or validate, is read-only or hard-linked, or
    changes on disk while it is being formatted is left untouched and
    reported as problems; a write that fails raises WriteRefused at once.
    """
    from civictech_kb.store.atomic import FileChanged, write_atomically
    from civictech_kb.store.listing import collection_files
    from civictech_kb.store.loader import expand_paths

    files = expand_paths(paths) if paths else [root / name for name in collection_files(root)]
    if not check and not paths:
        from civictech_kb.authoring.new import refuse_installed_records

        refuse_installed_records(root)
    report = FormatReport()
    for path in files:
        new_text, seen, problems = _formatted(path, root)
        if not problems and new_text is not None and not check:
            problems = _unwritable(path)
        if problems:
            report.problems += problems
        elif new_text is None:
            report.unchanged.append(path)
        else:
            if diff:
                report.diffs.append(unified_diff(path, new_text))
            if not check:
                try:
                    write_atomically(_outside_checked(path, root), new_text, unchanged=seen)
                except FileChanged:
                    report.problems.append(_problem(path, "file-changed", CHANGED))
                    continue
            report.changed.append(path)
            if on_change:
                on_change(path)
    report.problems.sort()
    return report


CHANGED = "the file changed while it was being formatted; it was left as it is: run ctkb fmt again"


def _problem(path: Path, code: str, message: str) -> Problem:
    from civictech_kb.store.paths import display_path

    return Problem(display_path(path), 0, 0, code, message)


def _unwritable(path: Path) -> list[Problem]:
    """Why fmt must not rewrite a file it could format: read-only (its
    author's choice), or hard-linked (a rename would split the links)."""
    import os

    info = os.stat(path)
    if not info.st_mode & 0o222:
        return [_problem(path, "read-only", "the file is read-only; make it writable to format it")]
    if info.st_nlink > 1:
        return [_problem(path, "hard-linked", f"the file has {info.st_nlink} hard links; "
                         "formatting would split them: format a copy")]  # fmt: skip
    return []


def _outside_checked(path: Path, root: Path | None) -> Path:
    """The real file fmt rewrites; never one that a link puts outside root."""
    from civictech_kb.model.problems import WriteRefused
    from civictech_kb.store.below_root import outside_root

    reason = outside_root(path, root)
    if reason:
        raise WriteRefused(f"{path}: {reason}; nothing was written")
    return path.resolve()


def unified_diff(path: Path, new_text: str) -> str:
    """What formatting changes in a file, as `diff -u` shows it."""
    import difflib

    from civictech_kb.store.paths import display_path

    old = path.read_text(encoding="utf-8-sig", errors="replace").replace("\r\n", "\n")
    shown = display_path(path)
    lines = difflib.unified_diff(old.splitlines(keepends=True), new_text.splitlines(keepends=True),
                                 f"{shown} (as written)", f"{shown} (formatted)")  # fmt: skip
    return "".join(line if line.endswith("\n") else line + "\n" for line in lines)


def formatted(path: Path, root: Path | None = None) -> tuple[str | None, list[Problem]]:
    """(the canonical text, or None when the file already is canonical;
    problems that stop the file from being formatted)."""
    text, _, problems = _formatted(path, root)
    return text, problems


def _formatted(path: Path, root: Path | None) -> tuple[str | None, Snapshot | None, list[Problem]]:
    from civictech_kb.store.atomic import snapshot
    from civictech_kb.store.loader import load_file
    from civictech_kb.store.paths import display_path
    from civictech_kb.store.strict_yaml import YamlFault, decode_text, read_bounded

    _, problems = load_file(path, root)
    if problems:
        return None, None, problems
    shown = display_path(path)
    try:
        seen = snapshot(path, read_bounded)
        result = fmt.format_text(decode_text(seen.data))
    except YamlFault as fault:
        return None, None, [fault.as_problem(shown)]
    except fmt.NotCanonical as err:
        return None, None, [Problem(shown, 0, 0, "fmt-refused", str(err))]
    except OSError as err:
        return None, None, [Problem(shown, 0, 0, "unreadable", err.strerror or str(err))]
    return (None if seen.data == result.encode("utf-8") else result), seen, []
