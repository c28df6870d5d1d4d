"""The README's guarantees name the test modules that hold them: each named
module exists, and each module of tests/hostile/ backs some promise."""

import re

from ..conftest import REPO


def guarantees() -> str:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    return text.split("## What ctkb guarantees", 1)[1].split("\n## ", 1)[0]


def test_every_named_test_module_exists():
    named = re.findall(r"`((?:tests/[\w/]+/)?test_\w+\.py)`", guarantees())
    assert len(named) >= 15
    for name in named:
        path = REPO / name if name.startswith("tests/") else REPO / "tests" / "hostile" / name
        assert path.is_file(), name


def test_every_hostile_module_backs_a_promise():
    text = guarantees()
    modules = sorted(p.name for p in (REPO / "tests" / "hostile").glob("test_*.py"))
    assert [m for m in modules if f"`{m}`" not in text and m != "test_readme_guarantees.py"] == []
