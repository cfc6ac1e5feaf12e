"""The search index: Pagefind run over the built pages in the staging folder, before the swap.

Pagefind indexes only what lies inside `data-pagefind-body` (the article, in article.html) less
the parts in `NOT_INDEXED`, in the site's language (for its stemming), and turns each heading with
an id into a sub-result that links to that section.

A big site's index is made in shards, so that one changed page costs one shard's Pagefind run and
no run holds the whole site in memory: each article page belongs to a shard by a hash of its
address, the number of shards is the smallest power of two that keeps them at `PAGES_PER_SHARD`
pages or fewer (doubling it splits each shard in two and moves no page between the others), and
each shard is its own Pagefind bundle, made from a folder of links to only its pages. The first
bundle lies at /pagefind/, as a one-shard site's whole index does; the others at
/pagefind/shard-N/, and the search page merges them into its results (Pagefind's `mergeIndex`).
Each bundle is kept in the build cache under a key made from its own pages' cache keys: an
unchanged shard is linked into place instead of running Pagefind again.

With the build cache, the first shard to be made is started as soon as the article pages are
built (`start_first_shard`), from links to those pages as the cache keeps them, and runs while
the site's own pages are made; `write_search_index` links the kept shards into place meanwhile,
and waits for it last.

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
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from iskias_site.diagnostics import Diagnostics
from iskias_site.write.staging import link_into
from iskias_site.messages import Msgid, N_

if TYPE_CHECKING:
    from iskias_site.write.cache import BuildCache

FOLDER = "pagefind"  # where the (first) index lies in the site: /pagefind/
# Parts of an article page that are not its text: the breadcrumb, the review date, the contents
# list, the 'Om siden' box and the reference list (named here, so the templates stay as they are).
# Pagefind itself leaves out every <nav>, such as the related articles: they are filled in after a
# page is kept, so the first shard, started before that, indexes the same text as the others.
NOT_INDEXED = ".breadcrumb, .review-dates, .contents, .trust, .references"
CACHE_SUBFOLDER = "search"
# Pages per shard at most, on average. Pagefind's memory grows with the pages it indexes (about
# 1 GB for 4,000 articles, 130 MB for 500), and a reader's browser fetches at least one chunk of
# every bundle's index for each search (about 25 KB), so fewer, bigger shards are lighter to search.
PAGES_PER_SHARD = 500


@dataclass(frozen=True)
class Shard:
    """The pages of one search bundle, where the bundle lies in the site, and its cache key."""

    folder: str  # e.g. 'pagefind' or 'pagefind/shard-3'
    pages: tuple[str, ...]  # the pages' paths in the site, e.g. 'ryg/index.html'
    key: str | None  # None: some page is not in the cache, so the bundle is not kept either
    page_keys: tuple[str | None, ...] = ()  # each page's cache key, in the order of `pages`


def shard_count(pages: int, per_shard: int | None = None) -> int:
    """The number of shards for this many pages: the smallest power of two with at most
    `per_shard` pages in each on average."""
    per_shard = per_shard or PAGES_PER_SHARD
    count = 1
    while count * per_shard < pages:
        count *= 2
    return count


def shards(pages: Mapping[str, str | None], shared_key: str | None = None, language: str = "",
           per_shard: int | None = None) -> list[Shard]:
    """The shards of these pages (path in the site -> the page's cache key, None if not kept), in
    shard order, leaving out empty ones; `shared_key` None: no cache, so no keys. No pages at all:
    one shard of the whole site."""
    if not pages:
        return [Shard(FOLDER, (), None)]
    count = shard_count(len(pages), per_shard)
    members: dict[int, list[str]] = {}
    for page in sorted(pages):
        members.setdefault(_shard_of(page, count), []).append(page)
    found = []
    for place, number in enumerate(sorted(members)):
        folder = FOLDER if place == 0 else f"{FOLDER}/shard-{number}"
        keys = [pages[p] for p in members[number]]
        key = None if shared_key is None or None in keys else _key(shared_key, language, members[number], keys)
        found.append(Shard(folder, tuple(members[number]), key, tuple(keys)))
    return found


def merged_bundles(pages: list[str], per_shard: int | None = None) -> list[str]:
    """The folders of the bundles the search page merges into the first one's results."""
    return [shard.folder for shard in shards(dict.fromkeys(pages), per_shard=per_shard)[1:]]


def bundles_not_loaded(search_page: str, bundles: list[str]) -> list[str]:
    """The bundles after the first that the search page does not name (a template of the site's
    own that left out the search box's `data-bundles`): its search would miss their pages."""
    return [folder for folder in bundles if f"{folder}/" not in search_page]


def _shard_of(page: str, count: int) -> int:
    return int.from_bytes(hashlib.sha256(page.encode()).digest()[:8], "big") % count


def _key(shared_key: str, language: str, pages: list[str], keys: list[str | None]) -> str:
    digest = hashlib.sha256(f"{shared_key}\0{language}\0{_pagefind_version()}\0".encode())
    for page, key in zip(pages, keys):  # sorted by page: the order does not change the key
        digest.update(f"{page}\0{key}\n".encode())
    return digest.hexdigest()


def write_search_index(staging: Path, language: str, cache: Path | None, found: list[Shard],
                       diags: Diagnostics, where: Path, started: StartedShard | None = None) -> bool:
    """Put the search index into `staging/pagefind/`, one bundle per shard: from the cache where
    the shard's key is kept there, else made by Pagefind (and then kept), one shard after another;
    the `started` one (`start_first_shard`) is waited for last, so the others are linked meanwhile.
    Problems are reported at `where`; returns whether it worked."""
    kept_folder = cache / CACHE_SUBFOLDER if cache is not None else None
    for shard in found:
        if started is not None and shard == started.shard:
            continue  # (the first in order to make: any made here comes after it, so none removes it)
        kept = kept_folder / shard.key if kept_folder is not None and shard.key is not None else None
        target = staging / shard.folder
        if kept is not None and kept.is_dir():
            _link_tree(kept, target)
            continue
        shutil.rmtree(target, ignore_errors=True)  # one left from before in a recycled folder
        if not _index_shard(staging, shard, len(found), language, diags, where):
            return False
        if kept is not None:
            _keep(target, kept)
    if started is not None and kept_folder is not None and started.shard.key is not None:  # (a started one has both)
        if not _finish_started(started, kept_folder / started.shard.key, diags, where):
            return False
        _link_tree(kept_folder / started.shard.key, staging / started.shard.folder)
    if kept_folder is not None and kept_folder.is_dir():  # drop the bundles of shards gone or changed
        current = {shard.key for shard in found}
        for older in kept_folder.iterdir():
            if older.name not in current and not older.name.startswith("."):
                shutil.rmtree(older, ignore_errors=True) if older.is_dir() else older.unlink(missing_ok=True)
    return True


@dataclass
class StartedShard:
    """One shard's Pagefind run in the background, writing into a folder beside the kept bundles
    (`folder`), from links to its pages made when it started."""

    shard: Shard
    folder: Path
    process: subprocess.Popen[str]

    def discard(self) -> None:
        """Stop the run if it is still going and remove what it wrote (after a failed build)."""
        if self.process.returncode is None:  # not waited for yet
            self.process.kill()
            self.process.communicate()
        shutil.rmtree(self.folder, ignore_errors=True)


def start_first_shard(language: str, cache: BuildCache, found: list[Shard]) -> StartedShard | None:
    """Start Pagefind over the first shard that is neither kept nor without a key, from links to
    its pages as the cache keeps them (each page with a key is kept); None if there is none (or
    no Pagefind)."""
    kept_folder = cache.folder / CACHE_SUBFOLDER
    shard = next((s for s in found if s.key is not None and not (kept_folder / s.key).is_dir()), None)
    binary = _binary()
    if shard is None or binary is None:
        return None
    kept_folder.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix=f".{shard.key}.", dir=kept_folder))
    for page, page_key in zip(shard.pages, shard.page_keys, strict=True):  # (a shard with a key: all have one)
        link_into(folder / "pages", page, cache.stored(str(page_key))[0])
    process = subprocess.Popen(_command(binary, folder / "pages", folder / "index", language),
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, errors="replace",
                               **_isolated(folder / "pages"))
    return StartedShard(shard, folder, process)


