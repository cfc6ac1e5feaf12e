"""Checks across an article before anything is converted: citations, block fences, images, markup.

Python-Markdown keeps no source positions, so every problem here comes from our own scan of the
raw text (through `source/`'s one reading of it), with the line in the editor's file. Heading
anchors are checked after conversion, on the anchors the converter gave (`check/headings.py`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from iskias_site.check import blocks
from iskias_site.load.tables import DataTable
from iskias_site.load.bibliography import Bibliography
from iskias_site.source.citations import link_definition_lines, scan
from iskias_site.load.content import Article, SourceFile
from iskias_site.diagnostics import Diagnostics, did_you_mean
from iskias_site.load.images import ImageFile, check_images
from iskias_site.load.videos import Video
from iskias_site.check.markup import check_text

@dataclass(frozen=True)
class ArticleChecks:
    """What the checks learnt that later steps need: the keys cited, the data tables used, and
    the body of each `::: handout` block (for the printable handout, render/handout.py), and the
    videos of `::: video` blocks, by address."""

    cited: frozenset[str]
    tables: dict[str, DataTable]
    images: dict[str, ImageFile]
    handouts: tuple[SourceFile, ...] = ()
    videos: dict[str, Video] = field(default_factory=dict)


def check_article(article: Article, bibliography: Bibliography, diags: Diagnostics) -> ArticleChecks:
    """Report every problem in the article's text."""
    return check_parts(article.parts, article.folder, bibliography, diags)


def check_parts(parts: tuple[SourceFile, ...] | list[SourceFile], folder: Path | None,
                bibliography: Bibliography, diags: Diagnostics) -> ArticleChecks:
    """Report every problem in the text of one article's files (in reading order)."""
    cited: set[str] = set()
    tables: dict[str, DataTable] = {}
    images: dict[str, ImageFile] = {}
    handouts: list[SourceFile] = []
    videos: dict[str, Video] = {}
    for part in parts:
        cited |= _check_citations(part, bibliography, diags)
        tables.update(blocks.check_blocks(part, folder, diags, handouts, videos))
        images.update(check_images(part, folder, diags))
        check_text(part, diags)
    return ArticleChecks(frozenset(cited), tables, images, tuple(handouts), videos)


def _check_citations(part: SourceFile, bibliography: Bibliography, diags: Diagnostics) -> set[str]:
    cited = set()
    for citation in scan(part.text, part.first_line):
        if citation.problem:
            diags.error(part.path, citation.line, citation.problem)
        for warning in citation.warnings:
            diags.warning(part.path, citation.line, warning)
        for cite in citation.cites:
            if bibliography.lookup(cite.key) is None:
                diags.error(part.path, citation.line,
                            "unknown-citation-key", key=cite.key, hint=did_you_mean(cite.key, bibliography.references))
            else:
                cited.add(cite.key)
    for line in link_definition_lines(part.text, part.first_line):
        diags.error(part.path, line, "citation-link-definition")
    return cited
