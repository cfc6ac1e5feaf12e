"""Search in shards: a big site's index as several Pagefind bundles, each kept in the build cache
and made again only when one of its pages changed, merged by the search page.

The fixture is test_search.py's three-article site with at most one page per shard, so its pages
lie in three bundles (by the hash of their addresses: 'soevn' in shard 0, 'ryg' in 2, 'arbejde' in 3).
"""

from __future__ import annotations

import gzip
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import serving
from test_browser import open_page
from test_search import ARTICLES, FRONT, _search, find_and_follow, fixture_site

from iskias_site.pipeline.site import build_site
from iskias_site.preview.server import PreviewState, make_search_index, rebuild
from iskias_site.write import search_index

BUNDLES = {"pagefind": "soevn", "pagefind/shard-2": "ryg", "pagefind/shard-3": "arbejde"}


@pytest.fixture
def one_page_per_shard(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(search_index, "PAGES_PER_SHARD", 1)


def _indexed(bundle: Path) -> str:
    """The text of a bundle's pages (their addresses among it)."""
    return b"".join(gzip.decompress(f.read_bytes()) for f in (bundle / "fragment").glob("*.pf_fragment")).decode()


def _counting_runs(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, ...]]:
    """Each Pagefind run from now on, as the pages it indexes (whether it runs in the background,
    started while the site's pages are made, or after them)."""
    runs: list[tuple[str, ...]] = []
    real = search_index._command

    def counting(binary, site, output, language):
        runs.append(tuple(sorted(p.relative_to(site).as_posix() for p in site.rglob("index.html"))))
        return real(binary, site, output, language)

    monkeypatch.setattr(search_index, "_command", counting)
    return runs


# --- which shard ------------------------------------------------------------------------------

def test_the_number_of_shards_is_a_power_of_two_that_keeps_each_within_the_limit():
    assert [search_index.shard_count(n, 400) for n in (0, 1, 400, 401, 800, 801, 1600, 4000)] == [
        1, 1, 1, 2, 2, 4, 4, 16]


def test_doubling_the_shards_splits_each_in_two_and_moves_no_page_between_the_others():
    pages = [f"artikel-{n:05}/index.html" for n in range(1000)]
    for count in (1, 2, 4, 8):
        for page in pages:
            assert search_index._shard_of(page, 2 * count) % count == search_index._shard_of(page, count)


def test_a_small_site_has_one_shard_at_pagefind():
    found = search_index.shards({"ryg/index.html": "a", "soevn/index.html": "b"}, "shared", "da")
    assert [(s.folder, s.pages) for s in found] == [("pagefind", ("ryg/index.html", "soevn/index.html"))]
    assert found[0].key is not None
    assert search_index.merged_bundles(["ryg/index.html", "soevn/index.html"]) == []


def test_a_shard_with_a_page_not_in_the_cache_has_no_key():
    found = search_index.shards({"ryg/index.html": None, "soevn/index.html": "b", "arbejde/index.html": "c"},
                                "shared", "da", per_shard=1)
    assert {s.folder: s.key is None for s in found} == {
        "pagefind": False, "pagefind/shard-2": True, "pagefind/shard-3": False}


# --- the build --------------------------------------------------------------------------------

def test_a_small_sites_search_page_and_index_are_as_one_bundle(tmp_path):
    out = tmp_path / "out"
    assert build_site(fixture_site(tmp_path / "site"), out).ok
    assert (out / "pagefind/pagefind.js").is_file() and not list((out / "pagefind").glob("shard-*"))
    page = (out / "soeg/index.html").read_text(encoding="utf-8")
    assert '<div id="soegning" class="search" data-strings="' in page and "data-bundles" not in page


