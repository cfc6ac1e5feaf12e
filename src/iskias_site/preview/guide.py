"""The editors' guide (docs/redaktoervejledning.md) as one page of the preview, so that the code after
an error in the banner can link to its section: each code's heading gets the code as its anchor."""

from __future__ import annotations

import html
from pathlib import Path

import markdown
from tornado import web

GUIDE = Path("docs") / "redaktoervejledning.md"
SOURCE_TREE = Path(__file__).resolve().parents[3]  # the repository, where the package is run from it


def guide_file(site: Path) -> Path | None:
    """The guide next to the site, else the one of the repository the package runs from."""
    return next((path for path in (site / GUIDE, SOURCE_TREE / GUIDE) if path.is_file()), None)


def guide_page(text: str) -> str:
    """The guide as a page; a heading's anchor is its text made into an address (a code stays as it is)."""
    body = markdown.markdown(text, extensions=["toc", "tables", "fenced_code"])
    return ('<!doctype html>\n<html lang="da"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{html.escape('Vejledning for redaktører')}</title>"
            "<style>body{max-width:46rem;margin:2rem auto;padding:0 1rem;font-family:sans-serif;"
            "line-height:1.5}code,pre{background:#f3f3f3}pre{padding:.5rem;overflow:auto}"
            ":target{background:#fff3c4}</style></head>"
            f"<body><main>{body}</main></body></html>")


class GuidePage(web.RequestHandler):
    def initialize(self, site: Path) -> None:
        self.site = site

    def get(self) -> None:
        path = guide_file(self.site)
        if path is None:
            raise web.HTTPError(404)
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        self.finish(guide_page(path.read_text(encoding="utf-8")))
