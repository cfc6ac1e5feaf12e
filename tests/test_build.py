"""Building whole sites: what a reader finds in the output, and what a failed build leaves behind."""

from __future__ import annotations

import re
from pathlib import Path

from iskias_site.pipeline.site import build_site
from iskias_site.cli import main

REPO = Path(__file__).resolve().parent.parent


def page(out: Path, slug: str = "test") -> str:
    return (out / slug / "index.html").read_text(encoding="utf-8")


def test_sections_follow_their_numbers_not_their_names(make_site, tmp_path):
    root = make_site({
        "content/test/01-foerste.md": "## Zulu\n\nA.\n",
        "content/test/02-anden.md": "## Alfa\n\nB.\n",
        "content/test/10-tiende.md": "## Mike\n\nC.\n",
    })
    out = tmp_path / "out"
    assert build_site(root, out).ok
    html = page(out)
    assert html.index('id="zulu"') < html.index('id="alfa"') < html.index('id="mike"')


def test_each_section_is_a_labelled_section_with_a_stable_anchor(make_site, tmp_path):
    root = make_site({"content/test/01-foerste.md": "## Hvornår skal du søge læge?\n\n### Én til\n\nTekst.\n"})
    out = tmp_path / "out"
    build_site(root, out)
    html = page(out)
    assert '<section class="article-section" aria-labelledby="hvornaar-skal-du-soege-laege">' in html
    assert '<h2 id="hvornaar-skal-du-soege-laege">Hvornår skal du søge læge?</h2>' in html
    assert '<h3 id="en-til">Én til</h3>' in html
    assert '<li><a href="#hvornaar-skal-du-soege-laege">Hvornår skal du søge læge?</a></li>' in html


def test_explicit_anchor_wins(make_site, tmp_path):
    root = make_site({"content/test/01-foerste.md": "## Symptomer {#tegn}\n\nTekst.\n"})
    out = tmp_path / "out"
    build_site(root, out)
    assert '<h2 id="tegn">Symptomer</h2>' in page(out)


def test_citations_are_numbered_across_sections_and_list_only_cited_works(make_site, tmp_path):
    root = make_site({
        "content/test/index.md": None,
        "content/test/01-foerste.md": "## Et\n\n[@gamma2022] og [@alpha2020].\n",
        "content/test/02-anden.md": "## To\n\n[@alpha2020; @gamma2022].\n",
    })
    from conftest import INDEX
    (root / "content/test/index.md").write_text(INDEX.replace("[@beta2021]", ""), encoding="utf-8")
    out = tmp_path / "out"
    result = build_site(root, out)
    html = page(out)
    assert [m for m in re.findall(r'<li id="ref-([\w-]+)" value="(\d+)">', html)] == [
        ("gamma2022", "1"), ("alpha2020", "2")]
    assert 'id="ref-beta2021"' not in html
    warnings = [d.format() for d in result.diagnostics.sorted()]
    assert warnings == ["references.bib:13: warning: entry 'beta2021' is never cited"]


def test_every_in_page_link_resolves(tmp_path):
    out = tmp_path / "out"
    result = build_site(REPO, out)
    assert result.ok, [d.format() for d in result.diagnostics.sorted()]
    html = page(out, "iskiassmerter")
    ids = set(re.findall(r'\sid="([^"]+)"', html))
    targets = set(re.findall(r'href="#([^"]+)"', html)) | set(re.findall(r'popovertarget="([^"]+)"', html))
    assert targets and targets <= ids, targets - ids


def test_the_sciatica_article_cites_in_the_order_it_numbers(tmp_path):
    out = tmp_path / "out"
    build_site(REPO, out)
    html = page(out, "iskiassmerter")
    body = html[: html.index('id="kilder"')]
    first_seen: list[int] = []
    for text in re.findall(r'class="citation-button"[^>]*>\(([^)]*)\)</button>', body):
        for piece in text.split(", "):
            first, _, last = piece.partition("\u2013")
            for n in range(int(first), int(last or first) + 1):
                if n not in first_seen:
                    first_seen.append(n)
    assert first_seen == list(range(1, 31))
    listed = [int(n) for n in re.findall(r'<li id="ref-[\w-]+" value="(\d+)">', html)]
    assert listed == list(range(1, len(listed) + 1)) and len(listed) == 30


def test_backlinks_lead_to_every_place_a_work_is_cited(make_site, tmp_path):
    root = make_site({"content/test/01-foerste.md": "## Et\n\n[@alpha2020] og [@alpha2020; @beta2021].\n"})
    out = tmp_path / "out"
    build_site(root, out)
    entry = page(out).split('<li id="ref-alpha2020"')[1].split("</li>")[0]
    assert re.findall(r'<a href="#(cite-\d+)" aria-label="Tilbage', entry) == ["cite-2", "cite-3"]


def test_front_page_lists_the_articles(make_site, tmp_path):
    root = make_site({"content/anden.md": "---\ntitle: Anden artikel\ndescription: D.\nauthor: R\n"
                                          "published: 2026-01-01\nlast_reviewed: 2026-01-01\n"
                                          "next_review: 2027-01-01\n---\n\n## Afsnit\n\nTekst.\n"})
    out = tmp_path / "out"
    assert build_site(root, out).ok
    front = (out / "index.html").read_text(encoding="utf-8")
    assert '<a href="anden/">Anden artikel</a>' in front and '<a href="test/">Testartikel</a>' in front
    assert '<h2 id="afsnit">Afsnit</h2>' in page(out, "anden")


