"""The built site in a real browser (Debian's Chromium through Playwright).

The repository's own site is built once per session into a temporary folder, served over HTTP on
127.0.0.1 (a free port, only that folder), and checked for: axe-core accessibility rules at phone
and desktop widths in light and dark mode, no sideways scrolling on a phone, the print layout,
citations that work without JavaScript (click and keyboard), in-page links that resolve, and
readable contrast in the inline SVG charts. Full-page screenshots land in
test-artifacts/screenshots/ for a person to look at.

Chromium must be at /usr/bin/chromium. Without it the tests skip, except under CI=true, where
they fail: a CI run that silently skips its browser checks is worse than a red one.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from iskias_site.build import build_site

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
SCREENSHOTS = REPO / "test-artifacts" / "screenshots"

ARTICLE = "/iskiassmerter/"
PAGES = {"index": "/", "article": ARTICLE, "404": "/404.html"}
WIDTHS = [320, 1280]
SCHEMES = ["light", "dark"]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


# --- fixtures: Chromium, the built site, a local server, one browser --------------------------

@pytest.fixture(scope="session")
def chromium_path() -> Path:
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        message = f"Chromium is not installed at {CHROMIUM}; the browser tests cannot run"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{message} (CI=true: browser tests must run in CI, so this is a failure, "
                        f"not a skip; install Debian's 'chromium' package)", pytrace=False)
        pytest.skip(message)
    return CHROMIUM


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("browser") / "site"
    result = build_site(REPO, out)
    problems = "\n".join(d.format() for d in result.diagnostics.sorted())
    assert result.ok, f"the repository's site did not build:\n{problems}"
    assert (out / "index.html").is_file()
    return out


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args) -> None:  # noqa: A002 (the standard library's name)
        pass


@pytest.fixture(scope="session")
def base_url(site_dir: Path) -> Iterator[str]:
    handler = functools.partial(_QuietHandler, directory=str(site_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="session")
def browser(chromium_path: Path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(chromium_path), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture(scope="session")
def screenshots_dir() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


@pytest.fixture(scope="session")
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


def open_page(browser, url: str, *, width: int = 1280, scheme: str = "light", javascript: bool = True):
    """A fresh context and page at `url`; returns (context, page, console errors)."""
    context = browser.new_context(viewport={"width": width, "height": 800}, color_scheme=scheme,
                                  java_script_enabled=javascript, reduced_motion="reduce")
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    response = page.goto(url, wait_until="load")
    assert response is not None
    return context, page, errors, response


# --- axe-core ----------------------------------------------------------------------------------

def _violation_report(violations: list[dict], limit: int = 8) -> str:
    lines = []
    for v in violations:
        lines.append(f"- {v['id']} ({v.get('impact')}): {v.get('help')}")
        nodes = v.get("nodes", [])
        for node in nodes[:limit]:
            target = " ".join(str(t) for t in node.get("target", []))
            summary = " ".join((node.get("failureSummary") or "").split())
            lines.append(f"    {target}  — {summary}")
        if len(nodes) > limit:
            lines.append(f"    … and {len(nodes) - limit} more")
    return "\n".join(lines)


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", list(PAGES))
def test_axe_has_no_violations(browser, base_url, axe, screenshots_dir, name, width, scheme):
    context, page, errors, response = open_page(browser, base_url + PAGES[name], width=width, scheme=scheme)
    try:
        assert response.ok or name == "404", f"{PAGES[name]} answered {response.status}"
        page.screenshot(path=str(screenshots_dir / f"{name}-{width}-{scheme}.png"), full_page=True)
        results = axe.run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS},
                                         "resultTypes": ["violations"]})
        violations = results.response["violations"]
        if violations:
            report = _violation_report(violations)
            print(f"\naxe violations on {PAGES[name]} at {width}px, {scheme}:\n{report}")
            pytest.fail(f"{len(violations)} axe rule(s) fail on {PAGES[name]} at {width}px ({scheme}):\n{report}",
                        pytrace=False)
        assert not errors, f"console errors on {PAGES[name]}: {errors}"
    finally:
        context.close()


# --- layout ------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", list(PAGES))
def test_no_horizontal_scroll_at_320px(browser, base_url, name):
    for scheme in SCHEMES:
        context, page, _, _ = open_page(browser, base_url + PAGES[name], width=320, scheme=scheme)
        try:
            if name == "article":  # the figure's table is hidden until opened: open it too
                page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
            scroll_width = page.evaluate("document.documentElement.scrollWidth")
            wide = page.evaluate("""() => [...document.querySelectorAll('body *')]
                .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5
                             && !e.closest('.table-scroll, [popover]'))
                .slice(0, 10).map(e => e.tagName.toLowerCase() + (e.className && typeof e.className === 'string'
                                                               ? '.' + e.className.split(' ').join('.') : ''))""")
            assert scroll_width <= 320, (f"{PAGES[name]} ({scheme}) scrolls sideways at 320px: scrollWidth "
                                         f"{scroll_width}; elements sticking out: {wide}")
        finally:
            context.close()


def test_print_layout(browser, base_url, screenshots_dir):
    context, page, _, _ = open_page(browser, base_url + ARTICLE)
    try:
        page.emulate_media(media="print")
        cards = page.locator(".care-card")
        assert cards.count() >= 1, "the article has no care cards"
        for index in range(cards.count()):
            assert cards.nth(index).is_visible(), f"care card {index + 1} is hidden in print"
        assert page.locator("#kilder").is_visible(), "the reference list heading is hidden in print"
        assert page.locator(".references li").first.is_visible(), "the reference list is hidden in print"
        assert page.locator(".contents").is_hidden(), "the contents list should not be printed"
        page.pdf(path=str(screenshots_dir / "article-print.pdf"))  # to look at, like the screenshots
    finally:
        context.close()


# --- without JavaScript ------------------------------------------------------------------------

@pytest.fixture()
def no_js_article(browser, base_url):
    context, page, _, response = open_page(browser, base_url + ARTICLE, width=320, javascript=False)
    assert response.ok
    yield page
    context.close()


def test_article_reads_without_javascript(no_js_article):
    page = no_js_article
    assert page.locator("h1").is_visible()
    assert page.locator("h1").inner_text().strip() == "Iskiassmerter"
    assert page.locator(".contents").is_visible()
    assert page.locator(".contents li a").count() >= 2
    assert page.locator(".care-card").count() >= 1
    for index in range(page.locator(".care-card").count()):
        assert page.locator(".care-card").nth(index).is_visible()
    assert page.locator("#kilder").is_visible()
    assert page.locator(".references li[id^='ref-']").count() >= 1
    assert page.locator(".references li[id^='ref-']").first.is_visible()


def _first_citation(page) -> tuple[object, str]:
    button = page.locator(".citation-button").first
    assert button.is_visible(), "the first citation's button is not shown"
    target = button.get_attribute("popovertarget")
    assert target and target.endswith("-kilder"), f"unexpected popovertarget {target!r}"
    return button, target


def _assert_preview_open(page, target: str) -> None:
    preview = page.locator(f"[id='{target}']")
    assert preview.is_visible(), f"#{target} did not become visible"
    assert page.locator(f"[id='{target}']:popover-open").count() == 1, f"#{target} is not :popover-open"
    jumps = preview.locator("a[href^='#ref-']")
    assert jumps.count() >= 1, f"#{target} has no link into the reference list"
    assert jumps.first.is_visible()


def test_citation_preview_opens_by_click_without_javascript(no_js_article):
    page = no_js_article
    button, target = _first_citation(page)
    assert page.locator(f"[id='{target}']").is_hidden()
    button.click()
    _assert_preview_open(page, target)
    # The preview's link leads to the entry in the list.
    preview = page.locator(f"[id='{target}']")
    href = preview.locator("a[href^='#ref-']").first.get_attribute("href")
    preview.locator("a[href^='#ref-']").first.click()
    assert page.url.endswith(href)
    assert page.locator(f"[id='{href[1:]}']").is_visible()


def test_citation_preview_opens_by_keyboard_without_javascript(no_js_article):
    page = no_js_article
    button, target = _first_citation(page)
    button.focus()
    page.keyboard.press("Enter")
    _assert_preview_open(page, target)
    page.keyboard.press("Escape")
    assert page.locator(f"[id='{target}']").is_hidden(), "Escape should close the preview"
    # The close button works from the keyboard too.
    button.focus()
    page.keyboard.press("Space")
    _assert_preview_open(page, target)
    close = page.locator(f"[id='{target}'] button[popovertargetaction='hide']")
    close.focus()
    page.keyboard.press("Enter")
    assert page.locator(f"[id='{target}']").is_hidden(), "the preview's close button does not close it"


# --- links -------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", list(PAGES))
def test_in_page_links_resolve(browser, base_url, name):
    context, page, _, _ = open_page(browser, base_url + PAGES[name])
    try:
        missing = page.evaluate("""() => {
            const ids = new Set([...document.querySelectorAll('[id]')].map(e => e.id));
            const out = [];
            for (const a of document.querySelectorAll('a[href^="#"]')) {
                const id = decodeURIComponent(a.getAttribute('href').slice(1));
                if (!id || !ids.has(id)) out.push(a.getAttribute('href'));
            }
            for (const b of document.querySelectorAll('[popovertarget]')) {
                const el = document.getElementById(b.getAttribute('popovertarget'));
                if (!el || !el.hasAttribute('popover')) out.push('popovertarget=' + b.getAttribute('popovertarget'));
            }
            for (const e of document.querySelectorAll('[aria-labelledby]')) {
                for (const id of e.getAttribute('aria-labelledby').split(/\\s+/))
                    if (!ids.has(id)) out.push('aria-labelledby=' + id);
            }
            return out;
        }""")
        assert not missing, f"links on {PAGES[name]} point to nothing: {missing}"
        if name == "article":
            count = page.locator("a[href^='#ref-']").count()
            assert count >= 1, "the article has no citation links"
    finally:
        context.close()


# --- charts: axe does not check SVG text and shapes, so we do -----------------------------------

CONTRAST_SCRIPT = """() => {
    const parse = (c) => {
        const m = c.match(/rgba?\\(([^)]+)\\)/);
        if (!m) return null;
        const p = m[1].split(/[ ,\\/]+/).filter(Boolean).map(Number);
        return {r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1};
    };
    const lum = ({r, g, b}) => {
        const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
        return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
    };
    const ratio = (x, y) => { const a = lum(x), b = lum(y); return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05); };
    const background = (el) => {
        for (let e = el; e; e = e.parentElement) {
            const c = parse(getComputedStyle(e).backgroundColor);
            if (c && c.a > 0) return c;
        }
        return {r: 255, g: 255, b: 255, a: 1};
    };
    const out = [];
    for (const svg of document.querySelectorAll('svg.data-figure-chart')) {
        const bg = background(svg);
        for (const t of svg.querySelectorAll('text')) {
            const r = ratio(parse(getComputedStyle(t).fill), bg);
            if (r < 4.5) out.push(`text "${t.textContent}" ${r.toFixed(2)}:1`);
        }
        for (const bar of svg.querySelectorAll('.bar')) {
            const r = ratio(parse(getComputedStyle(bar).fill), bg);
            if (r < 3) out.push(`bar ${r.toFixed(2)}:1`);
        }
        for (const line of svg.querySelectorAll('.baseline')) {
            const r = ratio(parse(getComputedStyle(line).stroke), bg);
            if (r < 3) out.push(`baseline ${r.toFixed(2)}:1`);
        }
    }
    return out;
}"""


@pytest.mark.parametrize("scheme", SCHEMES)
def test_chart_contrast(browser, base_url, scheme):
    context, page, _, _ = open_page(browser, base_url + ARTICLE, scheme=scheme)
    try:
        assert page.locator("svg.data-figure-chart").count() >= 1, "the article has no chart"
        low = page.evaluate(CONTRAST_SCRIPT)
        assert not low, f"chart contrast too low in {scheme} mode (text needs 4.5:1, bars 3:1): {low[:10]}"
    finally:
        context.close()
