"""The record of the last build that wrote the site: every file it could have read and every file
it wrote, by size and modification time, with the messages it gave. A build that finds the same
files on both sides, under the same settings, would write the same site again: it leaves the
site alone and gives the same messages (`compare_with_last`). Equal size and time are trusted, as
make trusts them and as the build cache does (write/cache.py).

What the build could read is every file and folder under the site's folder except the top-level
entries whose names begin with a dot (the cache, git), the output and the staging folders beside
it (`.<output>.spare`, `.<output>.new-…`); the generator's own files; the fonts the PDFs embed;
and, as settings, the options, the date, the Python version, every package installed where
Python looks (by the names of their `.dist-info` folders, which carry the version) and the
`PAGEFIND_*` variables. What the record holds of the inputs is what the site held when the build
began, so a file saved while it ran is looked at again by the next build. No record is kept where
a change could go unseen (`keep`): a file so new that a second save could keep its size and
time, or a folder in the site that is a link (whose files could change where the walk does not
look). Of the site written, each file's inode and permissions are compared too.
"""

from __future__ import annotations

import json
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from iskias_site.diagnostics import Diagnostic
from iskias_site.messages import Message, from_json, to_json
from iskias_site.render.pdf import FONT_FILES, FONT_FOLDER

RECORD = "last-build.json"
# A file modified less than this before it was read could be saved again, to the same size,
# within its file system's time step (two seconds on FAT): it is not trusted by its time (as git
# treats a "racily clean" file). The build cache (write/cache.py) uses the same rule.
SETTLED_NS = 2_000_000_000
# The generator's own files, wherever they sit: a change to one changes every page.
ENGINE = Path(__file__).resolve().parent.parent
FOLDER = [0, 0]  # what a folder is recorded as: its being there (its files are recorded themselves)

# path -> [size, modification time in ns], and for the site written [size, time, inode, permissions]
Files = dict[str, list[int]]


@dataclass(frozen=True)
class Inputs:
    """Every file and folder a build could read, as the walk found them."""

    files: Files
    complete: bool  # False: a folder in the site is a link, whose files the walk did not see


@dataclass(frozen=True)
class Said:
    """What a build said and which pages it made: recorded with it, and said again by a build
    that finds nothing changed since."""

    diagnostics: tuple[Diagnostic, ...]
    notes: tuple[Message, ...]
    pages: tuple[str, ...]


@dataclass(frozen=True)
class Start:
    """What a build began from: the settings that decide the site, every input as the walk
    found it, and when it began (a file saved as it began is not trusted to be unchanged)."""

    settings: dict[str, Any]
    inputs: Inputs
    time_ns: int


def begin(root: Path, out: Path, **chosen: object) -> Start:
    """The start of a build of `root` into `out` with the options `chosen`."""
    started = time.time_ns()
    return Start(describe_settings(out, **chosen), walk_inputs(root, out), started)


def walk_inputs(root: Path, out: Path) -> Inputs:
    """Every file and folder a build of `root` into `out` could read, with its size and time."""
    files: Files = {}
    skipped = _Output.of(out)
    complete = True
    for top in os.scandir(root):
        if not top.name.startswith(".") and not skipped.holds(top):
            complete &= _walk(top, top.name, files, skipped)
    complete &= _walk_folder(ENGINE, "(engine)/", files, skipped)
    for name in FONT_FILES.values():
        files[f"(fonts)/{name}"] = _stat(FONT_FOLDER / name)
    return Inputs(files, complete)


def describe_settings(out: Path, **chosen: object) -> dict[str, Any]:
    """What else decides the site: where it goes, the options `chosen`, Python and its packages."""
    installed = sorted(entry.name for folder in sys.path if folder and os.path.isdir(folder)
                       for entry in os.scandir(folder) if entry.name.endswith((".dist-info", ".egg-info")))
    return {"out": str(out.resolve()), "python": sys.version, "packages": installed,
            "environment": {name: value for name, value in sorted(os.environ.items()) if name.startswith("PAGEFIND")},
            **{name: str(value) for name, value in sorted(chosen.items())}}


def walk_site(out: Path) -> Files:
    """Every file of the site in `out`, with its size, time, inode (a page replaced by another of
    the same size and time is still another file) and permissions; `./` is the folder itself."""
    try:
        files: Files = {"./": [0, 0, 0, out.stat().st_mode & 0o777]}
    except OSError:
        return {}  # no site there
    _walk_folder(out, "", files, None, site=True)
    return files


@dataclass(frozen=True)
class Comparison:
    """The site as the last build left it, against what this build finds."""

    unchanged: Said | None  # the last build's messages and pages, if this build would write the same
    edited_in_place: frozenset[int]  # inodes of files of the site written into since, kept under the same inode


