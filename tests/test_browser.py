"""The built site in a real browser (Debian's Chromium through Playwright).

The repository's own site is built once per session into a temporary folder, served over HTTP on
127.0.0.1 (a free port, only that folder), and checked for: axe-core accessibility rules at phone
and desktop widths in light and dark mode, no sideways scrolling on a phone, the print layout,
citations that work without JavaScript (click and keyboard), in-page links that resolve,
readable contrast in the charts' SVG files (axe does not look inside an image), the chart
shown as an image with its alt text pointing to its table, and a visible keyboard focus on every
kind of tab stop (axe cannot see focus styles), and glossary terms whose explanation opens by
keyboard and by touch at 320 px; and the preview (`serve`) taking the browser to the article
and section an editor saved. Full-page screenshots (and a print PDF) land in
test-artifacts/screenshots/ for a person to look at.

Chromium must be at /usr/bin/chromium. Without it the tests skip, except under CI=true, where
they fail: a CI run that silently skips its browser checks is worse than a red one.
"""

from __future__ import annotations

import io
from collections import Counter
from pathlib import Path

import pytest
from PIL import Image
from conftest import require_chromium as _require_chromium
from test_serve import running_preview, save_by_replacing

from iskias_site.pipeline.site import build_site

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parent.parent
SCREENSHOTS = REPO / "test-artifacts" / "screenshots"

ARTICLE = "/iskiassmerter/"
PRINCIPLES = "/genoptraening/"  # the second article: the source's 8 principles of rehabilitation
PAGES = {"index": "/", "article": ARTICLE, "principles": PRINCIPLES, "404": "/404.html", "ordbog": "/ordbog/", "search": "/soeg/",
         "topic": "/emne/ryg-og-nerver/", "a-z": "/a-z/", "news": "/nyt/",
         "handout": ARTICLE + "udskrift/"}
WIDTHS = [320, 1280]
SCHEMES = ["light", "dark"]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


# --- fixtures: Chromium, the built site, a local server, one browser --------------------------

def test_chromium_is_available():
    """One plain test that FAILS (not errors) under CI=true when Chromium is missing."""
    _require_chromium()


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("browser") / "site"
    result = build_site(REPO, out)
    problems = "\n".join(d.format() for d in result.diagnostics.sorted())
    assert result.ok, f"the repository's site did not build:\n{problems}"
    assert (out / "index.html").is_file()
    return out


@pytest.fixture(scope="session")
def screenshots_dir() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


def open_page(browser, url: str, *, width: int = 1280, scheme: str = "light", javascript: bool = True):
    """A fresh context and page at `url`: (context, page, console errors so far, response)."""
    context = browser.new_context(viewport={"width": width, "height": 800}, color_scheme=scheme,
                                  java_script_enabled=javascript, reduced_motion="reduce")
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    response = page.goto(url, wait_until="load")
    assert response is not None
    return context, page, errors, response


# --- axe-core ----------------------------------------------------------------------------------

def _violation_report(violations: list[dict]) -> str:
    """Each violation's id, impact and every target selector; each distinct explanation once."""
    lines = []
    for v in violations:
        lines.append(f"- {v['id']} ({v.get('impact')}): {v.get('help')} <{v.get('helpUrl', '')}>")
        explained: set[str] = set()
        for node in v.get("nodes", []):
            target = " ".join(str(t) for t in node.get("target", []))
            summary = " ".join((node.get("failureSummary") or "").split())
            lines.append(f"    {target}" + ("" if summary in explained else f"  — {summary}"))
            explained.add(summary)
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


@pytest.mark.parametrize("scheme", SCHEMES)
def test_axe_with_a_citation_preview_open(browser, base_url, axe, screenshots_dir, scheme):
    """The popover is hidden during the page scans above; check it open, at phone width."""
    context, page, _, _ = open_page(browser, base_url + ARTICLE, width=320, scheme=scheme)
    try:
        button = page.locator(".citation-button").first
        button.click()
        target = button.get_attribute("popovertarget")
        assert page.locator(f"[id='{target}']:popover-open").count() == 1
        page.screenshot(path=str(screenshots_dir / f"article-320-{scheme}-citation-open.png"))
        results = axe.run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS},
                                         "resultTypes": ["violations"]})
        violations = results.response["violations"]
        if violations:
            report = _violation_report(violations)
            print(f"\naxe violations with #{target} open ({scheme}):\n{report}")
            pytest.fail(f"{len(violations)} axe rule(s) fail with #{target} open ({scheme}):\n{report}",
                        pytrace=False)
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


