"""`::: video` blocks in a real browser: a YouTube panel (with a poster of the site's own), a Vimeo
panel and a video file with its captions pass axe-core at phone and desktop widths, in light and
dark mode, and the page asks no other host for anything, not even when the reader starts the video.
Chromium comes from conftest's `browser`; axe and serving follow tests/test_browser.py."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import BIB, INDEX, SITE_YML, serving, write_files
from test_browser import AXE_TAGS, REPO, SCHEMES, _violation_report, open_page
from test_images import PNG
from test_video import MP4, VTT, mp4

from iskias_site.pipeline.site import build_site

pytestmark = pytest.mark.browser

SECTION = """\
## Videoer

Tekst [@alpha2020].

::: video https://www.youtube.com/watch?v=abcdefghijk Hvad er smerte?
![Tegning fra videoen: en nerve sender signaler op til hjernen.](plakat.png)

En kort tegnefilm om smerte.
:::

::: video https://vimeo.com/123456789 Genoptræningsbjerget
:::

::: video rejs.mp4 Sådan rejser du dig
Se øvelsen, og prøv den bagefter.
:::
"""


@pytest.fixture(scope="module")
def site_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("browser-video") / "site"
    shutil.copytree(REPO / "templates", root / "templates")
    shutil.copytree(REPO / "static", root / "static")
    write_files(root, {"site.yml": SITE_YML, "references.bib": BIB, "content/test/index.md": INDEX,
                       "content/test/01-videoer.md": SECTION, "content/test/rejs.vtt": VTT})
    (root / "content/test/plakat.png").write_bytes(PNG)
    (root / "content/test/rejs.mp4").write_bytes(MP4)
    result = build_site(root, root / "_site")
    assert result.ok, [d.format() for d in result.diagnostics.sorted()]
    return root / "_site"


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("width", [320, 1280])
def test_video_panels_and_the_video_element_pass_axe(browser, base_url, axe, width, scheme):
    context, page, errors, response = open_page(browser, base_url + "/test/", width=width, scheme=scheme)
    try:
        assert response.ok
        assert page.locator("figure.video").count() == 3
        shots = REPO / "test-artifacts" / "screenshots"
        shots.mkdir(parents=True, exist_ok=True)
        page.locator("figure.video").first.scroll_into_view_if_needed()
        page.screenshot(path=str(shots / f"video-{width}-{scheme}.png"), full_page=True)
        results = axe.run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS},
                                         "resultTypes": ["violations"]})
        violations = results.response["violations"]
        if violations:
            pytest.fail(f"{len(violations)} axe rule(s) fail on the video page at {width}px ({scheme}):\n"
                        + _violation_report(violations), pytrace=False)
        assert page.evaluate("document.documentElement.scrollWidth") <= width, "the video page scrolls sideways"
        assert not errors, f"console errors (a Content-Security-Policy refusal among them?): {errors}"
    finally:
        context.close()


def test_the_page_asks_no_other_host_for_anything_even_when_the_video_starts(browser, base_url):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))
    try:
        page.goto(base_url + "/test/", wait_until="networkidle")
        assert not [url for url in asked if url.endswith("/rejs.mp4")], "preload='none' must fetch no video"
        video = page.locator("figure.video-file video")
        assert video.evaluate("v => [v.textTracks.length, v.textTracks[0].language, v.textTracks[0].mode]") == [
            1, "da", "showing"]
        with page.expect_request(lambda r: r.url.endswith("/rejs.mp4"), timeout=30_000):
            # not awaited: the test file is no real video, so play() may never settle; only the request counts
            video.evaluate("v => { v.play().catch(() => null); }")
        others = [url for url in asked if not url.startswith(base_url)]
        assert others == [], f"the page asked other hosts: {others}"
        link = page.get_by_role("link", name="Se videoen »Hvad er smerte?« på YouTube (åbner youtube.com)")
        assert link.get_attribute("href") == "https://www.youtube.com/watch?v=abcdefghijk"
    finally:
        context.close()


def test_an_upright_video_gets_an_upright_box_before_it_plays_and_no_taller_than_the_screen(browser, tmp_path):
    """A phone's upright video (its picture stored on its side, turned by the file) and a wide one:
    each player's box has the picture's shape before anything of the video is loaded."""
    root = tmp_path / "site"
    shutil.copytree(REPO / "templates", root / "templates")
    shutil.copytree(REPO / "static", root / "static")
    write_files(root, {"site.yml": SITE_YML, "references.bib": BIB, "content/test/index.md": INDEX,
                       "content/test/01-videoer.md": "## Videoer\n\nTekst [@alpha2020].\n\n"
                       "::: video op.mp4 Stå op\n:::\n\n::: video bred.mp4 Gå en tur\n:::\n",
                       "content/test/op.vtt": VTT, "content/test/bred.vtt": VTT})
    (root / "content/test/op.mp4").write_bytes(mp4(1920, 1080, turned=90))
    (root / "content/test/bred.mp4").write_bytes(mp4(1280, 720))
    assert build_site(root, root / "_site").ok
    with serving(root / "_site") as base:
        for width in (390, 1280):
            context = browser.new_context(viewport={"width": width, "height": 800})
            page = context.new_page()
            try:
                page.goto(base + "/test/", wait_until="load")
                boxes = page.evaluate("""() => [...document.querySelectorAll('figure.video-file video')]
                    .map(v => { const r = v.getBoundingClientRect(); return [r.width, r.height]; })""")
                (upright_w, upright_h), (wide_w, wide_h) = boxes
                assert upright_h <= 0.8 * 800 + 0.5, (width, boxes)  # no taller than 80 % of the screen
                assert abs(wide_w / wide_h - 16 / 9) < 0.02, (width, boxes)
                if width == 390:  # the phone: the picture's own shape, the text's width
                    assert abs(upright_w / upright_h - 9 / 16) < 0.02, boxes
            finally:
                context.close()