def compare_with_last(cache: Path, start: Start, out: Path) -> Comparison:
    """Whether the last build was made from exactly the inputs and settings this one `start`s
    from and `out` still holds exactly what it wrote (then nothing needs building); and which of
    its files were written into since, not replaced. The site's files are links into the build cache, so such a file changed
    the cached copy too (write/cache.py's `drop_edited` drops it)."""
    try:
        record = json.loads((cache / RECORD).read_text(encoding="utf-8"))
        written = record["written"]
        site = walk_site(out)
        found = start.inputs
        if (found.complete and record["settings"] == start.settings and record["inputs"] == found.files
                and written == site):
            return Comparison(Said(tuple(Diagnostic.from_data(data) for data in record["diagnostics"]),
                                      tuple(from_json(note) for note in record["notes"]), tuple(record["pages"])),
                              frozenset())
        edited = frozenset(inode for path, (size, saved, inode, _) in site.items()
                           if inode and path in written and written[path][2] == inode
                           and written[path][:2] != [size, saved])
        return Comparison(None, edited)
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return Comparison(None, frozenset())  # no record, a damaged one or one from another version: build


def forget(cache: Path) -> None:
    """Remove the record: called before a build replaces the site, so no record ever describes
    a site other than the one in place."""
    (cache / RECORD).unlink(missing_ok=True)


def keep(cache: Path, start: Start, site: Files, said: Said, root: Path, wrote: set[str]) -> bool:
    """Record the build just committed: begun from `start` (what the site held when it began),
    written into `site` (every file of the output, as `walk_site` gives them), with what it
    `said`. A file saved while the build ran differs from the start, so the next build looks at
    it; one saved so shortly before the build began that a second save could keep its size and
    time is not trusted, and then nothing is recorded. The files of the site's folder that the
    build wrote itself (`wrote`: the records of published anchors and addresses, when they grew)
    are taken as they are now. Returns whether it was recorded."""
    before = start.inputs
    if not before.complete or any(saved >= start.time_ns - SETTLED_NS for path, (_, saved) in before.files.items()
                                  if path not in wrote):
        return False
    read = dict(before.files)
    for name in wrote:
        read[name] = _stat(root / name)
    record = {"settings": start.settings, "inputs": read, "written": site,
              "diagnostics": [d.to_data() for d in said.diagnostics], "notes": [to_json(note) for note in said.notes],
              "pages": list(said.pages)}
    cache.mkdir(parents=True, exist_ok=True)
    temporary = cache / f".{RECORD}.{os.getpid()}.tmp"
    temporary.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    os.replace(temporary, cache / RECORD)
    return True


@dataclass(frozen=True)
class _Output:
    """The output folder, which the walk of the inputs leaves out with the staging folders
    beside it. Known by its inode first: resolving the path of every folder walked would cost
    more than the walk."""

    path: Path
    inode: int

    @classmethod
    def of(cls, path: Path) -> _Output:
        try:
            return cls(path.resolve(), path.stat().st_ino)
        except OSError:
            return cls(path.resolve(), -1)  # not there yet: nothing walked is it

    def holds(self, entry: os.DirEntry[str]) -> bool:
        """Whether `entry` is the output folder or one of the staging folders beside it."""
        try:
            if entry.name.startswith(f".{self.path.name}."):
                return Path(entry.path).resolve().parent == self.path.parent
            return (entry.inode() == self.inode and entry.is_dir(follow_symlinks=False)
                    and Path(entry.path).resolve() == self.path)
        except OSError:
            return False


def _stat(path: str | Path) -> list[int]:
    try:
        stat = os.stat(path)
    except OSError:  # not there (or a link to nothing): the build finds it so too
        return [-1, -1]
    return [stat.st_size, stat.st_mtime_ns]


def _walk(entry: os.DirEntry[str], name: str, files: Files, skipped: _Output | None) -> bool:
    """Add the file `entry` (or the folder `entry` and everything under it) to `files` under
    `name`; False where a folder is a link."""
    if entry.is_dir(follow_symlinks=False):
        files[f"{name}/"] = FOLDER  # an empty folder is an article without its index.md
        return _walk_folder(entry.path, f"{name}/", files, skipped)
    if entry.is_symlink() and entry.is_dir():
        return False
    files[name] = _stat(entry.path)
    return True


def _walk_folder(folder: str | Path, prefix: str, files: Files, skipped: _Output | None,
                 site: bool = False) -> bool:
    """Every file under `folder` into `files` (paths of plain strings: the walk meets every file of
    a site of thousands of pages, and a Path for each would cost more than its stat). `site`: the
    walk of a site written, which records inodes and permissions and no folders."""
    complete = True
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return True  # no such folder: nothing in it
    for entry in entries:
        if entry.name == "__pycache__" or (skipped is not None and skipped.holds(entry)):
            continue
        if not site:
            complete &= _walk(entry, prefix + entry.name, files, skipped)
        elif entry.is_dir(follow_symlinks=False):
            _walk_folder(entry.path, f"{prefix}{entry.name}/", files, None, site=True)
        else:
            stat = entry.stat()  # as the build's commit saw it (write/staging.py)
            files[prefix + entry.name] = [stat.st_size, stat.st_mtime_ns, stat.st_ino, stat.st_mode & 0o777]
    return complete