def test_print_is_black_on_white_in_dark_mode(browser, base_url):
    """A reader whose screen is dark prints the page, its chart too, in black on white paper (the
    chart's SVG picks its colours by the page's color-scheme, which print sets to light)."""
    context, page, _, _ = open_page(browser, base_url + ARTICLE, scheme="dark")
    try:
        page.emulate_media(media="print")
        colours = page.evaluate("() => [getComputedStyle(document.body).backgroundColor, getComputedStyle(document.body).color]")
        assert colours == ["rgb(255, 255, 255)", "rgb(0, 0, 0)"], colours
        image = page.locator("figure.data-figure img")
        image.scroll_into_view_if_needed()
        page.wait_for_function("() => document.querySelector('figure.data-figure img').complete")
        _, _, pixels = _png_pixels(image.screenshot(animations="disabled"))
        most = Counter(pixels).most_common(2)
        assert most[0][0] == (255, 255, 255), f"the printed chart's commonest colours: {most}"
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


# --- charts: an image of its own (an SVG file beside the page); axe does not look inside it -----

CHARTS = ["figur-fund-uden-smerter.svg", "figur-fund-uden-smerter-bred.svg"]  # narrow, wide

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
    for (const svg of document.querySelectorAll('svg')) {  // the chart's file, opened as a document
        const box = svg.querySelector('.box');  // each panel is drawn on its own background
        const bg = box ? parse(getComputedStyle(box).fill) : background(svg);
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


@pytest.mark.parametrize("drawing", CHARTS)
@pytest.mark.parametrize("scheme", SCHEMES)
def test_chart_contrast(browser, base_url, scheme, drawing):
    """The chart's file on its own, in the scheme it is drawn in: its own styles give the contrast."""
    context, page, _, response = open_page(browser, base_url + ARTICLE + drawing, scheme=scheme)
    try:
        assert response.ok and page.locator("svg text").count() >= 1, f"{drawing} draws no chart"
        low = page.evaluate(CONTRAST_SCRIPT)
        assert not low, f"chart contrast too low in {scheme} mode (text needs 4.5:1, bars 3:1): {low[:10]}"
    finally:
        context.close()


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("width, drawing", zip(WIDTHS, CHARTS))
def test_the_chart_shows_as_an_image_that_points_to_its_table(browser, base_url, screenshots_dir, scheme, width,
                                                              drawing):
    context, page, errors, _ = open_page(browser, base_url + ARTICLE, width=width, scheme=scheme)
    try:
        image = page.locator("figure.data-figure img")
        assert image.count() == 1 and page.locator("figure.data-figure svg").count() == 0
        image.scroll_into_view_if_needed()
        page.wait_for_function("() => document.querySelector('figure.data-figure img').complete")
        shown = page.evaluate("""() => { const i = document.querySelector('figure.data-figure img');
            return {width: i.naturalWidth, src: i.currentSrc, alt: i.alt, shownWidth: i.clientWidth,
                    table: i.closest('figure').querySelector('details summary').textContent}; }""")
        assert shown["width"] > 0 and shown["src"].endswith("/" + drawing), shown
        assert shown["shownWidth"] >= 250, shown  # the column's width, not the file's
        assert shown["alt"].startswith("Søjlediagrammer") and f"»{shown['table']}«" in shown["alt"], shown["alt"]
        image.screenshot(path=str(screenshots_dir / f"article-chart-{width}-{scheme}.png"))
        assert not errors, errors
    finally:
        context.close()


# --- keyboard focus: axe cannot see focus styles, so tab through each page and look -------------

def _png_pixels(data: bytes) -> tuple[int, int, list[tuple[int, int, int]]]:
    """A screenshot's (width, height, RGB pixels row by row)."""
    image = Image.open(io.BytesIO(data)).convert("RGB")
    raw = image.tobytes()
    return image.width, image.height, [tuple(raw[at:at + 3]) for at in range(0, len(raw), 3)]


def _luminance(rgb: tuple[int, int, int]) -> float:
    def channel(v: int) -> float:
        v = v / 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4
    r, g, b = rgb
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def _contrast(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    la, lb = _luminance(a), _luminance(b)
    return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)


FOCUSED = """() => {
    const el = document.activeElement;
    if (!el || el === document.body || el === document.documentElement) return null;
    window.__focused = el;
    const r = el.getBoundingClientRect();
    const parts = ['care-card-emergency', 'care-card-urgent', 'care-card-non-urgent', 'callout', 'contents',
                   'references', 'trust', 'site-header', 'site-footer', 'data-figure', 'article-header',
                   'citation-previews'];
    const home = parts.find(p => el.closest('.' + p)) || 'page';
    const name = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
        + (el.getAttribute('class') ? '.' + el.getAttribute('class').trim().split(/\\s+/).join('.') : '')
        + (el.getAttribute('href') ? `[href="${el.getAttribute('href')}"]` : '');
    return {name, kind: el.tagName + '.' + (el.getAttribute('class') || '') + ' in ' + home,
            x: r.x, y: r.y, width: r.width, height: r.height,
            vw: document.documentElement.clientWidth, vh: window.innerHeight};
}"""


def _focus_indicator_pixels(page, info: dict) -> tuple[int, int]:
    """(pixels that change by at least 3:1 when the element gets focus, its 1px perimeter)."""
    margin = 6
    x, y = max(info["x"] - margin, 0), max(info["y"] - margin, 0)
    clip = {"x": x, "y": y, "width": min(info["x"] + info["width"] + margin, info["vw"]) - x,
            "height": min(info["y"] + info["height"] + margin, info["vh"]) - y}
    focused = _png_pixels(page.screenshot(clip=clip, animations="disabled", caret="hide"))
    page.evaluate("() => window.__focused.blur()")
    unfocused = _png_pixels(page.screenshot(clip=clip, animations="disabled", caret="hide"))
    page.evaluate("() => window.__focused.focus()")
    assert focused[:2] == unfocused[:2]
    changed = sum(1 for a, b in zip(focused[2], unfocused[2]) if a != b and _contrast(a, b) >= 3)
    return changed, round(2 * (min(info["width"], clip["width"]) + min(info["height"], clip["height"])))


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("name", list(PAGES))
def test_keyboard_focus_is_visible(browser, base_url, name, scheme):
    """Tab through the page. For the first tab stop of each kind (element, class and the component
    it sits in), compare screenshots with and without focus: at least as many pixels as the
    element's perimeter must change with 3:1 contrast (WCAG 2.4.7, measured the 2.4.13 way)."""
    context, page, _, _ = open_page(browser, base_url + PAGES[name], width=1280, scheme=scheme)
    try:
        weak, seen, stops, first = [], set(), 0, None
        for _ in range(600):
            page.keyboard.press("Tab")
            info = page.evaluate(FOCUSED)
            if info is None or info["name"] == first:
                break
            first = first or info["name"]
            stops += 1
            if info["kind"] in seen:
                continue
            seen.add(info["kind"])
            changed, needed = _focus_indicator_pixels(page, info)
            if changed < needed:
                weak.append(f"{info['name']} ({info['kind']}): {changed} px changed, {needed} needed")
        assert stops >= 2, f"only {stops} tab stop(s) found on {PAGES[name]}"
        if weak:
            pytest.fail(f"focus is hard to see on {PAGES[name]} ({scheme}), {len(seen)} kinds of tab stop "
                        f"checked:\n" + "\n".join(weak), pytrace=False)
    finally:
        context.close()


# --- the red flags on a phone --------------------------------------------------------------------

@pytest.mark.browser
def test_a_reader_in_each_region_sees_their_number_at_320px_without_opening_anything(browser, base_url,
                                                                                     screenshots_dir):
    import yaml

    phones = yaml.safe_load((REPO / "site.yml").read_text(encoding="utf-8"))["phones"]
    context, page, errors, _ = open_page(browser, f"{base_url}/iskiassmerter/", width=320, javascript=False)
    try:
        card = page.locator(".care-card-urgent")
        card.scroll_into_view_if_needed()
        for phone in (p for p in phones.values() if p.get("region")):
            row = card.locator(".care-card-phones li", has_text=phone["region"])
            link = row.locator("a")
            assert row.is_visible() and link.is_visible(), phone["region"]
            box = link.bounding_box()
            assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 320, phone["region"]
            assert box["height"] >= 24, "a target of at least 24 px (WCAG 2.2, 2.5.8)"
            assert link.get_attribute("href") == "tel:" + "".join(c for c in str(phone["number"]) if c.isdigit())
        card.screenshot(path=str(screenshots_dir / "urgent-card-320.png"))
        assert errors == []
    finally:
        context.close()


# --- glossary terms ----------------------------------------------------------------------------
# A term's explanation opens by keyboard and by touch at 320 px without JavaScript; axe finds
# nothing with it open. (The Ordbog page is in PAGES above, with the site's other pages.)

def _term_page(browser, base_url, *, touch: bool = False, scheme: str = "light", javascript: bool = False):
    """The article at 320 px; without JavaScript, except for axe, which is a script."""
    context = browser.new_context(viewport={"width": 320, "height": 700}, java_script_enabled=javascript,
                                  has_touch=touch, is_mobile=touch, color_scheme=scheme, reduced_motion="reduce")
    page = context.new_page()
    assert page.goto(base_url + ARTICLE, wait_until="load").ok
    return context, page


def _first_term(page):
    term = page.locator("button.term").first
    assert term.is_visible()
    target = term.get_attribute("popovertarget")
    assert target and target.startswith("ord-")
    assert page.locator(f"[id='{target}']").is_hidden()
    return term, target


def _assert_term_open(page, target: str) -> None:
    assert page.locator(f"[id='{target}']:popover-open").count() == 1, f"#{target} did not open"
    box = page.locator(f"[id='{target}']")
    assert box.is_visible()
    # its headword is its name (aria-label), shown by the style sheet above the explanation
    word = box.get_attribute("aria-label")
    assert word and page.get_by_role("dialog", name=word).count() >= 1
    shown = page.evaluate("""(id) => { const box = document.getElementById(id); const before = getComputedStyle(box, '::before');
        return {content: before.content, display: before.display, height: box.getBoundingClientRect().height}; }""", target)
    assert shown["content"] not in ("none", "normal", "") and shown["display"] == "block", shown
    # the explanation is the box's own text, before its link and close button
    parts = [box.locator(selector).first.inner_text() for selector in ("a", "button")]
    explanation = box.inner_text()
    for part in parts:
        explanation = explanation.replace(part, "", 1)
    assert len(explanation.strip()) > 20, f"#{target} shows no explanation: {box.inner_text()!r}"


def test_a_term_opens_and_closes_by_keyboard(browser, base_url):
    context, page = _term_page(browser, base_url)
    try:
        term, target = _first_term(page)
        term.focus()
        page.keyboard.press("Enter")
        _assert_term_open(page, target)
        page.keyboard.press("Escape")
        assert page.locator(f"[id='{target}']").is_hidden(), "Escape should close the explanation"
        assert page.evaluate("document.activeElement.getAttribute('popovertarget')") == target, "focus goes back"
        page.keyboard.press("Space")
        _assert_term_open(page, target)
        page.locator(f"[id='{target}'] button[popovertargetaction='hide']").focus()
        page.keyboard.press("Enter")
        assert page.locator(f"[id='{target}']").is_hidden(), "the close button does not close it"
    finally:
        context.close()


def test_a_term_opens_by_touch_at_320px(browser, base_url, screenshots_dir):
    context, page = _term_page(browser, base_url, touch=True)
    try:
        term, target = _first_term(page)
        term.tap()
        _assert_term_open(page, target)
        box = page.locator(f"[id='{target}']").bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 320, "explanation wider than the phone"
        page.screenshot(path=str(screenshots_dir / "article-320-term-open.png"))
        page.locator(f"[id='{target}'] button[popovertargetaction='hide']").tap()
        assert page.locator(f"[id='{target}']").is_hidden()
    finally:
        context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_with_a_term_open(browser, base_url, axe, scheme):
    context, page = _term_page(browser, base_url, scheme=scheme, javascript=True)
    try:
        term, target = _first_term(page)
        term.click()
        _assert_term_open(page, target)
        violations = axe.run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS},
                                            "resultTypes": ["violations"]}).response["violations"]
        assert not violations, _violation_report(violations)
    finally:
        context.close()


