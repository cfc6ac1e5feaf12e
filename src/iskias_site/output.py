"""Writing the site: into a fresh folder beside the target, swapped into place only when complete."""

from __future__ import annotations

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
            staging = Path(tempfile.mkdtemp(prefix=f".{self.out.name}.new-", dir=self.out.parent))
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
        for path in self.staging.rglob("*"):
            if path.is_file():
                os.chmod(path, 0o644)
        os.chmod(self.staging, 0o755)
        old = None
        if self.out.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{self.out.name}.old-", dir=self.out.parent))
            os.rename(self.out, old / "site")
        os.rename(self.staging, self.out)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)

    def discard(self) -> None:
        shutil.rmtree(self.staging, ignore_errors=True)


def inside(folder: Path, relative: str) -> Path:
    """`folder / relative`, refusing any path that would lead outside the folder."""
    target = (folder / relative).resolve()
    if folder.resolve() not in target.parents:
        raise ValueError(f"refusing to write outside the output folder: {relative}")
    return target


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
    except OSError:
        shutil.copyfile(source, target)
