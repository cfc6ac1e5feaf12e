"""The one line of progress a long build or check shows on a terminal, erased when it is done.

Our own few lines rather than tqdm or rich: all it takes is a carriage return, an erase to the
end of the line and a clock. tqdm starts a monitor thread in the process that then forks the
build's workers (turning it off is a setting on the tqdm class, for the whole process), and its
defaults are English that a Danish format string would have to replace; rich is a far larger
import for every command, and refreshes from a thread of its own.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from typing import TextIO

from iskias_site.pipeline.site import BuildProgress

DELAY_S = 1.0  # a build done sooner shows nothing
EVERY_S = 0.1  # at most ten redraws a second
ERASE = "\r\x1b[K"  # to the start of the line, and erase it to its end


class ProgressLine:
    """Called with each `BuildProgress`; draws `template` on one line of `stream`, but only when the
    stream is a terminal, not `quiet`, and the work has taken more than a second. `close()` leaves
    the line empty, with the cursor at its start."""

    def __init__(self, stream: TextIO, template: str, *, quiet: bool = False,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.stream = stream
        self.template = template
        self.shown = not quiet and stream.isatty()
        self.clock = clock
        self.started = clock()
        self.drawn_at: float | None = None

    def __call__(self, progress: BuildProgress) -> None:
        now = self.clock()
        if not self.shown or now - self.started < DELAY_S:
            return
        if self.drawn_at is not None and now - self.drawn_at < EVERY_S and progress.done < progress.total:
            return
        text = self.template.format(done=progress.done, total=progress.total, cached=progress.cached,
                                    built=progress.done - progress.cached)
        width = shutil.get_terminal_size().columns - 1  # a line that wraps could not be erased
        self.stream.write(ERASE + text[:width])
        self.stream.flush()
        self.drawn_at = now

    def close(self) -> None:
        if self.drawn_at is not None:
            self.stream.write(ERASE)
            self.stream.flush()
            self.drawn_at = None

    def __enter__(self) -> ProgressLine:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()