def test_failed_build_leaves_the_previous_site_exactly_as_it_was(make_site, tmp_path):
    root = make_site()
    out = tmp_path / "out"
    assert build_site(root, out).ok
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    (root / "content/test/01-foerste.md").write_text("## Et\n\n[@nope].\n", encoding="utf-8")
    assert not build_site(root, out).ok
    after = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before
    # no half-written folder left: only the spare beside it (the first site's copy of links, recycled and put back)
    assert sorted(p.name for p in out.parent.iterdir()) == [".out.spare", "out", "site"]


def test_removed_article_leaves_no_stale_page(make_site, tmp_path):
    root = make_site({"content/gammel.md": "---\ntitle: G\ndescription: D.\nauthor: R\npublished: 2026-01-01\n"
                                           "last_reviewed: 2026-01-01\nnext_review: 2027-01-01\n---\n\nTekst.\n"})
    out = tmp_path / "out"
    build_site(root, out)
    assert (out / "gammel/index.html").exists()
    (root / "content/gammel.md").unlink()
    record = root / "published-pages.txt"  # removing a published page on purpose: its line goes too
    record.write_text(record.read_text(encoding="utf-8").replace("gammel/\n", ""), encoding="utf-8")
    assert build_site(root, out).ok
    assert not (out / "gammel").exists()


def test_cli_site_and_out_options(make_site, tmp_path, capsys):
    root = make_site()
    out = tmp_path / "elsewhere"
    assert main(["build", "--site", str(root), "--out", str(out)]) == 0
    assert (out / "test/index.html").exists() and not (root / "_site").exists()
    assert main(["--site", str(root)]) == 0  # `python build.py --site X` means build
    assert (root / "_site/index.html").exists()
    assert "Byggede 6 sider" in capsys.readouterr().out  # Danish: the site's language


def test_sitemap_and_robots_name_every_page(make_site, tmp_path):
    root = make_site()
    out = tmp_path / "out"
    build_site(root, out)
    assert (out / "sitemap.xml").read_text(encoding="utf-8") == (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        "  <url><loc>https://test.example/</loc><lastmod>2026-01-01</lastmod></url>\n"
        "  <url><loc>https://test.example/test/</loc><lastmod>2026-01-01</lastmod></url>\n"
        "  <url><loc>https://test.example/a-z/</loc></url>\n"
        "  <url><loc>https://test.example/nyt/</loc></url>\n"
        "</urlset>\n"
    )
    assert (out / "robots.txt").read_text(encoding="utf-8") == (
        "User-agent: *\nAllow: /\n\nSitemap: https://test.example/sitemap.xml\n")


def test_past_next_review_is_a_warning_and_fails_under_strict(make_site, tmp_path):
    root = make_site()
    out = tmp_path / "out"
    late = build_site(root, out, today=__import__("datetime").date(2027, 6, 1))
    assert late.ok
    assert [d.format() for d in late.diagnostics.sorted()] == [
        "content/test/index.md:1: warning: the next review date 2027-01-01 has passed; "
        "review the content and set new dates",
        "references.bib:20: warning: entry 'gamma2022' is never cited",
    ]
    assert not build_site(root, tmp_path / "strict", strict=True).ok
    assert not (tmp_path / "strict").exists()


def test_published_anchor_that_disappears_fails_until_aliased(make_site, tmp_path):
    root = make_site({"content/test/01-foerste.md": "## Første afsnit\n\nTekst [@alpha2020; @gamma2022].\n"})
    out = tmp_path / "out"
    assert build_site(root, out).ok
    record = (root / "published-anchors.txt").read_text(encoding="utf-8")
    assert record.endswith("test#foerste-afsnit\n")
    (root / "content/test/01-foerste.md").write_text("## Nyt navn\n\nTekst [@alpha2020; @gamma2022].\n",
                                                     encoding="utf-8")
    failed = build_site(root, out)
    assert [d.format() for d in failed.diagnostics.errors] == [
        "content/test/index.md:1: error: the anchor '#foerste-afsnit' was published and no heading has it now; "
        "clinicians' links would break. Add to the front matter: anchor_aliases: {foerste-afsnit: new-anchor}"]
    index = (root / "content/test/index.md").read_text(encoding="utf-8")
    (root / "content/test/index.md").write_text(
        index.replace("next_review:", "anchor_aliases:\n  foerste-afsnit: nyt-navn\nnext_review:"), encoding="utf-8")
    assert build_site(root, out).ok
    assert '<h2 id="nyt-navn"><span id="foerste-afsnit"></span>Nyt navn</h2>' in page(out)


def test_jsonld_matches_the_visible_page_and_has_no_reviewer_until_there_is_one(make_site, tmp_path):
    import json
    root = make_site()
    out = tmp_path / "out"
    build_site(root, out)
    html = page(out)
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
    assert data["@type"] == "MedicalWebPage" and data["lastReviewed"] == "2026-01-01"
    assert '<time datetime="2026-01-01">1. januar 2026</time>' in html
    assert "reviewedBy" not in data and "Afventer faglig gennemgang" in html
