"""The one per-article object the Markdown extensions read while an article is converted.

The site has one Python-Markdown set-up per process (`ArticleConverter`); what differs from one
article to the next (its citation numbers, glossary uses, anchor aliases, data tables, published
images and videos) is one `ArticleState`, handed to the shared `CurrentArticle` once per article,
and which of its files is being converted. No extension has an attribute set on it from outside: each reads
`current.state` and `current.part`. What is per file only (citations a file could not resolve, the
headings it has) lives on its extension and is cleared by Python-Markdown's `reset()`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from iskias_site.convert.glossary import TermUses
from iskias_site.convert.responsive_images import PublishedImage
from iskias_site.load.tables import DataTable
from iskias_site.load.videos import Video
from iskias_site.source.citations import CitationNumbers

@dataclass(frozen=True)
class ArticleState:
    """What one article's conversion reads, and builds up across its files (numbers, terms)."""

    numbers: CitationNumbers = field(default_factory=CitationNumbers)
    terms: TermUses = field(default_factory=TermUses)
    aliases: Mapping[str, str] = field(default_factory=dict)  # old anchor -> the heading anchor that replaced it
    tables: Mapping[str, DataTable] = field(default_factory=dict)  # the `::: chart` blocks' checked CSV files
    images: Mapping[str, PublishedImage] = field(default_factory=dict)  # the article's images as published
    videos: Mapping[str, Video] = field(default_factory=dict)  # the `::: video` blocks' checked videos, by address


class CurrentArticle:
    """The article being converted, shared by the extensions of one Markdown instance."""

    def __init__(self) -> None:
        self.state = ArticleState()
        self.part = 0  # index of the file being converted: images below the introduction load lazily

    def begin(self, state: ArticleState) -> None:
        self.state, self.part = state, 0
