"""The cached and the parallel build give byte-identical output to a clean single-process build,
and a change rebuilds exactly the articles it affects."""

from __future__ import annotations

import json

import os
import shutil

from pathlib import Path

import pytest

from iskias_site.pipeline.site import build_site

ARTICLE = """\
---
title: Artikel {n}
description: Artikel nummer {n}.
author: Redaktionen
published: 2026-01-01
last_reviewed: 2026-01-0{day}
next_review: 2027-01-01
---

::: summary
- Kort om artikel {n}.
:::

## Afsnit om emne {n}

Tekst med kilde [@{key}] og flere [@alpha2020; @beta2021; @gamma2022].

| Alder | Andel |
| --- | --- |
| 20 | {n} % |

::: card urgent
- har feber
:::
"""


def many_articles(make_site, count: int = 12) -> Path:
    files = {f"content/artikel-{n:02d}.md": ARTICLE.format(n=n, day=1 + n % 9,
                                                           key=("alpha2020", "beta2021")[n % 2])
             for n in range(count)}
    return make_site(files)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_parallel_and_cached_builds_equal_a_clean_single_process_build(make_site, tmp_path):
    root = many_articles(make_site)
    clean = build_site(root, tmp_path / "clean", jobs=1, use_cache=False)
    assert clean.ok and clean.built == 13
    parallel = build_site(root, tmp_path / "parallel", jobs=2, use_cache=True)
    assert parallel.ok and parallel.built == 13
    warm = build_site(root, tmp_path / "warm", jobs=2, use_cache=True)
    assert warm.ok and warm.built == 0
    assert snapshot(tmp_path / "parallel") == snapshot(tmp_path / "clean")
    assert snapshot(tmp_path / "warm") == snapshot(tmp_path / "clean")
    assert [d.format() for d in warm.diagnostics.sorted()] == [d.format() for d in clean.diagnostics.sorted()]


def test_a_changed_section_rebuilds_only_its_article(make_site, tmp_path):
    root = many_articles(make_site)
    build_site(root, tmp_path / "out", jobs=1)
    page = root / "content/artikel-03.md"
    page.write_text(page.read_text(encoding="utf-8").replace("Tekst med", "Ny tekst med"), encoding="utf-8")
    again = build_site(root, tmp_path / "out", jobs=1)
    assert again.built == 1
    assert "Ny tekst med" in (tmp_path / "out/artikel-03/index.html").read_text(encoding="utf-8")


def test_a_changed_reference_rebuilds_the_articles_citing_it(make_site, tmp_path):
    root = many_articles(make_site)
    build_site(root, tmp_path / "out", jobs=1)
    bib = root / "references.bib"
    bib.write_text(bib.read_text(encoding="utf-8").replace("{Alpha study}", "{Alpha study, revised}"),
                   encoding="utf-8")
    assert build_site(root, tmp_path / "out", jobs=1).built == 13  # every article cites alpha2020
    bib.write_text(bib.read_text(encoding="utf-8") + "\n@misc{ny2026, title = {Ny}}\n", encoding="utf-8")
    assert build_site(root, tmp_path / "out", jobs=1).built == 0  # an entry nobody cites changes no page


