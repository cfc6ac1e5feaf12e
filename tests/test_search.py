"""Search: the Pagefind index built with the site, the search page, and searching in a browser.

The browser tests build a small fixture site of three articles (so which section a word is in is
known, whatever the real site's text says), serve it over HTTP on 127.0.0.1, type a Danish word in
an inflected form that is nowhere in the text as typed, and follow the result to its section.
"""

from __future__ import annotations

import gzip
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import serving, BIB, REPO, SITE_YML, write_files
from test_browser import AXE_TAGS, _violation_report, open_page

from iskias_site.pipeline.site import build_site
from iskias_site.write import search_index

FRONT = """\
---
title: {title}
description: {title} forklaret kort.
author: Redaktionen
published: 2026-01-01
last_reviewed: 2026-01-01
next_review: 2027-01-01
---

{intro}
"""

ARTICLES = {
    "content/ryg/index.md": FRONT.format(title="Ondt i ryggen", intro="Om smerter i lænden [@alpha2020]."),
    "content/ryg/01-bevaegelse.md": "## Bevægelse\n\nGå en tur hver dag, også når det gør lidt ondt [@beta2021].\n",
    "content/ryg/02-kirurgi.md": "## Når kirurgen skal ind\n\nEn operation hjælper nogle få med en diskusprolaps "
                                 "[@gamma2022].\n",
    "content/soevn.md": FRONT.format(title="Søvn og smerter", intro="Om at sove med ondt i ryggen.")
                        + "\n## Stillinger\n\nLig på siden med en pude mellem knæene.\n",
    "content/arbejde.md": FRONT.format(title="Arbejde", intro="Om at passe sit arbejde med rygsmerter.")
                          + "\n## Pauser\n\nRejs dig og gå lidt hver time.\n",
}


def fixture_site(root: Path) -> Path:
    root.mkdir(parents=True, exist_ok=True)

    shutil.copytree(REPO / "templates", root / "templates", dirs_exist_ok=True)
    shutil.copytree(REPO / "static", root / "static", dirs_exist_ok=True)
    write_files(root, {"site.yml": SITE_YML, "references.bib": BIB, **ARTICLES})
    return root


# --- the build -------------------------------------------------------------------------------

def test_the_index_is_built_with_the_site(tmp_path):
    root = fixture_site(tmp_path / "site")
    out = tmp_path / "out"
    result = build_site(root, out)
    assert result.ok, [d.format() for d in result.diagnostics.items]
    assert (out / "pagefind/pagefind.js").is_file()
    assert (out / "pagefind/pagefind-ui.js").is_file()
    assert list((out / "pagefind").glob("pagefind.da_*.pf_meta")), "no Danish index"
    assert "soeg/index.html" in result.pages


def test_only_the_article_is_indexed_not_the_page_around_it(tmp_path):
    root = fixture_site(tmp_path / "site")
    out = tmp_path / "out"
    assert build_site(root, out).ok
    page = (out / "ryg/index.html").read_text(encoding="utf-8")
    assert '<article class="article wrap" data-pagefind-body>' in page
    fragments = [gzip.decompress(f.read_bytes()) for f in (out / "pagefind/fragment").glob("*.pf_fragment")]
    text = b"".join(fragments).decode("utf-8", "replace")
    assert "Når kirurgen skal ind" in text and "diskusprolaps" in text
    for left_out in ("Sidst fagligt opdateret", "Om siden", "Alpha study", "Forside", "Afventer faglig gennemgang"):
        assert left_out not in text, left_out