# --- the real site's search, and the principles' old anchors ------------------------------------
# tests/test_search.py searches a fixture site whose text it knows; these search the real site, so
# a change to the articles' text that breaks finding a section shows here.

def _search_real_site(page, words: str):
    page.get_by_label("Søg efter et ord i artiklerne").fill(words)
    page.locator(".pagefind-ui__result").first.wait_for()
    return page.locator(".pagefind-ui__result")


def test_the_real_site_finds_an_inflected_word_in_its_section(browser, base_url, screenshots_dir):
    """'træningsplanen' is nowhere on the site as typed; Danish stemming finds 'træningsplan', which
    only principle 7 of the principles article has, and the result leads to that heading."""
    context, page, errors, response = open_page(browser, base_url + "/soeg/", width=320)
    try:
        assert response.ok
        refused: list[str] = []
        page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
        results = _search_real_site(page, "træningsplanen")
        assert results.count() == 1
        assert results.first.locator(".pagefind-ui__result-title").first.inner_text().strip() == \
            "8 principper for genoptræning"
        section = results.first.locator(".pagefind-ui__result-nested a", has_text="Byg gradvist op")
        assert section.get_attribute("href") == PRINCIPLES + "#byg-gradvist-op"
        page.screenshot(path=str(screenshots_dir / "search-real-site-320.png"), full_page=True)
        section.click()
        page.wait_for_url("**" + PRINCIPLES + "#byg-gradvist-op")
        heading = page.locator("h2#byg-gradvist-op")
        assert heading.inner_text().strip() == "7. Byg gradvist op" and heading.is_visible()
        assert not errors and not refused, errors + refused
    finally:
        context.close()


