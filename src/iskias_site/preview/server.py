"""`iskias-site serve`: the site as `build` makes it, rebuilt on every save, and the browser taken to
what changed.

- The same `build_site` as the build command writes `_site/`, with the drafts too; a build with errors leaves the last
  good pages in place, and every page then shows a Danish banner listing the problems.
- Saves are seen through the operating system's file events (`watchfiles`), or by polling when
  asked (`--poll`, or WATCHFILES_FORCE_POLLING, for folders where events do not arrive); a burst
  of saves gives one rebuild. The top folder is watched on its own, not recursively, so that the
  build's own writes (`_site/`, the cache) wake nothing, and a file saved by replacing it (as
  editors and reference managers do) is seen every time. watchfiles' polling compares modification
  times to the second (sizes not at all), so there a save in the same second as the one before it
  can go unseen; the file events have no such limit.
- livereload is the reloader: its websocket handler and its livereload.js. After a save in an
  article the reload names that article's page, and at the section whose file changed (its anchor
  as the build made it); a small plugin for livereload.js (`follow.js`) opens it. Any other change
  reloads the page the editor is on.
- The published pages forbid all scripts. Only the preview relaxes that, as it serves each page:
  it allows scripts from itself and adds livereload.js and the plugin.
- A rebuild keeps what a save of Markdown cannot have changed (`tools.py`: the converter, the
  renderer, a handout PDF whose page is unchanged), and the search index is made when the search
  page first asks for it after a rebuild, not in every rebuild (Pagefind reads every page).
- Only the built folder is served (tornado refuses paths outside it); bound to 127.0.0.1 unless told.
"""

from __future__ import annotations

import html
import os
import re
import sys
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from importlib import resources
from gettext import NullTranslations
from pathlib import Path
from typing import Any

import watchfiles
from watchfiles import Change
from livereload.handlers import LiveReloadHandler, LiveReloadJSHandler
from tornado import ioloop, web

from iskias_site.check.site import on_site
from iskias_site.diagnostics import Diagnostic, Diagnostics
from iskias_site.load.config import load_config
from iskias_site import language
from iskias_site.load.strings import load_strings
from iskias_site.messages import render, words
from iskias_site.pipeline.article import ArticleSummary
from iskias_site.pipeline.site import BuildProgress, BuildResult, build_site
from iskias_site.render.site_pages import FEED
from iskias_site.preview.bibliography import KeptBibliography
from iskias_site.preview.tools import KeptTools
from iskias_site.write import search_index
from iskias_site.write.build_lock import one_build_at_a_time
from iskias_site.preview.guide import GuidePage

FOLDERS = ("content", "templates", "static", "billeder")  # watched with everything in them
TOP_FILES = ("references.bib", "site.yml", "ordbog.yml", "published-anchors.txt",
             "published-pages.txt")  # watched through the top folder
STEP_MS = 10  # a save is done when no file changed for this long (watchfiles' `step`)
POLL_MS = 50  # how often the polling fallback looks
WAKE_MS = 200  # an idle watch wakes this often; its first wake-up says it is watching
CSP_SCRIPT = re.compile(r"script-src 'none'")
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
FOLLOW_JS = "/livereload-follow.js"
GUIDE_PATH = "/_vejledning/"  # the editors' guide, where the banner's codes link to (preview/guide.py)


@dataclass
class PreviewState:
    """What the preview knows: the last build's problems and articles, and the references as parsed."""

    site: Path
    out: Path
    strings: dict[str, Any] = field(default_factory=load_strings)
    translation: NullTranslations = field(default_factory=lambda: language.translation(language.DEFAULT))
    problems: list[Diagnostic] = field(default_factory=list)
    summaries: list[ArticleSummary] = field(default_factory=list)
    bibliography: KeptBibliography = field(default_factory=KeptBibliography)  # parsed again only when changed
    tools: KeptTools = field(default_factory=KeptTools)  # kept while only Markdown changes
    builds: int = 0
    search_current: bool = False  # whether the served site's search index is of its pages
    lock: threading.Lock = field(default_factory=threading.Lock)


def rebuild(state: PreviewState, progress: Callable[[BuildProgress], None] | None = None) -> BuildResult:
    def waiting() -> None:
        print(render(words("cli.waiting", site=state.site), state.translation), file=sys.stderr)

    with one_build_at_a_time(state.site, waiting):  # not at once with a `build` of the same site
        result = build_site(state.site, state.out, drafts=True, progress=progress,  # drafts show here, with their banner
                            read_bibliography=state.bibliography, read_context=state.tools.context,
                            open_cache=state.tools.open_cache, tools=state.tools, search=False)
    with state.lock:
        state.builds += 1
        state.search_current = state.search_current and not result.ok  # a failed build left the site as it was
        state.problems = [d for d in result.diagnostics.sorted() if d.severity == "error"]
        state.summaries = result.summaries
    for diagnostic in result.diagnostics.sorted():
        print(diagnostic.format(state.translation, code=True), file=sys.stderr)
    return result


