"""One-off: rewrite old citations (`document: FILE`) as citations of source
records (`source: ID`), keeping every other character of the file.

    python tools/convert_citations.py RECORDS_DIR [FILE=ID ...]

Without FILE=ID pairs, the text_file of each source record in
RECORDS_DIR/sources/ names its id. Files that cite a document no source
record holds are listed and left as they are.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

DOCUMENT = re.compile(
    r"""(?P<lead>(?:^|[{,\s])\s*)document:\s*(?P<q>["']?)(?P<file>[^"',}\n]+?)(?P=q)(?=\s*(?:[,}\n]|$))"""
)


def source_ids(root: Path) -> dict[str, str]:
    ids = {}
    for path in sorted((root / "sources").glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        found = re.search(r"^text_file:\s*['\"]?([^'\"\n]+)", text, flags=re.MULTILINE)
        if found:
            ids[found.group(1).strip()] = path.stem
    return ids


def convert(text: str, ids: dict[str, str]) -> tuple[str, set[str]]:
    unknown: set[str] = set()

    def replace(match: re.Match) -> str:
        file = match.group("file").strip()
        if file not in ids:
            unknown.add(file)
            return match.group(0)
        return f"{match.group('lead')}source: {ids[file]}"

    return DOCUMENT.sub(replace, text), unknown


def main(argv: list[str]) -> int:
    root = Path(argv[0])
    ids = source_ids(root) | dict(pair.split("=", 1) for pair in argv[1:])
    status = 0
    for path in sorted(root.rglob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        new, unknown = convert(text, ids)
        if unknown:
            print(f"{path}: no source record for {', '.join(sorted(unknown))}", file=sys.stderr)
            status = 1
        if new != text:
            path.write_text(new, encoding="utf-8")
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
