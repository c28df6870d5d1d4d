"""Every command that takes a record (or a place) answers any id, of any
type, source records included, with output or one line and exit 1: never
an internal error."""

import pytest

from ..conftest import BUNDLED

# One id of each kind of record, and ids that are not records at all.
IDS = {
    "project": "cofacts",
    "community": "g0v",
    "organization": "phandeeyar",
    "event": "social-hack-day",
    "country": "myanmar",
    "source": "g0v-handbook-4-1",
    "notes source": "ogp-korea-2018-notes",
    "unknown": "no-such-record",
}
COMMANDS = {
    "show": ["show", "{id}"],
    "show json": ["show", "{id}", "--format", "json"],
    "related": ["related", "{id}"],
    "related json": ["related", "{id}", "--format", "json"],
    "related md": ["related", "{id}", "--format", "md"],
    "graph": ["graph", "{id}"],
    "graph dot": ["graph", "{id}", "--format", "dot"],
    "graph json": ["graph", "{id}", "--format", "json"],
    "graph depth 2": ["graph", "{id}", "--depth", "2"],
    "country": ["country", "{id}"],
    "region": ["region", "{id}"],
    "compare": ["compare", "{id}", "thailand"],
}


@pytest.mark.parametrize("kind", IDS)
@pytest.mark.parametrize("command", COMMANDS)
def test_any_id_gets_an_answer_or_one_line(ctkb, command, kind):
    args = [part.format(id=IDS[kind]) for part in COMMANDS[command]]
    result = ctkb(*args, "--records", str(BUNDLED))
    assert "internal error" not in result.stdout + result.stderr
    assert result.exit_code in (0, 1), result.stderr
    if result.exit_code == 1:
        assert result.stderr.startswith("ctkb: ")
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr
