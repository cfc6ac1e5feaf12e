"""Images in articles: every one needs alt text and a file in the article's folder, whose size we read.

The size goes into the page as width and height, so the text does not jump while images load.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import imagesize

from iskias_site.load.content import SourceFile
from iskias_site.diagnostics import Diagnostics
from iskias_site.source.code import code_lines

IMAGE = re.compile(r"!\[([^\]]*)\]\(\s*<?([^)\s>]+)>?(?:\s+\"([^\"]*)\")?\s*\)")
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".svg")


@dataclass(frozen=True)
class ImageFile:
    name: str
    path: Path
    width: int
    height: int


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
        diags.error(path, line, f"image '{name}' has no alt text; describe what it shows: ![Beskrivelse]({name})")
    if name.startswith(("http://", "https://", "//")):
        diags.error(path, line, f"image '{name}' is on another site; put the file in the article's folder")
        return None
    source = (folder / name) if folder is not None and "/" not in name and "\\" not in name else None
    if source is None or not source.is_file():
        diags.error(path, line, f"image '{name}' is not in the article's folder")
        return None
    if not name.lower().endswith(IMAGE_SUFFIXES):
        diags.error(path, line, f"'{name}' is not an image this site can show ({', '.join(IMAGE_SUFFIXES)})")
        return None
    try:
        width, height = imagesize.get(source)
    except (OSError, ValueError):
        width, height = -1, -1
    if width <= 0 or height <= 0:
        diags.error(path, line, f"cannot read the size of image '{name}'; is the file a valid image?")
        return None
    return ImageFile(name, source, int(width), int(height))
