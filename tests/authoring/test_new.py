"""Authoring: `ctkb new` writes a record a contributor can finish without
reading the code, `ctkb fmt` gives every record one layout without losing a
character or a comment, and `ctkb schema` describes records for editors."""

import io
import itertools
import json
import re
import shutil
import stat
from pathlib import Path

import pytest

from civictech_kb.authoring.fmt import format_text
from civictech_kb.model.record import TYPE_DIRS
from civictech_kb.model.slug import slugify

from ..conftest import BUNDLED, MINI, REPO, write_record

FILLED = {
    'summary: ""\n': "summary: A summary in my own words.\n",
    '  - source: ""\n': "  - source: fixture-notes\n",
}
COUNTRY_FILLED = {'landscape: ""\n': "landscape: A landscape in my own words.\n"}
SOURCE_FILLED = {
    'summary: ""\n': "summary: A document in my own words.\n",
    "publishers: []\n": "publishers: [g0v]\n",
    "languages: []\n": "languages: [en]\n",
    'licence: ""\n': "licence: none stated\n",
}
FIXTURE_SOURCE = """id: fixture-notes
type: source
name: Fixture Notes
summary: A made-up document.
publishers: [g0v]
languages: [en]
licence: none stated
"""
FILLED_BY_TYPE = {"country": FILLED | COUNTRY_FILLED, "source": SOURCE_FILLED}
TYPES = list(TYPE_DIRS)


def fill(path: Path, replacements: dict[str, str]) -> None:
    text = path.read_text(encoding="utf-8")
    for placeholder, value in replacements.items():
        assert placeholder in text
        text = text.replace(placeholder, value, 1)
    path.write_text(text, encoding="utf-8")


# -- slugs -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "slug"),
    [("My Project", "my-project"), ("Cofact Thailand", "cofact-thailand"), ("Café Ôtel", "cafe-otel"),
     ("g0v  --  jothon!", "g0v-jothon"), ("COVID-19 Website", "covid-19-website"), ("x" * 150, "x" * 100)],
)  # fmt: skip
def test_slugify_makes_an_id_from_a_name(name, slug):
    assert slugify(name) == slug


@pytest.mark.parametrize(
    "name", ["../escape", "a/b", "a\\b", "..", "x\u200by", "a\x1bb", "마스크 찾아줌", "---"]
)
def test_slugify_refuses_paths_hidden_characters_and_names_without_latin_letters(name):
    with pytest.raises(ValueError):
        slugify(name)


# -- new -------------------------------------------------------------------------


@pytest.mark.parametrize("record_type", TYPES)
def test_new_then_fill_then_validate_and_fmt_check_pass_for_every_type(ctkb, mini, record_type):
    country = "laos" if record_type == "country" else "thailand"  # mini has Thailand's country record
    write_record(mini, "sources", "fixture-notes", FIXTURE_SOURCE)
    result = ctkb("new", record_type, "My New Thing", "--country", country, "--records", mini)
    path = mini / TYPE_DIRS[record_type] / "my-new-thing.yaml"
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip().endswith(str(Path(TYPE_DIRS[record_type]) / "my-new-thing.yaml"))
    fill(path, FILLED_BY_TYPE.get(record_type, FILLED))
    validated = ctkb("validate", "--records", mini)
    assert validated.exit_code == 0, validated.stdout
    assert ctkb("fmt", "--check", "--records", mini, path).exit_code == 0


def test_new_file_names_every_field_of_its_type_with_a_comment(ctkb, mini):
    from civictech_kb.model.schema import MODELS

    ctkb("new", "event", "Some Meetup 2024", "--records", mini)
    text = (mini / "events" / "some-meetup-2024.yaml").read_text(encoding="utf-8")
    keys = re.findall(r"^([a-z_]+):", text, flags=re.MULTILINE)
    assert sorted(keys) == sorted(MODELS["event"].model_fields)
    lines = text.splitlines()
    for key in keys:
        if key not in ("id", "type"):
            index = next(i for i, line in enumerate(lines) if line.startswith(f"{key}:"))
            assert lines[index - 1].startswith("# "), key


