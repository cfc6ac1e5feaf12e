"""A warm build does little when little changed, and never serves a stale page: the cache's
change test (size and modification time, the content as the arbiter) and the recycled staging
folder (the site before last, pruned and swapped in whole)."""

from __future__ import annotations

import json
import os
from pathlib import Path

from iskias_site.pipeline.site import build_site
from iskias_site.write import cache as cache_module

from test_parallel_and_cache import many_articles, snapshot

OLD = 1_600_000_000_000_000_000  # a modification time long past, in ns: outside the "just modified" window


def age(*paths: Path) -> None:
    for path in paths:
        os.utime(path, ns=(OLD, OLD))


def section(root: Path) -> Path:
    return root / "content/artikel-03.md"


def test_an_edit_that_keeps_the_size_but_changes_the_time_rebuilds(make_site, tmp_path):
    root = many_articles(make_site)
    age(section(root))
    build_site(root, tmp_path / "out", jobs=1)
    text = section(root).read_text(encoding="utf-8")
    section(root).write_text(text.replace("Tekst med", "Tekst mod"), encoding="utf-8")  # same size
    os.utime(section(root), ns=(OLD + 1, OLD + 1))
    again = build_site(root, tmp_path / "out", jobs=1)
    assert again.built == 1
    assert "Tekst mod" in (tmp_path / "out/artikel-03/index.html").read_text(encoding="utf-8")


def test_an_edit_that_keeps_the_time_but_changes_the_size_rebuilds(make_site, tmp_path):
    root = many_articles(make_site)
    age(section(root))
    build_site(root, tmp_path / "out", jobs=1)
    text = section(root).read_text(encoding="utf-8")
    section(root).write_text(text.replace("Tekst med", "Tekster med"), encoding="utf-8")
    age(section(root))
    assert build_site(root, tmp_path / "out", jobs=1).built == 1
    assert "Tekster med" in (tmp_path / "out/artikel-03/index.html").read_text(encoding="utf-8")


def test_a_file_touched_but_not_changed_keeps_its_page_and_its_new_time_is_recorded(make_site, tmp_path):
    root = many_articles(make_site)
    age(section(root))
    build_site(root, tmp_path / "out", jobs=1)
    os.utime(section(root), ns=(OLD + 5, OLD + 5))
    assert build_site(root, tmp_path / "out", jobs=1).built == 0  # the content decided
    index = json.loads((root / ".iskias-cache/index.json").read_text(encoding="utf-8"))
    assert index["artikel-03.md"]["files"] == [["artikel-03.md", section(root).stat().st_size, OLD + 5]]


def test_equal_size_and_time_are_trusted_as_make_and_hugo_trust_them(make_site, tmp_path):
    """The documented limit of the change test: content changed behind an unchanged size and
    time (only a tool that sets the time back does that) is not seen until the file changes."""
    root = many_articles(make_site)
    age(section(root))
    build_site(root, tmp_path / "out", jobs=1)
    text = section(root).read_text(encoding="utf-8")
    section(root).write_text(text.replace("Tekst med", "Tekst mod"), encoding="utf-8")
    age(section(root))
    assert build_site(root, tmp_path / "out", jobs=1).built == 0
    assert build_site(root, tmp_path / "out", jobs=1, use_cache=False).ok  # --no-cache always sees it
    assert "Tekst mod" in (tmp_path / "out/artikel-03/index.html").read_text(encoding="utf-8")


def test_a_file_modified_just_before_a_build_is_read_again_even_with_its_size_and_time_kept(
        make_site, tmp_path, monkeypatch):
    """A file changed twice within one tick of the clock keeps its time: a time that recent is
    never recorded, so the next build reads the file (git's "racily clean" rule). The window is
    widened to an hour here, so that a slow build on a loaded machine is still "a moment" later."""
    monkeypatch.setattr(cache_module, "SETTLED_NS", 3_600_000_000_000)
    root = many_articles(make_site)
    build_site(root, tmp_path / "out", jobs=1)  # the fixture's files were written a moment ago
    before = section(root).stat().st_mtime_ns
    text = section(root).read_text(encoding="utf-8")
    section(root).write_text(text.replace("Tekst med", "Tekst mod"), encoding="utf-8")
    os.utime(section(root), ns=(before, before))
    assert build_site(root, tmp_path / "out", jobs=1).built == 1
    assert "Tekst mod" in (tmp_path / "out/artikel-03/index.html").read_text(encoding="utf-8")


