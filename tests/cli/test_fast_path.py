"""The fast path (cli/fast_path.py) answers a search exactly as the Typer
app does: the same stdout, stderr and exit code, byte for byte, whatever
the options, their values and errors, the output (terminal or pipe), the
format, the records folder (--records, CTKB_RECORDS) and the cache (warm,
cold, none); and it leaves everything it is not sure of to Typer."""

from __future__ import annotations

import io
import os
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from civictech_kb.cli import fast_path

from ..conftest import BROKEN, MINI


class Stream(io.TextIOWrapper):
    """A stdout or stderr in memory that is a terminal or not."""

    def __init__(self, tty: bool) -> None:
        super().__init__(io.BytesIO(), encoding="utf-8", newline="")
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty

    def text(self) -> bytes:
        self.flush()
        return self.buffer.getvalue()  # type: ignore[attr-defined]


def run_main(monkeypatch, args: list[str], *, fast: bool, tty: bool = False) -> tuple[object, bytes, bytes]:
    """(exit code, stdout, stderr) of the console entry point on args, with
    the fast path allowed or not."""
    from civictech_kb.cli import startup

    out, err = Stream(tty), Stream(tty)
    with monkeypatch.context() as patch:
        patch.setattr(sys, "argv", ["ctkb", *args])
        patch.setattr(sys, "stdout", out)
        patch.setattr(sys, "stderr", err)
        if not fast:
            patch.setattr(fast_path, "runner", lambda args: None)
        with pytest.raises(SystemExit) as exit_info:
            startup.main()
    return exit_info.value.code, out.text(), err.text()


def same_both_ways(monkeypatch, args: list[str], tty: bool = False) -> tuple[object, bytes, bytes]:
    fast = run_main(monkeypatch, args, fast=True, tty=tty)
    typer = run_main(monkeypatch, args, fast=False, tty=tty)
    assert fast == typer
    return fast


M = str(MINI)
ANSWERED = [
    ["search", "fact-checking", "--records", M],
    ["--records", M, "search", "burma", "--format", "json"],
    ["--records=" + M, "search", "cofacts", "--explain"],
    ["search", "--records=" + M, "fact", "--explain", "-f", "json"],
    ["--no-cache", "search", "--records", M, "cofacts", "-n", "1"],
    ["--strict", "search", "fact", "--records", M, "--limit", "3", "--limit", "1"],
    ["search", "x", "--limit", "0", "--records", M],
    ["search", "zzzqqq", "--records", M],
    ["search", "fakt chekcing", "--records", M],
    ["search", "", "--records", M],
    ["search", "a" * 1001, "--records", M],
    ["search", "零時政府", "--records", M],
    ["search", "cofacts", "--country", "myanmar", "--records", M],
    ["search", "g0v", "--type", "project", "-t", "community", "--records", M],
    ["search", "g0v", "--type", "projekt", "--records", M],
    ["search", "g0v", "--status", "activ", "--records", M],
    ["search", "g0v", "--country", "Atlantis", "--records", M],
    ["search", "fact", "--topic", "fake news", "-c", "TW", "--records", M],
    ["search", "g0v", "-r", "Asia", "--status", "active", "--records", M],
    ["search", "g0v", "--since", "2016", "--records", M],
    ["search", "g0v", "--since", "2025", "--until", "2020", "--records", M],
    ["search", "g0v", "--until", "1800", "--records", M],
    ["search", "civic", "--format", "csv", "--records", M],
    ["search", "civic", "--format", "tsv", "--explain", "--records", M],
    ["search", "civic", "--format", "md", "--records", M],
    ["search", "civic", "--format", "table", "--records", M],
    ["search", "fact", "--records", str(BROKEN)],
    ["--strict", "search", "fact", "--records", str(BROKEN)],
    ["search", "fact", "--records", "/nonexistent/records"],
    ["search", "fact", "--records", str(MINI / "projects")],
    ["search", "fact", "--strict", "--records", str(BROKEN)],
    ["search", "fact", "--records", str(BROKEN), "--strict", "--strict"],
    ["search", "fact-checking", "--no-pager", "--records", M],
    ["--no-pager", "search", "civic", "-n", "0", "--records", M, "--no-pager", "--strict"],
]