def test_a_changed_template_or_configuration_rebuilds_everything(make_site, tmp_path):
    root = many_articles(make_site)
    build_site(root, tmp_path / "out", jobs=1)
    template = root / "templates/_trust.html"
    template.write_text(template.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert build_site(root, tmp_path / "out", jobs=1).built == 13
    config = root / "site.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("Testsite", "Testsiden"), encoding="utf-8")
    assert build_site(root, tmp_path / "out", jobs=1).built == 13


def test_a_failed_build_is_not_cached(make_site, tmp_path):
    root = make_site({"content/test/01-foerste.md": "## Et\n\n[@nope]\n"})
    assert not build_site(root, tmp_path / "out").ok
    second = build_site(root, tmp_path / "out")
    assert not second.ok and second.built == 1
    assert [d.format() for d in second.diagnostics.errors] == [
        "content/test/01-foerste.md:3: error: unknown citation key 'nope'"]


def test_a_copied_article_gets_its_own_page_and_a_removed_one_leaves_the_cache(make_site, tmp_path):
    root = many_articles(make_site, count=2)
    original = root / "content/artikel-00.md"
    copy = root / "content/kopi.md"
    copy.write_text(original.read_text(encoding="utf-8"), encoding="utf-8")
    build_site(root, tmp_path / "out", jobs=1)
    again = build_site(root, tmp_path / "out", jobs=1)
    assert again.built == 0
    assert 'href="https://test.example/kopi/"' in (tmp_path / "out/kopi/index.html").read_text(encoding="utf-8")
    assert len(list((root / ".iskias-cache").glob("*.html"))) == 4  # the fixture's own article too
    copy.unlink()
    assert build_site(root, tmp_path / "out", jobs=1).built == 0
    assert len(list((root / ".iskias-cache").glob("*.html"))) == 3


@pytest.mark.parametrize("kind", ["photo", "chart", "video"])
def test_a_replaced_file_leaves_no_copy_behind_in_the_cache(make_site, tmp_path, kind):
    """The cache keeps the files kept by content that the site uses, and no others: a photo
    replaced, a chart's numbers changed, a video and its captions replaced; then taken out."""
    from test_chart_files import CSV
    from test_images import jpeg_with_gps
    from test_video import MP4, VTT

    text, folder, first, second = {
        "photo": ("![Et foto](foto.jpg)", "images", {"foto.jpg": jpeg_with_gps()}, {"foto.jpg": jpeg_with_gps(900, 500)}),
        "chart": ("::: chart fund.csv\nFund efter alder.\n:::", "charts", {"fund.csv": CSV.encode()},
                  {"fund.csv": CSV.replace("29,31", "29,44").encode()}),
        "video": ("::: video rejs.mp4 Rejs dig\nSådan rejser du dig.\n:::", "files",
                  {"rejs.mp4": MP4, "rejs.vtt": VTT.encode()}, {"rejs.mp4": MP4 + b"\0", "rejs.vtt": VTT.encode() + b"\n"}),
    }[kind]
    section = "## Et\n\nTekst [@alpha2020].\n\n"
    root = make_site({"content/test/01-foerste.md": f"{section}{text}\n"})
    out, kept = tmp_path / "out", root / ".iskias-cache" / folder

    def build_with(files: dict[str, bytes]) -> set[str]:
        for name, data in files.items():
            (root / "content/test" / name).write_bytes(data)
        assert build_site(root, out, jobs=1).ok
        site = {p.stat().st_ino for p in (out / "test").iterdir() if p.is_file()}
        assert {p.stat().st_ino for p in kept.iterdir()} <= site  # each copy kept is one the site links
        return {p.name for p in kept.iterdir()}

    before = build_with(first)
    after = build_with(second)
    assert before and after and not after & before, f"left behind: {sorted(after & before)}"
    (root / "content/test/01-foerste.md").write_text(section, encoding="utf-8")
    assert build_site(root, out, jobs=1).ok
    assert list(kept.iterdir()) == []


def test_a_failed_build_keeps_the_copies_of_the_article_that_failed(make_site, tmp_path):
    """An article with an error names none of its files; its photo's copies stay in the cache, so
    the build after the fix does not resize it again."""
    from test_images import jpeg_with_gps

    text = "## Et\n\nTekst [@{key}].\n\n![Et foto](foto.jpg)\n"
    root = make_site({"content/test/01-foerste.md": text.format(key="alpha2020")})
    (root / "content/test/foto.jpg").write_bytes(jpeg_with_gps())
    kept = root / ".iskias-cache/images"
    assert build_site(root, tmp_path / "out", jobs=1).ok
    copies = sorted(kept.iterdir())
    (root / "content/test/01-foerste.md").write_text(text.format(key="alpah2020"), encoding="utf-8")
    assert not build_site(root, tmp_path / "out", jobs=1).ok
    assert sorted(kept.iterdir()) == copies


def test_a_damaged_cache_index_means_building_again(make_site, tmp_path):
    root = many_articles(make_site, count=2)
    build_site(root, tmp_path / "out", jobs=1)
    (root / ".iskias-cache/index.json").write_text("{not json", encoding="utf-8")
    again = build_site(root, tmp_path / "out", jobs=1)
    assert again.ok and again.built == 3  # the fixture's own article too
    assert build_site(root, tmp_path / "out", jobs=1).built == 0


def test_the_index_is_read_a_record_a_line_and_a_damaged_line_builds_that_article_again(make_site, tmp_path):
    root = many_articles(make_site, count=2)
    build_site(root, tmp_path / "out", jobs=1)
    path = root / ".iskias-cache/index.json"
    lines = path.read_text(encoding="utf-8").split("\n")
    assert lines[0] == "{" and lines[-2:] == ["}", ""] and len(lines) == 3 + 3  # three articles
    assert set(json.loads("\n".join(lines))) == {"artikel-00.md", "artikel-01.md", "test"}  # still one JSON object
    damaged = next(i for i, line in enumerate(lines) if line.startswith('"artikel-01.md"'))
    lines[damaged] = lines[damaged][:40] + ","  # cut short: no longer a record
    path.write_text("\n".join(lines), encoding="utf-8")
    again = build_site(root, tmp_path / "out", jobs=1)
    assert again.ok and again.built == 1
    assert build_site(root, tmp_path / "out", jobs=1).built == 0


def test_one_article_changed_writes_its_record_anew_and_keeps_the_others_lines_as_a_cold_build_writes_them(
        make_site, tmp_path):
    """The index is written whole, but a record read from it unchanged is written back as its line
    of text, unparsed: the index after one article changed is the one a build from nothing writes."""
    root = many_articles(make_site, count=3)
    (root / "content/artikel-02.md").write_text(ARTICLE.format(n=2, day=3, key="alpha2020").replace(
        "author: Redaktionen", "author: Redaktionen # og andre"), encoding="utf-8")  # a warning, kept in the index
    changed = root / "content/artikel-01.md"
    changed.write_text(changed.read_text(encoding="utf-8") + "\nEn ny sætning.\n", encoding="utf-8")

    def age_all() -> None:  # saved a while ago: a file saved a moment ago is not trusted (racy)
        for path in root.rglob("*"):
            if path.is_file() and ".iskias-cache" not in path.parts:
                os.utime(path, ns=(1_600_000_000_000_000_000, 1_600_000_000_000_000_000))

    age_all()
    assert build_site(root, tmp_path / "out", jobs=1).ok
    index = root / ".iskias-cache/index.json"
    before = index.read_text(encoding="utf-8").split("\n")
    changed.write_text(changed.read_text(encoding="utf-8") + "Og en til.\n", encoding="utf-8")
    age_all()
    assert build_site(root, tmp_path / "out", jobs=1).built == 1
    after = index.read_text(encoding="utf-8").split("\n")
    assert [line for line in after if line not in before] == [
        next(line for line in after if line.startswith('"artikel-01.md"'))]
    assert "is read as a comment" in next(line for line in after if line.startswith('"artikel-02.md"'))
    shutil.rmtree(root / ".iskias-cache")
    assert build_site(root, tmp_path / "cold", jobs=1).built == 4
    assert index.read_text(encoding="utf-8").split("\n") == after


def test_a_warm_build_leaves_the_cache_index_as_it_was(make_site, tmp_path):
    root = many_articles(make_site, count=2)
    (root / "content/advarsel.md").write_text(ARTICLE.format(n=9, day=1, key="alpha2020").replace(
        "author: Redaktionen", "author: Redaktionen # og andre"), encoding="utf-8")  # a warning, kept in the index
    for path in root.rglob("*"):  # saved a while ago: a file saved a moment ago is read again next build (racy)
        if path.is_file():
            os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns - 10_000_000_000))
    first = build_site(root, tmp_path / "out", jobs=1)
    assert first.ok and "is read as a comment" in first.diagnostics.warnings[0].message
    index = root / ".iskias-cache/index.json"
    assert "is read as a comment" in index.read_text(encoding="utf-8")
    before = index.stat().st_ino
    assert build_site(root, tmp_path / "out", jobs=1).built == 0
    assert index.stat().st_ino == before