def test_new_fills_only_what_it_was_given(ctkb, mini):
    result = ctkb("new", "project", "Open Budget", "-c", "TW", "--topic", "fake news", "--topic", "open data",
                  "--website", "https://budget.example.org/", "--records", mini)  # fmt: skip
    assert result.exit_code == 0, result.stderr
    text = (mini / "projects" / "open-budget.yaml").read_text(encoding="utf-8")
    assert "\nname: Open Budget\n" in text and "\ncountries: [TW]\n" in text
    assert "\ntopics: [fact-checking, open-data]\n" in text
    assert "\nwebsite: https://budget.example.org/\n" in text
    for empty in (
        'summary: ""',
        "location:",
        "status:",
        "founded:",
        "ended:",
        '  - source: ""',
        "    section:",
    ):
        assert f"\n{empty}\n" in text  # no invented facts: empty until the contributor fills it


def test_fresh_record_problems_point_at_the_lines_to_fill(ctkb, mini):
    ctkb("new", "project", "My Project", "--records", mini)
    path = mini / "projects" / "my-project.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    result = ctkb("validate", "--records", mini, path)
    assert result.exit_code == 1
    problem_lines = {int(m) for m in re.findall(r"my-project\.yaml:(\d+):\d+:", result.stdout)}
    assert {lines[n - 1].strip() for n in problem_lines} == {'summary: ""', '- source: ""'}


def test_new_refuses_an_existing_file_or_id_as_an_output_that_exists(ctkb, mini):
    """Like export --output without --force: bad usage (exit 2), one line naming the file."""
    taken = mini / "projects" / "cofacts.yaml"
    before = taken.read_bytes()
    result = ctkb("new", "project", "Cofacts", "--records", mini)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"ctkb: usage error: the id 'cofacts' is taken by {taken}; choose another --id\n"
    assert taken.read_bytes() == before
    result = ctkb("new", "community", "Cofacts", "--records", mini)  # the id, in another folder
    assert result.exit_code == 2 and str(taken) in result.stderr
    assert not (mini / "communities" / "cofacts.yaml").exists()


def test_new_refuses_an_id_declared_in_a_file_of_another_name(ctkb, mini):
    misnamed = write_record(mini, "projects", "misnamed", "id: hidden-id\ntype: project\n")
    result = ctkb("new", "project", "Hidden Id", "--records", mini)
    assert result.exit_code == 2 and result.stderr.count("\n") == 1
    assert str(misnamed) in result.stderr and "'hidden-id'" in result.stderr


def test_new_refuses_a_file_of_that_name_holding_another_id(ctkb, mini):
    target = write_record(mini, "projects", "taken-name", "id: other-id\ntype: project\n")
    result = ctkb("new", "project", "Taken Name", "--records", mini)
    assert result.exit_code == 2 and result.stderr.count("\n") == 1 and str(target) in result.stderr
    assert "--force" not in result.stderr  # new has no --force: it never replaces a file


@pytest.mark.parametrize(
    "args",
    [["project", "../../outside"], ["project", "마스크 찾아줌"], ["project", "X", "--id", "Bad/Id"],
     ["project", "X", "--country", "Atlantis"], ["project", "X", "--topic", "zzzz"],
     ["project", "X", "--website", "javascript:alert(1)"], ["robot", "X"], ["project", "   "]],
)  # fmt: skip
def test_new_bad_arguments_are_usage_errors_and_write_nothing(ctkb, mini, args):
    before = sorted(mini.parent.rglob("*"))
    result = ctkb("new", *args, "--records", mini)
    assert result.exit_code == 2 and result.stderr.count("\n") == 1, result.stderr
    assert sorted(mini.parent.rglob("*")) == before


def test_new_takes_an_id_for_a_name_without_latin_letters(ctkb, mini):
    result = ctkb("new", "project", "마스크 찾아줌", "--id", "mask-finder-kr", "--records", mini)
    assert result.exit_code == 0, result.stderr
    assert "\nname: 마스크 찾아줌\n" in (mini / "projects" / "mask-finder-kr.yaml").read_text(
        encoding="utf-8"
    )


def test_new_adds_the_editor_schema_line_when_the_collection_ships_schemas(ctkb, mini):
    (mini.parent / "schema").mkdir()
    (mini.parent / "schema" / "project.schema.json").write_text("{}")
    ctkb("new", "project", "With Schema", "--records", mini)
    first = (mini / "projects" / "with-schema.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../../schema/project.schema.json"
    assert (mini / "projects" / "../../schema/project.schema.json").resolve().is_file()


@pytest.mark.parametrize("command", [["new", "project", "Mine"], ["fmt"]])
def test_records_installed_with_ctkb_are_never_written(ctkb, tmp_path, monkeypatch, command):
    from civictech_kb.store import loader

    installed = tmp_path / "site-packages" / "civictech_kb"
    shutil.copytree(MINI, installed / "records")
    monkeypatch.setattr(loader, "PACKAGE_DIR", installed)
    before = {p: p.read_bytes() for p in installed.rglob("*.yaml")}
    result = ctkb(*command)
    assert result.exit_code == 2 and "installed with ctkb" in result.stderr
    assert {p: p.read_bytes() for p in installed.rglob("*.yaml")} == before


# -- fmt -------------------------------------------------------------------------

UNORDERED = """\
# yaml-language-server: $schema=../../schema/project.schema.json
# Notes for reviewers.
type: project
sources:
  # the handbook
  - {section: "2.1", source: handbook}  # second edition
# why these topics
topics:
  - maps
  - elections
name: 'Quoted Name'
id: unordered
countries: [TW, JP]
summary: >-
  Text that the author
  folded by hand.
"""

UNORDERED_FORMATTED = """\
# yaml-language-server: $schema=../../schema/project.schema.json
# Notes for reviewers.
id: unordered
type: project
name: "Quoted Name"
summary: >-
  Text that the author
  folded by hand.
countries: [JP, TW]
# why these topics
topics: [elections, maps]
sources:
  # the handbook
  - {source: handbook, section: "2.1"}  # second edition
"""


def test_fmt_orders_fields_sorts_lists_and_keeps_comments_and_text():
    assert format_text(UNORDERED) == UNORDERED_FORMATTED
    assert format_text(UNORDERED_FORMATTED) == UNORDERED_FORMATTED


def test_fmt_turns_a_json_record_into_the_canonical_layout():
    record = {"sources": [{"url": "https://a.example/"}], "summary": "S.", "name": "N", "type": "project",
              "id": "json-record", "topics": ["maps", "elections"], "figures": [{"value": 3, "label": "x"}]}  # fmt: skip
    formatted = format_text(json.dumps(record, indent=1))
    assert formatted == (
        'id: "json-record"\ntype: "project"\nname: "N"\nsummary: "S."\ntopics: ["elections", "maps"]\n'
        'figures:\n  - {label: "x", value: 3}\nsources:\n  - url: "https://a.example/"\n'
    )
    assert format_text(formatted) == formatted


def test_fmt_check_lists_what_would_change_and_writes_nothing(ctkb, mini):
    path = write_record(mini, "projects", "unordered", UNORDERED)
    result = ctkb("fmt", "--check", "--records", mini, path)
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [str(path)]
    assert path.read_text(encoding="utf-8") == UNORDERED


def test_fmt_writes_the_canonical_layout_and_keeps_permissions(ctkb, mini):
    path = write_record(mini, "projects", "unordered", UNORDERED)
    path.chmod(0o640)
    result = ctkb("fmt", "--records", mini, path)
    assert result.exit_code == 0 and result.stdout.splitlines() == [str(path)]
    assert path.read_text(encoding="utf-8") == UNORDERED_FORMATTED
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    again = ctkb("fmt", "--records", mini, path)
    assert again.exit_code == 0 and again.stdout == ""  # idempotent


def test_fmt_of_a_collection_formats_every_record_once(ctkb, mini):
    assert ctkb("fmt", "--records", mini).exit_code == 0
    assert ctkb("fmt", "--check", "--records", mini).exit_code == 0
    assert ctkb("validate", "--records", mini).exit_code == 0


@pytest.mark.parametrize(
    ("text", "code"),
    [("id: anchored\ntype: project\nname: &a N\nsummary: S.\nsources: [{url: https://example.org/d}]\n", "yaml-alias"),
     ("id: anchored\ntype: project\nname: N\nsummary: S.\nsources: []\n", "bad-value"),
     ("id: anchored\ntype: project\nname: N\nsummary: S.\nsources: [{url: https://example.org/d}]\nbogus: 1\n", "unknown-field"),
     ("id: anchored\ntype: project\nname: [unclosed\n", "yaml-syntax")],
)  # fmt: skip
def test_fmt_leaves_a_file_that_does_not_parse_or_validate_untouched(ctkb, mini, text, code):
    path = write_record(mini, "projects", "anchored", text)
    result = ctkb("fmt", "--records", mini, path)
    assert result.exit_code == 1
    assert path.read_text(encoding="utf-8") == text
    first, summary = result.stderr.splitlines()
    assert first.startswith(f"{path}:") and code in first
    assert summary.startswith("ctkb: 1 problem(s)")


def test_fmt_interrupted_before_the_rename_leaves_the_original(ctkb, mini, monkeypatch):
    from civictech_kb.store import atomic

    path = write_record(mini, "projects", "unordered", UNORDERED)

    def interrupted(*args):
        raise KeyboardInterrupt

    monkeypatch.setattr(atomic.os, "replace", interrupted)
    assert ctkb("fmt", "--records", mini, path).exit_code != 0
    assert path.read_text(encoding="utf-8") == UNORDERED
    assert not [p for p in path.parent.iterdir() if p.name.endswith(".tmp")]


def test_fmt_follows_a_symbolic_link_inside_the_collection(ctkb, mini):
    target = write_record(mini, "drafts", "linked", UNORDERED.replace("id: unordered", "id: linked"))
    link = mini / "projects" / "linked.yaml"
    link.symlink_to(target)
    assert ctkb("fmt", "--records", mini, link).exit_code == 0
    assert link.is_symlink() and target.read_text(encoding="utf-8").startswith("# yaml-language-server")
    assert "id: linked\ntype: project\n" in target.read_text(encoding="utf-8")


# -- schema ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def schemas():
    from typer.testing import CliRunner

    from civictech_kb.cli import app

    runner = CliRunner()
    return {t: json.loads(runner.invoke(app, ["schema", *([t] if t else [])]).stdout) for t in [None, *TYPES]}


def bundled_records():
    from civictech_kb.store.strict_yaml import plain, read_yaml

    return [(path, plain(read_yaml(path))) for path in sorted(BUNDLED.rglob("*.yaml"))]


def test_schema_validates_every_bundled_record(schemas):
    import jsonschema

    for schema in schemas.values():
        jsonschema.Draft202012Validator.check_schema(schema)
    validators = {kind: jsonschema.Draft202012Validator(schema) for kind, schema in schemas.items()}
    for path, data in bundled_records():
        validators[None].validate(data)
        validators[data["type"]].validate(data)
        for other in TYPES:
            if other != data["type"]:
                assert not validators[other].is_valid(data), (path, other)


@pytest.mark.parametrize(
    "breakage",
    [{"bogus": 1}, {"summary": None}, {"topics": ["not-a-topic"]}, {"countries": ["XX"]}, {"sources": []},
     {"challenges": [{"category": "nope", "summary": "S."}]}, {"id": "Bad Id"}, {"type": "robot"}],
)  # fmt: skip
def test_schema_rejects_a_broken_record(schemas, breakage):
    import jsonschema

    data = {
        "id": "ok",
        "type": "project",
        "name": "N",
        "summary": "S.",
        "sources": [{"url": "https://example.org/d"}],
    }
    jsonschema.validate(data, schemas[None])
    broken = {k: v for k, v in (data | breakage).items() if v is not None}
    assert not jsonschema.Draft202012Validator(schemas[None]).is_valid(broken)


def test_shipped_schema_files_are_what_ctkb_schema_prints(schemas):
    for record_type in TYPES:
        shipped = REPO / "schema" / f"{record_type}.schema.json"
        assert json.loads(shipped.read_text(encoding="utf-8")) == schemas[record_type], shipped
    assert json.loads((REPO / "schema" / "record.schema.json").read_text(encoding="utf-8")) == schemas[None]


# -- completion ------------------------------------------------------------------


def test_completion_of_record_ids_reads_only_file_names(mini):
    from civictech_kb.cli.completion import record_ids

    write_record(mini, "projects", "broken-one", "[unclosed")
    assert record_ids("cof", mini) == ["cofact-thailand", "cofacts"]
    assert "broken-one" in record_ids("", mini)
    assert record_ids("", mini / "missing") == []


def test_completion_of_countries_and_topics():
    from civictech_kb.cli.completion import countries, topics

    assert ("Thailand", "TH") in countries(None, "T")
    assert countries(None, "thai") == [("Thailand", "TH")]
    assert [value for value, _ in topics(None, "fact")] == ["fact-checking"]


def test_shell_completion_runs_through_the_cli(runner, mini):
    from civictech_kb.cli import app

    env = {
        "_CTKB_COMPLETE": "complete_bash",
        "COMP_WORDS": f"ctkb show --records {mini} cof",
        "COMP_CWORD": "4",
    }
    result = runner.invoke(app, [], env=env, prog_name="ctkb")
    assert result.stdout.split() == ["cofact-thailand", "cofacts"]


# -- editor and CI integration ---------------------------------------------------


def test_pre_commit_hooks_run_validate_and_fmt_check():
    from civictech_kb.store.strict_yaml import plain, read_yaml

    hooks = plain(read_yaml(REPO / ".pre-commit-hooks.yaml"))
    entries = {hook["id"]: hook["entry"] for hook in hooks}
    assert entries == {"ctkb-validate": "ctkb validate", "ctkb-fmt": "ctkb fmt --check"}
    assert all(hook["language"] == "python" for hook in hooks)


def test_contributing_states_the_content_rules():
    text = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
    for rule in ("own words", "section as the source's headings say it", "private individuals", "Myanmar, China", "Vietnam",
                 "never invent", "ctkb new", "ctkb validate", "ctkb fmt --check"):  # fmt: skip
        assert rule in text, rule


def scrambled(text: str) -> str:
    """A record's text with its top-level fields, and the fields of every
    item below them, in reverse order."""
    from civictech_kb.authoring.fmt import _round_trip_parser

    yaml = _round_trip_parser()
    document = yaml.load(text)

    def reverse(node):
        if isinstance(node, dict):
            items = list(node.items())[::-1]
            for key, _ in items:
                del node[key]
            for key, value in items:
                node[key] = reverse(value)
        elif isinstance(node, list):
            for index, value in enumerate(node):
                node[index] = reverse(value)
        return node

    out = io.StringIO()
    yaml.dump(reverse(document), out)
    return out.getvalue()


@pytest.mark.parametrize("path", sorted(BUNDLED.rglob("*.yaml")), ids=lambda p: p.stem)
def test_fmt_puts_every_bundled_record_back_together_from_any_field_order(path):
    text = path.read_text(encoding="utf-8")
    mixed = scrambled(text)
    assert mixed != text or len(text.splitlines()) < 3
    assert format_text(mixed) == text


NESTED = """\
id: nested
type: project
name: N
summary: S.
challenges:
  - summary: S  # said of the summary
    category: funding
    # about the responses
    responses: [a]
# about the sources
sources:
  - section: sec  # the section
    source: d
# closing words
"""


def test_fmt_keeps_every_comment_of_reordered_nested_fields():
    formatted = format_text(NESTED)
    assert formatted == (
        "id: nested\ntype: project\nname: N\nsummary: S.\nchallenges:\n"
        "  - category: funding\n    summary: S  # said of the summary\n    # about the responses\n"
        "    responses:\n      - a\n# about the sources\nsources:\n"
        "  - source: d\n    section: sec  # the section\n# closing words\n"
    )
    assert format_text(formatted) == formatted


@pytest.mark.parametrize(
    "variant",
    [
        lambda t: t.replace("\n", "\r\n"),
        lambda t: "\ufeff" + t,
        lambda t: t.rstrip("\n"),
        lambda t: "---\n" + t,
    ],
    ids=["crlf", "bom", "no-final-newline", "document-start"],
)
def test_fmt_gives_plain_lf_utf8_whatever_the_line_ends(variant):
    canonical = (BUNDLED / "projects" / "cofacts.yaml").read_text(encoding="utf-8")
    assert format_text(variant(canonical)) == canonical


def test_fmt_never_writes_a_result_that_would_change_the_data(ctkb, mini, monkeypatch):
    from civictech_kb.authoring import fmt as formatting

    path = write_record(mini, "projects", "unordered", UNORDERED)
    canonical = formatting._canonical_record

    def careless(record):
        canonical(record)
        record["name"] = "Another Name"

    monkeypatch.setattr(formatting, "_canonical_record", careless)
    result = ctkb("fmt", "--records", mini, path)
    assert result.exit_code == 1 and "fmt-refused" in result.stderr
    assert path.read_text(encoding="utf-8") == UNORDERED


# -- fmt: comments in sorted lists ------------------------------------------------

COMMENTED_LISTS = """\
id: commented
type: project
name: C
summary: S.
topics:  # said of the topics
  # about maps (first item)
  - maps  # maps, end of line
  # about elections (middle item)
  - elections
  # about budgets (last item)
  - budgets  # budgets, end of line
  # after the last topic
relations:
  part_of:
    # the parent community
    - g0v
    # added by me: the Japanese cousin
    - code-for-japan
  partner_of: [x]
"""

COMMENTED_LISTS_FORMATTED = """\
id: commented
type: project
name: C
summary: S.
topics:  # said of the topics
  # about budgets (last item)
  - budgets  # budgets, end of line
  # about elections (middle item)
  - elections
  # about maps (first item)
  - maps  # maps, end of line
  # after the last topic
relations:
  part_of:
    # added by me: the Japanese cousin
    - code-for-japan
    # the parent community
    - g0v
  partner_of: [x]
"""


@pytest.mark.parametrize("key_comment", ["  # said of the topics", ""], ids=["key-comment", "no-key-comment"])
def test_fmt_sorts_block_lists_with_each_comment_line_above_its_own_item(key_comment):
    text, expected = (
        t.replace("  # said of the topics", key_comment) for t in (COMMENTED_LISTS, COMMENTED_LISTS_FORMATTED)
    )
    assert format_text(text) == expected
    assert format_text(expected) == expected


def test_fmt_keeps_a_comment_above_the_first_relation_id_when_the_key_has_its_own():
    text = "id: r\ntype: project\nname: R\nsummary: S.\nrelations:\n  part_of:  # parents\n    # about g0v\n    - g0v\n    - a-first\n"  # fmt: skip
    formatted = format_text(text)
    assert formatted.endswith("  part_of:  # parents\n    - a-first\n    # about g0v\n    - g0v\n")
    assert format_text(formatted) == formatted


def commented_relations(order: tuple[str, ...], end_of_line: bool) -> str:
    lines = ["id: r", "type: project", "name: R", "summary: S.", "relations:", "  inspired_by:"]
    for item in order:
        lines += [f"    # about {item}", f"    - {item}" + (f"  # {item} again" if end_of_line else "")]
    return "\n".join([*lines, "    # closing the list", "  partner_of: [x]", ""])


@pytest.mark.parametrize("end_of_line", [False, True], ids=["whole-lines", "and-end-of-line"])
@pytest.mark.parametrize("order", list(itertools.permutations(["d", "b", "c", "a"])), ids="".join)
def test_fmt_keeps_every_comment_of_a_relation_list_once_and_with_its_item(order, end_of_line):
    formatted = format_text(commented_relations(order, end_of_line))
    assert formatted == commented_relations(("a", "b", "c", "d"), end_of_line)
    assert format_text(formatted) == formatted


def test_fmt_refuses_to_drop_a_comment_written_inside_a_flow_list(ctkb, mini):
    text = UNORDERED.replace("countries: [TW, JP]", "countries: [\n  # both\n  TW, JP\n]")
    path = write_record(mini, "projects", "unordered", text)
    result = ctkb("fmt", "--records", mini, path)
    assert result.exit_code == 1 and "fmt-refused" in result.stderr and "one item a line" in result.stderr
    assert path.read_text(encoding="utf-8") == text
