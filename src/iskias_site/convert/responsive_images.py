"""The published copies of an article's photos: a few widths, in WebP and in the photo's own format,
re-encoded from the pixels alone, so no EXIF, GPS position or other metadata is ever published.

Each copy is kept in the build cache under the photo's content hash and its width and format
(`.iskias-cache/images/<sha256>-<width>.<ext>`), so a warm build, or another article using the same
shared photo, never resizes it again. This runs in the worker that builds the article.
SVG, GIF and AVIF files are published as they are (no photo metadata to strip from the first two;
Pillow cannot write the third everywhere), from a copy kept by content (`convert/kept_files.py`).
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageOps

from iskias_site.convert.kept_files import AS_IS, IMAGES, folder_for, keep_copy, write_kept
from iskias_site.load.images import ImageFile

WIDTHS = (480, 800, 1200, 1600)  # the widths offered; none wider than the photo itself
RESIZED = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".webp": "WEBP"}


@dataclass(frozen=True)
class Variant:
    site_path: str  # e.g. 'ryg/ryg-800.webp'
    source: Path  # the file to publish (a cached copy, or the original)
    width: int


@dataclass(frozen=True)
class PublishedImage:
    """An image as the page shows it: the file `src` names, its size, and the widths on offer."""

    src: str  # the largest copy in the image's own format, as the page links it
    width: int
    height: int
    variants: tuple[Variant, ...]  # every file to publish
    srcset: str  # own format, e.g. 'ryg-480.jpg 480w, ryg-800.jpg 800w'
    webp_srcset: str  # empty for images that are published as they are
    credit: str


def publish_images(images: dict[str, ImageFile], slug: str, cache: Path | None) -> dict[str, PublishedImage]:
    """Every checked image of one article, made ready to publish (resized copies where it is a photo)."""
    return {name: publish_image(image, slug, cache) for name, image in images.items()}


def publish_image(image: ImageFile, slug: str, cache: Path | None) -> PublishedImage:
    site_path = image.site_path(slug)
    href = _href(image, site_path)
    suffix = image.path.suffix.lower()
    if suffix not in RESIZED:
        as_is = keep_copy(folder_for(cache, AS_IS), image.path)  # a copy, so the site never links the source
        return PublishedImage(href, image.width, image.height, (Variant(site_path, as_is, image.width),),
                              "", "", image.credit)
    data = image.path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    with Image.open(io.BytesIO(data)) as opened:
        photo = ImageOps.exif_transpose(opened)  # the way it was taken, before its EXIF goes
        photo.load()
    width, height = photo.size
    widths = [w for w in WIDTHS if w < width] + [min(width, WIDTHS[-1])]
    formats = [(RESIZED[suffix], suffix)] + ([("WEBP", ".webp")] if suffix != ".webp" else [])
    stem = site_path.rsplit(".", 1)[0]
    variants = tuple(Variant(f"{stem}-{w}{ext}", _copy(photo, w, fmt, ext, digest, cache), w)
                     for w in widths for fmt, ext in formats)

    def srcset(ext: str) -> str:
        return ", ".join(f"{_href(image, v.site_path)} {v.width}w" for v in variants if v.site_path.endswith(ext))

    largest = widths[-1]
    return PublishedImage(_href(image, f"{stem}-{largest}{suffix}"), largest, round(height * largest / width),
                          variants, srcset(suffix), srcset(".webp") if suffix != ".webp" else "", image.credit)


def _href(image: ImageFile, site_path: str) -> str:
    """The address the article's page links: beside the page, or up to the shared folder."""
    return f"../{site_path}" if image.shared else site_path.split("/", 1)[1]


def _copy(photo: Image.Image, width: int, fmt: str, ext: str, digest: str, cache: Path | None) -> Path:
    """The photo at `width`, in `fmt`, with no metadata: from the cache, or made now and kept."""
    # without a build cache (--no-cache), copies go to a folder of their own in the system's
    # temporary folder: named by content, so they can never be stale
    target = folder_for(cache, IMAGES) / f"{digest}-{width}{ext}"
    if target.is_file():
        return target
    resized = photo if width == photo.width else photo.resize(
        (width, round(photo.height * width / photo.width)), Image.Resampling.LANCZOS)
    if resized.mode not in ("RGB", "RGBA", "L", "LA"):  # palettes and the rest: as plain colours
        resized = resized.convert("RGBA")
    pixels = Image.frombytes(resized.mode, resized.size, resized.tobytes())  # pixels alone: no info, no EXIF
    if fmt == "JPEG" and pixels.mode not in ("RGB", "L"):
        pixels = pixels.convert("RGB")
    buffer = io.BytesIO()
    options = {"JPEG": {"quality": 85, "optimize": True, "progressive": True},
               "WEBP": {"quality": 80, "method": 4}, "PNG": {"optimize": True}}[fmt]
    pixels.save(buffer, fmt, **options)
    write_kept(target, buffer.getvalue())  # (workers may make the same copy)
    return target
