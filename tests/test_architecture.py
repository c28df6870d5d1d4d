"""The layout's promises, checked on the source: nothing below cli/ imports
typer, nothing outside render/ imports rich, and the one registry of output
formats agrees with the choices each command offers."""

import ast

import pytest

from civictech_kb.render import FORMATS, ExportFormat, GraphFormat, OutputFormat, ProblemFormat

from .conftest import REPO

PACKAGE = REPO / "civictech_kb"


def imported_modules(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            yield node.module


def modules_importing(top: str) -> list[str]:
    return sorted(
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*.py")
        if any(name == top or name.startswith(top + ".") for name in imported_modules(path))
    )


def test_only_the_cli_imports_typer():
    assert all(path.startswith("cli/") for path in modules_importing("typer"))


def test_only_renderers_import_rich():
    assert all(path.startswith("render/") for path in modules_importing("rich"))


def test_no_module_imports_a_librarys_private_parts():
    # rich._wrap, typer._x or `from click.core import _x` may change in any release
    private = []
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names = [node.module, *(f"{node.module}.{alias.name}" for alias in node.names)]
            else:
                continue
            private += [
                f"{path.relative_to(PACKAGE)}: {name}"
                for name in names
                if not name.startswith(("civictech_kb.", "__future__"))
                and any(part.startswith("_") for part in name.split("."))
            ]
    assert private == []


def test_the_public_api_imports_no_cli():
    assert not any(name.startswith("civictech_kb.cli") for name in imported_modules(PACKAGE / "__init__.py"))


def test_export_offers_exactly_the_formats_that_write_files():
    assert {f.value for f in ExportFormat} == {name for name, f in FORMATS.items() if f.files}


@pytest.mark.parametrize("choices", [OutputFormat, GraphFormat, ProblemFormat])
def test_every_format_a_command_offers_renders_views(choices):
    assert all(FORMATS[choice.value].views for choice in choices)


def test_only_binary_formats_refuse_a_terminal():
    assert [name for name, f in FORMATS.items() if f.binary] == ["sqlite", "datapackage"]
