"""The preview server: serves what the build makes, rebuilds on saves, shows errors, stays in its folder."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import re
import socket
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from tornado.websocket import websocket_connect

from iskias_site.pipeline.site import build_site
from iskias_site.preview.server import PreviewState, follow_address, rebuild, serve

SECTION = "content/test/01-foerste.md"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def running_preview(root: Path, **options) -> Iterator[tuple[int, PreviewState]]:
    """`iskias-site serve` for `root` in a thread, on a free port: (port, its state); stopped after."""
    port = free_port()
    started = threading.Event()
    holder = {}

    def ready(loop, state):
        holder.update(loop=loop, state=state)
        started.set()

    def run():
        asyncio.set_event_loop(asyncio.new_event_loop())
        serve(root, "127.0.0.1", port, ready=ready, **options)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    assert started.wait(30), "the preview server did not start"
    try:
        yield port, holder["state"]
    finally:
        holder["loop"].add_callback(holder["loop"].stop)
        thread.join(10)


@pytest.fixture
def preview(make_site):
    root = make_site()
    with running_preview(root) as (port, state):
        yield root, port, state


def fetch(port: int, path: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=10) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8", "replace")


def save_by_replacing(path: Path, text: str) -> None:
    """Save the way reference managers and many editors do: write a new file, rename it over the old."""
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def run_in_own_loop(scenario):
    """asyncio.run in a thread of its own: other tests (Playwright) may hold this thread's loop."""
    result = {}
    thread = threading.Thread(target=lambda: result.update(value=asyncio.run(scenario())))
    thread.start()
    thread.join(60)
    assert "value" in result, "the scenario did not finish"
    return result["value"]


