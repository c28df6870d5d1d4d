"""The plain search table wraps by terminal cells, as rich does, using only
rich's public API (render/plain.py)."""

from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

from civictech_kb.render.plain import wrap


def rich_lines(text: str, width: int) -> list[str]:
    """How rich itself wraps the text in a console of that width."""
    console = Console(width=width, no_color=True, highlight=False)
    return [line.plain.rstrip() for line in Text(text).wrap(console, width)]


def test_cjk_text_wraps_by_terminal_cells_not_characters():
    # each of these characters takes two cells: three fit in six cells
    assert wrap("台灣事實查核中心", 6) == ["台灣事", "實查核", "中心"]


def test_cjk_words_move_to_the_next_line_by_their_cell_width():
    # "台灣 事實查核" is 7 characters but 13 cells: it fits 13 cells, not 12
    assert wrap("台灣 事實查核 中心 g0v 零時政府", 13) == ["台灣 事實查核", "中心 g0v", "零時政府"]
    lines = wrap("台灣 事實查核 中心 g0v 零時政府", 12)
    assert lines == ["台灣", "事實查核", "中心 g0v", "零時政府"]
    assert all(cell_len(line) <= 12 for line in lines)


def test_a_word_wider_than_the_line_is_cut_into_line_widths():
    assert wrap("ab " + "x" * 12 + " cd", 5) == ["ab", "xxxxx", "xxxxx", "xx cd"]


def test_wrapping_agrees_with_rich_on_mixed_scripts():
    text = "Cofact ไทย 台灣事實查核中心 မြန်မာ 한국어 fact-checking " + "長" * 30 + " end\nsecond line 二行目"
    for width in (4, 7, 10, 13, 20, 40):
        assert wrap(text, width) == rich_lines(text, width), width
