"""The search index: Pagefind run over the built pages in the staging folder, before the swap.

Pagefind indexes only what lies inside `data-pagefind-body` (the article, in article.html) less
the parts in `NOT_INDEXED`, in the site's language (for its stemming), and turns each heading with
an id into a sub-result that links to that section. The index is kept in the build cache under a key made from the article pages' own
cache keys: a build whose pages are all unchanged links the kept index into place instead of
running Pagefind again.

Pagefind's Python package brings the binary; we run its command line rather than its asynchronous
service API, because the command line's exit status and messages make a failure plain, where the
service waits for an answer that a crashed binary never sends.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from iskias_site.diagnostics import Diagnostics
from iskias_site.write.staging import link_into
from iskias_site.messages import Msgid, N_

FOLDER = "pagefind"  # where the index lies in the site: /pagefind/
# Parts of an article page that are not its text: the breadcrumb, the review date, the contents
# list, the 'Om siden' box and the reference list (named here, so the templates stay as they are)
NOT_INDEXED = ".breadcrumb, .review-dates, .contents, .trust, .references"
CACHE_SUBFOLDER = "search"


def index_key(shared_key: str, page_keys: list[str | None], language: str) -> str | None:
    """The key of the index of these pages (None: some page is not in the cache, so no key)."""
    if any(key is None for key in page_keys):
        return None
    digest = hashlib.sha256(f"{shared_key}\0{language}\0{_pagefind_version()}\0".encode())
    for key in sorted(page_keys):  # order does not matter to the index
        digest.update(f"{key}\n".encode())
    return digest.hexdigest()


def write_search_index(staging: Path, language: str, cache: Path | None, key: str | None,
                       diags: Diagnostics, where: Path) -> bool:
    """Put the search index into `staging/pagefind/`: from the cache if `key` is kept there, else
    made by Pagefind (and then kept). Problems are reported at `where`; returns whether it worked."""
    kept = cache / CACHE_SUBFOLDER / key if cache is not None and key is not None else None
    if kept is not None and kept.is_dir():
        _link_tree(kept, staging / FOLDER)
        return True
    if not _run_pagefind(staging, language, diags, where):
        return False
    if kept is not None:
        _keep(staging / FOLDER, kept)
    return True


def _run_pagefind(staging: Path, language: str, diags: Diagnostics, where: Path) -> bool:
    binary = _binary()
    if binary is None:
        diags.error(where, 0, "search-index-failed/missing")
        return False
    command = [str(binary), "--site", str(staging), "--output-subdir", FOLDER,
               "--force-language", language, "--exclude-selectors", NOT_INDEXED, "--silent"]
    completed = subprocess.run(command, capture_output=True, text=True, errors="replace", check=False)
    if completed.returncode != 0 or not (staging / FOLDER / "pagefind.js").is_file():
        first = next((line for line in (completed.stderr + completed.stdout).splitlines() if line.strip()), "")
        diags.error(where, 0, "search-index-failed/pagefind", value=first.strip() or Msgid(N_("nothing")))
        return False
    return True


def _binary() -> Path | None:
    try:
        from pagefind.service import get_executable
    except ImportError:
        return None
    binary = get_executable()
    return binary if binary is not None and binary.is_file() else None


def _pagefind_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("pagefind")
    except PackageNotFoundError:
        return "(none)"


def _link_tree(source: Path, target: Path) -> None:
    for path in sorted(source.rglob("*")):
        if path.is_file():
            link_into(target, path.relative_to(source).as_posix(), path)


def _keep(built: Path, kept: Path) -> None:
    """Copy the index into the cache as one whole folder, and drop the index kept before it."""
    kept.parent.mkdir(parents=True, exist_ok=True)
    temporary = Path(tempfile.mkdtemp(prefix=f".{kept.name}.", dir=kept.parent))
    shutil.copytree(built, temporary / "index")
    try:
        os.rename(temporary / "index", kept)
    except OSError:  # another build kept the same index first
        pass
    shutil.rmtree(temporary, ignore_errors=True)
    for older in kept.parent.iterdir():
        if older != kept:
            shutil.rmtree(older, ignore_errors=True) if older.is_dir() else older.unlink(missing_ok=True)
