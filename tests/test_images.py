"""Images become figures with alt text, caption, credit, responsive copies and lazy loading; their
metadata never reaches the published files; problems name the line."""

from __future__ import annotations

import base64
import io
from pathlib import Path

from markdown_helpers import convert
from PIL import Image

from iskias_site.convert import responsive_images
from iskias_site.convert.responsive_images import PublishedImage, Variant
from iskias_site.pipeline.site import build_site

# A 3 x 2 pixel PNG.
PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAMAAAACCAIAAAASFvFNAAAAFUlEQVR4nGM8ISfHwMDAwMDAxAADABMuAQhqwGVhAAAAAElFTkSuQmCC")
GPS_IFD = 0x8825


def jpeg_with_gps(width: int = 1000, height: int = 600) -> bytes:
    """A photo as a phone takes it: with the camera's make and the place it was taken."""
    exif = Image.Exif()
    exif[0x010F] = "Telefonfabrikken"  # Make
    exif[GPS_IFD] = {1: "N", 2: (55.0, 40.0, 30.0), 3: "E", 4: (12.0, 34.0, 56.0)}
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (90, 140, 200)).save(buffer, "JPEG", exif=exif)
    return buffer.getvalue()


def site_with_image(make_site, markdown: str):
    root = make_site({"content/test/01-foerste.md": f"## Et\n\nTekst [@alpha2020; @gamma2022].\n\n{markdown}\n"})
    (root / "content/test/ryg.png").write_bytes(PNG)
    return root


def page(out: Path, slug: str = "test") -> str:
    return (out / f"{slug}/index.html").read_text(encoding="utf-8")


# --- Markdown in, HTML out ---------------------------------------------------------------------

PHOTO = PublishedImage(
    src="ryg-800.jpg", width=800, height=480,
    variants=(Variant("t/ryg-480.jpg", Path("a"), 480), Variant("t/ryg-800.jpg", Path("b"), 800)),
    srcset="ryg-480.jpg 480w, ryg-800.jpg 800w", webp_srcset="ryg-480.webp 480w, ryg-800.webp 800w",
    credit="Foto: Redaktionen")


def test_a_photo_becomes_a_picture_with_caption_and_credit():
    html = convert('![Lænden set fra siden](ryg.jpg "Sådan ser lænden ud")', published={"ryg.jpg": PHOTO})
    assert html == (
        '<figure class="image-figure"><picture><source sizes="(min-width: 44rem) 42rem, calc(100vw - 2rem)" '
        'srcset="ryg-480.webp 480w, ryg-800.webp 800w" type="image/webp">'
        '<img alt="Lænden set fra siden" decoding="async" height="480" loading="eager" '
        'sizes="(min-width: 44rem) 42rem, calc(100vw - 2rem)" src="ryg-800.jpg" '
        'srcset="ryg-480.jpg 480w, ryg-800.jpg 800w" width="800"></picture>'
        '<figcaption>Sådan ser lænden ud<span class="image-credit">Foto: Redaktionen</span></figcaption>\n'
        '</figure>')


def test_a_credit_without_a_caption_still_gets_a_caption_line():
    html = convert("![Lænden](ryg.jpg)", published={"ryg.jpg": PHOTO})
    assert html.endswith('<figcaption><span class="image-credit">Foto: Redaktionen</span></figcaption>\n</figure>')


# --- a built site ------------------------------------------------------------------------------

def test_image_becomes_a_figure_with_size_and_lazy_loading(make_site, tmp_path):
    root = site_with_image(make_site, '![Tegning af lænden](ryg.png "Lænden set fra siden")')
    out = tmp_path / "out"
    assert build_site(root, out).ok
    assert ('<img alt="Tegning af lænden" decoding="async" height="2" loading="lazy" '
            'sizes="(min-width: 44rem) 42rem, calc(100vw - 2rem)" src="ryg-3.png" srcset="ryg-3.png 3w" '
            'width="3"></picture><figcaption>Lænden set fra siden</figcaption>') in page(out)
    assert '<source sizes="(min-width: 44rem) 42rem, calc(100vw - 2rem)" srcset="ryg-3.webp 3w"' in page(out)
    with Image.open(out / "test/ryg-3.png") as copy:
        assert copy.size == (3, 2)
    with Image.open(out / "test/ryg-3.webp") as copy:
        assert copy.format == "WEBP"