def test_the_search_page_lists_every_article_and_may_run_only_the_sites_scripts(tmp_path):
    root = fixture_site(tmp_path / "site")
    out = tmp_path / "out"
    assert build_site(root, out).ok
    page = (out / "soeg/index.html").read_text(encoding="utf-8")
    assert ('content="default-src \'self\'; script-src \'self\' \'wasm-unsafe-eval\'; style-src \'self\'; '
            'img-src \'self\' data:; font-src \'self\'; object-src \'none\'; base-uri \'none\'; '
            'form-action \'none\'"') in page
    assert '<script src="../pagefind/pagefind-ui.js" defer></script>' in page
    assert '<script src="../static/search.js" defer></script>' in page
    assert ('<li><a href="../arbejde/">Arbejde</a></li>\n    <li><a href="../ryg/">Ondt i ryggen</a></li>\n'
            '    <li><a href="../soevn/">Søvn og smerter</a></li>') in page
    article = (out / "ryg/index.html").read_text(encoding="utf-8")
    assert "script-src 'none'" in article  # the other pages still run nothing
    assert '<a class="site-search" href="../soeg/">Søg</a>' in article


def test_a_warm_build_reuses_the_index(tmp_path, monkeypatch):
    root = fixture_site(tmp_path / "site")
    assert build_site(root, tmp_path / "out").ok
    runs = []
    real = search_index._command  # what every Pagefind run is started with, in the background or not
    monkeypatch.setattr(search_index, "_command", lambda *args: runs.append(args) or real(*args))
    result = build_site(root, tmp_path / "out")
    assert result.ok and runs == []
    assert (tmp_path / "out/pagefind/pagefind.js").is_file()


def test_a_changed_page_builds_the_index_again(tmp_path, monkeypatch):
    root = fixture_site(tmp_path / "site")
    assert build_site(root, tmp_path / "out").ok
    (root / "content/arbejde.md").write_text(ARTICLES["content/arbejde.md"] + "\nMere tekst.\n", encoding="utf-8")
    runs = []
    real = search_index._command
    monkeypatch.setattr(search_index, "_command", lambda *args: runs.append(1) or real(*args))
    assert build_site(root, tmp_path / "out").ok
    assert runs == [1]
    # and the index kept before is dropped: one index in the cache
    assert len(list((root / ".iskias-cache/search").iterdir())) == 1


def test_a_pagefind_set_up_in_the_working_folder_or_the_environment_changes_nothing(tmp_path, monkeypatch):
    """Pagefind reads a `pagefind.yml` (or .toml, .json) in the folder it runs in and `PAGEFIND_*`
    variables: left from another project (a site moved over from Hugo), they changed our index or
    broke it. It runs in the folder of pages it indexes, without them."""
    root = fixture_site(tmp_path / "site")
    assert build_site(root, tmp_path / "plain", use_cache=False).ok
    working = tmp_path / "working"
    working.mkdir()
    (working / "pagefind.yml").write_text('glob: "nothing/**/*.html"\nexclude_selectors: ["p"]\n', encoding="utf-8")
    monkeypatch.chdir(working)
    monkeypatch.setenv("PAGEFIND_ROOT_SELECTOR", "footer")
    result = build_site(root, tmp_path / "elsewhere", use_cache=False)
    assert result.ok, [d.format() for d in result.diagnostics.items]

    def index(out: Path) -> dict[str, bytes]:
        return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted((out / "pagefind").rglob("*")) if p.is_file()}

    assert index(tmp_path / "elsewhere") == index(tmp_path / "plain")


def test_without_pagefind_the_build_fails_with_a_fix(tmp_path, monkeypatch):
    root = fixture_site(tmp_path / "site")
    monkeypatch.setattr(search_index, "_binary", lambda: None)
    result = build_site(root, tmp_path / "out", use_cache=False)
    assert [d.format() for d in result.diagnostics.errors] == [
        "site.yml: error: the search index cannot be built: Pagefind is not installed; "
        "run: python -m pip install -e ."]
    assert not (tmp_path / "out").exists()


def test_an_article_cannot_take_the_search_pages_address(tmp_path):
    root = fixture_site(tmp_path / "site")
    (root / "content/arbejde.md").rename(root / "content/soeg.md")
    result = build_site(root, tmp_path / "out", use_cache=False)
    assert [d.format() for d in result.diagnostics.errors] == [
        "content/soeg.md: error: 'soeg' is the address of the search page; give the article another name"]


