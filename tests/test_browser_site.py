"""The 30-article fixture site (tests/site_fixture.py) in a real browser: the A–Å page and a moved
article's old address, without JavaScript, and axe-core on every page type the site adds
(the front page by topic, a topic, A–Å, news, an article with related articles, a redirect and
a draft in the preview). Chromium comes from conftest's `browser`; axe and serving follow
tests/test_browser.py."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from site_fixture import DRAFT, MOVED, write_fixture_site
from test_browser import AXE_TAGS, REPO, SCHEMES, _violation_report, open_page

from iskias_site.pipeline.site import build_site

pytestmark = pytest.mark.browser

PAGES = {"front": "/", "topic": "/emne/smerte/", "a-z": "/a-z/", "news": "/nyt/",
         "related": f"/{MOVED[1]}/", "redirect": f"/{MOVED[0]}/", "draft": f"/{DRAFT}/"}


@pytest.fixture(scope="module")
def site_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture site as the preview builds it (so the draft is there too, with its banner)."""
    root = write_fixture_site(tmp_path_factory.mktemp("browser-site") / "site", REPO / "templates", REPO / "static")
    result = build_site(root, root / "_site", drafts=True)
    assert result.ok, [d.format() for d in result.diagnostics.sorted()]
    return root / "_site"


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("width", [320, 1280])
@pytest.mark.parametrize("name", list(PAGES))
def test_axe_finds_nothing_on_each_page_type(browser, base_url, axe, name, width, scheme):
    if name == "redirect":
        context, page, errors, response = _open_without_refresh(browser, base_url + PAGES[name], width, scheme)
    else:
        context, page, errors, response = open_page(browser, base_url + PAGES[name], width=width, scheme=scheme)
    try:
        assert response.ok
        shots = REPO / "test-artifacts" / "screenshots"
        shots.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(shots / f"site-{name}-{width}-{scheme}.png"), full_page=True)
        results = axe.run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS},
                                         "resultTypes": ["violations"]})
        violations = results.response["violations"]
        if violations:
            pytest.fail(f"{len(violations)} axe rule(s) fail on {PAGES[name]} at {width}px ({scheme}):\n"
                        + _violation_report(violations), pytrace=False)
        assert page.evaluate("document.documentElement.scrollWidth") <= width, f"{PAGES[name]} scrolls sideways"
        assert not errors
    finally:
        context.close()


def _open_without_refresh(browser, url: str, width: int, scheme: str):
    """The redirect page as served, but without its meta refresh, so axe sees it and not the next page."""
    context = browser.new_context(viewport={"width": width, "height": 800}, color_scheme=scheme,
                                  reduced_motion="reduce")

    def strip(route) -> None:
        response = route.fetch()
        body = re.sub(r'<meta http-equiv="refresh"[^>]*>', "", response.text())
        route.fulfill(response=response, body=body)

    context.route(url, strip)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    response = page.goto(url, wait_until="load")
    assert response is not None and "refresh" not in page.content()
    return context, page, errors, response


def test_the_a_z_page_jumps_to_a_letter_and_leads_to_the_article(browser, base_url):
    context, page, _, _ = open_page(browser, base_url + "/a-z/", width=320, javascript=False)
    try:
        letters = page.locator(".letters a").all_inner_texts()
        assert letters[0] == "0–9" and letters[-3:] == ["Æ", "Ø", "Å"]
        page.get_by_role("link", name="Ø", exact=True).click()
        heading = page.get_by_role("heading", name="Ø", exact=True)
        assert page.url.endswith("#bogstav-19")
        assert 0 <= heading.bounding_box()["y"] < 800  # scrolled into view (the page may end below it)
        page.get_by_role("link", name="Øresus og nakken").click()
        page.wait_for_load_state()
        assert page.url == base_url + "/oeresus/"
        assert page.get_by_role("heading", level=1).inner_text() == "Øresus og nakken"
        current = page.locator('.breadcrumb [aria-current="page"]')
        assert current.inner_text() == "Øresus og nakken"
    finally:
        context.close()


def test_an_old_address_leads_on_to_the_article_without_javascript(browser, base_url):
    context, page, _, _ = open_page(browser, base_url + PAGES["redirect"], javascript=False)
    try:
        page.wait_for_url(base_url + f"/{MOVED[1]}/")  # the meta refresh, no script
        assert page.get_by_role("heading", level=1).inner_text() == "Iskias"
    finally:
        context.close()
    context, page, _, _ = _open_without_refresh(browser, base_url + PAGES["redirect"], 320, "light")
    try:  # and the visible link, for a browser that does not follow the refresh
        page.get_by_role("link", name="Iskias", exact=True).click()
        page.wait_for_url(base_url + f"/{MOVED[1]}/")
    finally:
        context.close()
