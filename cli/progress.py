"""Progress bars for long work (imports, rebuilds, verification), drawn on stderr only
when stderr is a terminal: pipes, files, CI logs and tests' captured output get nothing.

A command asks for a bar and hands what it gets to the work as its progress callback
(`done, total` -> None, as `Projector.catch_up` and `verify_store` take it):

    with progress_bar("Memverifikasi") as progress:
        verdict = verify_store(db, progress=progress)

Off a terminal the callback is None, so the work does not even count.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TextIO

Progress = Callable[[int, int], None]
WIDTH = 28  # characters of the bar itself
INTERVAL = 0.1  # seconds between redraws (the last one is always drawn)


def stderr() -> TextIO:
    """The stream bars go to (a function, so that tests can hand in a fake terminal)."""
    return sys.stderr


def is_terminal(stream: TextIO) -> bool:
    if os.environ.get("TERM") == "dumb":
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # closed, or not a real stream
        return False


class ProgressBar:
    """One line, redrawn in place: `label [#######.....]  45%  450/1000`."""

    def __init__(self, label: str, stream: TextIO, *, clock: Callable[[], float] = time.monotonic):
        self.label = label
        self.stream = stream
        self.clock = clock
        self.drawn_at: float | None = None
        self.last: tuple[int, int] | None = None
        self.width = 0  # of the last line drawn, to blank it out

    def update(self, done: int, total: int) -> None:
        now = self.clock()
        final = total > 0 and done >= total
        if not final and self.drawn_at is not None and now - self.drawn_at < INTERVAL:
            self.last = (done, total)
            return
        self._draw(done, total)
        self.drawn_at = now

    def _draw(self, done: int, total: int) -> None:
        self.last = None
        if total > 0:
            share = min(1.0, max(0.0, done / total))
            filled = int(share * WIDTH)
            bar = "#" * filled + "." * (WIDTH - filled)
            line = f"{self.label} [{bar}] {share:4.0%}  {done:,}/{total:,}".replace(",", ".")
        else:  # the total is not known: a count alone
            line = f"{self.label} {done:,}".replace(",", ".")
        padding = " " * max(0, self.width - len(line))
        self.stream.write(f"\r{line}{padding}")
        self.stream.flush()
        self.width = len(line)

    def finish(self) -> None:
        """Draw what was held back, then end the line so the next output starts clean."""
        if self.last is not None:
            self._draw(*self.last)
        if self.width:
            self.stream.write("\n")
            self.stream.flush()


@contextmanager
def progress_bar(label: str, stream: TextIO | None = None) -> Iterator[Progress | None]:
    """A callback drawing a bar on a terminal, or None anywhere else."""
    target = stream if stream is not None else stderr()
    if not is_terminal(target):
        yield None
        return
    bar = ProgressBar(label, target)
    try:
        yield bar.update
    finally:
        bar.finish()