# --- in a browser ----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def search_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    base = tmp_path_factory.mktemp("search")
    out = base / "out"
    result = build_site(fixture_site(base / "site"), out)
    assert result.ok, [d.format() for d in result.diagnostics.items]
    with serving(out) as url:
        yield url


def _search(page, words: str):
    box = page.get_by_label("Søg efter et ord i artiklerne")  # Pagefind's field, our label
    box.fill(words)
    page.locator(".pagefind-ui__result").first.wait_for()
    return page.locator(".pagefind-ui__result")


def find_and_follow(page, words: str, title: str, section: str, href: str) -> None:
    """Search for `words`, wait for the one result titled `title` (Pagefind's UI shows a result's
    box before its fragment with the title and sections has loaded) and follow its link to
    `section`, which must lead to `href`."""
    from playwright.sync_api import expect

    result = _search(page, words).filter(has=page.locator(".pagefind-ui__result-title", has_text=title))
    expect(result).to_have_count(1)
    link = result.locator(".pagefind-ui__result-nested a", has_text=section)
    expect(link).to_have_attribute("href", href)
    link.click()
    page.wait_for_url(f"**{href}")


@pytest.mark.browser
def test_an_inflected_danish_word_finds_its_section(browser, search_site):
    """'operationerne' is nowhere in the text; Danish stemming finds 'operation' in the section
    'Når kirurgen skal ind', and the result's link leads to that heading."""
    from playwright.sync_api import expect

    context, page, errors, response = open_page(browser, search_site + "/soeg/", width=320)
    try:
        assert response.ok
        violations: list[str] = []
        page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
        expect(_search(page, "operationerne")).to_have_count(1)  # no other page
        find_and_follow(page, "operationerne", "Ondt i ryggen", "Når kirurgen skal ind", "/ryg/#naar-kirurgen-skal-ind")
        heading = page.locator("h2#naar-kirurgen-skal-ind")
        assert heading.inner_text().strip() == "Når kirurgen skal ind"
        assert heading.is_visible()
        assert not errors and not violations, errors + violations
    finally:
        context.close()


@pytest.mark.browser
def test_the_search_page_speaks_danish(browser, search_site):
    context, page, _, _ = open_page(browser, search_site + "/soeg/")
    try:
        assert page.get_by_role("search", name="Søg på siden").is_visible()
        box = page.get_by_label("Søg efter et ord i artiklerne")
        assert box.get_attribute("placeholder") == "Skriv et ord, fx rygsmerter"
        box.fill("xyzæøå")
        page.get_by_text("Ingen resultater for xyzæøå").wait_for()
    finally:
        context.close()


@pytest.mark.browser
def test_without_javascript_the_search_page_lists_every_article(browser, search_site):
    context, page, _, response = open_page(browser, search_site + "/soeg/", javascript=False)
    try:
        assert response.ok
        assert page.get_by_text("Søgningen virker kun, når JavaScript er slået til").is_visible()
        links = page.locator(".article-list a")
        assert [links.nth(i).inner_text() for i in range(links.count())] == [
            "Arbejde", "Ondt i ryggen", "Søvn og smerter"]
        links.nth(2).click()
        assert page.locator("h1").inner_text().strip() == "Søvn og smerter"
    finally:
        context.close()


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [320, 1280])
def test_axe_on_the_search_page_with_results(browser, search_site, scheme, width):
    from axe_playwright_python.sync_playwright import Axe

    context, page, errors, _ = open_page(browser, search_site + "/soeg/", width=width, scheme=scheme)
    try:
        _search(page, "smerter")
        shots = REPO / "test-artifacts" / "screenshots"
        shots.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(shots / f"search-{width}-{scheme}.png"), full_page=True)
        results = Axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS},
                                           "resultTypes": ["violations"]})
        violations = results.response["violations"]
        assert not violations, _violation_report(violations)
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        assert scroll_width <= width, f"the search page scrolls sideways at {width}px: {scroll_width}"
        assert not errors, errors
    finally:
        context.close()