def test_an_added_file_in_an_article_folder_rebuilds_it(make_site, tmp_path):
    root = make_site()
    for path in (root / "content").rglob("*"):
        age(path)
    build_site(root, tmp_path / "out", jobs=1)
    (root / "content/test/99-nyt.md").write_text("## Nyt afsnit\n\nNy tekst [@alpha2020].\n", encoding="utf-8")
    age(root / "content/test/99-nyt.md")
    assert build_site(root, tmp_path / "out", jobs=1).built == 1
    assert "Ny tekst" in (tmp_path / "out/test/index.html").read_text(encoding="utf-8")


def test_recycled_staging_gives_the_same_site_as_a_clean_build(make_site, tmp_path):
    """From the third build on, the site before last is the staging folder: pruned of what is gone,
    updated where something changed, equal to a clean build, file for file."""
    root = many_articles(make_site)
    out = tmp_path / "out"
    (root / "static/extra.css").write_text("p {}\n", encoding="utf-8")
    for _ in range(3):
        assert build_site(root, out, jobs=2).ok
    assert (tmp_path / ".out.spare").is_dir()
    (root / "content/artikel-05.md").unlink()
    for record in (root / "published-anchors.txt", root / "published-pages.txt"):  # retired on purpose
        record.write_text("".join(line for line in record.read_text(encoding="utf-8").splitlines(keepends=True)
                                  if "artikel-05" not in line), encoding="utf-8")
    (root / "static/extra.css").unlink()
    page = root / "content/artikel-03.md"
    page.write_text(page.read_text(encoding="utf-8").replace("Tekst med", "Ny tekst med"), encoding="utf-8")
    for _ in range(2):  # through both folders
        assert build_site(root, out, jobs=2).ok
        assert snapshot(out) == snapshot_clean(root, tmp_path)
    assert not (out / "artikel-05").exists() and not (out / "static/extra.css").exists()


def test_a_first_site_leaves_a_copy_of_links_as_the_spare_and_the_next_build_recycles_it(
        make_site, tmp_path, monkeypatch):
    """With no site before it there is nothing to recycle: the first site leaves a copy of itself
    made of links, so the next build starts from it too (and never writes through it)."""
    from iskias_site.write import staging

    root, out = many_articles(make_site, count=3), tmp_path / "out"
    assert build_site(root, out, jobs=1).ok
    spare = tmp_path / ".out.spare"
    site = {p.relative_to(out): p.stat() for p in out.rglob("*") if p.is_file()}
    assert {p.relative_to(spare): p.stat() for p in spare.rglob("*") if p.is_file()}.keys() == site.keys()
    assert all(os.path.samestat((spare / name).stat(), stat) for name, stat in site.items())
    recycled = []
    monkeypatch.setattr(staging, "_take", lambda source, target, take=staging._take: recycled.append(
        (source, target)) or take(source, target))
    page = root / "content/artikel-01.md"
    page.write_text(page.read_text(encoding="utf-8").replace("Tekst med", "Ny tekst med"), encoding="utf-8")
    assert build_site(root, out, jobs=1).built == 1
    assert recycled[0][0] == spare  # taken as the staging folder
    assert snapshot(out) == snapshot_clean(root, tmp_path)
    assert b"Ny tekst med" not in (spare / "artikel-01/index.html").read_bytes()  # the site before, as it was


def snapshot_clean(root: Path, tmp_path: Path) -> dict[str, bytes]:
    clean = tmp_path / "clean"
    assert build_site(root, clean, jobs=1, use_cache=False).ok
    return snapshot(clean)


def test_a_build_without_the_cache_never_writes_through_a_recycled_link_into_the_cache(make_site, tmp_path):
    root = many_articles(make_site, count=2)
    out = tmp_path / "out"
    for _ in range(3):
        build_site(root, out, jobs=1)
    cache = root / ".iskias-cache"
    cached = {p.relative_to(cache).as_posix(): p.read_bytes() for p in cache.rglob("*") if p.is_file()}
    assert len([name for name in cached if name.endswith(".html") and "/" not in name]) == 3  # the two, the fixture's
    assert len([name for name in cached if name.startswith("related/")]) == 3  # the same, filled in
    assert any(name.startswith("site/") for name in cached)  # the site's own pages
    page = root / "content/artikel-00.md"
    page.write_text(page.read_text(encoding="utf-8").replace("Tekst med", "Ny tekst med"), encoding="utf-8")
    assert build_site(root, out, jobs=1, use_cache=False).ok
    assert build_site(root, out, jobs=1, use_cache=False).ok  # into the folder whose pages link the cache
    assert {p.relative_to(cache).as_posix(): p.read_bytes() for p in cache.rglob("*") if p.is_file()} == cached