def test_image_in_the_introduction_loads_at_once(make_site, tmp_path):
    root = make_site()
    index = (root / "content/test/index.md").read_text(encoding="utf-8")
    (root / "content/test/index.md").write_text(index + "\n![Tegning](ryg.png)\n", encoding="utf-8")
    (root / "content/test/ryg.png").write_bytes(PNG)
    out = tmp_path / "out"
    assert build_site(root, out).ok
    assert 'loading="eager"' in page(out)


def test_a_photo_is_offered_in_a_few_widths_none_wider_than_itself(make_site, tmp_path):
    root = make_site({"content/test/01-foerste.md": "## Et\n\nTekst [@alpha2020; @gamma2022].\n\n![Et foto](foto.jpg)\n"})
    (root / "content/test/foto.jpg").write_bytes(jpeg_with_gps(1000, 600))
    out = tmp_path / "out"
    assert build_site(root, out).ok
    html = page(out)
    assert 'srcset="foto-480.jpg 480w, foto-800.jpg 800w, foto-1000.jpg 1000w"' in html
    assert 'srcset="foto-480.webp 480w, foto-800.webp 800w, foto-1000.webp 1000w"' in html
    assert 'src="foto-1000.jpg"' in html and 'width="1000"' in html and 'height="600"' in html
    with Image.open(out / "test/foto-480.jpg") as copy:
        assert copy.size == (480, 288)


def test_exif_and_gps_are_stripped_from_every_published_copy(make_site, tmp_path):
    root = make_site({"content/test/01-foerste.md": "## Et\n\nTekst [@alpha2020; @gamma2022].\n\n![Et foto](foto.jpg)\n"})
    original = jpeg_with_gps()
    with Image.open(io.BytesIO(original)) as photo:  # the test's own photo does carry them
        assert photo.getexif().get_ifd(GPS_IFD) and photo.getexif()[0x010F] == "Telefonfabrikken"
    (root / "content/test/foto.jpg").write_bytes(original)
    out = tmp_path / "out"
    assert build_site(root, out).ok
    published = sorted((out / "test").glob("foto*"))
    assert [p.name for p in published] == ["foto-1000.jpg", "foto-1000.webp", "foto-480.jpg", "foto-480.webp",
                                           "foto-800.jpg", "foto-800.webp"]
    for path in published:
        data = path.read_bytes()
        assert b"Exif" not in data and b"Telefonfabrikken" not in data, path.name
        with Image.open(path) as copy:
            assert not copy.getexif() and "exif" not in copy.info, path.name
    assert not (out / "test/foto.jpg").exists()  # the original, with its metadata, is never published


def test_a_warm_build_never_resizes_again(make_site, tmp_path, monkeypatch):
    root = make_site({"content/test/01-foerste.md": "## Et\n\nTekst [@alpha2020; @gamma2022].\n\n![Et foto](foto.jpg)\n"})
    (root / "content/test/foto.jpg").write_bytes(jpeg_with_gps())
    assert build_site(root, tmp_path / "out").ok
    # another article with the same photo, and a change to this one: neither resizes it again
    (root / "content/test/01-foerste.md").write_text("## Et\n\nÆndret [@alpha2020; @gamma2022].\n\n![Et foto](foto.jpg)\n",
                                                     encoding="utf-8")
    made = []
    real = responsive_images.Image.Image.resize
    monkeypatch.setattr(responsive_images.Image.Image, "resize", lambda *a, **k: made.append(1) or real(*a, **k))
    assert build_site(root, tmp_path / "out").ok
    assert made == []
    assert "Ændret" in page(tmp_path / "out")
    assert (tmp_path / "out/test/foto-480.webp").is_file()


