"""YAML bombs and oddities: each is refused (or read as plain text) with one
problem naming the file, line and column, never a crash or an expansion."""

import re

import pytest

from civictech_kb.store.strict_yaml import MAX_DEPTH, MAX_FILE_BYTES, MAX_SCALAR_CHARS

from .conftest import plant, record

HEAD = "id: x\ntype: project\nname: X\nsummary: S.\nsources: [{url: https://example.org/d}]\n"


def billion_laughs(levels: int = 10) -> str:
    lines = ['lol0: &lol0 "lol"']
    lines += [f"lol{i}: &lol{i} [{', '.join([f'*lol{i - 1}'] * 10)}]" for i in range(1, levels)]
    return "\n".join(lines) + "\n"


REFUSED = [
    # case, file text, problem code, line, column
    ("billion laughs, 10 levels", billion_laughs(), "yaml-alias", 1, 7),
    ("alias in a merge key", HEAD + "base: &b {x: 1}\nmore:\n  <<: *b\n", "yaml-alias", 6, 7),
    ("alias alone", HEAD + "name2: *nothing\n", "yaml-alias", 6, 8),
    ("nesting 3000 deep (flow)", "[" * 3000 + "]" * 3000, "yaml-depth", 1, MAX_DEPTH + 1),
    ("nesting 40 deep (block)", "".join(" " * i + f"k{i}:\n" for i in range(40)), "yaml-depth", 12, 12),
    ("huge scalar", HEAD + "summary2: " + "x" * (MAX_SCALAR_CHARS + 1) + "\n", "too-large", 6, 11),
    ("huge file", "# " + "x" * MAX_FILE_BYTES + "\n", "file-too-large", 0, 0),
    ("duplicate key", HEAD + "name: Y\n", "duplicate-key", 6, 1),
    ("duplicate key, one quoted", HEAD + '"name": Y\n', "duplicate-key", 6, 1),
    ("duplicate key in flow", "{id: x, id: y}\n", "duplicate-key", 1, 9),
    ("duplicate nested key", HEAD + "relations: {part_of: [a], part_of: [b]}\n", "duplicate-key", 6, 27),
    ("python object tag", HEAD + "name2: !!python/object/apply:os.system [ls]\n", "yaml-tag", 6, 8),
    ("unknown local tag", HEAD + "name2: !evil x\n", "yaml-tag", 6, 8),
    ("standard tag", HEAD + "name2: !!str x\n", "yaml-tag", 6, 8),
    ("binary tag", HEAD + "name2: !!binary aGk=\n", "yaml-tag", 6, 8),
    ("tag on the document", "!!map {id: x}\n", "yaml-tag", 1, 1),
    ("TAG directive", "%TAG ! tag:evil.example,2000:\n---\nid: !x y\n", "yaml-tag", 3, 5),
    ("integer with 5000 digits", HEAD + "figures: [{label: n, value: " + "9" * 5000 + "}]\n",
     "yaml-syntax", 6, 29),
    ("hex integer with 40 digits", HEAD + "x: 0x" + "f" * 40 + "\n", "yaml-syntax", 6, 4),
    ("infinite float", HEAD + "figures: [{label: n, value: 1e999}]\n", "bad-value", 6, 29),
    ("NaN as text", HEAD + "figures: [{label: n, value: nan}]\n", "bad-value", 6, 29),
    ("list where the record belongs", "- id: x\n- id: y\n", "not-a-mapping", 1, 1),
    ("scalar where the record belongs", "just text\n", "not-a-mapping", 1, 1),
    ("list where a mapping belongs", HEAD + "relations: [a, b]\n", "wrong-type", 6, 1),
    ("mapping where a list belongs", HEAD.replace("sources: [{url: https://example.org/d}]", "sources: {url: https://example.org/d}"),
     "wrong-type", 5, 1),
    ("mapping as a key", "? {a: 1}\n: x\n", "yaml-syntax", 1, 3),
    ("empty file", "", "empty-file", 1, 1),
    ("only comments", "# nothing\n# here\n", "empty-file", 1, 1),
    ("only a document marker", "---\n", "empty-file", 1, 1),
    ("two documents", HEAD + "---\n" + HEAD, "yaml-syntax", 6, 1),
    ("a document then an empty one", HEAD + "---\n", "yaml-syntax", 6, 1),
    ("unclosed quote", HEAD + 'name2: "abc\n', "yaml-syntax", 7, 1),
    ("tab indentation", "id: x\nrelations:\n\t- a\n", "yaml-syntax", 3, 1),
    ("invalid date 2023-13-45", HEAD + "founded: 2023-13-45\n", "bad-date", 6, 10),
    ("octal-looking year 0777", HEAD + "founded: 0777\n", "bad-date", 6, 10),
    ("year in other digits", HEAD + 'founded: "٢٠٢٠"\n', "bad-date", 6, 10),
    ("1e3 as a name", HEAD.replace("name: X", "name: 1e3"), "wrong-type", 3, 7),
    ("no as a name", HEAD.replace("name: X", "name: yes") + "status: no\n", "bad-value", 6, 9),
]  # fmt: skip


