"""A record that is not found gets suggestions: close spellings by the
policy of model/fuzzy.py first, then ids, names and aliases the text
begins, a handful at most."""

import pytest

from civictech_kb.model.problems import NotFound
from civictech_kb.store.loader import load_collection

from ..conftest import MINI


@pytest.mark.parametrize(
    ("typed", "suggested"),
    [
        ("digital rights", "did you mean drapa-2023?"),  # the start of a name
        ("cofactz", "did you mean cofact-thailand, cofacts?"),  # its alias Cofact is one letter away
    ],
)
def test_a_missing_name_suggests_close_spellings_and_longer_names(typed, suggested):
    with pytest.raises(NotFound) as err:
        load_collection(MINI).find(typed)
    assert str(err.value) == f"no record named {typed!r}; {suggested}"
