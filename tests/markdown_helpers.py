"""Markdown in, HTML out: one Python-Markdown instance with our extensions, as the build sets it up."""

from __future__ import annotations

import datetime as dt

import markdown

from iskias_site.blocks import DataTable
from iskias_site.citations import CitationNumbers
from iskias_site.config import Phone, SiteConfig
from iskias_site.locale import load_strings
from iskias_site.mdext.blocks import BlocksExtension
from iskias_site.mdext.citations import CitationExtension

CONFIG = SiteConfig(
    title="Test", base_url="https://test.example/", language="da", description="", contact_name="",
    contact_email="", contact_url="", citation_style="parenthetical",
    phones=(Phone("emergency", "112", "Alarm 112", dt.date(2026, 11, 1)),
            Phone("region-hovedstaden", "1813", "Akuttelefonen 1813", dt.date(2026, 11, 1))),
)


def convert(text: str, *, known=("a", "b", "c", "d", "e"), numbers: CitationNumbers | None = None,
            superscript: bool = False, tables: dict[str, DataTable] | None = None) -> str:
    strings = load_strings()
    md = markdown.Markdown(extensions=[
        "tables", "sane_lists", "attr_list",
        CitationExtension(numbers or CitationNumbers(), set(known), strings["citation"], superscript),
        BlocksExtension(strings, CONFIG, tables or {}),
    ])
    return md.convert(text)
