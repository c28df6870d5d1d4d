"""The public Python API: docs/api.md's examples run as written (doctest),
every public name imports and is documented there, and importing the
package loads no command line."""

import doctest
import subprocess
import sys

import civictech_kb

from .conftest import REPO

API_DOC = REPO / "docs" / "api.md"


def test_the_api_documentation_examples_run_as_written():
    flags = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE | doctest.IGNORE_EXCEPTION_DETAIL
    result = doctest.testfile(str(API_DOC), module_relative=False, optionflags=flags, verbose=False)
    assert result.attempted > 30
    assert result.failed == 0


def test_every_public_name_imports_and_is_documented():
    text = API_DOC.read_text(encoding="utf-8")
    for name in civictech_kb.__all__:
        assert getattr(civictech_kb, name) is not None
        assert f"`{name}" in text or f"ctkb.{name}" in text, f"docs/api.md does not mention {name}"


def test_every_public_named_tuple_is_said_to_be_one_with_what_replaces_dataclass_helpers():
    """dataclasses.replace, asdict and fields refuse NamedTuples, which compare
    equal to plain tuples: docs/api.md names each one and what to use instead."""
    text = API_DOC.read_text(encoding="utf-8")
    said = text[text.index("## Value types") :].split("\n## ")[0]
    assert "`._replace(" in said and "`._asdict()`" in said
    for name in civictech_kb.__all__:
        value = getattr(civictech_kb, name)
        if isinstance(value, type) and issubclass(value, tuple) and hasattr(value, "_fields"):
            assert f"`{name}`" in said, f"docs/api.md does not say {name} is a NamedTuple"


def test_no_public_name_is_hidden_by_a_subpackage():
    """Python sets a subpackage on its package once imported (civictech_kb.search
    is a package): no public name may be one of them."""
    import types

    import civictech_kb.render.table
    import civictech_kb.search.ranking
    import civictech_kb.views.report

    assert not [
        name for name in civictech_kb.__all__ if isinstance(getattr(civictech_kb, name), types.ModuleType)
    ]


def test_importing_the_api_loads_no_command_line():
    code = "import sys, civictech_kb as c; c.load_collection; print(sorted(m for m in sys.modules if m.startswith(('typer', 'civictech_kb.cli', 'rich'))))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_importing_the_package_imports_none_of_its_modules_until_a_name_is_used():
    code = (
        "import sys, civictech_kb as c\n"
        "print(sorted(m for m in sys.modules if m.startswith('civictech_kb.')))\n"
        "c.Problem\n"
        "print(sorted(m for m in sys.modules if m.startswith('civictech_kb.')))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    bare, after = result.stdout.splitlines()
    assert bare == "[]"
    assert "'civictech_kb.model.problems'" in after
