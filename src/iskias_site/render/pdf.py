"""A rendered page -> a PDF with WeasyPrint: tagged (PDF/UA-1), in the page's language, with its
title and author, its fonts embedded, and nothing fetched but the site's own local files.

WeasyPrint needs Pango from the system (Debian: libpango-1.0-0, libpangoft2-1.0-0,
libharfbuzz-subset0) and the fonts below (Debian: fonts-liberation2); `.ci/run` installs them.
WeasyPrint is imported when the first PDF is made, so a build without them says what is missing
instead of failing to start.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from iskias_site.messages import message

# Liberation Sans (Arial's widths): narrow enough for large type on one A4 page, and on every
# Debian machine that installs fonts-liberation2. Named in an @font-face of its own, so a
# missing file is an error, never a silent fallback to another font.
FONT_FOLDER = Path("/usr/share/fonts/truetype/liberation2")
FONT_FAMILY = "Handout Sans"
FONT_FILES = {("normal", "normal"): "LiberationSans-Regular.ttf", ("bold", "normal"): "LiberationSans-Bold.ttf",
              ("normal", "italic"): "LiberationSans-Italic.ttf", ("bold", "italic"): "LiberationSans-BoldItalic.ttf"}
MISSING_LIBRARIES = (message("pdf-unavailable/libraries"))


@dataclass(frozen=True)
class Pdf:
    data: bytes
    pages: int


class PdfUnavailable(Exception):
    """WeasyPrint or its fonts cannot be used on this machine; the message says what to install."""


@dataclass
class PdfWriter:
    """Makes PDFs in one process; WeasyPrint and the font rules are loaded with the first one."""

    font_folder: Path = FONT_FOLDER
    _weasyprint: Any = field(default=None, repr=False)
    _options: dict[str, Any] = field(default_factory=dict, repr=False)
    _engine_id: str = field(default="", repr=False)  # the fonts and versions, digested once

    def key(self, html: str, base_url: str, *files: Path) -> str:
        """What the PDF of `html` is kept under: a digest of everything that draws it: the HTML, where
        its addresses resolve, the `files` it fetches (its stylesheet), the fonts, and the versions of
        WeasyPrint and of the PDF writer under it. Nothing of WeasyPrint is imported for it."""
        digest = hashlib.sha256(self._engine().encode())
        for path in files:
            digest.update(path.read_bytes() if path.is_file() else b"(missing)")
            digest.update(b"\0")
        digest.update(f"{base_url}\0{html}".encode())
        return digest.hexdigest()

    def _engine(self) -> str:
        if not self._engine_id:
            self._engine_id = _engine_digest(self.font_folder)
        return self._engine_id

    def write(self, html: str, base_url: str) -> Pdf:
        """The PDF of `html`, whose relative addresses resolve against `base_url` (a file: URL)."""
        weasyprint = self._load()
        fetcher = weasyprint.URLFetcher(allowed_protocols={"file"})  # no request leaves the machine
        document = weasyprint.HTML(string=html, base_url=base_url, url_fetcher=fetcher).render(**self._options)
        options = {k: v for k, v in self._options.items() if k != "font_config"}
        return Pdf(document.write_pdf(**options), len(document.pages))

    def _load(self) -> Any:
        if self._weasyprint is None:
            missing = [name for name in FONT_FILES.values() if not (self.font_folder / name).is_file()]
            if missing:
                raise PdfUnavailable(message("pdf-unavailable/font", missing=missing[0], font_folder=self.font_folder))
            try:
                import weasyprint
            except OSError as exc:  # Pango is loaded when WeasyPrint is imported
                raise PdfUnavailable(MISSING_LIBRARIES) from exc
            from weasyprint.text.fonts import FontConfiguration

            fonts = FontConfiguration()  # @font-face rules only count through one (WeasyPrint's API)
            self._options = {"font_config": fonts, "pdf_variant": "pdf/ua-1",
                             "stylesheets": [weasyprint.CSS(string=font_faces(self.font_folder), font_config=fonts)]}
            self._weasyprint = weasyprint
        return self._weasyprint


def font_faces(folder: Path) -> str:
    """@font-face rules for the handout's font, from the files in `folder`."""
    return "\n".join(f'@font-face {{ font-family: "{FONT_FAMILY}"; font-weight: {weight}; font-style: {style}; '
                     f'src: url("{(folder / name).as_uri()}"); }}'
                     for (weight, style), name in FONT_FILES.items())


def _engine_digest(folder: Path) -> str:
    """The versions that draw a PDF and the font files it embeds, as one digest."""
    digest = hashlib.sha256()
    for package in ("weasyprint", "pydyf"):
        try:
            digest.update(f"{package} {importlib.metadata.version(package)}\0".encode())
        except importlib.metadata.PackageNotFoundError:
            digest.update(f"{package} (missing)\0".encode())
    for name in sorted(FONT_FILES.values()):
        path = folder / name
        digest.update(path.read_bytes() if path.is_file() else b"(missing)")
    return digest.hexdigest()
