"""Read commands and an imperfect collection: a draft or a misfiled record
costs one warning line, not the whole look-up; --strict, validate and fmt
stay strict; a folder without records says where they might be."""

from __future__ import annotations

import pytest

READ_COMMANDS = [
    ["list"],
    ["search", "cofacts"],
    ["country", "thailand"],
    ["export", "--format", "json"],
    ["show", "cofacts"],
    ["region"],
    ["challenges"],
    ["stats"],
    ["timeline"],
    ["topics"],
    ["related", "cofacts"],
    ["graph"],
]


@pytest.fixture
def drafted(ctkb, mini):
    result = ctkb("new", "community", "Code for Pilipinas", "--country", "TH", "--records", mini)
    assert result.exit_code == 0, result.output
    return mini


@pytest.mark.parametrize("args", READ_COMMANDS, ids=lambda a: a[0])
def test_a_draft_costs_read_commands_one_warning_line(ctkb, drafted, args):
    result = ctkb(*args, "--records", drafted)
    assert result.exit_code == 0, result.stderr
    warnings = result.stderr.splitlines()
    assert len(warnings) == 1, result.stderr
    assert warnings[0].startswith("ctkb: 1 record skipped: ")
    assert "communities/code-for-pilipinas.yaml:" in warnings[0]
    assert warnings[0].endswith("; run `ctkb validate` for details")
    assert "code-for-pilipinas" not in result.stdout


def test_the_other_records_are_all_there(ctkb, mini, drafted):
    result = ctkb("list", "--format", "json", "--records", drafted)
    import json

    assert len(json.loads(result.stdout)) == 8


@pytest.mark.parametrize("args", [["--strict", "list"], ["--strict", "search", "cofacts"],
                                  ["list", "--strict"], ["search", "cofacts", "--strict"]])  # fmt: skip
def test_strict_fails_on_a_draft_as_before(ctkb, drafted, args):
    result = ctkb(*args, "--records", drafted)
    assert result.exit_code == 1
    assert "code-for-pilipinas.yaml" in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize("args", [["validate"], ["fmt", "--check"]])
def test_validate_and_fmt_stay_strict(ctkb, drafted, args):
    result = ctkb(*args, "--records", drafted)
    assert result.exit_code == 1
    assert "code-for-pilipinas.yaml" in result.output


def test_a_record_linking_to_a_draft_stays_without_the_link(ctkb, drafted):
    path = drafted / "projects" / "cofacts.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("part_of: [g0v]", "part_of: [code-for-pilipinas, g0v]", 1), encoding="utf-8")
    assert "code-for-pilipinas" in path.read_text(encoding="utf-8")
    result = ctkb("show", "cofacts", "--format", "json", "--records", drafted)
    assert result.exit_code == 0
    skipped, left_out = result.stderr.splitlines()
    assert skipped.startswith("ctkb: 1 record skipped: ")
    line = next(n for n, text in enumerate(path.read_text().splitlines(), 1) if "part_of:" in text)
    assert left_out.startswith(f"ctkb: 1 link to a skipped record left out: {path}:{line}:")
    assert left_out.endswith("relations.part_of code-for-pilipinas; run `ctkb validate` for details")
    import json

    assert json.loads(result.stdout)["relations"]["part_of"] == ["g0v"]


def test_a_link_left_out_is_a_problem_at_the_link(drafted):
    """Problems as data: the collection says which links it left out, where."""
    from civictech_kb.store.loader import load_collection

    path = drafted / "projects" / "cofacts.yaml"
    text = path.read_text(encoding="utf-8").replace("part_of: [g0v]", "part_of: [g0v, code-for-pilipinas]", 1)
    path.write_text(text, encoding="utf-8")
    collection = load_collection(drafted, strict=False)
    [problem] = collection.left_out_links
    line = next(n for n, row in enumerate(text.splitlines(), 1) if "part_of:" in row)
    assert (problem.path, problem.line, problem.code) == (str(path), line, "link-to-skipped")
    assert problem.column == text.splitlines()[line - 1].index("code-for-pilipinas") + 1
    assert (
        "code-for-pilipinas" in problem.message and "communities/code-for-pilipinas.yaml" in problem.message
    )
    assert collection.get("cofacts").get("relations")["part_of"] == ["g0v"]
    assert load_collection(
        drafted / ".." / "records", strict=False
    ).left_out_links  # any way the root is written


MISFILED = [
    ("project/stray.yaml", "projects/stray.yaml"),
    ("stray.yaml", "projects/stray.yaml"),
    ("projects/ph/stray.yaml", "projects/stray.yaml"),
]
STRAY = """id: stray
type: project
name: Stray
summary: A project filed in the wrong place.
countries: [TH]
sources:
  - url: https://example.org/notes
"""


def misfile(root, where: str) -> None:
    (root / where).parent.mkdir(parents=True, exist_ok=True)
    (root / where).write_text(STRAY, encoding="utf-8")


@pytest.mark.parametrize(("where", "belongs"), MISFILED)
def test_validate_reports_a_file_outside_the_type_folders(ctkb, mini, where, belongs):
    misfile(mini, where)
    result = ctkb("validate", "--records", mini)
    assert result.exit_code == 1
    [line] = [line for line in result.stdout.splitlines() if "stray" in line]
    assert where in line and "misfiled" in line and f"move it to {belongs}" in line


@pytest.mark.parametrize(("where", "belongs"), MISFILED)
def test_read_commands_warn_of_a_misfiled_file_and_go_on(ctkb, mini, where, belongs):
    misfile(mini, where)
    result = ctkb("list", "--records", mini)
    assert result.exit_code == 0
    assert "cofacts" in result.stdout
    [warning] = result.stderr.splitlines()
    assert warning.startswith("ctkb: 1 file outside the type folders is not read: ") and where in warning


def test_other_files_in_the_records_folder_are_not_records(ctkb, mini):
    (mini / "README.md").write_text("# my records\n", encoding="utf-8")
    (mini / ".github").mkdir()
    (mini / ".github" / "ci.yaml").write_text("on: push\n", encoding="utf-8")
    result = ctkb("validate", "--records", mini)
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("args", [["list"], ["validate"], ["search", "x"], ["fmt", "--check"]])
def test_a_folder_holding_a_collection_says_where_the_records_are(ctkb, mini, args):
    result = ctkb(*args, "--records", mini.parent)
    assert result.exit_code == 2
    assert (
        result.stderr.strip() == f"ctkb: usage error: no records found in {mini.parent}; did you mean {mini}?"
    )


def test_an_empty_folder_is_no_collection(ctkb, tmp_path):
    (tmp_path / "empty").mkdir()
    result = ctkb("list", "--records", tmp_path / "empty")
    assert result.exit_code == 2
    assert "no records found in" in result.stderr and "projects/" in result.stderr


def test_a_new_collection_starts_with_ctkb_new(ctkb, tmp_path):
    (tmp_path / "fresh").mkdir()
    result = ctkb("new", "project", "First", "--records", tmp_path / "fresh")
    assert result.exit_code == 0, result.output