def make_search_index(state: PreviewState) -> None:
    """The search index of the served pages, into the served folder, if the last build replaced them.
    A problem is reported as a build's would be, and shown on every page until the next build."""
    if state.search_current:
        return
    diags = Diagnostics(state.site)
    config = load_config(state.site, diags)
    if config is not None:
        found = search_index.shards(dict.fromkeys(s.page for s in on_site(state.summaries, drafts=True)))
        search_index.write_search_index(state.out, config.language, None, found, diags, state.site / "site.yml")
    problems = [d for d in diags.sorted() if d.severity == "error"]
    for diagnostic in problems:
        print(diagnostic.format(), file=sys.stderr)
    with state.lock:
        state.problems = state.problems + problems
        state.search_current = not problems


def follow_address(changed: Iterable[Path], state: PreviewState) -> str | None:
    """The page to show after these changes: the article saved last, at the section whose file it
    was (the anchor its heading got in the build). None when no article with a page changed."""
    content = state.site / "content"
    saved = []
    for path in changed:
        try:
            saved.append((path.stat().st_mtime_ns, path.relative_to(content)))
        except (ValueError, OSError):  # outside content/, or gone (a temporary file renamed away)
            continue
    if not saved:
        return None
    _, name = max(saved)
    summary = next((s for s in state.summaries if s.entry == name.parts[0]), None)
    if summary is None or not (state.out / summary.page).is_file():
        return None  # a new article with errors: the banner on the page the editor is on says why
    anchor = dict(summary.sections).get(name.name) if len(name.parts) == 2 else None
    return f"/{summary.slug}/" + (f"#{anchor}" if anchor else "")


class SiteWatcher:
    """Hands each burst of changes to the server's loop, from one thread per watch (the folders
    recursively, the top folder on its own). `filepath` is the last address sent, as livereload's
    own watchers keep it (its handler reads it when it logs)."""

    def __init__(self, site: Path, poll: bool) -> None:
        self.site = site
        self.force_polling = True if poll else None  # None: watchfiles decides (its environment variable)
        self.stop = threading.Event()
        self.filepath: str | None = None

    def start(self, loop: ioloop.IOLoop, on_changes: Callable[[set[Path]], None]) -> None:
        """Start watching; returns once every watch has begun, so no save after it is missed."""
        folders = [self.site / name for name in FOLDERS if (self.site / name).is_dir()]
        top = {str(self.site / name) for name in (*TOP_FILES, *FOLDERS)}
        watches = [(folders, True, watchfiles.DefaultFilter()), ([self.site], False, lambda _, path: path in top)]
        for paths, recursive, only in watches:
            if paths:
                watching = threading.Event()
                threading.Thread(target=self._watch, args=(paths, recursive, only, loop, on_changes, watching),
                                 name="preview-watch", daemon=True).start()
                watching.wait(10)

    def _watch(self, paths: list[Path], recursive: bool, only, loop: ioloop.IOLoop,
               on_changes: Callable[[set[Path]], None], watching: threading.Event) -> None:
        for changes in watchfiles.watch(*paths, watch_filter=only, step=STEP_MS, stop_event=self.stop,
                                        rust_timeout=WAKE_MS, yield_on_timeout=True, recursive=recursive,
                                        force_polling=self.force_polling, poll_delay_ms=POLL_MS,
                                        raise_interrupt=False):
            watching.set()
            if changes:
                loop.add_callback(on_changes, lasting(changes))


def lasting(changes: set[tuple[Change, str]]) -> set[Path]:
    """The paths of a burst of changes, less the files that came and went in it (an editor's
    temporary file, renamed over the file it saves): no build has seen those."""
    added = {path for change, path in changes if change == Change.added}
    return {Path(path) for _, path in changes if path not in added or os.path.lexists(path)}


