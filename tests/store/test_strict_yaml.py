import pytest

from civictech_kb.store.strict_yaml import MAX_FILE_BYTES, YamlFault, decode_text, parse_text, plain


@pytest.mark.parametrize(
    ("text", "code", "line"),
    [
        ("a: &x 1\nb: *x\n", "yaml-alias", 1),
        ("a: 1\nb: !!python/object:os.system x\n", "yaml-tag", 2),
        ("a: !custom x\n", "yaml-tag", 1),
        ("a: 1\na: 2\n", "duplicate-key", 2),
        ("a: [1\n", "yaml-syntax", 2),
        ("a: 1\n---\nb: 2\n", "yaml-syntax", 2),
        ("a: " + "9" * 5000 + "\n", "yaml-syntax", 1),
        ("[" * 40 + "]" * 40, "yaml-depth", 1),
    ],
)
def test_refuses_unsafe_yaml(text, code, line):
    with pytest.raises(YamlFault) as fault:
        parse_text(text)
    assert (fault.value.code, fault.value.line) == (code, line)


def test_yaml_11_surprises_stay_text():
    data = plain(parse_text("a: no\nb: on\nc: 2023-13-45\nd: 2023-05-01\ne: yes\n"))
    assert data == {"a": "no", "b": "on", "c": "2023-13-45", "d": "2023-05-01", "e": "yes"}


@pytest.mark.parametrize(
    ("data", "code", "line", "column"),
    [
        (b"a: \xff\n", "bad-encoding", 1, 4),
        ("a: 1\n".encode("utf-16"), "bad-encoding", 1, 1),
        (b"a: 1\nb: x\x00\n", "control-char", 2, 5),
        (b"a: \x1b[31mred\n", "control-char", 1, 4),
        ("a: \u202eabc\n".encode(), "control-char", 1, 4),
        ("a: \u0085\n".encode(), "control-char", 1, 4),
    ],
)
def test_refuses_bad_bytes(data, code, line, column):
    with pytest.raises(YamlFault) as fault:
        decode_text(data)
    assert (fault.value.code, fault.value.line, fault.value.column) == (code, line, column)


def test_oversized_file_is_refused():
    with pytest.raises(YamlFault) as fault:
        decode_text(b"a" * (MAX_FILE_BYTES + 1))
    assert fault.value.code == "file-too-large"


def test_keeps_legitimate_text_and_drops_bom():
    text = "name: 마스크찾아줌 まち 臺灣 ภาษาไทย မြန်မာ 👩‍💻 a\u200cb\n"
    assert decode_text(("\ufeff" + text).encode()) == text
    assert plain(parse_text(text))["name"].startswith("마스크찾아줌")