@pytest.mark.parametrize("args", ANSWERED, ids=" ".join)
def test_a_search_answers_the_same_without_typer(monkeypatch, args):
    assert fast_path.runner(args) is not None
    same_both_ways(monkeypatch, args)


@pytest.mark.parametrize("args", ANSWERED[:3] + ANSWERED[6:8], ids=" ".join)
def test_on_a_terminal_too(monkeypatch, args):
    same_both_ways(monkeypatch, args, tty=True)


@pytest.mark.parametrize("where", ["before", "after"])
def test_no_pager_before_or_after_the_command_on_a_terminal(monkeypatch, tmp_path, where):
    """Output taller than the terminal, with a pager that would record it:
    with --no-pager, either way writes it to stdout and nothing is paged."""
    from civictech_kb.cli import pager

    paged = tmp_path / "paged.txt"
    monkeypatch.setattr(pager, "stdout_is_terminal", lambda: True)
    monkeypatch.setenv("LINES", "5")
    monkeypatch.delenv("CTKB_PAGER", raising=False)
    monkeypatch.setenv(
        "PAGER", f"{sys.executable} -c \"import sys; open(sys.argv[1], 'w').write(sys.stdin.read())\" {paged}"
    )
    search = ["search", "civic", "-n", "0", "--records", M]
    args = ["--no-pager", *search] if where == "before" else [*search, "--no-pager"]
    assert fast_path.runner(args) is not None
    code, out, _ = same_both_ways(monkeypatch, args, tty=True)
    assert code == 0 and out.count(b"\n") > 5 and not paged.exists()


def test_with_a_cold_cache_with_none_and_from_ctkb_records(monkeypatch, tmp_path):
    args = ["search", "fact-checking"]
    monkeypatch.setenv("CTKB_RECORDS", M)
    for number in range(2):  # each way builds its own cache, then reads it warm
        monkeypatch.setenv("CTKB_CACHE_DIR", str(tmp_path / f"cache-{number}"))
        fast = run_main(monkeypatch, args, fast=bool(number))
        typer = run_main(monkeypatch, args, fast=not number)
        assert fast == typer and fast[0] == 0 and b"cofacts" in fast[1]
    monkeypatch.setenv("CTKB_NO_CACHE", "1")
    same_both_ways(monkeypatch, args)


LEFT_TO_TYPER = [
    [],
    ["--help"],
    ["-h", "search"],
    ["--version", "search", "x"],
    ["serch", "x"],
    ["list"],
    ["search"],
    ["search", "--help"],
    ["search", "x", "-h"],
    ["search", "x", "y"],
    ["search", "x", "--bogus"],
    ["search", "x", "--limit"],
    ["search", "x", "--limit", "-1"],
    ["search", "x", "--limit", "abc"],
    ["search", "x", "--limit", " 5"],
    ["search", "x", "--limit", "٥"],
    ["search", "x", "-n5"],
    ["search", "x", "--since", "20x"],
    ["search", "x", "--format", "xml"],
    ["search", "x", "--format", "JSON"],
    ["search", "x", "--explain=yes"],
    ["search", "x", "--strict=1"],
    ["search", "x", "--no-pager=yes"],
    ["search", "x", "--records", ""],
    ["search", "x", "--records="],
    ["search", "x", "--records", "--explain"],
    ["search", "--", "-x"],
    ["search", "-", "x"],
    ["--records", "search", "x"],
    ["--no-cache=1", "search", "x"],
    ["-x", "search", "x"],
]


@pytest.mark.parametrize("args", LEFT_TO_TYPER, ids=" ".join)
def test_what_it_is_not_sure_of_is_left_to_typer(args):
    assert fast_path.runner(args) is None


def test_shell_completion_is_left_to_typer(monkeypatch):
    monkeypatch.setenv("_CTKB_COMPLETE", "complete_bash")
    assert fast_path.runner(["search", "x"]) is None


