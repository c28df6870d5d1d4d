"""Invisible characters: one rule (model/text.py) for validation and `ctkb
new`. Characters that hide text (tag characters, which can spell ASCII
unseen, noncharacters and the Hangul fillers) are refused anywhere in a
record; names, aliases and ids also refuse every other invisible format
character (zero-width space, word joiner, BOM, direction marks, soft
hyphen). Prose keeps what scripts need: ZWJ, ZWNJ, ZWSP in Thai or Burmese,
direction marks in Arabic."""

import pytest

from .conftest import plant, record

HIDING = {
    "tag LATIN SMALL LETTER A": "\U000e0061",
    "tag CANCEL": "\U000e007f",
    "LANGUAGE TAG": "\U000e0001",
    "noncharacter U+FDD0": "\ufdd0",
    "noncharacter U+FDEF": "\ufdef",
    "noncharacter U+1FFFE": "\U0001fffe",
    "noncharacter U+10FFFF": "\U0010ffff",
    "HANGUL FILLER": "\u3164",
    "HANGUL CHOSEONG FILLER": "\u115f",
    "HALFWIDTH HANGUL FILLER": "\uffa0",
}
INVISIBLE_IN_NAMES = {
    "ZERO WIDTH SPACE": "\u200b",
    "WORD JOINER": "\u2060",
    "BOM inside text": "\ufeff",
    "LEFT-TO-RIGHT MARK": "\u200e",
    "RIGHT-TO-LEFT MARK": "\u200f",
    "ARABIC LETTER MARK": "\u061c",
    "SOFT HYPHEN": "\u00ad",
    **HIDING,
}
PROSE_KEEPS = {
    "ZWJ": "\u200d",
    "ZWNJ": "\u200c",
    "ZERO WIDTH SPACE": "\u200b",
    "RIGHT-TO-LEFT MARK": "\u200f",
}


def problems_of(root, data: dict) -> list[str]:
    from civictech_kb.store.loader import load_file

    _, problems = load_file(plant(root, "projects", f"{data['id']}.yaml", data), root)
    return [p.code for p in problems]


@pytest.mark.parametrize("char", INVISIBLE_IN_NAMES.values(), ids=INVISIBLE_IN_NAMES)
@pytest.mark.parametrize("field", ["name", "aliases", "names"])
def test_names_refuse_every_invisible_character(mini_copy, field, char):
    text = f"Mask{char}Map"
    value = {"name": text, "aliases": [text], "names": {"ko": text}}[field]
    assert problems_of(mini_copy, record("x", **{field: value})) != []


@pytest.mark.parametrize("char", HIDING.values(), ids=HIDING)
@pytest.mark.parametrize("field", ["summary", "lessons", "location"])
def test_prose_refuses_characters_that_hide_text(mini_copy, field, char):
    text = f"Seen{char} and unseen."
    value = [text] if field == "lessons" else text
    assert problems_of(mini_copy, record("x", **{field: value})) != []


@pytest.mark.parametrize("char", PROSE_KEEPS.values(), ids=PROSE_KEEPS)
def test_prose_keeps_what_scripts_need(mini_copy, char):
    assert problems_of(mini_copy, record("x", summary=f"ภาษา{char}ไทย", lessons=[f"नागरिक{char}तकनीक"])) == []


def test_names_keep_joiners(mini_copy):
    assert (
        problems_of(mini_copy, record("x", name="Civic 👩\u200d💻 Lab", names={"hi": "नागरिक\u200cतकनीक"}))
        == []
    )


@pytest.mark.parametrize("char", INVISIBLE_IN_NAMES.values(), ids=INVISIBLE_IN_NAMES)
def test_new_refuses_them_by_the_same_rule(ctkb, mini_copy, char):
    result = ctkb("new", "project", f"Mask{char}Map", "--records", mini_copy)
    assert result.exit_code == 2 and "invisible" in result.stderr
    assert not (mini_copy / "projects" / "maskmap.yaml").exists()
    assert not (mini_copy / "projects" / "mask-map.yaml").exists()


def test_new_takes_names_with_joiners(ctkb, mini_copy):
    assert ctkb("new", "project", "Civic 👩\u200d💻 Lab", "--records", mini_copy).exit_code == 0


def test_one_rule():
    from civictech_kb.authoring import new
    from civictech_kb.model import text

    for char in INVISIBLE_IN_NAMES.values():
        assert text.invisible_in_name(f"a{char}b") == char
        with pytest.raises(ValueError, match="invisible"):
            new.slugify(f"a{char}b")
    assert text.invisible_in_name("Civic 👩\u200d💻 Lab") is None
