"""A progress bar on stderr for long cold loads; only on a terminal."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager


@contextmanager
def progress_bar(description: str, minimum: int = 400) -> Iterator[Callable[[int, int], None]]:
    """Yield a progress(done, total) callback that draws a bar on stderr once
    total reaches `minimum`; the bar disappears when the work is done."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    console = Console(stderr=True)
    bar = Progress(TextColumn(description), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                   console=console, transient=True)  # fmt: skip
    task = None

    def update(done: int, total: int) -> None:
        nonlocal task
        if total < minimum:
            return
        if task is None:
            bar.start()
            task = bar.add_task(description, total=total)
        bar.update(task, completed=done)

    try:
        yield update
    finally:
        if task is not None:
            bar.stop()