def test_the_real_site_finds_both_articles_on_rehabilitation(browser, base_url):
    """'genoptræningen' is in neither article as typed: both come up, each linking to its sections,
    the sciatica article to its short section on the principles."""
    context, page, _, _ = open_page(browser, base_url + "/soeg/")
    try:
        results = _search_real_site(page, "genoptræningen")
        page.locator(".pagefind-ui__result", has_text="Iskiassmerter").first.wait_for()
        titles = [results.nth(i).locator(".pagefind-ui__result-title").first.inner_text().strip()
                  for i in range(results.count())]
        assert sorted(titles) == ["8 principper for genoptræning", "Iskiassmerter"]
        sciatica = results.filter(has_text="Iskiassmerter").first
        hrefs = [a.get_attribute("href") for a in sciatica.locator(".pagefind-ui__result-nested a").all()]
        assert ARTICLE + "#8-principper-for-genoptraening" in hrefs, hrefs
    finally:
        context.close()


@pytest.mark.parametrize("old, principle, anchor", [
    ("1-hold-dig-i-gang", "Hold dig i gang", "hold-dig-i-gang"),
    ("4-du-maa-gerne-have-ondt-naar-du-traener", "Du må gerne have ondt, når du træner", "ondt-naar-du-traener"),
    ("8-traen-efter-dagsformen", "Træn efter dagsformen", "traen-efter-dagsformen"),
])
def test_an_old_link_to_a_principle_lands_on_the_section_that_leads_to_it(browser, base_url, old, principle,
                                                                          anchor):
    """The principles moved to their own article; a clinician's link to one of them on the sciatica
    page lands on the short section there (its alias), whose list leads on to the principle."""
    context, page, _, response = open_page(browser, f"{base_url}{ARTICLE}#{old}", width=320, javascript=False)
    try:
        assert response.ok
        heading = page.locator("h2[id='8-principper-for-genoptraening']")  # (an id may not open a CSS #id)
        assert heading.locator(f"span[id='{old}']").count() == 1
        assert heading_in_view(page, "8-principper-for-genoptraening")
        page.locator("h2[id='8-principper-for-genoptraening'] ~ ol a", has_text=principle).click()
        page.wait_for_url(f"**{PRINCIPLES}#{anchor}")
        assert page.locator(f"h2#{anchor}").is_visible()
    finally:
        context.close()


