"""Images in articles: every one needs alt text and a file, whose size (and credit) we read.

An image lies in the article's folder (`![…](ryg.jpg)`), beside an article in one file
(`content/ryg.jpg` for `content/<slug>.md`), or in the site's shared folder `billeder/`, written
from the site's root: `![…](/billeder/ryg.jpg)`. A credit line comes from a file beside the image,
`ryg.jpg.yml`, holding `credit: Foto: …`. The size goes into the page as width and height, so the
text does not jump while images load.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import imagesize
import yaml
from PIL import Image

from iskias_site.diagnostics import Diagnostics
from iskias_site.load.content import SourceFile
from iskias_site.load.textfile import read_text
from iskias_site.source.code import code_lines
from iskias_site.messages import phrase

IMAGE = re.compile(r"!\[([^\]]*)\]\(\s*<?([^)\s>]+)>?(?:\s+\"([^\"]*)\")?\s*\)")
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".svg")
SHARED = "billeder"  # the site's folder of images that several articles use: `/billeder/x.jpg`


@dataclass(frozen=True)
class ImageFile:
    name: str  # as the article writes it: 'ryg.jpg' or '/billeder/ryg.jpg'
    path: Path
    width: int
    height: int
    credit: str = ""  # from the sidecar file `<image>.yml`

    @property
    def shared(self) -> bool:
        return self.name.startswith(f"/{SHARED}/")

    def site_path(self, slug: str) -> str:
        """Where the image is published: beside the article's page, or in the shared folder."""
        return self.name.lstrip("/") if self.shared else f"{slug}/{self.name}"


def check_images(part: SourceFile, folder: Path | None, diags: Diagnostics) -> dict[str, ImageFile]:
    """Report images without alt text or file; return the usable ones by name."""
    found: dict[str, ImageFile] = {}
    if "![" not in part.text:
        return found
    code = code_lines(part.text)
    for offset, line in enumerate(part.text.split("\n")):
        if offset in code:
            continue
        for match in IMAGE.finditer(line):
            image = _check_image(part.path, part.first_line + offset, match, folder, diags)
            if image is not None:
                found[image.name] = image
    return found


def _check_image(path: Path, line: int, match: re.Match, folder: Path | None,
                 diags: Diagnostics) -> ImageFile | None:
    alt, name = match.group(1).strip(), match.group(2)
    if not alt:
        diags.error(path, line, "image-without-alt-text", name=name)
    if name.startswith(("http://", "https://", "//")):
        diags.error(path, line, "image-on-other-site", name=name)
        return None
    source = source_path(path, folder, name)
    if source is None or not source.is_file():
        if name.startswith(f"/{SHARED}/"):
            diags.error(path, line, "image-missing/shared", name=name, SHARED=SHARED)
        else:
            where = phrase("article-folder") if folder is not None else phrase("article-file-folder")
            diags.error(path, line, "image-missing/article", name=name, where=where, SHARED=SHARED, rsplit=name.rsplit('/', 1)[-1])
        return None
    if not name.lower().endswith(IMAGE_SUFFIXES):
        diags.error(path, line, "image-type-unknown", name=name, value=', '.join(IMAGE_SUFFIXES))
        return None
    try:
        width, height = imagesize.get(source)
        if source.suffix.lower() in (".png", ".jpg", ".jpeg", ".webp"):  # these are resized: Pillow must read them
            with Image.open(source) as opened:
                opened.verify()
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        width, height = -1, -1
    if width <= 0 or height <= 0:
        diags.error(path, line, "image-unreadable", name=name)
        return None
    return ImageFile(name, source, int(width), int(height), _credit(source, diags))


def source_path(path: Path, folder: Path | None, name: str) -> Path | None:
    """The file an image's address names: in the shared folder, or beside the article."""
    if name.startswith(f"/{SHARED}/"):
        rest = name[len(SHARED) + 2:]
        root = next((p.parent for p in path.parents if p.name == "content"), None)
        return root / SHARED / rest if root is not None and rest and "/" not in rest and "\\" not in rest else None
    if "/" in name or "\\" in name:
        return None
    return (folder if folder is not None else path.parent) / name


def _credit(image: Path, diags: Diagnostics) -> str:
    """The credit line in `<image>.yml` beside the image, if there is one."""
    sidecar = image.with_name(image.name + ".yml")
    if not sidecar.is_file():
        return ""
    text = read_text(sidecar, diags)
    try:
        data = yaml.safe_load(text) if text is not None else None
    except yaml.YAMLError as exc:
        line = exc.problem_mark.line + 1 if getattr(exc, "problem_mark", None) else 0
        diags.error(sidecar, line, "image-credit/unreadable")
        return ""
    credit = data.get("credit") if isinstance(data, dict) else None
    if not isinstance(credit, str) or not credit.strip():
        diags.error(sidecar, 1, "image-credit/missing")
        return ""
    return credit.strip()
