"""A loop shared with a forked copy of this process: this process works
through the items from the front, the copy from the back, until they meet;
the copy's answers come back as bytes through a pipe.

For work that is mostly system calls (looking at 100,000 files): threads
would hand the GIL over at every call and a pool of workers costs more to
start than the work takes, but a fork costs a millisecond and the second
core does its share. The copy starts at once, so this process may do
something else first (open the cache) and then join in; where they meet
depends on which got more of the processors. Whatever happens to the copy
(it cannot be made, it fails, it is killed, its answer is short), the items
it did not answer are done here, so the outcome never depends on it; it is
always waited for (no zombie), killed if this process stops early, and it
stops by itself as soon as this process is gone (no orphan left working).
"""

from __future__ import annotations

import contextlib
import mmap
import os
import signal
import struct
import sys
from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

Item = TypeVar("Item")
Work = Callable[[Item], bytes]  # one item's answer, `width` bytes long
_INDEX = struct.Struct("=q")


def possible() -> bool:
    """Whether a second process can run beside this one: the system forks,
    this process may use two processors, and no other thread is running
    (a fork copies only the calling thread, with any lock another one holds)."""
    if not hasattr(os, "fork"):
        return False
    threading = sys.modules.get("threading")  # not imported: no thread was started through it
    return _processors() >= 2 and (threading is None or threading.active_count() == 1)


def _processors() -> int:
    """How many processors this process may run on."""
    affinity = getattr(os, "sched_getaffinity", None)
    return len(affinity(0)) if affinity is not None else (os.cpu_count() or 1)


def idle_processor() -> bool:
    """Whether a processor is likely to be free for a second process: fewer
    processes have been waiting or running, on average over the last minute,
    than there are processors less one (False where the system does not say)."""
    try:
        load = os.getloadavg()[0]
    except (AttributeError, OSError):
        return False
    return load < _processors() - 0.5


class Shared(Generic[Item]):
    """work(item) for every item, shared with a forked copy when `share` and
    `possible()`. Use as a context manager: leaving it waits for the copy
    (killing it first if it has not ended)."""

    def __init__(self, work: Work[Item], items: Sequence[Item], width: int, share: bool = True):
        self.work, self.items, self.width = work, items, width
        # [the front: items before it are answered here, the back: items from it on by the copy]
        self.marks = memoryview(mmap.mmap(-1, 2 * _INDEX.size)).cast("q")
        self.marks[0], self.marks[1] = 0, len(items)
        self.child: _Child | None = None
        if share and len(items) > 1 and possible():
            self.child = _start(self)

    def __enter__(self) -> Shared[Item]:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.child is not None:
            self.child.stop()

    def answers(self) -> list[bytes]:
        """Every item's answer, in order: the front ones worked out here until
        the copy's part is reached, then the copy's (or, where it gave none, here)."""
        found: list[bytes | None] = [None] * len(self.items)
        marks, work, items = self.marks, self.work, self.items
        while (at := marks[0]) < marks[1]:
            found[at] = work(items[at])
            marks[0] = at + 1
        if self.child is not None:
            start, theirs = self.child.answer(len(items), self.width)
            for offset in range(0, len(theirs), self.width):
                found[start + offset // self.width] = theirs[offset : offset + self.width]
        return [work(items[n]) if answer is None else answer for n, answer in enumerate(found)]

    def serve(self, parent: int) -> bytes:
        """In the copy: answer items from the back until the front is reached;
        the first item answered, then the answers in order. `parent` is the
        pid of the process that forked it, taken before the fork: read in the
        copy it may already be that of whoever adopted it."""
        marks, work, items = self.marks, self.work, self.items
        done: list[bytes] = []
        while (at := marks[1] - 1) >= marks[0]:
            if os.getppid() != parent:  # the process that started it is gone: nobody waits for the answer
                raise ProcessLookupError("the parent process is gone")
            done.append(work(items[at]))
            marks[1] = at
        return _INDEX.pack(len(items) - len(done)) + b"".join(reversed(done))


class _Child:
    """A forked copy of this process, doing its share of the work."""

    def __init__(self, pid: int, reading: int):
        self.pid = pid
        self.reading = reading
        self.status: int | None = None

    def answer(self, count: int, width: int) -> tuple[int, bytes]:
        """(first item it answered, the answers) if it is known to have exited
        with 0 after writing answers for a tail of the `count` items; else (count, b"")."""
        parts = []
        while chunk := os.read(self.reading, 1 << 16):
            parts.append(chunk)
        self._wait()
        found = b"".join(parts)
        if self.status != 0 or len(found) < _INDEX.size:
            return count, b""
        (start,) = _INDEX.unpack_from(found)
        if not 0 <= start <= count or len(found) != _INDEX.size + (count - start) * width:
            return count, b""
        return start, found[_INDEX.size :]

    def stop(self) -> None:
        """Close the pipe and wait for the copy; killed first if it has not ended."""
        os.close(self.reading)
        if self.status is None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)
            self._wait()

    def _wait(self) -> None:
        """Its exit status; unknown (so its answer is not used) when the system
        reaped it already: SIGCHLD ignored, as it may be inherited across exec,
        or another handler waited for it."""
        if self.status is None:
            try:
                _, status = os.waitpid(self.pid, 0)
            except ChildProcessError:
                self.status = -1
            else:
                self.status = os.waitstatus_to_exitcode(status)


def _start(shared: Shared[Item]) -> _Child | None:
    """Fork the copy that serves `shared` from the back; None if it cannot be made."""
    try:
        reading, writing = os.pipe()
    except OSError:
        return None
    parent = os.getpid()
    try:
        pid = os.fork()
    except OSError:
        os.close(reading)
        os.close(writing)
        return None
    if pid == 0:  # the copy: never returns, never runs this process's exit handlers or flushes its files
        _serve(shared, reading, writing, parent)
    os.close(writing)
    return _Child(pid, reading)


def _serve(shared: Shared[Item], reading: int, writing: int, parent: int) -> None:
    status = 1
    try:
        os.close(reading)
        out = memoryview(shared.serve(parent))
        while out:
            out = out[os.write(writing, out) :]
        status = 0
    except BaseException:  # whatever it is, this process's parent does the rest itself
        status = 1
    finally:
        os._exit(status)
