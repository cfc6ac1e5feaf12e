"""Writing the site: into a fresh folder beside the target, swapped into place only when complete."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path


class SiteWriter:
    """Collects a site in a temporary folder; `commit` replaces the output folder with it."""

    def __init__(self, out: Path) -> None:
        self.out = out.resolve()
        self.out.parent.mkdir(parents=True, exist_ok=True)
        self.staging = Path(tempfile.mkdtemp(prefix=f".{self.out.name}.new-", dir=self.out.parent))

    def write(self, relative: str, content: str | bytes) -> None:
        target = self._inside(relative)
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            content = content.encode("utf-8")
        target.write_bytes(content)

    def copy_tree(self, source: Path, relative: str) -> None:
        if source.is_dir():
            shutil.copytree(source, self._inside(relative), dirs_exist_ok=True, symlinks=False)

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

    def _inside(self, relative: str) -> Path:
        target = (self.staging / relative).resolve()
        if self.staging.resolve() not in target.parents and target != self.staging.resolve():
            raise ValueError(f"refusing to write outside the output folder: {relative}")
        return target