def wait_for(condition, seconds: float = 15.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError("the condition did not come true")


def test_serves_the_built_page_with_the_reload_client_and_a_csp_allowing_only_itself(preview):
    root, port, _ = preview
    status, page = fetch(port, "/test/")
    assert status == 200
    assert f'<script src="/livereload.js?port={port}" defer></script>' in page
    assert '<script src="/livereload-follow.js" defer></script>' in page
    assert "LiveReloadPluginFollow" in fetch(port, "/livereload-follow.js")[1]
    assert "script-src 'self'" in page and "script-src 'none'" not in page
    published = (root / "_site/test/index.html").read_text(encoding="utf-8")
    assert "script-src 'none'" in published and "livereload" not in published


def test_the_feed_is_served_as_atom(preview):
    _, port, _ = preview
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/feed.xml", timeout=10) as response:
        assert response.headers["Content-Type"] == "application/atom+xml; charset=utf-8"
        assert b"<feed" in response.read()
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/sitemap.xml", timeout=10) as response:
        assert response.headers["Content-Type"] != "application/atom+xml; charset=utf-8"


def test_a_replaced_file_is_rebuilt_and_the_browser_told_to_reload(preview):
    root, port, _ = preview

    async def scenario() -> dict:
        socket_ = await websocket_connect(f"ws://127.0.0.1:{port}/livereload")
        socket_.write_message(json.dumps({"command": "hello", "protocols": []}))
        await socket_.read_message()  # the server's hello
        socket_.write_message(json.dumps({"command": "info", "url": f"http://127.0.0.1:{port}/test/"}))
        await asyncio.sleep(0.2)
        save_by_replacing(root / SECTION, "## Første afsnit\n\nNy tekst efter gemning [@alpha2020].\n")
        message = await asyncio.wait_for(socket_.read_message(), 15)
        socket_.close()
        return json.loads(message)

    assert run_in_own_loop(scenario)["command"] == "reload"
    assert "Ny tekst efter gemning" in fetch(port, "/test/")[1]


def test_broken_content_keeps_the_last_good_page_and_shows_a_banner_until_fixed(preview):
    root, port, state = preview
    builds = state.builds
    save_by_replacing(root / SECTION, "## Første afsnit\n\nTekst [@alpha2021].\n")
    wait_for(lambda: state.builds > builds)
    status, page = fetch(port, "/test/")
    assert status == 200
    assert '<div class="preview-errors" role="alert">' in page
    assert ("<code>content/test/01-foerste.md:3: ukendt kildenøgle &#x27;alpha2021&#x27; "
            "(mente du &#x27;alpha2020&#x27;?)</code> "
            '<a href="/_vejledning/#unknown-citation-key" title="hvad det betyder">[unknown-citation-key]</a>') in page
    assert "Tekst <span" in page  # the last good page, with its citation
    save_by_replacing(root / SECTION, "## Første afsnit\n\nRettet tekst [@alpha2020].\n")
    wait_for(lambda: "Rettet tekst" in fetch(port, "/test/")[1])
    assert "preview-errors" not in fetch(port, "/test/")[1]


def test_a_burst_of_saves_gives_one_rebuild(preview):
    root, port, state = preview
    builds = state.builds
    for n in range(5):
        save_by_replacing(root / SECTION, f"## Første afsnit\n\nUdgave {n} [@alpha2020].\n")
    wait_for(lambda: "Udgave 4" in fetch(port, "/test/")[1])
    time.sleep(0.5)
    assert state.builds == builds + 1


@pytest.mark.parametrize("path", ["/../site.yml", "/%2e%2e/site.yml", "/%2E%2E%2Fsite.yml", "/..%2fsite.yml",
                                  "/static/../../site.yml", "/content/test/index.md", "/references.bib"])
def test_nothing_outside_the_built_site_is_served(preview, path):
    _, port, _ = preview
    status, body = fetch(port, path)
    assert status in (400, 403, 404)
    assert "base_url" not in body and "@article" not in body


def test_a_symbolic_link_out_of_the_site_is_refused(preview):
    root, port, _ = preview
    (root / "_site/leak.txt").symlink_to(root / "site.yml")
    status, body = fetch(port, "/leak.txt")
    assert status == 403 and "base_url" not in body


def test_a_missing_page_gets_the_danish_404(preview):
    _, port, _ = preview
    status, body = fetch(port, "/findes-ikke/")
    assert status == 404 and "Siden findes ikke" in body


def test_published_pages_have_no_script_of_the_preview(make_site, tmp_path):
    """Only the preview adds its scripts, as it serves a page; what `build` writes has none. Apart
    from the search page (whose search box is a script, allowed by its issue), no page has a
    script at all (the JSON-LD metadata is data in a script element, which no browser runs)."""
    root = make_site()
    result = build_site(root, tmp_path / "out")
    assert result.ok
    pages = list((tmp_path / "out").rglob("*.html"))
    assert pages
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert "livereload" not in text, page
        if page.parent.name != "soeg":
            tags = re.findall(r"<script\b[^>]*>", text)
            assert all(tag == '<script type="application/ld+json">' for tag in tags), (page, tags)
            assert "script-src 'none'" in text, page


def test_the_reload_names_the_saved_article_at_its_section(make_site):
    root = make_site({"content/test/02-andet.md": "## Andet afsnit {#andet}\n\nMere tekst [@alpha2020].\n"})
    state = PreviewState(root, root / "_site")
    assert rebuild(state).ok
    content = root / "content/test"
    assert follow_address({content / "02-andet.md"}, state) == "/test/#andet"  # the anchor the build gave it
    assert follow_address({content / "01-foerste.md"}, state) == "/test/#foerste-afsnit"
    assert follow_address({content / "index.md"}, state) == "/test/"  # the introduction: the top of the page
    assert follow_address({root / "templates/base.html", root / "references.bib"}, state) is None
    assert follow_address({content / "02-andet.md.tmp"}, state) is None  # renamed away: gone


def test_the_terminal_speaks_danish(preview, capsys):
    root, port, state = preview
    builds = state.builds
    save_by_replacing(root / SECTION, "## Første afsnit\n\nNyt [@alpha2020].\n")
    wait_for(lambda: state.builds > builds)
    wait_for(lambda: "Bygget igen" in capsys.readouterr().err)


def test_saves_are_seen_by_polling_too(make_site):
    root = make_site()
    earlier = time.time() - 60  # watchfiles' polling sees a new modification time to the second
    os.utime(root / SECTION, (earlier, earlier))
    with running_preview(root, poll=True) as (port, _):
        save_by_replacing(root / SECTION, "## Første afsnit\n\nFundet ved afsøgning [@alpha2020].\n")
        wait_for(lambda: "Fundet ved afsøgning" in fetch(port, "/test/")[1])


def test_the_search_index_is_made_when_the_search_page_first_asks_for_it(preview):
    root, port, state = preview
    assert not (root / "_site/pagefind").exists()  # no rebuild runs Pagefind
    status, script = fetch(port, "/pagefind/pagefind.js")
    assert status == 200 and script
    assert state.search_current
