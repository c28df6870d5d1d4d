"""One line-breaking rule for the terminal and the pipe (render/wrapping.py):
at spaces, inside a word only between characters of scripts written without
spaces; an address or id longer than the line is never broken."""

import pytest
from rich.cells import cell_len

from civictech_kb.render.wrapping import wrap

URL = (
    "https://github.com/g0v-data/g0v-hackmd-archive/blob/b5abbffb937a4e1105f7ba8b549fee65befb0cd9/notes/x.md"
)


@pytest.mark.parametrize("width", [20, 40, 80])
def test_a_web_address_longer_than_the_line_stays_whole_on_a_line_of_its_own(width):
    lines = wrap(f"the notes, archived at {URL}, licence: none stated", width)
    assert URL + "," in lines
    assert all(cell_len(line) <= width for line in lines if URL not in line)
    assert " ".join(lines) == f"the notes, archived at {URL}, licence: none stated"


def test_an_id_longer_than_the_line_is_not_cut():
    assert wrap("part of kakogawa-civic-participation-platform (JP)", 20) == [
        "part of",
        "kakogawa-civic-participation-platform",
        "(JP)",
    ]


def test_words_still_wrap_at_spaces():
    assert wrap("one two three four five six", 9) == ["one two", "three", "four five", "six"]


def test_cjk_text_wraps_by_terminal_cells_not_characters():
    # each of these characters takes two cells: three fit in six cells
    assert wrap("台灣事實查核中心", 6) == ["台灣事", "實查核", "中心"]


def test_cjk_words_move_to_the_next_line_by_their_cell_width():
    # "台灣 事實查核" is 7 characters but 13 cells: it fits 13 cells, not 12
    assert wrap("台灣 事實查核 中心 g0v 零時政府", 13) == ["台灣 事實查核", "中心 g0v", "零時政府"]
    assert wrap("台灣 事實查核 中心 g0v 零時政府", 12) == ["台灣", "事實查核", "中心 g0v", "零時政府"]


def test_thai_breaks_between_letters_and_keeps_its_marks_on_their_letter():
    text = "โครงการเทคโนโลยีภาคพลเมืองเพื่อการเลือกตั้ง"
    lines = wrap(text, 10)
    assert "".join(lines) == text and all(cell_len(line) <= 10 for line in lines)
    assert all(cell_len(line[:1]) == 1 for line in lines)  # no line starts with a vowel or tone mark


def test_a_latin_run_inside_cjk_is_kept_whole():
    lines = wrap("零時政府g0v-civic-tech-community零時政府", 10)
    assert (
        "g0v-civic-tech-community" in lines and "".join(lines) == "零時政府g0v-civic-tech-community零時政府"
    )


def test_emoji_joined_by_zwj_stay_together():
    coder = "🧑\u200d💻"
    lines = wrap(coder * 12, 8)
    assert all(line.count("\u200d") * 3 == len(line) for line in lines)  # only whole sequences
    assert "".join(lines) == coder * 12
