import pytest

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