def test_every_file_of_the_site_is_readable_by_a_web_server_whatever_the_umask(make_site, tmp_path):
    root = many_articles(make_site, count=2)
    old = os.umask(0o077)
    try:
        for _ in range(3):
            assert build_site(root, tmp_path / "out", jobs=1).ok
    finally:
        os.umask(old)
    modes = {p.relative_to(tmp_path / "out").as_posix(): oct(p.stat().st_mode & 0o777)
             for p in (tmp_path / "out").rglob("*") if p.is_file()}
    assert set(modes.values()) == {"0o644"}, modes


def test_an_article_made_a_draft_leaves_no_page_in_a_recycled_staging_folder(make_site, tmp_path):
    root = many_articles(make_site)
    out = tmp_path / "out"
    for _ in range(3):
        assert build_site(root, out, jobs=1).ok
    page = root / "content/artikel-04.md"
    page.write_text(page.read_text(encoding="utf-8").replace("author: Redaktionen", "author: Redaktionen\ndraft: true"),
                    encoding="utf-8")
    for record in (root / "published-anchors.txt", root / "published-pages.txt"):  # withdrawn on purpose
        record.write_text("".join(line for line in record.read_text(encoding="utf-8").splitlines(keepends=True)
                                  if "artikel-04" not in line), encoding="utf-8")
    for _ in range(2):  # through both folders
        result = build_site(root, out, jobs=1)
        assert result.ok, [d.format() for d in result.diagnostics.errors]
        assert not (out / "artikel-04").exists()


def test_a_warm_build_links_the_pages_with_their_related_articles_and_writes_none(make_site, tmp_path):
    """The related articles are filled in after every article is built (they depend on the links
    between them); the filled-in page is kept under its page's key and its list, so a build in
    which neither changed links it again, and one in which the list changed fills it in anew."""
    root = many_articles(make_site, count=4)
    first = root / "content/artikel-00.md"
    first.write_text(first.read_text(encoding="utf-8").replace("next_review:", "related: [artikel-01]\nnext_review:"),
                     encoding="utf-8")
    out = tmp_path / "out"
    for _ in range(3):  # the third one recycles the site before last
        assert build_site(root, out, jobs=1).ok
    filled = root / ".iskias-cache/related"
    times = {path: path.stat().st_mtime_ns for path in filled.glob("*.html")}
    assert len(times) == 5  # the four and the fixture's own
    assert build_site(root, out, jobs=1).built == 0
    assert {path: path.stat().st_mtime_ns for path in filled.glob("*.html")} == times  # none written again
    for page in out.glob("artikel-*/index.html"):
        assert any(os.path.samestat(page.stat(), path.stat()) for path in times)
    listed = root / "content/artikel-01.md"
    listed.write_text(listed.read_text(encoding="utf-8").replace("title: Artikel 1", "title: Artikel en"),
                      encoding="utf-8")
    again = build_site(root, out, jobs=1)
    assert again.built == 1  # artikel-01 itself; artikel-00 only gets its list filled in again
    assert "Artikel en" in (out / "artikel-00/index.html").read_text(encoding="utf-8")
    assert snapshot(out) == snapshot_clean(root, tmp_path)
    assert len(list(filled.glob("*.html"))) == 5  # the two replaced ones are gone


def test_the_sites_own_pages_are_rendered_only_when_what_they_show_changed(make_site, tmp_path, monkeypatch):
    """The front page, topics, A–Z, news, feed, search page, sitemap and the related-articles
    blocks are kept under the key of every published article's summary and the rest they are
    made from: a build in which none changed renders none of them; a new title renders them again."""
    from iskias_site.pipeline import site as pipeline

    rendered = []
    render = pipeline._render_site_pages
    monkeypatch.setattr(pipeline, "_render_site_pages", lambda *args: rendered.append(1) or render(*args))
    root = many_articles(make_site, count=3)
    out = tmp_path / "out"
    for _ in range(3):
        assert build_site(root, out, jobs=1).ok
    assert len(rendered) == 1
    section = root / "content/artikel-01.md"
    section.write_text(section.read_text(encoding="utf-8").replace("Tekst med", "Anden tekst med"), encoding="utf-8")
    assert build_site(root, out, jobs=1).built == 1
    assert len(rendered) == 1  # the text changed, not its summary: the site's pages are the kept ones
    section.write_text(section.read_text(encoding="utf-8").replace("title: Artikel 1", "title: Artikel en"),
                       encoding="utf-8")
    assert build_site(root, out, jobs=1).built == 1
    assert len(rendered) == 2
    assert "Artikel en" in (out / "index.html").read_text(encoding="utf-8")
    assert snapshot(out) == snapshot_clean(root, tmp_path)
    assert len(list((root / ".iskias-cache/site").iterdir())) == 1  # the pages kept before are gone
