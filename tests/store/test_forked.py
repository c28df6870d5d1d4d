"""A loop cut in two, the second half done by a forked copy of the process
(store/forked.py): the answers are always those of doing it all here,
whatever happens to the copy, and no process is left behind."""

import os
import signal
import threading

import pytest

from civictech_kb.store import forked

HERE = os.getpid()


def no_child_left():
    """No child process of this one exists, running or waiting to be reaped."""
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)
    return True


def square(item: int) -> bytes:
    return (item * item).to_bytes(4, "big")


def where(item: int) -> bytes:
    return b"here" if os.getpid() == HERE else b"copy"


needs_fork = pytest.mark.skipif(not forked.possible(), reason="this system cannot run a second process")


@pytest.mark.parametrize("split", [0, 1, 5, 9, 10])
def test_the_answers_are_those_of_one_process_in_order(split):
    assert forked.in_two(square, list(range(10)), split, 4) == [square(i) for i in range(10)]
    assert no_child_left()


@needs_fork
def test_the_second_half_is_done_by_the_copy():
    assert forked.in_two(where, list(range(4)), 1, 4) == [b"here", b"copy", b"copy", b"copy"]
    assert no_child_left()


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


@pytest.mark.parametrize("work", [fails_in_the_copy, killed_in_the_copy, short_in_the_copy])
def test_whatever_happens_to_the_copy_this_process_does_its_half(work):
    assert forked.in_two(work, list(range(6)), 3, 4) == [square(i) for i in range(6)]
    assert no_child_left()


def test_no_fork_means_everything_is_done_here(monkeypatch):
    def refuse():
        raise OSError("resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", refuse)
    assert forked.in_two(where, list(range(4)), 2, 4) == [b"here"] * 4


def test_a_failure_here_stops_the_copy_and_waits_for_it():
    def fails_here(item: int) -> bytes:
        if os.getpid() == HERE:
            raise KeyboardInterrupt
        return square(item)

    with pytest.raises(KeyboardInterrupt):
        forked.in_two(fails_here, list(range(6)), 3, 4)
    assert no_child_left()


def test_no_copy_is_made_while_another_thread_runs():
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert not forked.possible()
        assert forked.in_two(where, list(range(4)), 2, 4) == [b"here"] * 4
    finally:
        stop.set()
        other.join()