def test_each_shard_is_a_bundle_of_only_its_pages(tmp_path, one_page_per_shard):
    out = tmp_path / "out"
    result = build_site(fixture_site(tmp_path / "site"), out)
    assert result.ok, [d.format() for d in result.diagnostics.items]
    for folder, slug in BUNDLES.items():
        assert (out / folder / "pagefind-entry.json").is_file(), folder
        assert list((out / folder).glob("pagefind.da_*.pf_meta")), f"no Danish index in {folder}"
        text = _indexed(out / folder)
        assert [s for s in ("soevn", "ryg", "arbejde") if f'"url":"/{s}/"' in text] == [slug], folder
    assert {p.name for p in (out / "pagefind").glob("shard-*")} == {"shard-2", "shard-3"}
    page = (out / "soeg/index.html").read_text(encoding="utf-8")
    assert ' data-bundles="../pagefind/shard-2/ ../pagefind/shard-3/"></div>' in page


def test_one_changed_article_makes_only_its_shard_again(tmp_path, monkeypatch, one_page_per_shard):
    root = fixture_site(tmp_path / "site")
    out = tmp_path / "out"
    assert build_site(root, out).ok
    kept_before = set(os.listdir(root / ".iskias-cache/search"))
    assert len(kept_before) == 3
    (root / "content/ryg/02-kirurgi.md").write_text(ARTICLES["content/ryg/02-kirurgi.md"] + "\nEn rygoperation tager tid.\n",
                                                   encoding="utf-8")
    runs = _counting_runs(monkeypatch)
    assert build_site(root, out).ok
    assert runs == [("ryg/index.html",)]  # shard 2's one page
    assert "rygoperation" in _indexed(out / "pagefind/shard-2")
    kept_now = set(os.listdir(root / ".iskias-cache/search"))
    assert len(kept_now) == 3 and len(kept_now & kept_before) == 2  # the changed shard's old bundle is dropped
    runs.clear()
    assert build_site(root, out).ok and runs == []  # nothing changed: every bundle from the cache


def test_a_removed_article_is_gone_from_the_search(tmp_path, monkeypatch, one_page_per_shard):
    root = fixture_site(tmp_path / "site")
    (root / "content/kost.md").write_text(FRONT.format(title="Kost", intro="Om mad og smerter."),
                                          encoding="utf-8")  # in shard 1: four pages, four shards before and after
    out = tmp_path / "out"
    assert build_site(root, out).ok
    (root / "content/arbejde.md").unlink()  # and its lines in the published records, as the editor is told
    for record in ("published-anchors.txt", "published-pages.txt"):
        lines = (root / record).read_text(encoding="utf-8").splitlines(keepends=True)
        (root / record).write_text("".join(l for l in lines if not l.startswith("arbejde")), encoding="utf-8")
    runs = _counting_runs(monkeypatch)
    assert build_site(root, out).ok
    assert runs == []  # the other shards are as they were; the removed page's shard is no more
    assert not (out / "pagefind/shard-3").exists()
    bundles = [out / "pagefind", out / "pagefind/shard-1", out / "pagefind/shard-2"]
    assert all('"url":"/arbejde/"' not in _indexed(bundle) for bundle in bundles)
    assert len(os.listdir(root / ".iskias-cache/search")) == 3
    page = (out / "soeg/index.html").read_text(encoding="utf-8")
    assert ' data-bundles="../pagefind/shard-1/ ../pagefind/shard-2/"></div>' in page


def test_a_failing_shard_fails_the_build_with_pagefinds_words(tmp_path, monkeypatch, one_page_per_shard):
    root = fixture_site(tmp_path / "site")
    monkeypatch.setattr(search_index, "NOT_INDEXED", "[")  # a selector Pagefind cannot read
    result = build_site(root, tmp_path / "out", use_cache=False)
    errors = [d.format() for d in result.diagnostics.errors]
    assert len(errors) == 1 and errors[0].startswith(
        "site.yml: error: the search index could not be built (Pagefind said: "), errors
    assert not (tmp_path / "out").exists()


