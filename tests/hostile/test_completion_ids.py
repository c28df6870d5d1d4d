"""Completion offers only valid record ids: a file name that is a shell
command, a glob, or anything else no id could be is never a candidate (a
shell may put candidates on the command line unquoted)."""

import pytest

from .conftest import plant, record

HOSTILE_NAMES = ["$(touch pwned1)", "`touch pwned2`", "*", "[a-z]*", "a b", "Upper", "semi;colon", "-rf",
                 "new\nline", "dots..id", "trailing-", "x" * 101]  # fmt: skip


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_only_valid_ids_are_offered(mini_copy, name):
    from civictech_kb.cli.completion import record_ids

    plant(mini_copy, "projects", f"{name}.yaml", record("cofacts"))
    plant(mini_copy, "projects", "cofacts-two.yaml", record("cofacts-two"))
    offered = record_ids("", mini_copy)
    assert name not in offered
    assert {"cofacts", "cofacts-two", "g0v"} <= set(offered)
    assert all(offer.replace("-", "").isalnum() and offer == offer.lower() for offer in offered)
