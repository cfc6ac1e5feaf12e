import pytest
from markdown_helpers import convert

from iskias_site.anchors import slugify


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