def test_an_image_beside_a_one_file_article(make_site, tmp_path):
    root = make_site({"content/anden.md": "---\ntitle: Anden\ndescription: D.\nauthor: R\npublished: 2026-01-01\n"
                                          "last_reviewed: 2026-01-01\nnext_review: 2027-01-01\n---\n\n"
                                          "Tekst [@gamma2022].\n\n## Et afsnit\n\n![Tegning](tegning.png)\n"})
    (root / "content/tegning.png").write_bytes(PNG)
    out = tmp_path / "out"
    assert build_site(root, out).ok
    assert 'src="tegning-3.png"' in page(out, "anden")
    assert (out / "anden/tegning-3.png").is_file()


def test_a_shared_image_with_its_credit(make_site, tmp_path):
    root = site_with_image(make_site, '![Tegning af lænden](/billeder/laend.png "Lænden")')
    (root / "billeder").mkdir()
    (root / "billeder/laend.png").write_bytes(PNG)
    (root / "billeder/laend.png.yml").write_text('credit: "Tegning: Redaktionen"\n', encoding="utf-8")
    out = tmp_path / "out"
    assert build_site(root, out).ok
    html = page(out)
    assert 'src="../billeder/laend-3.png"' in html and 'srcset="../billeder/laend-3.webp 3w"' in html
    assert '<figcaption>Lænden<span class="image-credit">Tegning: Redaktionen</span></figcaption>' in html
    assert (out / "billeder/laend-3.png").is_file() and (out / "billeder/laend-3.webp").is_file()
    # a change to the shared image alone reaches the page
    Image.new("RGB", (6, 4)).save(root / "billeder/laend.png")
    assert build_site(root, out).ok
    assert 'src="../billeder/laend-6.png"' in page(out)


# --- errors ------------------------------------------------------------------------------------

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
        "content/test/01-foerste.md:5: error: image 'mangler.png' is not in the article's folder; put it there, "
        "or use a shared image from billeder/ as '/billeder/mangler.png'"]


def test_missing_shared_image_is_an_error(make_site, tmp_path):
    root = site_with_image(make_site, "![Tegning](/billeder/mangler.png)")
    assert errors(root, tmp_path) == [
        "content/test/01-foerste.md:5: error: image '/billeder/mangler.png' is not in the site's billeder/ folder"]


def test_a_credit_file_without_a_credit_is_an_error(make_site, tmp_path):
    root = site_with_image(make_site, "![Tegning](ryg.png)")
    (root / "content/test/ryg.png.yml").write_text('kredit: "Foto: Redaktionen"\n', encoding="utf-8")
    assert errors(root, tmp_path) == [
        "content/test/ryg.png.yml:1: error: needs a line 'credit: \"…\"' with the image's credit, "
        'e.g. credit: "Foto: name"']


def test_a_credit_file_that_is_not_yaml_is_an_error(make_site, tmp_path):
    root = site_with_image(make_site, "![Tegning](ryg.png)")
    (root / "content/test/ryg.png.yml").write_text("credit: Foto: Redaktionen\n", encoding="utf-8")
    assert errors(root, tmp_path) == [
        'content/test/ryg.png.yml:1: error: is not valid YAML; put the credit in quotes: credit: "Foto: name"']


def test_an_image_pillow_cannot_read_is_an_error(make_site, tmp_path):
    root = site_with_image(make_site, "![Tegning](ryg.png)")
    (root / "content/test/ryg.png").write_bytes(PNG[:40])
    assert errors(root, tmp_path) == [
        "content/test/01-foerste.md:5: error: cannot read the size of image 'ryg.png'; is the file a valid image?"]


def test_image_from_another_site_is_an_error(make_site, tmp_path):
    root = site_with_image(make_site, "![Tegning](https://example.com/a.png)")
    assert errors(root, tmp_path) == [
        "content/test/01-foerste.md:5: error: image 'https://example.com/a.png' is on another site; "
        "put the file in the article's folder"]