@pytest.mark.parametrize(("text", "code", "line", "column"), [c[1:] for c in REFUSED],
                         ids=[c[0] for c in REFUSED])  # fmt: skip
def test_refused_with_one_positioned_problem(mini_copy, text, code, line, column):
    from civictech_kb.store.loader import load_file

    data, problems = load_file(plant(mini_copy, "projects", "x.yaml", text), mini_copy)
    assert data is None
    assert (code, line, column) in [(p.code, p.line, p.column) for p in problems], problems


def test_validate_names_file_and_line_of_each(ctkb, mini_copy):
    for number, case in enumerate(REFUSED):
        plant(mini_copy, "projects", f"case-{number}.yaml", case[1])
    assert_one_line_per_problem(ctkb("validate", "--records", mini_copy), len(REFUSED))


def assert_one_line_per_problem(result, files: int) -> None:
    """Exit 1; every stdout line is file[:line:column]: code: message, and
    every planted file is named; stderr is the count."""
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    for text in lines:
        assert re.fullmatch(r"\S+\.yaml(:\d+:\d+)?: [a-z-]+: .+", text), text
    named = {re.match(r".*/(case-\d+)\.yaml", text).group(1) for text in lines if "/case-" in text}
    assert len(named) == files
    assert re.fullmatch(r"\d+ problem\(s\) found\n", result.stderr)


@pytest.mark.parametrize(
    ("yaml_value", "kept"),
    [("no", "no"), ("on", "on"), ("yes", "yes"), ("off", "off"), ("y", "y"), ("NO", "NO"),
     ("1_000", "1_000"), ("0b101", "0b101"), ("12:30:00", "12:30:00"), (".inf", ".inf")],
)  # fmt: skip
def test_yaml_11_surprises_stay_text(mini_copy, yaml_value, kept):
    """YAML 1.1 read `no` as false, `0777` as octal and `12:30` as a number;
    records use YAML 1.2, where these are just words."""
    from civictech_kb.store.loader import load_file

    path = plant(mini_copy, "projects", "x.yaml", HEAD.replace("name: X", f"name: {yaml_value}"))
    data, problems = load_file(path, mini_copy)
    assert problems == [] and data["name"] == kept


def test_the_norway_problem(mini_copy):
    from civictech_kb.store.loader import load_file

    path = plant(mini_copy, "projects", "x.yaml", HEAD + "countries: [NO, no]\n")
    _, problems = load_file(path, mini_copy)
    assert [p.message for p in problems] == ["countries.1: unknown ISO 3166-1 alpha-2 code 'no'"]


def test_one_level_of_nesting_less_than_the_limit_is_fine():
    from civictech_kb.store.strict_yaml import parse_text

    assert parse_text("[" * MAX_DEPTH + "]" * MAX_DEPTH) == [[[[[[[[[[[[]]]]]]]]]]]]


def test_a_good_record_next_to_bad_ones_still_loads(mini_copy):
    from civictech_kb.store.loader import load_files

    good = plant(mini_copy, "projects", "good.yaml", record("good"))
    bad = plant(mini_copy, "projects", "bad.yaml", billion_laughs())
    records, problems = load_files([good, bad], mini_copy)
    assert [r.id for r in records] == ["good"] and [p.code for p in problems] == ["yaml-alias"]


def test_cross_record_problems_are_placed_in_json_style_records_too(ctkb, mini_copy):
    plant(mini_copy, "projects", "self.yaml", record("self", relations={"part_of": ["self"]}))
    result = ctkb("validate", "--records", mini_copy)
    assert result.stdout.endswith("self.yaml:16:4: self-relation: relations.part_of: a record cannot relate "
                                  "to itself\n")  # fmt: skip
