"""Resources: the worst files and arguments finish in bounded time and memory.

Each run here is a separate `python -m civictech_kb` process limited to
CPU_LIMIT_S (10 s of CPU, by RLIMIT_CPU) and MEMORY_LIMIT_BYTES (1 GiB of
address space, by RLIMIT_AS); a run that needs more fails the test, and so
does one that blocks (on a FIFO, say) for BLOCKED_S. The limits count work,
not wall-clock time, so a loaded machine does not fail them.
What keeps them inside: a record file is read only up to 512 KiB, holds at
most 5000 keys, values and items, nests at most 12 levels, has no scalar over
64 Ki characters and no integer over 30 digits, and anchors, aliases and tags
are refused at the first one, before anything could expand. At ~70 us per
value the parser needs well under a second for any file it accepts. Each run
below takes about half a second of CPU, mostly Python start-up.
"""

import os
import re
import stat

import pytest

from .conftest import plant, record, registered_commands, run_bounded, run_many_bounded
from .test_yaml import billion_laughs

# Files that must each be refused quickly, all in one collection.
BOMBS = {
    "laughs.yaml": billion_laughs(10),
    "merge-laughs.yaml": "a: &a {x: 1}\n" + "".join(f"b{i}: {{<<: [*a, *a, *a]}}\n" for i in range(2000)),
    "deep.yaml": "[" * 5_000 + "]" * 5_000,  # Python recursion stops at 1000
    "deep-block.yaml": "".join(" " * i + "k:\n" for i in range(2000)),
    "long-int.yaml": "id: x\nvalue: " + "9" * 60_000 + "\n",
    "many-keys.yaml": "id: x\n" + "".join(f"k{i}: 1\n" for i in range(10_000)),
    "long-scalars.yaml": "".join(f"k{i}: " + "word " * 12_000 + "\n" for i in range(1)),
}


def assert_clean_failure(result, exit_code: int = 1) -> None:
    assert result.returncode == exit_code, result.stderr[-2000:]
    assert "Traceback" not in result.stderr and "MemoryError" not in result.stderr
    for line in result.stderr.splitlines():
        assert re.fullmatch(r"ctkb: .+|\S+(:\d+:\d+)?: [a-z-]+: .+|\d+ problem\(s\) found", line), line


@pytest.fixture
def bombed(mini_copy):
    for name, text in BOMBS.items():
        (mini_copy / "projects" / name).write_text(text, encoding="utf-8")
    with open(mini_copy / "projects" / "sparse.yaml", "wb") as handle:
        handle.truncate(2**30)  # a 1 GiB file that takes no disk space; only 512 KiB are read
    os.mkfifo(mini_copy / "projects" / "fifo.yaml")
    return mini_copy


def test_bombs_are_refused_within_bounds(bombed):
    result = run_bounded("validate", "--records", bombed)
    assert_clean_failure(result)
    named = {line.split(":")[0].rsplit("/", 1)[-1] for line in result.stdout.splitlines()}
    assert named >= {*BOMBS, "sparse.yaml", "fifo.yaml"} - {"long-scalars.yaml"}


def test_every_loading_command_is_bounded_too(mini_copy):
    """Every command that reads records, on the quickest bombs, in one child."""
    from .test_every_command import COMMANDS, NOT_LOADING, arguments, takes_records

    (mini_copy / "projects" / "laughs.yaml").write_text(BOMBS["laughs.yaml"], encoding="utf-8")
    os.mkfifo(mini_copy / "projects" / "fifo.yaml")
    calls = [["--strict", *path, *arguments(path, command), "--records", mini_copy] for path, command in COMMANDS
             if takes_records(command) and path[-1] not in NOT_LOADING]  # fmt: skip
    for (exit_code, stderr, exception), call in zip(run_many_bounded(calls), calls, strict=True):
        assert (exit_code, exception) == (1, ""), call[1]
        assert "fifo.yaml: unreadable: not a regular file" in stderr or call[1] == "validate"


def test_device_inside_the_records_directory(ctkb, mini_copy):
    try:
        os.mknod(mini_copy / "projects" / "zero.yaml", stat.S_IFCHR | 0o600, os.makedev(1, 5))
    except (PermissionError, AttributeError):
        pytest.skip("creating a device node needs root on Linux")
    result = ctkb("validate", "--records", mini_copy)
    assert result.exit_code == 1
    assert result.stdout.endswith("zero.yaml: unreadable: not a regular file\n")


HUGE_ARGUMENTS = [
    ("show", "é" * 100_000), ("list", "--country", "y" * 100_000), ("list", "--topic", "t" * 100_000),
    ("graph", "g" * 100_000), ("search", "fact-checking " * 800),
    ("related", "z" * 100_000), ("country", "w" * 100_000), ("region", "r" * 100_000),
]  # fmt: skip


def test_huge_arguments(mini_copy):
    """Names, countries and topics of 100 000 characters, a query of 11 000:
    answered, or refused in one line, within the bounds."""
    calls = [[*args, "--records", mini_copy] for args in HUGE_ARGUMENTS if args[0] in registered_commands()]
    for (exit_code, stderr, exception), call in zip(run_many_bounded(calls), calls, strict=True):
        assert exit_code in (0, 1, 2) and not exception, (call[0], exception)
        assert len(stderr.splitlines()) <= 1, stderr[:500]


def test_a_record_at_every_limit_loads(mini_copy):
    """The bounds leave room for real records: a long but legitimate one loads."""
    from civictech_kb.store.loader import load_file

    long = record("long", summary="word " * 3900, lessons=["lesson " * 500] * 30,
                  challenges=[{"category": "funding", "summary": "s " * 400, "responses": ["r"] * 20}] * 40)  # fmt: skip
    data, problems = load_file(plant(mini_copy, "projects", "long.yaml", long), mini_copy)
    assert problems == [] and len(data["challenges"]) == 40


def test_a_flood_of_problems_is_reported_not_choked_on(mini_copy):
    from civictech_kb.store.loader import load_file

    text = "id: flood\ntype: project\n" + "".join(f"unknown{i}: 1\n" for i in range(2000))
    _, problems = load_file(plant(mini_copy, "projects", "flood.yaml", text), mini_copy)
    assert len(problems) >= 2000
