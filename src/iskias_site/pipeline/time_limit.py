"""A time limit on each article's conversion, so no input (a pattern that makes a regular expression
backtrack without end, a pathological nesting) can hang the build.

Two lines of defence, in every process that builds articles:
- an interval timer (SIGALRM) in the building process raises `ArticleTimeout` in the middle of
  the conversion; CPython's regular expression engine and every Python loop stop for it;
- for code that never returns to Python (a C library in a loop), `Watch` records in memory the
  worker processes share which article each one is on since when, and the parent kills a worker
  whose article ran `GRACE` seconds past the limit; its articles are then built again without it.

Hugo calls its limit on building one page `timeout` as well; here it is `timeout` in site.yml.
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from multiprocessing.sharedctypes import RawArray
from pathlib import Path
from typing import Any

from iskias_site.diagnostics import Diagnostics

DEFAULT_SECONDS = 60  # an article builds in well under a second; a minute is never a real article
GRACE = 2.0  # seconds past the limit before the parent kills a worker that did not stop by itself
POLL = 0.5  # how often the parent looks at the workers' articles


class ArticleTimeout(BaseException):
    """An article's conversion ran past its limit (`seconds`). A BaseException, like
    KeyboardInterrupt, so no `except Exception` inside the converter can swallow it."""

    def __init__(self, seconds: float) -> None:
        super().__init__(seconds)
        self.seconds = seconds


@contextlib.contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise ArticleTimeout in this process if the block runs longer than `seconds`. Signals
    reach only the main thread, where the build and the preview (on its server's loop) run; in
    any other thread (a test that starts the preview in one) the block runs unlimited."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum: int, frame: Any) -> None:
        raise ArticleTimeout(seconds)

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def report_timeout(path: Path, seconds: float, diags: Diagnostics) -> None:
    diags.error(path, 0, "article-timeout", seconds=f"{seconds:g}")


@dataclass(frozen=True)
class Watch:
    """Which worker process builds which article since when, in memory shared with the workers
    (made before they are forked): entry index -> start (time.monotonic, 0 when not building)
    and the pid of the process building it."""

    started: Any
    pids: Any

    @classmethod
    def of(cls, count: int) -> Watch:
        return cls(RawArray("d", count), RawArray("i", count))

    def clear(self) -> None:
        """No article being built (before a new set of workers starts)."""
        self.started[:] = [0.0] * len(self.started)

    def begin(self, index: int) -> None:
        self.pids[index] = os.getpid()
        self.started[index] = time.monotonic()

    def end(self, index: int) -> None:
        self.started[index] = 0.0

    def overdue(self, seconds: float) -> int | None:
        """The first article being built for longer than `seconds`, if any."""
        now = time.monotonic()
        return next((index for index, start in enumerate(self.started[:]) if start and now - start > seconds), None)

    def kill_overdue(self, seconds: float, stop: threading.Event) -> int | None:
        """Until `stop`, look every POLL seconds for an article past `seconds` + GRACE; kill the
        worker building it and return its index (None when stopped first)."""
        while not stop.wait(POLL):
            index = self.overdue(seconds + GRACE)
            if index is not None:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(self.pids[index], signal.SIGKILL)
                return index
        return None
