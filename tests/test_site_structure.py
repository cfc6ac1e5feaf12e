"""The site as a whole, on the 30-article fixture site: topics, A–Å, related articles, drafts,
moved pages, news and its feed; and every new message of the front matter and site.yml."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import INDEX, SITE_YML
from site_fixture import ARTICLES, DRAFT, write_fixture_site

from iskias_site.diagnostics import ENGLISH
from iskias_site.messages import render
from iskias_site.pipeline.site import build_site
from iskias_site.render.collation import danish_key, first_letter

REPO = Path(__file__).resolve().parent.parent
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, object]:
    root = write_fixture_site(tmp_path_factory.mktemp("fixture") / "site", REPO / "templates", REPO / "static")
    result = build_site(root, root / "_site")
    assert result.ok, [d.format() for d in result.diagnostics.sorted()]
    return root / "_site", result


def read(out: Path, name: str) -> str:
    return (out / name).read_text(encoding="utf-8")


def titles(html: str, list_class: str) -> list[str]:
    found = []
    for block in re.findall(rf'<ul class="{list_class}">(.*?)</ul>', html, re.S):
        found += re.findall(r'<a href="[^"]+">([^<]+)</a>', block)
    return found


# --- Danish order -------------------------------------------------------------------------------

def test_danish_order_puts_ae_oe_aa_after_z_and_aa_as_aa():
    words = ["Åbent", "Aarhus", "Zone", "Ørne", "Æble", "Abe", "Émile", "Ebbe", "Über", "Yoga", "ärlig", "8 råd"]
    assert sorted(words, key=danish_key) == [
        "8 råd", "Abe", "Ebbe", "Émile", "Über", "Yoga", "Zone", "Æble", "ärlig", "Ørne", "Åbent", "Aarhus"]
    assert [first_letter(w) for w in ("Aarhus", "Émile", "ørne", "8 råd")] == ["Å", "E", "Ø", "0–9"]


# --- the pages ----------------------------------------------------------------------------------

def test_the_front_page_groups_the_articles_by_topic_in_site_yml_order(built):
    html = read(built[0], "index.html")
    headings = re.findall(r'<h2 id="[^"]+">(?:<a href="[^"]+">)?([^<]+)', html)
    assert headings == ["Ryg og nerver", "Genoptræning", "Smerte", "Andre artikler"]
    assert titles(html, "article-list")[:10] == [
        "Diskusprolaps", "Hekseskud", "Iskias", "Nakkesmerter", "Spinalstenose", "Zoneterapi",
        "Ældre og rygsmerter", "Øresus og nakken", "Åbent brev om rygscanninger", "Aarhus-modellen for rygpatienter"]
    assert html.count("Hekseskud</a>") == 2  # in both of its topics
    assert '<a href="emne/smerte/">Smerte</a>' in html and '<a href="a-z/">' in html and '<a href="nyt/">' in html
    assert "En artikel under arbejde" not in html  # the draft


def test_a_topic_page_lists_its_articles_under_a_breadcrumb(built):
    html = read(built[0], "emne/genoptraening/index.html")
    assert titles(html, "article-list") == [
        "8 principper for genoptræning", "Cykling", "Gang som træning", "Genoptræningsbjerget", "Løb efter iskias",
        "Pauser i træningen", "Styrketræning", "Svømning", "Yoga"]
    assert ('<nav class="breadcrumb" aria-label="Du er her">\n  <ol>\n'
            '    <li><a href="../../">Forside</a></li>\n'
            '    <li><a href="./" aria-current="page">Genoptræning</a></li>\n  </ol>\n</nav>') in html
    assert '<a href="../../gang/">Gang som træning</a>' in html


def test_an_article_has_its_topic_in_the_breadcrumb(built):
    html = read(built[0], "gang/index.html")
    assert ('    <li><a href="../">Forside</a></li>\n'
            '    <li><a href="../emne/genoptraening/">Genoptræning</a></li>\n'
            '    <li><a href="./" aria-current="page">Gang som træning</a></li>\n') in html
    assert '<p class="breadcrumb">' not in html


def test_the_a_z_page_lists_every_article_in_danish_order_under_its_letter(built):
    html = read(built[0], "a-z/index.html")
    listed = titles(html, "a-z-list")
    published = [a[1] for a in ARTICLES if a[0] != DRAFT]
    assert listed == sorted(published, key=danish_key) and len(listed) == 29
    letters = re.findall(r'<h2 id="bogstav-\d+">([^<]+)</h2>', html)
    assert letters[0] == "0–9" and letters[-3:] == ["Æ", "Ø", "Å"]
    assert listed[-2:] == ["Åbent brev om rygscanninger", "Aarhus-modellen for rygpatienter"]
    assert "ordbog" not in html  # the site has no glossary (yet)


def test_related_articles_chosen_then_linking_here_then_same_topic(built):
    html = read(built[0], "iskias/index.html")
    block = html[html.index('<nav class="related"'):html.index("</nav>", html.index('<nav class="related"'))]
    assert re.findall(r'<a href="[^"]+">([^<]+)</a>', block) == [
        "8 principper for genoptræning", "Hvad er smerte?",  # related: in the front matter
        "Gang som træning", "Genoptræningsbjerget",  # they link here
        "Diskusprolaps", "Hekseskud"]  # the same topic, at most six in all
    assert html.index('<nav class="related"') < html.index('id="om-siden"')
    assert "<!--iskias:related-->" not in html


def test_the_draft_is_not_built_and_the_build_says_so(built):
    out, result = built
    assert not (out / DRAFT).exists()
    assert f"1 draft not published (draft: true): {DRAFT}.md" in [render(note, ENGLISH) for note in result.notes]
    assert DRAFT not in read(out, "sitemap.xml") + read(out, "feed.xml")


def test_the_preview_builds_the_draft_with_its_banner(tmp_path):
    root = write_fixture_site(tmp_path / "site", REPO / "templates", REPO / "static")
    assert build_site(root, tmp_path / "preview", drafts=True).ok
    html = read(tmp_path / "preview", f"{DRAFT}/index.html")
    assert '<p class="draft-banner" role="note">Kladde: Artiklen er ikke udgivet.' in html
    assert f"{DRAFT}/" not in (root / "published-pages.txt").read_text(encoding="utf-8")  # never recorded


def test_a_moved_article_leaves_a_redirect_page_and_a_301(built):
    out = built[0]
    html = read(out, "iskiassmerter/index.html")
    assert '<link rel="canonical" href="https://test.example/iskias/">' in html
    assert '<meta http-equiv="refresh" content="0; url=../iskias/">' in html
    assert '<a href="../iskias/">Iskias</a>' in html and '<meta name="robots" content="noindex">' in html
    assert "<script" not in html
    assert read(out, "redirects.nginx.conf").splitlines()[1:] == [
        "location = /iskiassmerter { return 301 /iskias/; }",
        "location = /iskiassmerter/ { return 301 /iskias/; }",
        "location = /iskiassmerter/index.html { return 301 /iskias/; }"]


def test_news_lists_published_or_reviewed_newest_first(built):
    html = read(built[0], "nyt/index.html")
    items = re.findall(r'<li>\s*<a href="[^"]+">([^<]+)</a>\s*<p>(\w+) <time datetime="([\d-]+)">', html)
    assert items[:3] == [("Hvad er smerte?", "Opdateret", "2026-10-01"), ("Iskias", "Opdateret", "2026-09-01"),
                         ("Kontakt til sundhedsvæsenet", "Udgivet", "2026-06-02")]
    assert len(items) == 29


def test_the_atom_feed_has_an_entry_per_published_article(built):
    feed = ET.fromstring(read(built[0], "feed.xml"))
    assert feed.tag == f"{ATOM}feed"
    assert feed.find(f"{ATOM}id").text == "https://test.example/"
    assert feed.find(f"{ATOM}updated").text.startswith("2026-10-01")
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 29
    first = entries[0]
    assert first.find(f"{ATOM}title").text == "Hvad er smerte?"
    assert first.find(f"{ATOM}link").get("href") == "https://test.example/hvad-er-smerte/"
    assert first.find(f"{ATOM}published").text.startswith("2026-04-02")
    assert '<link rel="alternate" type="application/atom+xml" href="../feed.xml"' in read(built[0], "gang/index.html")


# --- messages -----------------------------------------------------------------------------------

SECTION = "content/test/01-foerste.md"
TOPICS = SITE_YML + "topics:\n  ryg-og-nerver: Ryg og nerver\n  smerte: Smerte\n"


def test_the_feed_holds_the_newest_fifty_and_the_news_page_every_article(make_site, tmp_path):
    """A feed reader polls the feed often: a site of thousands of articles gives it the newest 50."""
    files = {f"content/artikel-{n:02d}.md": INDEX.replace("title: Testartikel", f"title: Artikel {n:02d}")
             .replace("published: 2026-01-01", f"published: 2026-01-{1 + n % 28:02d}")
             .replace("\n---\n", f"\n---\n\n## Afsnit\n\nTekst om emne {n} [@alpha2020].\n", 1)
             for n in range(55)}
    root = make_site(files)
    out = tmp_path / "out"
    result = build_site(root, out)
    assert result.ok, [d.format() for d in result.diagnostics.sorted()]
    entries = ET.fromstring(read(out, "feed.xml")).findall(f"{ATOM}entry")
    assert len(entries) == 50
    published = [e.find(f"{ATOM}published").text[:10] for e in entries]
    assert published == sorted(published, reverse=True)
    assert "2026-01-01" not in published and "2026-01-28" in published  # the oldest six are left out
    news = read(out, "nyt/index.html")
    assert all(f"artikel-{n:02d}/" in news for n in range(55))


def front(*lines: str) -> str:
    return INDEX.replace("---\n\n", "\n".join(lines) + "\n---\n\n", 1)  # the new keys: line 7 on


def errors(root: Path) -> list[str]:
    return [d.format() for d in build_site(root, root / "_site").diagnostics.errors]


@pytest.mark.parametrize(("files", "expected"), [
    ({"content/test/index.md": front("topics: [ryg-og-nerve]"), "site.yml": TOPICS},
     "content/test/index.md:8: error: unknown topic 'ryg-og-nerve' (did you mean 'ryg-og-nerver'?); "
     "site.yml lists: ryg-og-nerver, smerte"),
    ({"content/test/index.md": front("topics: ryg")},
     "content/test/index.md:8: error: unknown topic 'ryg'; site.yml lists no topics yet: add it under 'topics:' there"),
    ({"content/test/index.md": front("related: [tst]")},
     "content/test/index.md:8: error: related: there is no article 'tst' in content/ (did you mean 'test'?)"),
    ({"content/test/index.md": front("related: [test]")},
     "content/test/index.md:8: error: related: 'test' is this article itself; name other articles"),
    ({"content/test/index.md": front("related: [andet]"), "content/andet.md": front("draft: true")},
     "content/test/index.md:8: error: related: the article 'andet' is a draft, which `build` does not publish"),
    ({"content/test/index.md": front("moved_from: [andet]"), "content/andet.md": INDEX},
     "content/test/index.md:8: error: moved_from: 'andet' is the address of the article content/andet now; "
     "an address can lead to one page only"),
    ({"content/test/index.md": front("moved_from: [Gammel Side]")},
     "content/test/index.md:8: error: moved_from: 'Gammel Side' cannot have been an address; write the old slug, "
     "e.g. 'gammel-adresse' for /gammel-adresse/"),
    ({"content/test/index.md": front("moved_from: gammel"), "content/andet.md": front("moved_from: gammel")},
     "content/test/index.md:8: error: moved_from: 'gammel' is claimed by 'andet' too; "
     "an old address can lead to one article only"),
    ({"published-pages.txt": "# kommentar\ngammel/\ntest/\n"},
     "published-pages.txt:2: error: 'gammel/' was published, but no article has that address now; links to it "
     "break. Add 'moved_from: [gammel]' to the front matter of the article that replaced it, or delete its line "
     "from published-pages.txt"),
    ({"published-pages.txt": "tset/\n"},
     "published-pages.txt:1: error: 'tset/' was published, but no article has that address now; links to it "
     "break. Add 'moved_from: [tset]' to the front matter of 'test', or delete its line from published-pages.txt"),
    ({"site.yml": SITE_YML + "topics:\n  Ryg og nerver: Ryg\n"},
     "site.yml:17: error: topics: 'Ryg og nerver' cannot be a web address; use lowercase a-z, 0-9 and hyphens "
     "(æ→ae, ø→oe, å→aa)"),
    ({"site.yml": SITE_YML + "topics:\n  ryg:\n"},
     "site.yml:17: error: topics: 'ryg' needs its title as text, e.g. 'ryg: Ryg og nerver'"),
])
def test_each_new_mistake_is_an_error_at_its_line(make_site, files, expected):
    assert errors(make_site(files)) == [expected]


def test_placeholder_text_of_new_is_an_error_in_a_published_article(make_site):
    from iskias_site.scaffold import DESCRIPTION
    index = INDEX.replace("En artikel til test.", f'"{DESCRIPTION}"')
    root = make_site({"content/test/index.md": index,
                      SECTION: "## Første afsnit\n\nTekst [@alpha2020].\n\nDet vigtigste i én sætning.\n"})
    advice = "write your own text, or keep 'draft: true' in the front matter until the article is ready"
    assert errors(root) == [
        f"content/test/index.md:3: error: the description is still the placeholder of 'iskias-site new'; {advice}",
        f"{SECTION}:5: error: 'Det vigtigste i én sætning.' is placeholder text from 'iskias-site new'; {advice}"]


def test_a_draft_with_placeholders_and_errors_does_not_stop_the_build(make_site):
    root = make_site({"content/andet.md": front("draft: true") + "\nDet vigtigste i én sætning [@ukendt].\n"})
    result = build_site(root, root / "_site")
    assert result.ok and not (root / "_site/andet").exists()
