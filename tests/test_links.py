"""Links between pages of the site: resolved by the build, an error at the link's line otherwise."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import INDEX, SITE_YML

from iskias_site.lint.lints import check_site
from iskias_site.pipeline.site import build_site

SECTION = "content/test/01-foerste.md"
OTHER = {
    "content/andet.md": INDEX.replace("Testartikel", "Andet").replace("[@beta2021]", "")
    + "\n## Sådan gør du {#saadan}\n\nTekst.\n",
}
TOPICS = SITE_YML + "topics:\n  ryg: Ryg og nerver\n"


def errors(root) -> list[str]:
    result = build_site(root, root / "_site")
    return [d.format() for d in result.diagnostics.sorted() if d.severity == "error"]


@pytest.mark.parametrize("target", [
    "#foerste-afsnit", "#kilder", "#om-siden", "#ref-alpha2020", "#ref-beta2021",
    "../andet/", "../andet/#saadan", "../andet/index.html#kilder", "../", "https://sundhed.dk/",
    "mailto:redaktion@test.example", "tel:1813",
    "/andet/", "/andet/#saadan", "/andet#saadan", "/", "/a-z/", "../nyt/", "/feed.xml", "/emne/ryg/",
])
def test_links_that_resolve_build(make_site, target):
    text = f"## Første afsnit\n\nTekst [@alpha2020]. Se [afsnittet om noget]({target}).\n"
    assert errors(make_site({SECTION: text, "site.yml": TOPICS, **OTHER})) == []


@pytest.mark.parametrize(("target", "message"), [
    ("#foerste-afsnitt", "link to '#foerste-afsnitt' finds no heading '#foerste-afsnitt' in this article "
                         "(did you mean '#foerste-afsnit'?)"),
    ("#ref-gamma2022", "link to '#ref-gamma2022' finds no heading '#ref-gamma2022' in this article "
                       "(did you mean '#ref-beta2021'?)"),  # gamma2022 is not cited, so not listed
    ("../andet/#saadan-goer-du", "link to '../andet/#saadan-goer-du' finds no heading '#saadan-goer-du' "
                                 "in the article 'andet' (did you mean '#saadan'?)"),
    ("/andet/#saadan-goer-du", "link to '/andet/#saadan-goer-du' finds no heading '#saadan-goer-du' "
                               "in the article 'andet' (did you mean '#saadan'?)"),
    ("../anden/", "link to '../anden/' leads to no article; there is no content/anden (did you mean 'andet'?)"),
    ("/anden/", "link to '/anden/' leads to no article; there is no content/anden (did you mean 'andet'?)"),
    ("andet.html", "link to 'andet.html' leads to no page of the site; link to a heading with '#anchor', "
                   "or to another article with '../slug/#anchor'"),
    ("/emne/rig/", "link to '/emne/rig/' leads to no page of the site (did you mean 'emne/ryg/'?)"),
    ("../static/mangler.pdf", "link to '../static/mangler.pdf' finds no file static/mangler.pdf"),
])
def test_links_that_do_not_resolve_fail_the_build_at_their_line(make_site, target, message):
    text = f"## Første afsnit\n\nTekst.\nSe [afsnittet om noget]({target}).\n"
    root = make_site({SECTION: text, "site.yml": TOPICS, **OTHER})
    assert errors(root) == [f"{SECTION}:4: error: {message}"]
    assert not (root / "_site").exists()


def test_check_shows_the_builds_link_error_once(make_site):
    root = make_site({SECTION: "## Første afsnit\n\nSe [det andet](../anden/).\n", **OTHER})
    diags, _ = check_site(root, dt.date(2026, 6, 1))
    assert [d.format() for d in diags.sorted() if "anden" in d.message] == [
        f"{SECTION}:3: error: link to '../anden/' leads to no article; there is no content/anden "
        "(did you mean 'andet'?)"]


def test_an_explicit_anchor_and_an_anchor_alias_resolve(make_site):
    index = INDEX.replace("---\n\n", "anchor_aliases:\n  gammelt: ny\n---\n\n")
    text = "## Første afsnit\n\n### Nyt {#ny}\n\n[Nyt](#ny) og [gammelt](#gammelt) [@alpha2020].\n"
    assert errors(make_site({SECTION: text, "content/test/index.md": index})) == []


def test_a_link_to_a_draft_is_an_error_in_build_but_not_in_the_preview(make_site, tmp_path):
    draft = {"content/andet.md": OTHER["content/andet.md"].replace("---\n\n", "draft: true\n---\n\n", 1)}
    root = make_site({SECTION: "## Første afsnit\n\nSe [det andet](../andet/) [@alpha2020].\n", **draft})
    assert errors(root) == [f"{SECTION}:3: error: link to '../andet/' leads to no published page: the article "
                            "'andet' is a draft, which `build` does not publish"]
    assert build_site(root, tmp_path / "preview", drafts=True).ok


def test_a_link_to_an_old_address_names_the_new_one(make_site):
    moved = {"content/andet.md": OTHER["content/andet.md"].replace("---\n\n", "moved_from: [gammel]\n---\n\n", 1)}
    root = make_site({SECTION: "## Første afsnit\n\nSe [det andet](../gammel/) [@alpha2020].\n", **moved})
    assert errors(root) == [f"{SECTION}:3: error: link to '../gammel/' leads to no published page: the article "
                            "'gammel' has moved to 'andet'; link to '../andet/'"]


def test_links_in_code_are_not_resolved(make_site):
    text = "## Første afsnit\n\nSkriv `[tekst](../mangler/)` [@alpha2020].\n\n```\n[x](../mangler/)\n```\n"
    assert errors(make_site({SECTION: text})) == []


def test_a_link_on_a_later_line_of_a_cached_article_keeps_its_line(make_site):
    root = make_site({SECTION: "## Første afsnit\n\nTekst [@alpha2020].\n\nSe [andet](../andet/).\n", **OTHER})
    assert errors(root) == []
    (root / "content/andet.md").unlink()
    (root / "published-pages.txt").write_text("test/\n", encoding="utf-8")
    (root / "published-anchors.txt").write_text("test#foerste-afsnit\n", encoding="utf-8")
    result = build_site(root, root / "_site")
    assert result.built == 0  # the article 'test' came from the cache, with its links
    assert [d.format() for d in result.diagnostics.errors] == [
        f"{SECTION}:5: error: link to '../andet/' leads to no article; there is no content/andet"]
