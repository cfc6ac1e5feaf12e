"""Writing the site: into a staging folder beside the target, swapped into place only when complete.

The staging folder is the site from before the last swap when there is one (`.<out>.spare`, kept
beside the output folder instead of being removed): a build then replaces only the files that
changed and removes the ones no longer there (`prune`), instead of creating a folder and a file
for every page and removing as many after the swap. It is a staging folder like a fresh one: the
live site is only ever replaced whole, by the swap.
"""

from __future__ import annotations

import ctypes
import glob
import os
import shutil
import tempfile
from pathlib import Path


class SiteWriter:
    """Collects a site in a temporary folder; `commit` replaces the output folder with it."""

    def __init__(self, out: Path, staging: Path | None = None) -> None:
        self.out = out.resolve()
        self.spare = self.out.with_name(f".{self.out.name}.spare")
        self.recycled = False  # whether the staging folder started as the spare (the site before last)
        if staging is None:
            self.out.parent.mkdir(parents=True, exist_ok=True)
            recover_interrupted(self.out)
            staging = Path(tempfile.mkdtemp(prefix=f".{self.out.name}.new-{os.getpid()}-", dir=self.out.parent))
            self.recycled = _take(self.spare, staging)
        self.staging = staging

    @classmethod
    def scratch(cls) -> SiteWriter:
        """A writer whose site is never committed: for checking a site without writing it."""
        staging = Path(tempfile.mkdtemp(prefix="iskias-check-"))
        return cls(staging / "unused", staging)

    def write(self, relative: str, content: str | bytes) -> None:
        write_into(self.staging, relative, content)

    @staticmethod
    def copy_static(source: Path, target: Path) -> list[str]:
        """Copy the static files (symbolic links were refused when the site was loaded); returns
        their paths relative to `target`."""
        copied = []
        for path in sorted(source.rglob("*")) if source.is_dir() else []:
            if path.is_file():
                relative = path.relative_to(source).as_posix()
                write_into(target, relative, path.read_bytes())
                copied.append(relative)
        return copied

    def prune(self, keep: set[str]) -> None:
        """Remove every file of a recycled staging folder that this build did not write (`keep`:
        paths relative to the site), and the folders left empty."""
        if not self.recycled:
            return  # a fresh folder holds only what this build wrote
        removed: set[str] = set()  # folders emptied and removed
        for folder, subfolders, files in os.walk(self.staging, topdown=False):
            relative = os.path.relpath(folder, self.staging)
            prefix = "" if relative == "." else relative.replace(os.sep, "/") + "/"
            left = len(files)
            for name in files:
                if prefix + name not in keep:
                    os.unlink(os.path.join(folder, name))
                    left -= 1
            if prefix and not left and all(os.path.join(folder, sub) in removed for sub in subfolders):
                os.rmdir(folder)
                removed.add(folder)

    def commit(self) -> dict[str, list[int]]:
        """Swap the finished site into place; the old one is kept as the next build's staging
        folder (or removed, where that is not possible) only after the swap. Returns every file
        of the site with its size, modification time, inode and permissions, and the folder's own
        as `./` (as write/build_record.py's `walk_site` gives them)."""
        site: dict[str, list[int]] = {"./": [0, 0, 0, 0o755]}
        for folder, _, files in os.walk(self.staging):  # readable by a web server, whatever the umask
            prefix = os.path.relpath(folder, self.staging).replace(os.sep, "/") + "/"
            prefix = "" if prefix == "./" else prefix
            for name in files:  # (ours are written so; the search index is Pagefind's): a stat, not a write, each
                path = os.path.join(folder, name)
                stat = os.stat(path)
                if stat.st_mode & 0o777 != 0o644:
                    os.chmod(path, 0o644)
                site[prefix + name] = [stat.st_size, stat.st_mtime_ns, stat.st_ino, 0o644]
        os.chmod(self.staging, 0o755)
        if self.out.exists() and _exchange(self.staging, self.out):
            self._keep_as_spare(self.staging)  # it holds the previous site now
            return site
        old = None
        if self.out.exists():  # no atomic exchange here: a kill between the renames is undone next time
            old = Path(tempfile.mkdtemp(prefix=f".{self.out.name}.old-{os.getpid()}-", dir=self.out.parent))
            os.rename(self.out, old / "site")
        os.rename(self.staging, self.out)
        if old is not None:
            self._keep_as_spare(old / "site")
            shutil.rmtree(old, ignore_errors=True)
        else:
            self._spare_from_site()
        return site

    def _spare_from_site(self) -> None:
        """A first site (none before it to recycle) leaves a copy of itself as the spare, made of
        links to its files: so the next build recycles a staging folder too, instead of making a
        folder and a link for every page again. Nothing is ever written into a file of a staging
        folder (only replaced), so the copy never changes the site it shares its files with."""
        temporary = Path(tempfile.mkdtemp(prefix=f".{self.out.name}.new-{os.getpid()}-", dir=self.out.parent))
        try:
            shutil.copytree(self.out, temporary / "site", copy_function=os.link)
        except OSError:  # no hard links here: the next build makes its staging folder anew
            shutil.rmtree(temporary, ignore_errors=True)
            return
        self._keep_as_spare(temporary / "site")
        shutil.rmtree(temporary, ignore_errors=True)

    def discard(self) -> None:
        """Remove the staging folder after a failure or a check (nothing to do after `commit`). A
        recycled one goes back to being the spare: whatever it holds, the next build prunes it."""
        if self.recycled and self.staging.is_dir():
            self._keep_as_spare(self.staging)
        shutil.rmtree(self.staging, ignore_errors=True)

    def _keep_as_spare(self, folder: Path) -> None:
        if not _take(folder, self.spare):  # another build's spare is there already
            shutil.rmtree(folder, ignore_errors=True)


