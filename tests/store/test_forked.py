"""A loop shared with a forked copy of the process (store/forked.py): the
answers are always those of doing it all here, whatever happens to the
copy, and no process is left behind."""

import os
import signal
import threading
import time

import pytest

from civictech_kb.store import forked

HERE = os.getpid()


def no_child_left():
    """No child process of this one exists, running or waiting to be reaped."""
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)
    return True


def shared(work, count, width=4, share=True):
    with forked.Shared(work, list(range(count)), width, share) as loop:
        return loop.answers()


def square(item: int) -> bytes:
    return (item * item).to_bytes(4, "big")


def where(item: int) -> bytes:
    return b"here" if os.getpid() == HERE else b"copy"


needs_fork = pytest.mark.skipif(not forked.possible(), reason="this system cannot run a second process")


@pytest.mark.parametrize("count", [0, 1, 2, 7, 300])
@pytest.mark.parametrize("share", [True, False])
def test_the_answers_are_those_of_one_process_in_order(count, share):
    assert shared(square, count, share=share) == [square(i) for i in range(count)]
    assert no_child_left()


@needs_fork
def test_the_copy_works_from_the_back_while_this_process_is_busy():
    with forked.Shared(where, list(range(4)), 4) as loop:
        time.sleep(0.5)  # opening the cache, say: the copy does everything
        assert loop.answers() == [b"copy"] * 4
    assert no_child_left()


def test_without_sharing_everything_is_done_here():
    assert shared(where, 4, share=False) == [b"here"] * 4


def fails_in_the_copy(item: int) -> bytes:
    if os.getpid() != HERE:
        raise OSError("no such file")
    return square(item)


def killed_in_the_copy(item: int) -> bytes:
    if os.getpid() != HERE:
        os.kill(os.getpid(), signal.SIGKILL)
    return square(item)


def short_in_the_copy(item: int) -> bytes:
    return b"" if os.getpid() != HERE else square(item)


def fails_late_in_the_copy(item: int) -> bytes:
    if os.getpid() != HERE and item < 50:
        os._exit(3)
    return square(item)


@pytest.mark.parametrize(
    "work", [fails_in_the_copy, killed_in_the_copy, short_in_the_copy, fails_late_in_the_copy]
)
def test_whatever_happens_to_the_copy_this_process_does_what_it_left(work):
    with forked.Shared(work, list(range(100)), 4) as loop:
        time.sleep(0.2)  # the copy has time to fail
        assert loop.answers() == [square(i) for i in range(100)]
    assert no_child_left()


def test_no_fork_means_everything_is_done_here(monkeypatch):
    def refuse():
        raise OSError("resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", refuse)
    assert shared(where, 4) == [b"here"] * 4


def test_leaving_early_stops_the_copy_and_waits_for_it():
    def slow(item: int) -> bytes:
        time.sleep(0.05)
        return square(item)

    with pytest.raises(KeyboardInterrupt), forked.Shared(slow, list(range(100)), 4):
        raise KeyboardInterrupt
    assert no_child_left()


def test_no_copy_is_made_while_another_thread_runs():
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert not forked.possible()
        assert shared(where, 4) == [b"here"] * 4
    finally:
        stop.set()
        other.join()


ORPHANED = """
import os, sys, time
from civictech_kb.store import forked

def slow(item):
    time.sleep(0.02)
    return bytes(4)

loop = forked.Shared(slow, list(range(10_000)), 4)
print(loop.child.pid, flush=True)
os._exit(0)  # gone without waiting: the copy is left with 200 s of work
"""


def ended(pid: int) -> bool:
    """Whether a process is gone or has ended and only waits to be reaped by whoever adopted it."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] in ("Z", "X")
    except FileNotFoundError:
        return True


@needs_fork
@pytest.mark.skipif(not os.path.isdir("/proc/self"), reason="reads /proc")
def test_the_copy_stops_soon_after_the_process_that_started_it_is_gone():
    import subprocess
    import sys

    started = subprocess.Popen([sys.executable, "-c", ORPHANED], stdout=subprocess.PIPE, text=True)
    with started.stdout:  # the copy keeps this pipe open: read the one line, do not wait for its end
        pid = int(started.stdout.readline())
    started.wait()
    try:
        deadline = time.monotonic() + 10
        while not ended(pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert ended(pid)
    finally:
        if not ended(pid):
            os.kill(pid, signal.SIGKILL)


def test_a_copy_whose_parent_is_already_gone_gives_up_at_once():
    # The pid it compares with is the one that forked it, taken before the
    # fork: a copy adopted before it first looks must not work on for nobody.
    loop = forked.Shared(square, list(range(5)), 4, share=False)
    not_my_parent = os.getppid() + 1
    with pytest.raises(ProcessLookupError):
        loop.serve(not_my_parent)
    assert loop.marks[1] == 5  # nothing taken from the back


@pytest.fixture
def children_reaped_by_the_system():
    """SIGCHLD ignored, as a supervisor or daemon may leave it (inherited
    across exec): the system reaps the copy, so it cannot be waited for."""
    before = signal.signal(signal.SIGCHLD, signal.SIG_IGN)
    yield
    signal.signal(signal.SIGCHLD, before)


@needs_fork
@pytest.mark.usefixtures("children_reaped_by_the_system")
@pytest.mark.parametrize("pause", [0, 0.2])
def test_a_copy_that_cannot_be_waited_for_counts_as_giving_nothing(pause):
    with forked.Shared(where, list(range(100)), 4) as loop:
        time.sleep(pause)  # the copy may be done and reaped before it is waited for
        assert loop.answers() == [b"here"] * 100
    assert no_child_left()