# --- the preview follows the editor ----------------------------------------------------------
# With `serve` running and the browser on the front page, saving a section file opens its article,
# scrolled to that section (the anchor its heading got in the build); saving another section of
# the same page moves there.

PREVIEW_LONG = "\n\n".join(f"Afsnit med tekst nummer {n}, så siden bliver lang [@alpha2020]." for n in range(60))
PREVIEW_FILES = {
    "content/test/01-foerste.md": f"## Første afsnit\n\n{PREVIEW_LONG}\n",
    "content/test/02-andet.md": f"## Andet afsnit\n\n{PREVIEW_LONG}\n",
    "content/test/03-tredje.md": "## Tredje afsnit\n\nKort tekst [@beta2021].\n",
}


@pytest.fixture
def served_preview(make_site, chromium_path):
    root = make_site(PREVIEW_FILES)
    with running_preview(root) as (port, _):
        yield root, f"http://127.0.0.1:{port}"


def heading_in_view(page, anchor: str) -> bool:
    return page.evaluate("""(id) => { const box = document.getElementById(id).getBoundingClientRect();
                                       return box.top >= 0 && box.top < window.innerHeight; }""", anchor)


def test_a_saved_section_brings_the_browser_to_its_article_and_section(served_preview, browser):
    root, base = served_preview
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    try:
        page = context.new_page()
        page.goto(base + "/", wait_until="load")
        page.wait_for_function("window.LiveReload && window.LiveReload.connector.protocol >= 7")
        page.wait_for_timeout(500)  # the server counts the browser once its "info" has arrived

        save_by_replacing(root / "content/test/02-andet.md", f"## Andet afsnit\n\nGemt lige nu.\n\n{PREVIEW_LONG}\n")
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
        context.close()