def test_linking_over_an_existing_page_never_writes_into_the_file_it_links(tmp_path):
    from iskias_site.write.staging import link_into

    cached, other = tmp_path / "cached.html", tmp_path / "other.html"
    cached.write_text("cached page", encoding="utf-8")
    other.write_text("other page", encoding="utf-8")
    staging = tmp_path / "staging"
    link_into(staging, "a/index.html", cached)
    link_into(staging, "a/index.html", other)  # the link exists: replaced, not written through
    assert (staging / "a/index.html").read_text(encoding="utf-8") == "other page"
    assert cached.read_text(encoding="utf-8") == "cached page"


def test_an_index_entry_without_its_summary_is_mended_by_the_next_build(make_site, tmp_path):
    import json

    root = many_articles(make_site, count=2)
    build_site(root, tmp_path / "out", jobs=1)
    index_path = root / ".iskias-cache/index.json"
    index = json.loads(index_path.read_text(encoding="utf-8"))
    del index["artikel-00.md"]["summary"]
    index_path.write_text(json.dumps(index), encoding="utf-8")
    assert build_site(root, tmp_path / "out", jobs=1).built == 1
    assert build_site(root, tmp_path / "out", jobs=1).built == 0


@pytest.mark.parametrize("engine_file", ["convert/headings.py", "source/fences.py", "locale/da.yml"])
def test_a_change_to_any_engine_file_builds_every_page_again(make_site, tmp_path, monkeypatch, engine_file):
    """The cache key covers every file of the package, in every subpackage, not only `*.py` at the top:
    after a change to the engine, no page is served from the cache."""
    import shutil

    import iskias_site
    from iskias_site.write import cache

    assert cache.ENGINE == Path(iskias_site.__file__).resolve().parent
    engine = tmp_path / "engine"
    shutil.copytree(cache.ENGINE, engine, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(cache, "ENGINE", engine)
    root = many_articles(make_site, count=2)
    assert build_site(root, tmp_path / "out", jobs=1).built == 3
    assert build_site(root, tmp_path / "out", jobs=1).built == 0
    with (engine / engine_file).open("a", encoding="utf-8") as file:
        file.write("\n# changed\n")
    assert build_site(root, tmp_path / "out", jobs=1).built == 3
