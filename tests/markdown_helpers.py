"""Markdown in, HTML out: the build's own Python-Markdown set-up, on a text fragment."""

from __future__ import annotations

import datetime as dt

from iskias_site.load.tables import DataTable
from iskias_site.source.citations import CitationNumbers
from iskias_site.load.config import Phone, SiteConfig
from iskias_site.convert.converter import ArticleConverter
from iskias_site.convert.responsive_images import PublishedImage
from iskias_site.load.images import ImageFile
from iskias_site.load.videos import Video
from iskias_site.load.strings import load_strings
from iskias_site.check.article import ArticleChecks
from iskias_site.convert.glossary import TermUses
from iskias_site.load.glossary import Glossary

CONFIG = SiteConfig(
    title="Test", base_url="https://test.example/", language="da", description="", contact_name="",
    contact_email="", contact_url="", citation_style="parenthetical",
    phones=(Phone("emergency", "112", "Alarm 112", dt.date(2026, 11, 1), 1),
            Phone("region-hovedstaden", "1813", "Akuttelefonen 1813", dt.date(2026, 11, 1), 2)),
)


def convert(text: str, *, known=("a", "b", "c", "d", "e"), numbers: CitationNumbers | None = None,
            superscript: bool = False, tables: dict[str, DataTable] | None = None,
            images: dict[str, ImageFile] | None = None, config: SiteConfig = CONFIG,
            glossary: Glossary | None = None, terms: TermUses | None = None,
            published: dict[str, PublishedImage] | None = None, videos: dict[str, Video] | None = None) -> str:
    config = config if not superscript else config.__class__(**{**config.__dict__, "citation_style": "superscript"})
    checks = ArticleChecks(frozenset(), tables or {}, images or {}, videos=videos or {})
    md = ArticleConverter(set(known), config, load_strings(), glossary).begin(checks, numbers or CitationNumbers(),
                                                                              terms=terms, images=published)
    return md.convert(text)
