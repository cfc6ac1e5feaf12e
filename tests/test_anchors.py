import pytest
from markdown_helpers import convert

from iskias_site.source.anchors import slugify


@pytest.mark.parametrize(
    ("heading", "anchor"),
    [
        ("Hvornår skal du søge læge?", "hvornaar-skal-du-soege-laege"),
        ("Blokade (steroidindsprøjtning)", "blokade-steroidindsproejtning"),
        ("ÆØÅ æøå", "aeoeaa-aeoeaa"),
        ("8 principper for genoptræning", "8-principper-for-genoptraening"),
        ("Café – résumé", "cafe-resume"),
        ("???", "afsnit"),
    ],
)
def test_slugify_makes_stable_ascii_anchors(heading, anchor):
    assert slugify(heading) == anchor


def test_headings_get_their_anchor_or_the_one_written_after_them():
    html = convert("## Hvornår skal du søge læge?\n\n### Røde flag {#roede-flag}\n")
    assert html == ('<h2 id="hvornaar-skal-du-soege-laege">Hvornår skal du søge læge?</h2>\n'
                    '<h3 id="roede-flag">Røde flag</h3>')


def test_a_toc_marker_stays_text_because_the_page_makes_the_contents():
    assert convert("[TOC]\n\n## Behandling\n") == '<p>[TOC]</p>\n<h2 id="behandling">Behandling</h2>'


def test_a_heading_that_cites_keeps_the_anchor_and_contents_entry_of_its_words():
    html = convert("## Om [@e]\n\n### Røde flag [@a] {#roede}\n")
    assert html.startswith('<h2 id="om">Om <button class="citation-button" id="cite-1"')
    assert '<h3 id="roede">Røde flag <button class="citation-button" id="cite-2"' in html


def test_the_contents_list_names_a_citing_heading_by_its_words(make_site, tmp_path):
    from iskias_site.pipeline.site import build_site

    root = make_site({"content/test/01-foerste.md": "## Behandling [@alpha2020]\n\nTekst [@gamma2022].\n"})
    assert build_site(root, tmp_path / "out").ok
    page = (tmp_path / "out/test/index.html").read_text(encoding="utf-8")
    assert '<li><a href="#behandling">Behandling</a></li>' in page
    assert '<h2 id="behandling">Behandling <button class="citation-button"' in page


def test_a_citing_heading_and_a_plain_one_with_the_same_words_clash(make_site, tmp_path):
    from iskias_site.pipeline.site import build_site

    root = make_site({"content/test/01-foerste.md": "## Behandling\n\nTekst.\n\n## Behandling [@alpha2020]\n"})
    result = build_site(root, tmp_path / "out")
    assert [d.format() for d in result.diagnostics.errors] == [
        "content/test/01-foerste.md:5: error: heading gets the anchor '#behandling', as does the heading at "
        "line 1; reword one, or give it its own anchor with {#new-anchor}"]
