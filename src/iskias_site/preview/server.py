"""`iskias-site serve`: the site as `build` makes it, rebuilt on every save, reloaded in the browser.

- The same `build_site` as the build command writes `_site/`, with the drafts too; a build with errors leaves the last
  good pages in place, and every page then shows a Danish banner listing the problems.
- Changes are found by polling file stamps every 50 ms (so a save that replaces the file, as
  editors and reference managers do, is seen like any other); a burst of saves gives one rebuild.
- The published pages forbid all scripts. Only the preview relaxes that, as it serves each page:
  it allows scripts from itself and adds the livereload client from `livereload`.
- Only the built folder is served (tornado refuses paths outside it); bound to 127.0.0.1 unless told.
"""

from __future__ import annotations

import html
import os
import re
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace

from livereload.handlers import LiveReloadHandler, LiveReloadJSHandler
from tornado import ioloop, web

from iskias_site.pipeline.site import BuildResult, build_site
from iskias_site.diagnostics import Diagnostic

POLL_MS = 50
QUIET_S = 0.04  # a save is done when nothing changed for this long
WATCHED = ("content", "templates", "static", "references.bib", "site.yml", "published-anchors.txt")
CSP_SCRIPT = re.compile(r"script-src 'none'")
LOOPBACK = {"127.0.0.1", "localhost", "::1"}


@dataclass
class PreviewState:
    """What the preview knows: the last build's problems and when files last changed."""

    site: Path
    out: Path
    problems: list[Diagnostic] = field(default_factory=list)
    stamps: dict[str, tuple[int, int, int]] = field(default_factory=dict)
    changed_at: float | None = None
    builds: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


def snapshot(site: Path) -> dict[str, tuple[int, int, int]]:
    """(mtime, size, inode) of every watched file; a replaced file gets a new inode."""
    stamps = {}
    for name in WATCHED:
        top = site / name
        paths = [top] if top.is_file() else (p for p in top.rglob("*") if p.is_file()) if top.is_dir() else []
        for path in paths:
            try:
                info = path.stat()
            except OSError:
                continue
            stamps[str(path)] = (info.st_mtime_ns, info.st_size, info.st_ino)
    return stamps


def rebuild(state: PreviewState) -> BuildResult:
    result = build_site(state.site, state.out, drafts=True)  # drafts show here, with their banner
    with state.lock:
        state.builds += 1
        state.problems = [d for d in result.diagnostics.sorted() if d.severity == "error"]
    for diagnostic in result.diagnostics.sorted():
        print(diagnostic.format(), file=sys.stderr)
    print("Rebuilt" if result.ok else "The site has errors; the browser shows them", file=sys.stderr)
    return result


def make_app(state: PreviewState, port: int) -> web.Application:
    class Reload(LiveReloadHandler):
        live_css = False
        watcher = SimpleNamespace(filepath="*")  # livereload logs it; our own polling does the watching

    class Page(web.StaticFileHandler):
        """The built files; HTML pages pass through `preview_page` on the way out."""

        async def get(self, path: str, include_body: bool = True) -> None:
            self.path = self.parse_url_path(path)
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

        def _send_page(self, page: Path, status: int) -> None:
            self.set_status(status)
            self.set_header("Content-Type", "text/html; charset=utf-8")
            self.set_header("Cache-Control", "no-store")
            self.finish(preview_page(page.read_text(encoding="utf-8"), state.problems, port))

        def write_error(self, status_code: int, **kwargs) -> None:
            not_found = Path(self.root) / "404.html"
            if status_code == 404 and not_found.is_file():
                self._send_page(not_found, 404)
            else:
                super().write_error(status_code, **kwargs)

    app = web.Application([
        (r"/livereload", Reload),
        (r"/livereload.js", LiveReloadJSHandler),
        (r"/(.*)", Page, {"path": str(state.out), "default_filename": "index.html"}),
    ])
    app.reload_handler = Reload  # type: ignore[attr-defined]
    return app


def preview_page(page: str, problems: list[Diagnostic], port: int) -> str:
    """The served page: scripts from this server allowed, the reload client added, a banner if broken."""
    page = CSP_SCRIPT.sub("script-src 'self'", page, count=1)
    page = page.replace("</head>", f'<script src="/livereload.js?port={port}" defer></script>\n</head>', 1)
    if problems:
        page = re.sub(r"(<body[^>]*>)", lambda m: m.group(1) + banner(problems), page, count=1)
    return page


def banner(problems: list[Diagnostic]) -> str:
    items = "".join(f"<li><code>{html.escape(p.path)}:{p.line}: {html.escape(p.message)}</code></li>"
                    for p in problems)
    return ('<div class="preview-errors" role="alert"><p><strong>Siden kunne ikke bygges. '
            "Du ser den seneste udgave, der virkede.</strong> Ret disse fejl:</p>"
            f"<ul>{items}</ul></div>")


def watch(state: PreviewState, on_rebuilt) -> ioloop.PeriodicCallback:
    """Poll the site; rebuild once a burst of changes has gone quiet."""

    def poll() -> None:
        stamps = snapshot(state.site)
        now = time.monotonic()
        if stamps != state.stamps:
            state.stamps, state.changed_at = stamps, now
        elif state.changed_at is not None and now - state.changed_at >= QUIET_S:
            state.changed_at = None
            rebuild(state)
            on_rebuilt()

    return ioloop.PeriodicCallback(poll, POLL_MS)


def serve(site: Path, host: str = "127.0.0.1", port: int = 8000,
          ready: Callable[[ioloop.IOLoop, PreviewState], None] | None = None) -> None:
    """Build, serve and watch until interrupted (or until `ready`'s loop is stopped)."""
    state = PreviewState(site.resolve(), (site / "_site").resolve())
    if host not in LOOPBACK:
        print(f"warning: serving on {host}: anyone on that network can read the preview", file=sys.stderr)
    rebuild(state)
    state.stamps = snapshot(state.site)
    app = make_app(state, port)
    server = app.listen(port, address=host)
    watcher = watch(state, lambda: app.reload_handler.reload_waiters(path="*"))
    watcher.start()
    print(f"Serving {state.site.name} on http://{host}:{port}/ (Ctrl+C stops)")
    if ready is not None:
        ready(ioloop.IOLoop.current(), state)
    try:
        ioloop.IOLoop.current().start()
    finally:
        watcher.stop()
        server.stop()
