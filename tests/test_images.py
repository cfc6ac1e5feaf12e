"""Images become figures with alt text, caption, size and lazy loading; problems name the line."""

from __future__ import annotations

import base64

from iskias_site.pipeline.site import build_site

# A 3 x 2 pixel PNG.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAMAAAACCAIAAAASFvFNAAAAEklEQVR4nGP8z8DAwMDAxMDAAAAbCgIBnOYaBQAAAABJRU5ErkJggg=="
)


def site_with_image(make_site, markdown: str):
    root = make_site({"content/test/01-foerste.md": f"## Et\n\nTekst [@alpha2020; @gamma2022].\n\n{markdown}\n"})
    (root / "content/test/ryg.png").write_bytes(PNG)
    return root


def test_image_becomes_a_figure_with_size_and_lazy_loading(make_site, tmp_path):
    root = site_with_image(make_site, '![Tegning af lænden](ryg.png "Lænden set fra siden")')
    out = tmp_path / "out"
    assert build_site(root, out).ok
    html = (out / "test/index.html").read_text(encoding="utf-8")
    assert ('<figure class="image-figure"><img alt="Tegning af lænden" decoding="async" height="2" '
            'loading="lazy" src="ryg.png" width="3"><figcaption>Lænden set fra siden</figcaption>\n</figure>') in html
    assert (out / "test/ryg.png").read_bytes() == PNG


def test_image_in_the_introduction_loads_at_once(make_site, tmp_path):
    root = make_site()
    index = (root / "content/test/index.md").read_text(encoding="utf-8")
    (root / "content/test/index.md").write_text(index + "\n![Tegning](ryg.png)\n", encoding="utf-8")
    (root / "content/test/ryg.png").write_bytes(PNG)
    out = tmp_path / "out"
    assert build_site(root, out).ok
    assert 'loading="eager"' in (out / "test/index.html").read_text(encoding="utf-8")


def errors(root, tmp_path):
    return [d.format() for d in build_site(root, tmp_path / "out").diagnostics.errors]


def test_missing_alt_text_is_an_error(make_site, tmp_path):
    root = site_with_image(make_site, "![](ryg.png)")
    assert errors(root, tmp_path) == [
        "content/test/01-foerste.md:5: error: image 'ryg.png' has no alt text; "
        "describe what it shows: ![Beskrivelse](ryg.png)"]


def test_missing_image_file_is_an_error(make_site, tmp_path):
    root = site_with_image(make_site, "![Tegning](mangler.png)")
    assert errors(root, tmp_path) == [
        "content/test/01-foerste.md:5: error: image 'mangler.png' is not in the article's folder"]


def test_image_from_another_site_is_an_error(make_site, tmp_path):
    root = site_with_image(make_site, "![Tegning](https://example.com/a.png)")
    assert errors(root, tmp_path) == [
        "content/test/01-foerste.md:5: error: image 'https://example.com/a.png' is on another site; "
        "put the file in the article's folder"]