def _finish_started(started: StartedShard, kept: Path, diags: Diagnostics, where: Path) -> bool:
    """Wait for the started run and keep its bundle as `kept`; False (and the problem reported at
    `where`) if Pagefind failed."""
    stdout, stderr = started.process.communicate()
    try:
        if not _succeeded(started.process.returncode, stdout, stderr, started.folder / "index", diags, where):
            return False
        try:
            os.rename(started.folder / "index", kept)
        except OSError:  # another build kept the same index first
            pass
        return True
    finally:
        shutil.rmtree(started.folder, ignore_errors=True)


def _index_shard(staging: Path, shard: Shard, shards_in_all: int, language: str, diags: Diagnostics,
                 where: Path) -> bool:
    """Run Pagefind over the shard's pages: the staging folder itself for a site of one shard,
    else a folder of links to only its pages (so each result's address is the page's own)."""
    if shards_in_all == 1:
        return _run_pagefind(staging, staging / shard.folder, language, diags, where)
    pages = Path(tempfile.mkdtemp(prefix=".search-pages.", dir=staging))  # same file system: links
    try:
        for page in shard.pages:
            link_into(pages, page, staging / page)
        return _run_pagefind(pages, staging / shard.folder, language, diags, where)
    finally:
        shutil.rmtree(pages, ignore_errors=True)


