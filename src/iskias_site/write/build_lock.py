"""One build of a site at a time, as Hugo's `.hugo_build.lock` does: the command line's build and
each of the preview's hold an exclusive lock on `.iskias-cache/build.lock` while they run.

Two builds of one site at once would share its build cache and undo each other's work: each
removes the cache's files that none of its own articles name (an image copy the other just made,
a page it is about to link), and two builds into one output recycle the same spare folder. A build
that finds the lock held says so (`waiting`) and waits for it. The lock is the kernel's (`flock`):
it goes with the process that held it, however that ends, so none is ever left behind.
"""

from __future__ import annotations

import contextlib
import fcntl
from collections.abc import Callable, Iterator
from pathlib import Path

from iskias_site.write.cache import CACHE_FOLDER

LOCK = "build.lock"


@contextlib.contextmanager
def one_build_at_a_time(root: Path, waiting: Callable[[], None] = lambda: None) -> Iterator[None]:
    """Hold the site's build lock for the block; `waiting` is called once if another build holds it.
    A site whose folder cannot be written into (a build with --no-cache into an output elsewhere)
    is built without the lock: it has no cache to share."""
    folder = root / CACHE_FOLDER
    try:
        folder.mkdir(exist_ok=True)
        lock = open(folder / LOCK, "a")
    except OSError:
        yield
        return
    with lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            waiting()
            fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
