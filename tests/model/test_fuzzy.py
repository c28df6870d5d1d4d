"""One policy decides when a mistyped word counts as meant, everywhere."""

from __future__ import annotations

import pytest

from civictech_kb.model import vocab
from civictech_kb.model.fuzzy import close_matches, max_edits
from civictech_kb.model.vocabulary import builtin_vocabulary


def test_allowed_edits_grow_with_word_length():
    assert [max_edits(n) for n in (1, 3, 4, 9, 10, 14, 15, 30)] == [0, 0, 1, 1, 2, 2, 3, 3]


@pytest.mark.parametrize(
    ("typed", "choices", "expected"),
    [
        ("phandeyar", ["phandeeyar", "panda"], ["phandeeyar"]),  # a letter dropped
        ("trsut", ["trust", "truth"], ["trust"]),  # two letters swapped count once
        ("gender", ["tender", "gendre"], ["gendre"]),  # the first letter must agree; a swap is one
        ("police", ["policy", "police"], ["police"]),  # a changed letter in a short word: another word
        ("polic", ["polit", "policy"], ["policy"]),
        ("myanmr", ["myanmar"], ["myanmar"]),
        ("environmant", ["environment"], ["environment"]),  # long words may have a letter changed
        ("nothingzz", ["nothing", "nothings"], []),  # two edits are too many for nine letters
        ("sak", ["sake", "sac"], []),  # three letters: no edits at all
    ],
)
def test_close_matches(typed, choices, expected):
    assert close_matches(typed, choices) == expected


def test_every_resolver_forgives_the_same_kind_of_typo():
    assert vocab.resolve_country("myanmr") == "MM"
    assert vocab.resolve_region("south-estern asia").name == "South-eastern Asia"
    assert builtin_vocabulary().resolve_category("trsut") == "trust"
    assert builtin_vocabulary().resolve_topic("fact-cheking") == "fact-checking"
    assert vocab.suggest("projet", ["project", "person"]) == ["project"]
