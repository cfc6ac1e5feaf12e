"""The build, step by step: load the site's shared inputs, build every article (in parallel, or
from the cache), check what spans articles, render the site's own pages, write. Never prints.

Pages are written into a fresh staging folder as they are rendered (so memory stays flat however
many articles there are); the staging folder replaces the output folder only when everything
succeeded, so a failed build leaves the previous site exactly as it was.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import multiprocessing
import os
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

import jinja2

from iskias_site.write import anchor_record
from iskias_site.write import build_record
from iskias_site.write import search_index
from iskias_site.write import page_record
from iskias_site.check.records import check_anchors_kept, check_pages_kept
from iskias_site.check.site import check_site_wide, on_site
from iskias_site.render.site_pages import (GlossaryTerm, by_title, render_site_pages,
                                          site_sitemap_entries, related_blocks, write_related)
from iskias_site.pipeline.article import (ArticleSummary, BuildContext, PageRenderer, build_article, converter_for,
                            environment_for, renderer_for, report_template_error)
from iskias_site.load.bibliography import Bibliography, load_bibliography
from iskias_site.convert.kept_files import drop_unused
from iskias_site.write.cache import CACHE_FOLDER, ArticleKey, BuildCache, drop_edited, reference_digests, shown_digest
from iskias_site.load.config import SiteConfig, load_config
from iskias_site.load.glossary import load_glossary
from iskias_site.load.content import Article, article_entries
from iskias_site.convert.converter import ArticleConverter
from iskias_site.diagnostics import Diagnostics
from iskias_site.load.strings import load_strings
from iskias_site.render.glossary import GLOSSARY_PAGE, glossary_entries, letters
from iskias_site.render.metadata import robots, sitemap
from iskias_site.write.staging import SiteWriter, link_into, write_into
from iskias_site.pipeline.time_limit import DEFAULT_SECONDS, Watch, report_timeout, time_limit
from iskias_site.render.templates import render_page
from iskias_site.messages import Message, words

SEARCH_PAGE = "soeg/index.html"
Tools = Callable[[BuildContext], tuple[ArticleConverter | None, PageRenderer]]
ReadContext = Callable[[Path, Diagnostics, bool, bool, Callable[[Path, Diagnostics], Bibliography]], BuildContext]
PARALLEL_FROM = 8  # fewer articles to build than this: one process is quicker than starting workers


@dataclass
class BuildResult:
    diagnostics: Diagnostics
    pages: list[str] = field(default_factory=list)  # paths written, relative to the output folder
    notes: list[Message] = field(default_factory=list)  # things the editor should know, e.g. a record grew
    strict: bool = False
    built: int = 0  # articles converted this time (the rest came from the cache)
    site: Site | None = None  # what the lints read, when the build was asked to keep it
    kept: list[ArticleKey | None] = field(default_factory=list)  # each article's cache record, if kept
    summaries: list[ArticleSummary] = field(default_factory=list)  # every article's, in entry order
    unchanged: bool = False  # nothing changed since the last build: the site in place was left alone

    @property
    def ok(self) -> bool:
        if self.strict:
            return not self.diagnostics.items
        return not self.diagnostics.has_errors()


def build_site(root: Path, out: Path | None, today: dt.date | None = None, strict: bool = False,
               jobs: int | None = None, use_cache: bool = True, keep_articles: bool = False,
               drafts: bool = False, progress: Callable[[BuildProgress], None] | None = None,
               read_bibliography: Callable[[Path, Diagnostics], Bibliography] = load_bibliography,
               tools: Tools | None = None, search: bool = True, read_context: ReadContext | None = None,
               open_cache: Callable[[Path], BuildCache] = BuildCache.open) -> BuildResult:
    """Build the site in `root` into `out` (None: check only, write nothing). With `keep_articles`
    the loaded articles and their anchors come back in `result.site`, for the lints; `drafts`:
    build the articles marked `draft: true` too, as the preview does. `progress` is called in this
    process each time an article is done; the preview hands in a `read_bibliography` that keeps the
    parsed file between its rebuilds, a `read_context`, `open_cache` and `tools` that keep the loaded
    site, the cache's key and the converter and renderer, and `search=False` (it makes the search
    index when the search page asks)."""
    today = today or dt.date.today()  # once: a build that runs past midnight checks one date
    # the command line's build (what the preview and the lints hand in is theirs): the site in
    # place may be the one this build would write
    recorded = (out is not None and use_cache and not keep_articles and read_context is None and tools is None
                and open_cache == BuildCache.open and read_bibliography is load_bibliography)
    if recorded:
        start = build_record.begin(root, out, strict=strict, drafts=drafts, search=search, today=today)
        last = build_record.compare_with_last(root / CACHE_FOLDER, start, out)
        earlier = last.unchanged
        if earlier is not None:
            return BuildResult(Diagnostics(root, list(earlier.diagnostics)), pages=list(earlier.pages),
                               notes=[*earlier.notes, words("note.unchanged", out=out)], strict=strict,
                               unchanged=True)
        drop_edited(root / CACHE_FOLDER, last.edited_in_place)  # what was made from them is made again
    result = BuildResult(Diagnostics(root), strict=strict)
    diags = result.diagnostics
    context = (read_context or load_context)(root, diags, use_cache, drafts, read_bibliography)
    if out is None:  # a check writes nothing, so it draws no PDF
        context = dataclasses.replace(context, pdfs=False)
    entries = article_entries(root / "content", diags)
    writer = SiteWriter(out) if out is not None else SiteWriter.scratch()
    first_shard = None  # the search index's first shard to make, once it runs in the background
    try:
        cache = open_cache(root) if use_cache and context.config is not None and out is not None else None
        summaries = build_articles(entries, context, writer.staging, jobs or os.cpu_count() or 1, cache, result,
                                   keep_articles, progress, tools)
        moved = check_site_wide(context, summaries, today, diags)
        kept_anchors, anchors = check_anchors_kept(root, summaries, moved, diags)
        kept_pages, page_addresses = check_pages_kept(root, summaries, moved, diags)
        if context.config is None or not result.ok:
            return result
        kept_articles = {s.slug: key for s, key in zip(summaries, result.kept, strict=True) if key is not None}
        on_site_now = on_site(summaries, context.drafts)  # a draft's page is not linked: never kept
        found = search_shards(cache, on_site_now, result, context.config.language) if search else []
        # the first shard to make runs while the site's pages are made (from the article pages as they are now)
        first_shard = (search_index.start_first_shard(context.config.language, cache, found)
                       if found and cache is not None else None)  # (a check, out None, has no cache)
        result.pages, static = write_site_pages(root, context, summaries, writer.staging, diags, moved,
                                                cache, kept_articles)
        if not result.ok or out is None:
            return result
        # before the search index is made from the pages in the staging folder: none left from before
        writer.prune({*result.pages, *static, *(name for s in on_site_now for name in s.outputs),
                      *(name for s in on_site_now for name, _ in s.images)})
        if search:
            search_index.write_search_index(writer.staging, context.config.language,
                                            cache.folder if cache else None, found, diags, root / "site.yml",
                                            first_shard)
        if not result.ok:
            return result
        first_shard = None  # waited for
        build_record.forget(root / CACHE_FOLDER)  # it describes the site about to be replaced
        site = writer.commit()
    finally:
        if first_shard is not None:
            first_shard.discard()  # a build that failed while it ran
        writer.discard()  # nothing left behind after a failure or a check
    wrote = set()  # the files of the site's folder this build wrote
    added, written = anchor_record.write_record(kept_anchors, anchors)
    if written:
        wrote.add(anchor_record.RECORD)
    if added:
        result.notes.append(words("note.anchors", record=anchor_record.RECORD, n=added))
    added, written = page_record.write_record(kept_pages, page_addresses)
    if written:
        wrote.add(page_record.RECORD)
    if added:
        result.notes.append(words("note.addresses", record=page_record.RECORD, n=added))
    said_each_time = draft_notes(summaries, drafts)
    result.notes.extend(said_each_time)
    if recorded:
        said = build_record.Said(tuple(diags.items), tuple(said_each_time), tuple(result.pages))
        build_record.keep(root / CACHE_FOLDER, start, site, said, root, wrote)
    return result


def load_context(root: Path, diags: Diagnostics, use_cache: bool = False, drafts: bool = False,
                 read_bibliography: Callable[[Path, Diagnostics], Bibliography] = load_bibliography,
                 pdfs: bool = True) -> BuildContext:
    config = load_config(root, diags)
    bibliography = read_bibliography(root / "references.bib", diags)
    if not (root / "templates").is_dir():
        diags.error(root / "templates", 0, "site-file-missing/templates")
    for link in (p for p in (root / "static").rglob("*") if p.is_symlink()):
        diags.error(link, 0, "symbolic-link/static")
    strings = load_strings(config.language if config else "da")
    compiled = root / CACHE_FOLDER / "templates" if use_cache else None
    glossary = load_glossary(root, bibliography, diags)
    return BuildContext(root, config, bibliography, strings, compiled, glossary,
                        root / CACHE_FOLDER if use_cache else None, drafts, pdfs)


def build_articles(entries: list[Path], context: BuildContext, staging: Path, jobs: int,
                   cache: BuildCache | None, result: BuildResult, keep_articles: bool = False,
                   progress: Callable[[BuildProgress], None] | None = None,
                   tools: Tools | None = None) -> list[ArticleSummary]:
    """Every article's summary, in entry order: from the cache where it is current, else built.
    Keying (reading and hashing an article's files) happens in the workers too, so a warm build
    is as parallel as a cold one."""
    digests = reference_digests(context.bibliography) if cache else {}
    outcomes = _run(entries, _Worker(context, staging, cache, digests, keep_articles, tools=tools), jobs, progress)
    if cache is not None:
        cache.save({entry.name: (o.kept, o.summary) for entry, o in zip(entries, outcomes) if o.kept},
                   from_index={entry.name for entry, o in zip(entries, outcomes) if not o.built})
        if all(o.kept for o in outcomes):  # an article that failed names none of its files: its copies stay
            drop_unused(cache.folder, {source for o in outcomes for _, source in o.summary.images})
    result.built = sum(o.built for o in outcomes)
    result.kept = [o.kept for o in outcomes]
    summaries = result.summaries = [o.summary for o in outcomes]
    for summary in summaries:
        result.diagnostics.items.extend(summary.diagnostics)
    if keep_articles and context.config is not None:
        result.site = Site(context.root, context.config, context.bibliography,
                           [o.article for o in outcomes if o.article is not None],
                           {o.summary.slug: o.summary for o in outcomes if o.article is not None})
    return summaries


class BuildProgress(NamedTuple):
    """How far the articles are: handed to `build_site`'s `progress` as each one is done."""

    done: int
    total: int
    cached: int  # of those done, how many came from the cache


class Outcome(NamedTuple):
    summary: ArticleSummary
    built: bool  # converted this time (False: taken from the cache)
    kept: ArticleKey | None  # its record in the cache (the key its page is kept under, …), if it is kept
    article: Article | None = None  # the loaded article, when the build keeps them for the lints


def _run(entries: list[Path], worker: _Worker, jobs: int,
         progress: Callable[[BuildProgress], None] | None) -> list[Outcome]:
    if jobs <= 1 or len(entries) < PARALLEL_FROM:
        return _collect(map(worker.build, entries), len(entries), progress)
    done: dict[int, Outcome] = {}
    while len(done) < len(entries):  # again without an article whose worker had to be killed
        killed = _run_pool(entries, [i for i in range(len(entries)) if i not in done], worker, jobs, done, progress)
        if killed is not None:
            done[killed] = worker.timed_out(entries[killed])
    return [done[i] for i in range(len(entries))]


def _run_pool(entries: list[Path], todo: list[int], worker: _Worker, jobs: int, done: dict[int, Outcome],
              progress: Callable[[BuildProgress], None] | None) -> int | None:
    """Build the articles `todo` in worker processes into `done`; the index of an article whose
    worker was killed for running past the time limit (time_limit.py), else None."""
    watch = worker.watch = worker.watch or Watch.of(len(entries))
    watch.clear()
    stop, killed = threading.Event(), []
    watcher = threading.Thread(target=lambda: killed.append(watch.kill_overdue(worker.limit, stop)),
                               name="time-limit", daemon=True)
    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("fork"),
                               initializer=_start_worker, initargs=(worker, os.getpid()))
    watcher.start()
    try:
        with pool:
            # small chunks, so no worker sits idle long at the end while another finishes its last one
            outcomes = pool.map(_build_in_worker, [(i, entries[i]) for i in todo],
                                chunksize=max(1, len(todo) // (jobs * 32)))
            cached = sum(not o.built for o in done.values())  # from an earlier pool (one was killed)
            for index, outcome in zip(todo, outcomes):
                done[index] = outcome
                cached += not outcome.built  # counted as they come: summing them all each time was quadratic
                if progress is not None:
                    progress(BuildProgress(len(done), len(entries), cached))
    except BrokenProcessPool:
        stop.set()
        watcher.join()
        if not killed or killed[0] is None:
            raise  # a worker died of something else (out of memory): as before
        return killed[0]
    finally:
        stop.set()
        watcher.join()
    return None


def _collect(outcomes: Iterable[Outcome], total: int,
             progress: Callable[[BuildProgress], None] | None) -> list[Outcome]:
    """The outcomes as they arrive (in entry order), reporting each to `progress`."""
    collected, cached = [], 0
    for outcome in outcomes:
        collected.append(outcome)
        cached += not outcome.built
        if progress is not None:
            progress(BuildProgress(len(collected), total, cached))
    return collected


@dataclass
class _Worker:
    """Builds articles in one process, with its own Markdown converter and page renderer: each
    from the cache if its key is current there, else converted (and then kept in the cache)."""

    context: BuildContext
    staging: Path
    cache: BuildCache | None
    digests: dict[str, str]  # each bibliography entry's digest, for the cache keys
    keep_articles: bool = False
    converter: ArticleConverter | None = None  # both made when the first article is converted
    renderer: PageRenderer | None = None
    tools: Tools | None = None  # where they come from (None: made new for this build)
    watch: Watch | None = None  # which worker converts which article (made before the workers)
    current: int = -1  # in a worker: the index of the entry it builds, for the watch

    @contextlib.contextmanager
    def converting(self) -> Iterator[None]:
        """Around an article's conversion: its time limit, and the watch told while it runs."""
        if self.watch is not None and self.current >= 0:
            self.watch.begin(self.current)
        try:
            with time_limit(self.limit):
                yield
        finally:
            if self.watch is not None and self.current >= 0:
                self.watch.end(self.current)

    @property
    def limit(self) -> float:
        """Seconds an article may take to build (site.yml's `timeout`)."""
        return self.context.config.timeout if self.context.config else DEFAULT_SECONDS

    def timed_out(self, entry: Path) -> Outcome:
        """The outcome of an article that ran past the time limit: one error naming it."""
        diags = Diagnostics(self.context.root)
        meta_path = entry / "index.md" if entry.is_dir() else entry
        report_timeout(meta_path, self.limit, diags)
        slug = entry.stem if entry.suffix == ".md" else entry.name
        return Outcome(ArticleSummary(entry.name, slug, None, meta_path, tuple(diags.items), frozenset(), frozenset(),
                                      False, ()), True, None)

    def build(self, entry: Path) -> Outcome:
        key = self.cache.key(entry, self.digests) if self.cache else None
        hit = self.cache.load(entry, key) if self.cache and key else None
        if hit is not None:
            summary, stored, shown = hit
            if self.context.drafts or summary.meta is None or not summary.meta.draft:
                _link_all_but_page(self.staging, summary, stored)
            return Outcome(summary, False, dataclasses.replace(key, shown=shown))
        if self.renderer is None:  # the converter stays None without a site.yml: articles are only checked
            self.converter, self.renderer = self.tools(self.context) if self.tools else new_tools(self.context, self.cache)
        summary, files, article = build_article(entry, self.context, self.converter, self.renderer,
                                                self.converting)
        article = article if self.keep_articles else None
        if files is None:
            return Outcome(summary, True, None, article)
        if self.cache is None or key is None:
            for name, data in zip(summary.outputs, files):
                write_into(self.staging, name, data)
            return Outcome(summary, True, None, article)
        _link_all_but_page(self.staging, summary, self.cache.store(key.key, files))  # written once, and linked
        return Outcome(summary, True, dataclasses.replace(key, shown=shown_digest(summary)), article)


def _link_all_but_page(staging: Path, summary: ArticleSummary, stored: tuple[Path, ...]) -> None:
    """Link an article's kept files into the staging folder, less its page: that is linked there
    by `write_related`, with its related articles filled in, from the one kept (linking it here
    too would replace the filled-in page the site before last holds, only to replace it back)."""
    outputs = summary.outputs
    for name, path in zip(outputs[1:], stored[1:len(outputs)], strict=True):
        link_into(staging, name, path)


def new_tools(context: BuildContext, cache: BuildCache | None = None) -> tuple[ArticleConverter | None, PageRenderer]:
    """A Markdown converter and a page renderer for one process (no converter without a site.yml);
    the renderer takes the handout PDFs the cache kept whose inputs did not change."""
    return (converter_for(context) if context.config else None,
            renderer_for(context, cache.earlier_pdfs() if cache else None))


# A worker process's own builder, set once when the process starts (the pool's initializer).
_process_worker: _Worker | None = None


def _start_worker(worker: _Worker, parent: int) -> None:
    global _process_worker
    _process_worker = worker
    threading.Thread(target=_exit_with_parent, args=(parent,), name="parent-watch", daemon=True).start()


def _exit_with_parent(parent: int) -> None:
    """A worker whose build was killed (SIGKILL, out of memory) exits instead of waiting forever."""
    while os.getppid() == parent:
        time.sleep(0.2)
    os._exit(1)


def _build_in_worker(item: tuple[int, Path]) -> Outcome:
    assert _process_worker is not None
    _process_worker.current, entry = item
    return _process_worker.build(entry)


def draft_notes(summaries: list[ArticleSummary], drafts: bool) -> list[Message]:
    names = [s.entry for s in summaries if s.meta is not None and s.meta.draft]
    if not names or drafts:
        return []
    return [words("note.drafts", n=len(names), names=", ".join(names))]


def write_site_pages(root: Path, context: BuildContext, summaries: list[ArticleSummary], staging: Path,
                     diags: Diagnostics, moved: dict[str, str] | None = None, cache: BuildCache | None = None,
                     kept: dict[str, ArticleKey] | None = None) -> tuple[list[str], list[str]]:
    """The front page, topic pages, A–Z, news and its feed, redirects, 404, sitemap, robots.txt,
    the related articles on each article page, images and static files; returns every page's path
    and every static file's. With the `cache`, the site's own pages and the related-articles
    blocks are kept under the key of all they are made from, and taken from there when it is
    current (a build in which no article's summary changed renders none of them)."""
    articles = on_site(summaries, context.drafts)
    has_glossary = bool(context.glossary.terms)
    reserved = [(SEARCH_PAGE, "article-address-reserved/search")]
    reserved += [(GLOSSARY_PAGE, "article-address-reserved/glossary")] if has_glossary else []
    for page, code in reserved:
        clash = next((a for a in articles if a.slug == page.split("/")[0]), None)
        if clash is not None:
            diags.error(clash.meta_path, 0, code)
            return [], []
    bundles = search_index.merged_bundles([a.page for a in articles])
    kept = kept or {}
    key = (cache.site_key(articles, (sorted((moved or {}).items()), bundles, context.drafts,
                                     sorted(reference_digests(context.bibliography).items())),
                          {slug: article.shown for slug, article in kept.items()})
           if cache is not None else None)
    site_pages = cache.kept_site_pages(key) if cache is not None and key is not None else None
    if site_pages is None:
        try:
            pages, related = _render_site_pages(context, articles, moved or {}, bundles)
        except jinja2.TemplateError as exc:
            report_template_error(root, exc, diags)
            return [], []
        missing = search_index.bundles_not_loaded(pages[SEARCH_PAGE], bundles)
        if missing:
            diags.error(root / "templates" / "search.html", 0, "search-page-without-bundles",
                        missing=", ".join(f"/{folder}/" for folder in missing), parts=len(bundles) + 1)
            return [], []
        if cache is not None and key is not None:
            site_pages = cache.keep_site_pages(key, pages, related), related
        else:
            for name, text in pages.items():
                write_into(staging, name, text)
    if site_pages is not None:
        files, related = site_pages
        for name, path in files.items():  # a link already in place (the site before last) is left alone
            link_into(staging, name, path)
    names = list(site_pages[0] if site_pages is not None else pages)
    write_related(related, staging, cache, {slug: article.key for slug, article in kept.items()})
    placed = set()
    for summary in articles:
        for name, source in summary.images:  # a shared image several articles use is linked once
            if name not in placed:  # (one already there may be from the site before last: link it again)
                link_into(staging, name, source)
                placed.add(name)
    static = SiteWriter.copy_static(root / "static", staging / "static")
    return sorted([*names, *(s.page for s in articles)]), [f"static/{name}" for name in static]


def _render_site_pages(context: BuildContext, articles: list[ArticleSummary], moved: dict[str, str],
                       bundles: list[str]) -> tuple[dict[str, str], dict[str, str]]:
    """The site's own pages by name, and each article's related-articles block by slug.
    Raises jinja2.TemplateError."""
    config = context.config
    env = environment_for(context)
    has_glossary = bool(context.glossary.terms)
    terms = [GlossaryTerm(t.word, f"{GLOSSARY_PAGE.removesuffix('index.html')}#{t.anchor}")
             for t in context.glossary.terms]
    pages = render_site_pages(env, config, articles, moved, terms)
    pages[SEARCH_PAGE] = render_page(env, "search.html", site=config, articles=by_title(articles), bundles=bundles,
                                     url=f"{config.base_url}{SEARCH_PAGE.removesuffix('index.html')}")
    if has_glossary:
        pages[GLOSSARY_PAGE] = _glossary_page(env, context, articles)
    related = related_blocks(env, config, articles)
    pages["sitemap.xml"] = sitemap(_sitemap_entries(config, articles, has_glossary) + site_sitemap_entries(pages, config))
    pages["robots.txt"] = robots(config)
    return pages, related


def _glossary_page(env: jinja2.Environment, context: BuildContext, articles: list[ArticleSummary]) -> str:
    config = context.config
    entries = glossary_entries(context.glossary, articles, context.bibliography, context.strings, config.language)
    return render_page(env, "ordbog.html", site=config, entries=entries, letters=letters(entries),
                       url=f"{config.base_url}{GLOSSARY_PAGE.removesuffix('index.html')}")


def search_shards(cache: BuildCache | None, articles: list[ArticleSummary], result: BuildResult,
                  language: str) -> list[search_index.Shard]:
    """The search index's shards of the article pages, each with its key in the cache (if kept)."""
    keys = {s.page: k.key for s, k in zip(result.summaries, result.kept) if k is not None}  # both in entry order
    return search_index.shards({s.page: keys.get(s.page) for s in articles},
                               cache.shared_key if cache is not None else None, language)


def _sitemap_entries(config: SiteConfig, articles: list[ArticleSummary],
                     glossary: bool = False) -> list[tuple[str, dt.date | None]]:
    articles = [a for a in articles if not a.meta.draft]  # the preview's drafts are never announced
    dates = [a.meta.last_reviewed for a in articles if a.meta]
    entries = [(config.base_url, max(dates) if dates else None)]
    entries += [(f"{config.base_url}{a.slug}/", a.meta.last_reviewed if a.meta else None) for a in articles]
    if glossary:
        entries.append((f"{config.base_url}{GLOSSARY_PAGE.removesuffix('index.html')}", None))
    return entries


# --- what the editors' lints read --------------------------------------------------------------

@dataclass(frozen=True)
class Site:
    """The site as the build loaded and checked it, for the lints of `iskias-site check`: every
    article that loaded, with its summary (the anchors of its converted page, the keys it cites;
    an article with errors was not converted, so it has no anchors yet)."""

    root: Path
    config: SiteConfig
    bibliography: Bibliography
    articles: list[Article]
    summaries: dict[str, ArticleSummary]  # by slug


def load_site(root: Path, diags: Diagnostics) -> Site | None:
    """Build the site without writing and keep what the lints need; every problem lands in `diags`."""
    result = build_site(root, None, use_cache=False, keep_articles=True)
    diags.items.extend(result.diagnostics.items)
    return result.site
