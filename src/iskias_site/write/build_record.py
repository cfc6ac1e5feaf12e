"""The record of the last build that wrote the site: every file it could have read and every file
it wrote, by size and modification time, with the messages it gave. A build that finds the same
files on both sides, under the same settings, would write the same site again: it leaves the
site alone and gives the same messages (`earlier`). Equal size and time are trusted, as make
trusts them and as the build cache does (write/cache.py).

What the build could read is everything under the site's folder except its top-level dot
folders (the cache, git, the staging folders beside the output) and the output itself, plus
the generator's own files and the versions of the packages it runs on. What the record
holds of the inputs is what the site held when the build began, so a file saved while it ran
is looked at again by the next build. No record is kept where a change could go unseen
(`keep`): a file so new that a second save could keep its size and time, or a folder in the
site that is a link (whose files could change where the walk does not look).
"""

from __future__ import annotations

import json
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from iskias_site.diagnostics import Diagnostic
from iskias_site.messages import Message, from_json, to_json

RECORD = "last-build.json"
# A file modified less than this before the build began could be saved again, to the same size,
# within its file system's time step (two seconds on FAT): it is not trusted by its time.
SETTLED_NS = 2_000_000_000
ENGINE = Path(__file__).resolve().parent.parent
DISTRIBUTION = "iskias-site"

Files = dict[str, list[int]]  # path -> [size, modification time in ns(, inode for written files)]


@dataclass(frozen=True)
class Inputs:
    files: Files
    complete: bool  # False: a folder in the site is a link, whose files the walk did not see


@dataclass(frozen=True)
class Earlier:
    """What the last build said and wrote, to be said again."""

    diagnostics: tuple[Diagnostic, ...]
    notes: tuple[Message, ...]
    pages: tuple[str, ...]


def inputs(root: Path, out: Path) -> Inputs:
    """Every file a build of `root` into `out` could read, with its size and time."""
    files: Files = {}
    skipped = _Folder.of(out)
    complete = True
    for top in os.scandir(root):
        if not top.name.startswith(".") and not skipped.is_(top):
            complete &= _walk(top, top.name, files, skipped)
    complete &= _walk_folder(ENGINE, "(engine)/", files, skipped)
    return Inputs(files, complete)


def settings(out: Path, **chosen: object) -> dict[str, Any]:
    """What else decides the site: where it goes, the options chosen, the packages' versions."""
    from importlib.metadata import PackageNotFoundError, requires, version

    versions = {"python": sys.version}
    try:
        for requirement in requires(DISTRIBUTION) or []:
            if "extra ==" not in requirement:
                name = re.split(r"[\s;<>=!~\[]", requirement, maxsplit=1)[0]
                versions[name] = version(name)
    except PackageNotFoundError:
        versions["(packages)"] = "(not installed)"
    return {"out": str(out.resolve()), "versions": versions,
            **{name: str(value) for name, value in sorted(chosen.items())}}


def written(out: Path) -> Files:
    """Every file of the site in `out`, with its size, time and inode (a page replaced by
    another of the same size and time is still another file)."""
    files: Files = {}
    _walk_folder(out, "", files, None, inode=True)
    return files


def earlier(cache: Path, chosen: dict[str, Any], found: Inputs, out: Path) -> Earlier | None:
    """The last build's messages and pages, if it was made from exactly `found` under `chosen`
    and `out` still holds exactly what it wrote; else None (build)."""
    try:
        record = json.loads((cache / RECORD).read_text(encoding="utf-8"))
        if (not found.complete or record["settings"] != chosen or record["inputs"] != found.files
                or record["written"] != written(out)):
            return None
        return Earlier(tuple(Diagnostic.from_data(data) for data in record["diagnostics"]),
                       tuple(from_json(note) for note in record["notes"]), tuple(record["pages"]))
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None  # no record, a damaged one or one from another version: build


def forget(cache: Path) -> None:
    """Remove the record: called before a build replaces the site, so no record ever describes
    a site other than the one in place."""
    (cache / RECORD).unlink(missing_ok=True)


def keep(cache: Path, chosen: dict[str, Any], before: Inputs, started_ns: int, root: Path, wrote: set[str],
         site: Files, diagnostics: list[Diagnostic], notes: list[Message], pages: list[str]) -> bool:
    """Record the build just committed: made from `before` (what the site held when it began,
    `started_ns`) into `site` (every file of the output, as `written` gives them), with its
    messages. A file saved while the build ran differs from `before`, so the next build looks
    at it; one saved so shortly before the build began that a second save could keep its size
    and time is not trusted, and then nothing is recorded. The build's own files in the site
    (`wrote`: the records of published anchors and addresses) are taken as they are now.
    Returns whether it was recorded."""
    if not before.complete or any(time >= started_ns - SETTLED_NS for path, (_, time) in before.files.items()
                                  if path not in wrote):
        return False
    read = dict(before.files)
    for name in wrote:
        try:
            stat = (root / name).stat()
            read[name] = [stat.st_size, stat.st_mtime_ns]
        except FileNotFoundError:
            read.pop(name, None)
    record = {"settings": chosen, "inputs": read, "written": site, "diagnostics": [d.to_data() for d in diagnostics],
              "notes": [to_json(note) for note in notes], "pages": pages}
    cache.mkdir(parents=True, exist_ok=True)
    temporary = cache / f".{RECORD}.{os.getpid()}.tmp"
    temporary.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    os.replace(temporary, cache / RECORD)
    return True


@dataclass(frozen=True)
class _Folder:
    """A folder the walk leaves out (the output), known by its inode first: resolving the path
    of every folder walked would cost more than the walk."""

    path: Path
    inode: int

    @classmethod
    def of(cls, path: Path) -> _Folder:
        try:
            return cls(path.resolve(), path.stat().st_ino)
        except OSError:
            return cls(path.resolve(), -1)  # not there yet: nothing walked is it

    def is_(self, entry: os.DirEntry[str]) -> bool:
        try:
            return (entry.inode() == self.inode and entry.is_dir(follow_symlinks=False)
                    and Path(entry.path).resolve() == self.path)
        except OSError:
            return False


def _walk(entry: os.DirEntry[str], name: str, files: Files, skipped: _Folder | None) -> bool:
    """Add the file `entry` (or every file under the folder `entry`) to `files` under `name`;
    False where a folder is a link."""
    if entry.is_dir(follow_symlinks=False):
        return _walk_folder(entry.path, f"{name}/", files, skipped)
    if entry.is_symlink() and entry.is_dir():
        return False
    try:
        stat = entry.stat()
    except OSError:  # a link to nothing: the build sees it so too
        files[name] = [-1, -1]
        return True
    files[name] = [stat.st_size, stat.st_mtime_ns]
    return True


def _walk_folder(folder: str | Path, prefix: str, files: Files, skipped: _Folder | None,
                 inode: bool = False) -> bool:
    """Every file under `folder` into `files` (paths of plain strings: the walk meets every file of
    a site of thousands of pages, and a Path for each would cost more than its stat)."""
    complete = True
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return True  # no such folder (an output not built yet): nothing in it
    for entry in entries:
        if entry.name == "__pycache__" or (skipped is not None and skipped.is_(entry)):
            continue
        if not inode:
            complete &= _walk(entry, prefix + entry.name, files, skipped)
        elif entry.is_dir(follow_symlinks=False):
            _walk_folder(entry.path, f"{prefix}{entry.name}/", files, None, inode=True)
        else:
            stat = entry.stat()  # as the build's commit saw it (write/staging.py)
            files[prefix + entry.name] = [stat.st_size, stat.st_mtime_ns, stat.st_ino]
    return complete
