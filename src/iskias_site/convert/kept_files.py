"""Files kept in the build cache by their content, for the site to link: the drawings of charts,
and the files published as they are (videos, their captions, SVG and GIF images).

Each is named by a SHA-256 of its content, so a kept file is never stale and one made by two
workers at once is the same file. Every file of a site is a link to one in the cache, never to a
file of `content/`: a file of `_site/` written into in place changes the cached copy, which the
next build finds and drops (write/cache.py's `drop_edited`), and never the editor's source.
Without a build cache they go to a folder of their own in the system's temporary folder.
After each build the files no article names any more are dropped (`drop_unused`): a photo
replaced, a chart's numbers changed or a video taken out leaves nothing behind in the cache.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

AS_IS = "files"  # the cache's folder of files published as they are
IMAGES = "images"  # the resized copies of photos (convert/responsive_images.py)
CHARTS = "charts"  # the drawings of charts (convert/chart_files.py)
KEPT_BY_CONTENT = (IMAGES, CHARTS, AS_IS)


def folder_for(cache: Path | None, subfolder: str) -> Path:
    """Where files of one kind are kept: in the build cache, else in the system's temporary folder."""
    return cache / subfolder if cache is not None else Path(tempfile.gettempdir()) / f"iskias-{subfolder}-{os.getuid()}"


def keep_data(folder: Path, data: bytes, suffix: str) -> Path:
    """`data` kept in `folder` under its content's digest and `suffix`; returns the file."""
    target = folder / f"{hashlib.sha256(data).hexdigest()}{suffix}"
    if not target.is_file():
        write_kept(target, data)
    return target


def keep_copy(folder: Path, source: Path) -> Path:
    """A copy of the file `source` kept in `folder` under its content's digest and its suffix
    (read in pieces: a video may be large); returns the copy."""
    digest = hashlib.sha256()
    with open(source, "rb") as file:
        for piece in iter(lambda: file.read(1 << 20), b""):
            digest.update(piece)
    target = folder / f"{digest.hexdigest()}{source.suffix.lower()}"
    if not target.is_file():
        _put(target, lambda temporary: shutil.copyfile(source, temporary))
    return target


def drop_unused(cache: Path, used: set[Path]) -> None:
    """Remove from the cache's folders of files kept by content each file not in `used` (the
    files the site's articles name). A copy linked into a site stays there: a link of its own."""
    names = {path.name for path in used}  # named by their content's digest: a name is one file
    for subfolder in KEPT_BY_CONTENT:
        try:
            listing = os.scandir(cache / subfolder)
        except FileNotFoundError:
            continue
        with listing:
            for entry in listing:
                if entry.name not in names and not entry.name.startswith(".") and entry.is_file():
                    os.unlink(entry.path)


def write_kept(target: Path, data: bytes) -> None:
    """Write a file of the cache whole: as a new file moved into its place."""
    _put(target, lambda temporary: temporary.write_bytes(data))


def _put(target: Path, write: Callable[[Path], object]) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")  # workers may write the same file
    write(temporary)
    os.chmod(temporary, 0o644)  # linked into the site: readable by a web server
    os.replace(temporary, target)
