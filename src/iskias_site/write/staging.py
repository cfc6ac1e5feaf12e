"""Writing the site: into a fresh folder beside the target, swapped into place only when complete."""

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
        if staging is None:
            self.out.parent.mkdir(parents=True, exist_ok=True)
            recover_interrupted(self.out)
            staging = Path(tempfile.mkdtemp(prefix=f".{self.out.name}.new-{os.getpid()}-", dir=self.out.parent))
        self.staging = staging

    @classmethod
    def scratch(cls) -> SiteWriter:
        """A writer whose site is never committed: for checking a site without writing it."""
        staging = Path(tempfile.mkdtemp(prefix="iskias-check-"))
        return cls(staging / "unused", staging)

    def write(self, relative: str, content: str | bytes) -> None:
        write_into(self.staging, relative, content)

    @staticmethod
    def copy_static(source: Path, target: Path) -> None:
        """Copy the static files; symbolic links were refused when the site was loaded."""
        if source.is_dir():
            shutil.copytree(source, target, dirs_exist_ok=True, symlinks=True)

    def commit(self) -> None:
        """Swap the finished site into place; the old one is removed only after the swap."""
        for folder, _, files in os.walk(self.staging):  # readable by a web server, whatever the umask
            for name in files:
                os.chmod(os.path.join(folder, name), 0o644)
        os.chmod(self.staging, 0o755)
        if self.out.exists() and _exchange(self.staging, self.out):
            shutil.rmtree(self.staging, ignore_errors=True)  # it holds the previous site now
            return
        old = None
        if self.out.exists():  # no atomic exchange here: a kill between the renames is undone next time
            old = Path(tempfile.mkdtemp(prefix=f".{self.out.name}.old-{os.getpid()}-", dir=self.out.parent))
            os.rename(self.out, old / "site")
        os.rename(self.staging, self.out)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)

    def discard(self) -> None:
        shutil.rmtree(self.staging, ignore_errors=True)


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
    base = os.path.normpath(folder)
    target = os.path.normpath(os.path.join(base, relative))
    if not target.startswith(base + os.sep):
        raise ValueError(f"refusing to write outside the output folder: {relative}")
    return Path(target)


def write_into(folder: Path, relative: str, content: str | bytes) -> None:
    """Write one file of the site (from any process) into the staging folder."""
    target = inside(folder, relative)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)


def link_into(folder: Path, relative: str, source: Path) -> None:
    """Put an unchanged file (from the build cache) into the staging folder: a hard link where the
    file system allows it, else a copy. Cache files are only ever replaced whole, never edited."""
    target = inside(folder, relative)
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except OSError:  # never copy into an existing file: it may be a link to a cached page
        temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        shutil.copyfile(source, temporary)
        os.replace(temporary, target)


def replace_into(folder: Path, relative: str, content: str | bytes) -> None:
    """Put a new version of a file already in the staging folder there: as a new file moved into
    its place, never written into the old one (which may be a link to a cached page)."""
    target = inside(folder, relative)
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    temporary.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    os.replace(temporary, target)
