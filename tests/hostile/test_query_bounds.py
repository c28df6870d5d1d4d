"""A query costs bounded work: it is read up to MAX_QUERY_CHARS characters
(a longer one is a usage error, exit 2), and its longest words, in any
script, are answered within the run limit (time was quadratic in word length:
a 20,000-character word took 1.2 s, 130,000 characters 38 s)."""

import pytest

from civictech_kb.search.query import MAX_QUERY_CHARS

from .conftest import MINI, run_bounded


@pytest.mark.parametrize("command", [["search"], ["export", "--format", "json", "--query"]])
def test_a_query_longer_than_the_limit_is_a_usage_error(ctkb, command):
    result = ctkb(*command, "a" * (MAX_QUERY_CHARS + 1), "--records", MINI)
    assert result.exit_code == 2
    assert result.stderr == (f"ctkb: usage error: the search query is {MAX_QUERY_CHARS + 1} characters long; "
                             f"at most {MAX_QUERY_CHARS} are read\n")  # fmt: skip


LONGEST = {
    "one Latin word": "a" * MAX_QUERY_CHARS,
    "a near miss of a word": ("factchecking" * 100)[:MAX_QUERY_CHARS],
    "Hangul": "마스크" * (MAX_QUERY_CHARS // 3),
    "Thai": "ภาษาไทย" * (MAX_QUERY_CHARS // 7),
    "many words of 40 letters": " ".join(["abcdefghijklmnopqrstuvwxyzabcdefghijklmn"] * 24),
}


@pytest.mark.slow
@pytest.mark.parametrize("query", LONGEST.values(), ids=LONGEST)
def test_the_longest_queries_finish_within_the_run_limit(query):
    result = run_bounded("search", query, "--records", MINI)  # fails past CPU_LIMIT_S of CPU
    assert result.returncode in (0, 1), result.stderr
    assert "internal error" not in result.stderr