def _take(source: Path, target: Path) -> bool:
    """Rename the folder `source` to `target` (absent or empty); False if there is no `source`
    or `target` is in the way."""
    try:
        os.rename(source, target)
    except FileNotFoundError:
        return False
    except OSError:  # target not empty: left by a concurrent build
        return False
    return True


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders in one step (Linux renameat2 RENAME_EXCHANGE); False where that is unavailable."""
    renameat2 = getattr(_libc(), "renameat2", None)
    if renameat2 is None:
        return False
    at_fdcwd, rename_exchange = -100, 2
    return renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0


def _libc():
    try:
        return ctypes.CDLL(None, use_errno=True)
    except OSError:
        return None


def recover_interrupted(out: Path) -> None:
    """Undo what a build killed while writing left beside `out`: put back a site moved aside when the
    swap was cut short, and remove the staging folders of builds whose process is gone."""
    parent = out.parent
    if not out.exists():
        moved = sorted(parent.glob(f".{out.name}.old-*/site"), key=lambda p: p.stat().st_mtime)
        if moved:
            os.rename(moved[-1], out)
    for kind in ("new", "old"):
        prefix = f".{out.name}.{kind}-"
        for leftover in parent.glob(f"{glob.escape(prefix)}*"):
            if leftover.is_dir() and not _running(leftover.name[len(prefix):].split("-", 1)[0]):
                shutil.rmtree(leftover, ignore_errors=True)


def _running(pid: str) -> bool:
    """Whether the build with this process id (from a staging folder's name) is still running."""
    if not pid.isdigit():
        return False  # from a version without the pid in the name: long gone
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return int(pid) != os.getpid()


def inside(folder: Path, relative: str) -> Path:
    """`folder / relative`, refusing any path that would lead outside the folder (the staging
    folder is our own, with no symbolic links in it, so the path is judged as written)."""
    names = relative.split("/")
    if relative[:1] not in ("/", "") and "\\" not in relative and not {"", ".", ".."} & set(names):
        return Path(folder, relative)  # plain names below the folder (as the build writes them): nothing to resolve
    base = os.path.normpath(folder)
    target = os.path.normpath(os.path.join(base, relative))
    if not target.startswith(base + os.sep):
        raise ValueError(f"refusing to write outside the output folder: {relative}")
    return Path(target)


def write_into(folder: Path, relative: str, content: str | bytes) -> None:
    """Write one file of the site (from any process) into the staging folder, readable by a web
    server whatever the umask. A file already there (in a recycled staging folder) is replaced,
    never written into: it may be a link to a page in the build cache."""
    target = inside(folder, relative)
    data = content.encode("utf-8") if isinstance(content, str) else content
    try:
        _write_new(target, data)
    except FileNotFoundError:
        target.parent.mkdir(parents=True, exist_ok=True)
        _write_new(target, data)
    except FileExistsError:
        temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        _write_new(temporary, data, replace=True)
        os.replace(temporary, target)


def _write_new(path: Path, data: bytes, replace: bool = False) -> None:
    flags = os.O_WRONLY | os.O_CREAT | (os.O_TRUNC if replace else os.O_EXCL)
    descriptor = os.open(path, flags, 0o644)
    with open(descriptor, "wb") as file:
        os.fchmod(descriptor, 0o644)
        file.write(data)


def link_into(folder: Path, relative: str, source: Path) -> None:
    """Put an unchanged file (from the build cache) into the staging folder: a hard link where the
    file system allows it, else a copy. Cache files are only ever replaced whole, never edited."""
    target = inside(folder, relative)
    try:
        os.link(source, target)
        return
    except FileNotFoundError:
        target.parent.mkdir(parents=True, exist_ok=True)
    except FileExistsError:  # a recycled staging folder: keep the link if it is this file already
        if os.path.samestat(os.stat(target), os.stat(source)):
            return
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:  # never copy into an existing file: it may be a link to a cached page
        os.link(source, temporary)
    except OSError:  # no hard links here (or a temporary left by a killed build)
        temporary.unlink(missing_ok=True)
        shutil.copyfile(source, temporary)
        os.chmod(temporary, 0o644)
    os.replace(temporary, target)


def replace_into(folder: Path, relative: str, content: str | bytes) -> None:
    """Put a new version of a file already in the staging folder there: as a new file moved into
    its place, never written into the old one (which may be a link to a cached page)."""
    target = inside(folder, relative)
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    temporary.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    os.replace(temporary, target)
