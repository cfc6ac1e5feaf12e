"""The preview in a real browser: a save takes the browser to the article and the section saved.

With `serve` running and the browser on the front page, saving a section file of an article
opens that article, scrolled to that section (the anchor its heading got in the build); saving
another section of the same page moves there. Chromium as in test_browser.py (skips without it,
fails under CI=true).
"""

from __future__ import annotations

import asyncio
import threading

import pytest
from test_browser import CHROMIUM_ARGS, SCREENSHOTS, _require_chromium
from test_serve import free_port, save_by_replacing

from iskias_site.preview.server import serve

pytestmark = pytest.mark.browser

LONG = "\n\n".join(f"Afsnit med tekst nummer {n}, så siden bliver lang [@alpha2020]." for n in range(60))
FILES = {
    "content/test/01-foerste.md": f"## Første afsnit\n\n{LONG}\n",
    "content/test/02-andet.md": f"## Andet afsnit\n\n{LONG}\n",
    "content/test/03-tredje.md": "## Tredje afsnit\n\nKort tekst [@beta2021].\n",
}


@pytest.fixture
def served(make_site):
    _require_chromium()
    root = make_site(FILES)
    port = free_port()
    started = threading.Event()
    holder = {}

    def ready(loop, state):
        holder.update(loop=loop, state=state)
        started.set()

    def run():
        asyncio.set_event_loop(asyncio.new_event_loop())
        serve(root, "127.0.0.1", port, ready=ready)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    assert started.wait(30), "the preview server did not start"
    yield root, f"http://127.0.0.1:{port}"
    holder["loop"].add_callback(holder["loop"].stop)
    thread.join(10)


def heading_in_view(page, anchor: str) -> bool:
    return page.evaluate("""(id) => { const box = document.getElementById(id).getBoundingClientRect();
                                       return box.top >= 0 && box.top < window.innerHeight; }""", anchor)


def test_a_saved_section_brings_the_browser_to_its_article_and_section(served):
    from playwright.sync_api import sync_playwright

    root, base = served
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(_require_chromium()), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            page.goto(base + "/", wait_until="load")
            page.wait_for_function("window.LiveReload && window.LiveReload.connector.protocol >= 7")
            page.wait_for_timeout(500)  # the server counts the browser once its "info" has arrived

            save_by_replacing(root / "content/test/02-andet.md", f"## Andet afsnit\n\nGemt lige nu.\n\n{LONG}\n")
            page.wait_for_url(base + "/test/#andet-afsnit", timeout=15000)
            page.get_by_text("Gemt lige nu.").wait_for()
            page.wait_for_function("window.scrollY > 0")
            assert heading_in_view(page, "andet-afsnit")
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SCREENSHOTS / "preview-followed-a-save.png"))  # for a person to look at

            page.wait_for_function("window.LiveReload && window.LiveReload.connector.protocol >= 7")
            page.wait_for_timeout(500)
            save_by_replacing(root / "content/test/03-tredje.md", "## Tredje afsnit\n\nOgså gemt [@beta2021].\n")
            page.wait_for_url(base + "/test/#tredje-afsnit", timeout=15000)
            page.get_by_text("Også gemt").wait_for()  # the same page, loaded again with the new text
            assert heading_in_view(page, "tredje-afsnit")
        finally:
            browser.close()
