"""A loop cut in two: one half done here, the other at the same time in a
forked copy of this process, whose answer comes back as bytes through a pipe.

For work that is mostly system calls (looking at 100,000 files): threads
would hand the GIL over at every call, a pool of workers costs more to
start than the work takes, but a fork costs a millisecond and the second
core does the other half. Whatever happens to the copy (it cannot be made,
it fails, it is killed, its answer is short), its half is done here
instead, so the outcome never depends on it; it is always waited for
(no zombie), killed if this process stops early, and it stops by itself as
soon as this process is gone (no orphan left working).
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
from collections.abc import Callable, Sequence
from typing import TypeVar

Item = TypeVar("Item")
# One item's answer, as bytes of a fixed length: the copy's answer is checked by its length.
Work = Callable[[Item], bytes]


def possible() -> bool:
    """Whether a second process can run beside this one: the system forks,
    this process may use two processors, and no other thread is running
    (a fork copies only the calling thread, with any lock another one holds)."""
    if not hasattr(os, "fork"):
        return False
    affinity = getattr(os, "sched_getaffinity", None)
    cores = len(affinity(0)) if affinity is not None else (os.cpu_count() or 1)
    threading = sys.modules.get("threading")  # not imported: no thread was started through it
    return cores >= 2 and (threading is None or threading.active_count() == 1)


def in_two(work: Work[Item], items: Sequence[Item], split: int, width: int) -> list[bytes]:
    """[work(item) for item in items], items[split:] done by a forked copy
    of this process while this one does items[:split]; every answer is
    `width` bytes long. Falls back to doing everything here."""
    first, second = items[:split], items[split:]
    child = _start(work, second) if second and possible() else None
    try:
        mine = [work(item) for item in first]
        theirs = child.answer(len(second) * width) if child is not None else None
    finally:
        if child is not None:
            child.stop()
    if theirs is None:
        return mine + [work(item) for item in second]
    return mine + [theirs[i : i + width] for i in range(0, len(theirs), width)]


class _Child:
    """A forked copy of this process, doing its share of the work."""

    def __init__(self, pid: int, reading: int):
        self.pid = pid
        self.reading = reading
        self.status: int | None = None

    def answer(self, size: int) -> bytes | None:
        """All it wrote, if it wrote `size` bytes and exited with 0; else None."""
        parts = []
        while chunk := os.read(self.reading, 1 << 16):
            parts.append(chunk)
        self._wait()
        found = b"".join(parts)
        return found if self.status == 0 and len(found) == size else None

    def stop(self) -> None:
        """Close the pipe and wait for the copy; killed first if it has not ended."""
        os.close(self.reading)
        if self.status is None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)
            self._wait()

    def _wait(self) -> None:
        if self.status is None:
            _, status = os.waitpid(self.pid, 0)
            self.status = os.waitstatus_to_exitcode(status)


def _start(work: Work[Item], items: Sequence[Item]) -> _Child | None:
    """Fork a copy doing work(item) for each item; None if it cannot be made."""
    try:
        reading, writing = os.pipe()
    except OSError:
        return None
    try:
        pid = os.fork()
    except OSError:
        os.close(reading)
        os.close(writing)
        return None
    if pid == 0:  # the copy: never returns, never runs this process's exit handlers or flushes its files
        _serve(work, items, reading, writing)
    os.close(writing)
    return _Child(pid, reading)


def _serve(work: Work[Item], items: Sequence[Item], reading: int, writing: int) -> None:
    status = 1
    try:
        os.close(reading)
        parent = os.getppid()
        answers = []
        for item in items:
            if os.getppid() != parent:  # the process that started it is gone: nobody waits for the answer
                break
            answers.append(work(item))
        else:
            out = memoryview(b"".join(answers))
            while out:
                out = out[os.write(writing, out) :]
            status = 0
    except BaseException:  # whatever it is, the parent does this half itself
        status = 1
    finally:
        os._exit(status)