def make_app(state: PreviewState, port: int, watcher: SiteWatcher) -> web.Application:
    class Reload(LiveReloadHandler):
        live_css = False

    Reload.watcher = watcher

    class FollowScript(web.RequestHandler):
        def get(self) -> None:
            self.set_header("Content-Type", "application/javascript; charset=utf-8")
            self.finish(resources.files(__package__).joinpath("follow.js").read_bytes())

    class Page(web.StaticFileHandler):
        """The built files; HTML pages pass through `preview_page` on the way out."""

        async def get(self, path: str, include_body: bool = True) -> None:
            self.path = self.parse_url_path(path)
            if self.path.startswith(f"{search_index.FOLDER}/"):  # made when first asked for (see above)
                make_search_index(state)
            absolute = self.validate_absolute_path(self.root, self.get_absolute_path(self.root, self.path))
            if absolute is None:  # tornado redirected a folder to its trailing slash
                return
            if not os.path.realpath(absolute).startswith(os.path.realpath(self.root) + os.sep):
                raise web.HTTPError(403, "%s leads outside the site", self.path)  # a symbolic link
            if not absolute.endswith(".html"):
                await super().get(path, include_body)
                return
            self._send_page(Path(absolute), 200)

        def compute_etag(self) -> None:
            return None  # pages change with every rebuild and with the banner

        def get_content_type(self) -> str:
            if self.absolute_path == os.path.join(self.root, FEED):  # Atom's own type, not text/xml
                return "application/atom+xml; charset=utf-8"
            return super().get_content_type()

        def _send_page(self, page: Path, status: int) -> None:
            self.set_status(status)
            self.set_header("Content-Type", "text/html; charset=utf-8")
            self.set_header("Cache-Control", "no-store")
            self.finish(preview_page(page.read_text(encoding="utf-8"), state.problems, port, state.translation))

        def write_error(self, status_code: int, **kwargs) -> None:
            not_found = Path(self.root) / "404.html"
            if status_code == 404 and not_found.is_file():
                self._send_page(not_found, 404)
            else:
                super().write_error(status_code, **kwargs)

    app = web.Application([
        (r"/livereload", Reload),
        (r"/livereload.js", LiveReloadJSHandler),
        (FOLLOW_JS, FollowScript),
        (GUIDE_PATH, GuidePage, {"site": state.site}),
        (r"/(.*)", Page, {"path": str(state.out), "default_filename": "index.html"}),
    ])
    app.reload_handler = Reload  # type: ignore[attr-defined]
    return app


def preview_page(page: str, problems: list[Diagnostic], port: int,
                 translation: NullTranslations | None = None) -> str:
    """The served page: scripts from this server allowed, the reloader added, a banner if broken."""
    translation = translation or language.translation(language.DEFAULT)
    page = CSP_SCRIPT.sub("script-src 'self'", page, count=1)
    scripts = (f'<script src="{FOLLOW_JS}" defer></script>\n'  # first: livereload.js looks for its plugin
               f'<script src="/livereload.js?port={port}" defer></script>\n')
    page = page.replace("</head>", scripts + "</head>", 1)
    if problems:
        page = re.sub(r"(<body[^>]*>)", lambda m: m.group(1) + banner(problems, translation), page, count=1)
    return page


def banner(problems: list[Diagnostic], translation: NullTranslations) -> str:
    """The list of errors at the top of every page, each with its code linked to the guide's section."""
    def say(key: str) -> str:
        return html.escape(render(words(key), translation))

    items = "".join(f"<li><code>{html.escape(p.path)}:{p.line}: {html.escape(p.text(translation))}</code> "
                    f'<a href="{GUIDE_PATH}#{p.code}" title="{say("preview.guide")}">[{p.code}]</a></li>'
                    for p in problems)
    return (f'<div class="preview-errors" role="alert"><p><strong>{say("preview.failed")}</strong> '
            f'{say("preview.fix")}</p><ul>{items}</ul></div>')


def serve(site: Path, host: str = "127.0.0.1", port: int = 8000, *, poll: bool = False,
          progress: Callable[[BuildProgress], None] | None = None,
          ready: Callable[[ioloop.IOLoop, PreviewState], None] | None = None,
          translation: NullTranslations | None = None) -> None:
    """Build (reporting to `progress`), serve and watch until interrupted (or until `ready`'s loop
    is stopped)."""
    state = PreviewState(site.resolve(), (site / "_site").resolve())
    if translation is not None:
        state.translation = translation

    def say(key: str, **values: object) -> str:
        return render(words(key, **values), state.translation)

    if host not in LOOPBACK:
        print(say("preview.open-to-network", host=host), file=sys.stderr)
    rebuild(state, progress)
    watcher = SiteWatcher(state.site, poll)
    app = make_app(state, port, watcher)
    server = app.listen(port, address=host)

    def on_changes(changed: set[Path]) -> None:
        state.tools.saved(changed, state.site / "content")
        result = rebuild(state)
        address = follow_address(changed, state)
        watcher.filepath = address or "*"
        app.reload_handler.reload_waiters(path=watcher.filepath)
        shown = say("preview.shows", address=address) if address else ""
        print(say("preview.rebuilt" if result.ok else "preview.has-errors") + shown, file=sys.stderr)

    loop = ioloop.IOLoop.current()
    watcher.start(loop, on_changes)
    print(say("preview.serving", site=state.site.name, url=f"http://{host}:{port}/"))
    if ready is not None:
        ready(loop, state)
    try:
        loop.start()
    finally:
        watcher.stop.set()
        server.stop()