TOP_WORDS = [
    ("--records", M),
    ("--records=" + M,),
    ("--no-cache",),
    ("--strict",),
    ("--no-pager",),
    ("-h",),
    ("x",),
]
# Pieces of a search's arguments: mostly well formed, some not.
PIECES = [("-n", "3"), ("--limit", "0"), ("--limit=2",), ("--explain",),
          ("-t", "project"), ("--type", "event"), ("-c", "TW"), ("--country", "Atlantis"), ("--since", "2016"),
          ("--until", "2010"), ("--format", "json"), ("-f", "csv"), ("--format=tsv",), ("--records", M), ("--strict",), ("--no-pager",),
          ("-",), ("--",), ("-h",), ("--bogus",), ("-1",), ("--limit",), ("--limit", "x1"), ("-n5",)]  # fmt: skip
ARGUMENTS = st.tuples(st.lists(st.sampled_from(TOP_WORDS), max_size=2), st.lists(st.sampled_from(PIECES), max_size=5),
                      st.sampled_from(["fact", "g0v", "", "zzzqqq"]), st.integers(0, 5))  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(ARGUMENTS)
def test_any_arguments_it_answers_it_answers_as_typer(parts):
    top, pieces, query, at = parts
    pieces.insert(at % (len(pieces) + 1), (query,))
    args = (
        [word for piece in top for word in piece] + ["search"] + [word for piece in pieces for word in piece]
    )
    monkeypatch = pytest.MonkeyPatch()
    try:
        if fast_path.runner(args) is not None:
            same_both_ways(monkeypatch, args)
    finally:
        monkeypatch.undo()


def test_its_options_are_the_typer_commands():
    """Every option the fast path reads is one the Typer command has, with
    the same names, taking a value or not, repeatable or not; --strict and
    --no-pager after the command's name are flags of the run. (An option it
    does not read is left to Typer, as any unknown argument is.)"""
    import typer

    from civictech_kb.cli import app

    group = typer.main.get_command(app)
    search = group.get_command(typer.Context(group), "search")  # with --strict and --no-pager after its name
    for table, params in ((fast_path.TOP_OPTIONS, group.params), (fast_path.SEARCH_OPTIONS, search.params)):
        read = set()
        for param in params:
            names = {*param.opts, *param.secondary_opts} & set(table)
            if not param.expose_value and names:  # --strict, --no-pager after the command: the run's flags
                assert param.is_flag and param.name in fast_path.RUN_FLAGS
                assert {table[name] for name in names} == {fast_path.Option(param.name, fast_path.FLAG)}
                read.add(param.name)
                continue
            if param.is_eager or not param.expose_value or not names:  # --help, --version: left to Typer
                assert param.param_type_name == "argument" or not (param.is_eager and names)
                continue
            assert {*param.opts, *param.secondary_opts} == {
                n for n, o in table.items() if o.dest == param.name
            }
            option = table[names.pop()]
            kind = fast_path.FLAG if param.is_flag else fast_path.MANY if param.multiple else option.kind
            assert (option.dest, option.kind) == (param.name, kind)
            read.add(option.dest)
        assert read == {option.dest for option in table.values()}


def pipe_closed_early(args: list[str], fast: bool) -> tuple[int, bytes]:
    """(exit code, stderr) of ctkb writing into a pipe whose reader has gone."""
    code = ("import sys\nfrom civictech_kb.cli import fast_path, main\n"
            f"{'' if fast else 'fast_path.runner = lambda args: None'}\nsys.argv[1:] = {args!r}\nmain()\n")  # fmt: skip
    read, write = os.pipe()
    os.close(read)
    try:
        child = subprocess.run(
            [sys.executable, "-c", code], stdout=write, stderr=subprocess.PIPE, check=False
        )
    finally:
        os.close(write)
    return child.returncode, child.stderr


def test_a_closed_pipe_ends_it_as_it_ends_typer():
    args = ["search", "fact-checking", "--records", M]
    assert pipe_closed_early(args, fast=True) == pipe_closed_early(args, fast=False) == (1, b"")


def test_ctrl_c_ends_it_as_it_ends_typer(monkeypatch):
    from civictech_kb.search import ranking

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(ranking, "find", interrupted)
    code, out, err = same_both_ways(monkeypatch, ["search", "fact", "--records", M])
    assert (code, out, err) == (130, b"", b"")
