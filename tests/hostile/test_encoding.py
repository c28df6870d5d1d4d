"""Encodings: bytes that are not UTF-8 and characters that hide, reorder or
overwrite text are refused at the spot they stand; legitimate text in every
script of the region, emoji and joiners come through byte for byte."""

import json

import pytest

from .conftest import LEGIT, LEGIT_NAME, plant
from .test_yaml import assert_one_line_per_problem

HEAD = b"id: x\ntype: project\nsummary: S.\nsources: [{url: https://example.org/d}]\n"

REFUSED = [
    # case, bytes, code, line, column
    ("invalid UTF-8", HEAD + b"name: caf\xe9\n", "bad-encoding", 5, 10),
    ("overlong UTF-8 slash", HEAD + b"name: a\xc0\xafb\n", "bad-encoding", 5, 8),
    ("UTF-8 encoded surrogate", HEAD + b"name: \xed\xa0\x80\n", "bad-encoding", 5, 7),
    ("UTF-16 LE with BOM", "name: x\n".encode("utf-16-le").join([b"\xff\xfe", b""]), "bad-encoding", 1, 1),
    ("UTF-16 BE with BOM", b"\xfe\xff" + "name: x\n".encode("utf-16-be"), "bad-encoding", 1, 1),
    ("UTF-16 without BOM", "name: x\n".encode("utf-16-le"), "control-char", 1, 2),
    ("NUL byte", HEAD + b"name: a\x00b\n", "control-char", 5, 8),
    ("bell (C0)", HEAD + b"name: a\x07b\n", "control-char", 5, 8),
    ("NEL (C1)", HEAD + "name: a\x85b\n".encode(), "control-char", 5, 8),
    ("CSI (C1)", HEAD + "name: a\x9b31mb\n".encode(), "control-char", 5, 8),
    ("raw ANSI escape", HEAD + b"name: \x1b[31mred\x1b[0m\n", "control-char", 5, 7),
    ("OSC 52 clipboard write", HEAD + b"name: \x1b]52;c;ZXZpbA==\x07\n", "control-char", 5, 7),
    ("right-to-left override", HEAD + "name: abc\u202etxt.exe\n".encode(), "control-char", 5, 10),
    ("left-to-right isolate", HEAD + "name: a\u2066b\n".encode(), "control-char", 5, 8),
    ("noncharacter U+FFFE", HEAD + "name: a\ufffeb\n".encode(), "control-char", 5, 8),
    ("escaped ESC in double quotes", HEAD + b'name: "\\e[31mred"\n', "control-char", 5, 7),
    ("escaped \\x1b in double quotes", HEAD + b'name: "\\x1b[2J"\n', "control-char", 5, 7),
    ("escaped CSI in double quotes", HEAD + b'name: "\\x9b2J"\n', "control-char", 5, 7),
    ("escaped NUL in double quotes", HEAD + b'name: "a\\0b"\n', "control-char", 5, 7),
    ("escaped carriage return", HEAD + b'name: "shown\\rhidden"\n', "control-char", 5, 7),
    ("escaped RLO in double quotes", HEAD + b'name: "\\u202e"\n', "control-char", 5, 7),
    ("escaped lone surrogate", HEAD + b'name: "\\ud800"\n', "control-char", 5, 7),
    ("escaped ESC in a key", HEAD + b'"name\\e": x\n', "control-char", 5, 1),
    ("zero-width space in the id", b'id: "x\\u200b"\ntype: project\nname: X\nsummary: S.\n'
     b"sources: [{url: https://example.org/d}]\n", "bad-id", 1, 5),
    ("zero-width joiner in a relation", HEAD + "name: X\nrelations: {part_of: [g0v\u200d]}\n".encode(),
     "bad-id", 6, 23),
]  # fmt: skip


@pytest.mark.parametrize(("data", "code", "line", "column"), [c[1:] for c in REFUSED],
                         ids=[c[0] for c in REFUSED])  # fmt: skip
def test_refused_at_the_character(mini_copy, data, code, line, column):
    from civictech_kb.store.loader import load_file

    _, problems = load_file(plant(mini_copy, "projects", "x.yaml", data), mini_copy)
    assert (problems[0].code, problems[0].line, problems[0].column) == (code, line, column), problems[0]


def test_validate_names_file_and_line_of_each(ctkb, mini_copy):
    for number, case in enumerate(REFUSED):
        plant(mini_copy, "projects", f"case-{number}.yaml", case[1])
    result = ctkb("validate", "--records", mini_copy)
    assert "\x1b" not in result.stdout and "\u202e" not in result.stdout
    assert_one_line_per_problem(result, len(REFUSED))


def test_utf8_bom_and_crlf_line_endings_are_fine(ctkb, mini_copy):
    text = "id: x\ntype: project\nname: X\nsummary: S.\nsources: [{url: https://example.org/d}]\n"
    plant(mini_copy, "projects", "x.yaml", b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode())
    assert ctkb("validate", "--records", mini_copy).exit_code == 0


def test_legitimate_text_survives_every_format(ctkb, hostile):
    """Hangul, kana, Thai, Burmese, Chinese, Devanagari with ZWNJ, emoji with
    ZWJ: exactly as written, in JSON, the table and Markdown."""
    data = json.loads(ctkb("show", "legit", "--records", hostile, "--format", "json").stdout)
    assert data["name"] == LEGIT_NAME and data["names"] == LEGIT
    table = ctkb("show", "legit", "--records", hostile).stdout
    assert LEGIT_NAME in table and all(name in table for name in LEGIT.values())
    listing = ctkb("list", "--records", hostile, "--format", "md").stdout
    assert LEGIT_NAME in listing


def test_fmt_refuses_escaped_controls_too():
    from civictech_kb.authoring.fmt import format_text
    from civictech_kb.store.strict_yaml import YamlFault

    with pytest.raises(YamlFault) as fault:
        format_text('name: "\\e[31mred"\n')
    assert (fault.value.code, fault.value.line, fault.value.column) == ("control-char", 1, 7)


def test_hidden_characters_are_shown_as_json_style_escapes():
    from civictech_kb.model.text import one_line, visible

    assert visible("a\x1b[31mb\u202ec\rd\te\nf") == "a\\u001b[31mb\\u202ec\\u000dd\te\nf"
    assert one_line("bad\nname\u2028.yaml") == "bad\\u000aname\\u2028.yaml"