def test_the_preview_makes_the_same_bundles(tmp_path, one_page_per_shard):
    root = fixture_site(tmp_path / "site")
    state = PreviewState(root.resolve(), (root / "_site").resolve())
    assert rebuild(state).ok
    make_search_index(state)
    assert state.search_current and state.problems == []
    for folder, slug in BUNDLES.items():
        assert f'"url":"/{slug}/"' in _indexed(state.out / folder), folder
    assert not list(state.out.glob(".search-pages.*"))  # the pages' links are gone again
    page = (state.out / "soeg/index.html").read_text(encoding="utf-8")
    assert ' data-bundles="../pagefind/shard-2/ ../pagefind/shard-3/"></div>' in page


# --- in a browser -----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def sharded_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    base = tmp_path_factory.mktemp("shards")
    out = base / "out"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(search_index, "PAGES_PER_SHARD", 1)
        result = build_site(fixture_site(base / "site"), out)
    assert result.ok, [d.format() for d in result.diagnostics.items]
    with serving(out) as url:
        yield url


@pytest.mark.browser
@pytest.mark.parametrize(("words", "title", "section", "href"), [
    ("puderne", "Søvn og smerter", "Stillinger", "/soevn/#stillinger"),  # the first bundle
    ("operationerne", "Ondt i ryggen", "Når kirurgen skal ind", "/ryg/#naar-kirurgen-skal-ind"),  # shard 2
    ("pauserne", "Arbejde", "Pauser", "/arbejde/#pauser"),  # shard 3
])
def test_the_search_page_finds_a_page_of_every_bundle(browser, sharded_site, words, title, section, href):
    context, page, errors, response = open_page(browser, sharded_site + "/soeg/")
    try:
        assert response.ok
        violations: list[str] = []
        page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
        find_and_follow(page, words, title, section, href)
        assert not errors and not violations, errors + violations
    finally:
        context.close()


@pytest.mark.browser
def test_one_search_merges_the_results_of_all_bundles(browser, sharded_site):
    context, page, errors, _ = open_page(browser, sharded_site + "/soeg/")
    try:
        results = _search(page, "ryggen")  # ryg- in a page of each bundle
        page.locator(".pagefind-ui__result").nth(2).wait_for()
        titles = {results.nth(i).locator(".pagefind-ui__result-title").first.inner_text().strip()
                  for i in range(results.count())}
        assert titles == {"Søvn og smerter", "Ondt i ryggen", "Arbejde"}
        assert not errors, errors
    finally:
        context.close()


def test_the_related_articles_are_not_indexed(tmp_path, one_page_per_shard):
    """The related-articles block (a <nav>, which Pagefind leaves out) is filled into a page after
    the page is kept: the first shard, started before that, indexes the same text as the others."""
    root = fixture_site(tmp_path / "site")
    for name, other in (("ryg/index.md", "soevn"), ("soevn.md", "arbejde"), ("arbejde.md", "ryg")):
        index = root / "content" / name  # each names another: a related block on every page, in every shard
        index.write_text(index.read_text(encoding="utf-8").replace(
            "author: Redaktionen\n", f"author: Redaktionen\nrelated: [{other}]\n"), encoding="utf-8")
    out = tmp_path / "out"
    assert build_site(root, out).ok
    assert all('<nav class="related"' in (out / page).read_text(encoding="utf-8")
               for page in ("ryg/index.html", "soevn/index.html", "arbejde/index.html"))
    indexed = "".join(_indexed(bundle) for bundle in [out / "pagefind", *(out / "pagefind").glob("shard-*")])
    assert "Læs også" not in indexed


def test_a_build_that_fails_while_the_first_shard_is_made_leaves_nothing_of_it(tmp_path):
    root = fixture_site(tmp_path / "site")
    (root / "templates/index.html").write_text("{{ site.no_such_thing.attribute }}\n", encoding="utf-8")
    result = build_site(root, tmp_path / "out")
    assert not result.ok and any(d.code == "template-error" for d in result.diagnostics.items)
    assert not (tmp_path / "out").exists()
    assert not [p for p in (root / ".iskias-cache/search").iterdir() if p.name.startswith(".")]