def _run_pagefind(site: Path, output: Path, language: str, diags: Diagnostics, where: Path) -> bool:
    binary = _binary()
    if binary is None:
        diags.error(where, 0, "search-index-failed/missing")
        return False
    completed = subprocess.run(_command(binary, site, output, language), capture_output=True, text=True,
                               errors="replace", check=False, **_isolated(site))
    return _succeeded(completed.returncode, completed.stdout, completed.stderr, output, diags, where)


def _command(binary: Path, site: Path, output: Path, language: str) -> list[str]:
    return [str(binary), "--site", os.path.abspath(site), "--output-path", os.path.abspath(output),
            "--force-language", language, "--exclude-selectors", NOT_INDEXED, "--silent"]


def _isolated(site: Path) -> dict[str, Any]:
    """Where Pagefind runs, and with what environment, so that only our command line sets it up:
    it reads a `pagefind.yml`, `.toml` or `.json` in the folder it runs in (the pages it indexes,
    which are ours alone, not the editor's working folder) and `PAGEFIND_*` variables (left out)."""
    return {"cwd": os.path.abspath(site),
            "env": {name: value for name, value in os.environ.items() if not name.startswith("PAGEFIND_")}}


def _succeeded(returncode: int, stdout: str, stderr: str, output: Path, diags: Diagnostics, where: Path) -> bool:
    """Whether Pagefind made its bundle in `output`; else its first line of complaint, reported."""
    if returncode != 0 or not (output / "pagefind.js").is_file():
        first = next((line for line in (stderr + stdout).splitlines() if line.strip()), "")
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
    """Copy one bundle into the cache as one whole folder (without the bundles inside it)."""
    kept.parent.mkdir(parents=True, exist_ok=True)
    temporary = Path(tempfile.mkdtemp(prefix=f".{kept.name}.", dir=kept.parent))
    shutil.copytree(built, temporary / "index", ignore=shutil.ignore_patterns("shard-*"))
    try:
        os.rename(temporary / "index", kept)
    except OSError:  # another build kept the same index first
        pass
    shutil.rmtree(temporary, ignore_errors=True)
