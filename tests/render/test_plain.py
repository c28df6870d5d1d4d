"""The plain search table wraps by terminal cells with the one rule the
terminal renderer uses (render/wrapping.py), without rich's console
(render/plain.py); tests/search checks both write the same hits."""

from rich.cells import cell_len
from rich.console import Console

from civictech_kb.render.plain import wrap
from civictech_kb.render.terminal import hanging, written


def terminal_lines(text: str, width: int) -> list[str]:
    """How the terminal renderer wraps the text in a console of that width."""
    out = Console(width=width, no_color=True, highlight=False, file=__import__("io").StringIO())
    hanging(out, "", text, rest="")
    return written(out).splitlines()


def test_cjk_text_wraps_by_terminal_cells_not_characters():
    # each of these characters takes two cells: three fit in six cells
    assert wrap("台灣事實查核中心", 6) == ["台灣事", "實查核", "中心"]


def test_cjk_words_move_to_the_next_line_by_their_cell_width():
    lines = wrap("台灣 事實查核 中心 g0v 零時政府", 12)
    assert lines == ["台灣", "事實查核", "中心 g0v", "零時政府"]
    assert all(cell_len(line) <= 12 for line in lines)


def test_a_latin_word_wider_than_the_line_runs_past_it_whole():
    assert wrap("ab " + "x" * 12 + " cd", 5) == ["ab", "xxxxxxxxxxxx", "cd"]


def test_wrapping_agrees_with_the_terminal_renderer_on_mixed_scripts():
    text = "Cofact ไทย 台灣事實查核中心 မြန်မာ 한국어 fact-checking " + "長" * 30 + " end\nsecond line 二行目"
    for width in (20, 40, 80):
        assert wrap(text, width) == terminal_lines(text, width), width
