"""CPU-bound work spread over worker processes (parsing record files,
finding each record's index terms), in order, by chunks; the workers exit
as soon as the process that started them is gone, however it ended."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from typing import TypeVar

PARALLEL_FROM = 400  # below this many items, starting worker processes costs more than it saves
PARENT_CHECK_SECONDS = 0.25

Item = TypeVar("Item")
Result = TypeVar("Result")


def worth_it(count: int) -> bool:
    """Whether `count` items are worth spreading over worker processes."""
    return count >= PARALLEL_FROM and (os.cpu_count() or 1) >= 2


def map_chunks(
    function: Callable[[list[Item]], Result], items: Sequence[Item], chunk: int
) -> Iterator[Result]:
    """function(chunk) for each chunk of `chunk` items, in order, in worker processes."""
    from concurrent.futures import ProcessPoolExecutor

    chunks = [list(items[i : i + chunk]) for i in range(0, len(items), chunk)]
    with ProcessPoolExecutor(
        max_workers=os.cpu_count() or 1, initializer=_die_with_parent, initargs=(os.getpid(),)
    ) as pool:
        yield from pool.map(function, chunks)


def _die_with_parent(parent: int) -> None:
    """In a worker: exit as soon as the parent process is gone (a worker
    blocked on its task queue would otherwise wait for ever)."""
    import threading
    import time

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_CHECK_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, name="ctkb-parent-watch", daemon=True).start()
