"""Checks across an article before anything is converted: citations, anchors, block fences.

Python-Markdown keeps no source positions, so every problem here comes from our own scan of the
raw text, with the line in the editor's file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from iskias_site.check import blocks
from iskias_site.source.anchors import slugify
from iskias_site.load.bibliography import Bibliography
from iskias_site.source.citations import CITATION, link_definition_lines, scan
from iskias_site.load.content import Article, SourceFile
from iskias_site.diagnostics import Diagnostics, did_you_mean
from iskias_site.load.images import ImageFile, check_images
from iskias_site.check.markup import check_text
from iskias_site.source.code import code_lines

HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*(?:\{#([A-Za-z][\w-]*)\})?\s*#*\s*$")
# ids the templates give every article page (base.html, article.html, _trust.html, _references.html)
# and the citation markup: a heading must not take one of them
PAGE_IDS = {"indhold": "the page's main content", "indhold-overskrift": "the contents list's heading",
            "kilder": "the reference list", "om-siden": "the 'Om siden' box"}
GENERATED_ID = re.compile(r"^(?:cite-\d+(?:-kilder)?|ref-.+)$")


@dataclass(frozen=True)
class ArticleChecks:
    """What the checks learnt that later steps need: the keys cited, the data tables used, and
    the body of each `::: handout` block (for the printable handout, render/handout.py)."""

    cited: frozenset[str]
    tables: dict[str, blocks.DataTable]
    images: dict[str, ImageFile]
    handouts: tuple[SourceFile, ...] = ()


def check_article(article: Article, bibliography: Bibliography, diags: Diagnostics) -> ArticleChecks:
    """Report every problem in the article's text."""
    return check_parts(article.parts, article.folder, bibliography, diags)


def check_parts(parts: tuple[SourceFile, ...] | list[SourceFile], folder: Path | None,
                bibliography: Bibliography, diags: Diagnostics) -> ArticleChecks:
    """Report every problem in the text of one article's files (in reading order)."""
    cited: set[str] = set()
    tables: dict[str, blocks.DataTable] = {}
    images: dict[str, ImageFile] = {}
    anchors: dict[str, tuple[SourceFile, int]] = {}
    handouts: list[SourceFile] = []
    for part in parts:
        cited |= _check_citations(part, bibliography, diags)
        _check_headings(part, anchors, diags)
        tables.update(blocks.check_blocks(part, folder, diags, handouts))
        images.update(check_images(part, folder, diags))
        check_text(part, diags)
    return ArticleChecks(frozenset(cited), tables, images, tuple(handouts))


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
                            f"unknown citation key '{cite.key}'{did_you_mean(cite.key, bibliography.references)}")
            else:
                cited.add(cite.key)
    for line in link_definition_lines(part.text, part.first_line):
        diags.error(part.path, line, "a link definition '[@…]:' would swallow citations; rename its label")
    return cited


def _check_headings(part: SourceFile, anchors: dict[str, tuple[SourceFile, int]], diags: Diagnostics) -> None:
    code = code_lines(part.text)
    for offset, line in enumerate(part.text.split("\n")):
        match = None if offset in code else HEADING.match(line)
        if not match:
            continue
        number = part.first_line + offset
        if len(match.group(1)) == 1:
            diags.error(part.path, number, "'#' is the page title, made from the front matter; use '##' for a section")
        anchor = match.group(3) or slugify(CITATION.sub("", match.group(2)))  # citations are not its words
        if anchor in PAGE_IDS or GENERATED_ID.match(anchor):
            what = PAGE_IDS.get(anchor, "a citation or a reference")
            diags.error(part.path, number, f"heading gets the anchor '#{anchor}', which the page already uses for "
                                           f"{what}; reword it, or give it its own anchor with {{#new-anchor}}")
        elif anchor in anchors:
            first, first_line = anchors[anchor]
            where = f"line {first_line}" if first.path == part.path else f"{first.path.name}:{first_line}"
            diags.error(part.path, number, f"heading gets the anchor '#{anchor}', as does the heading at {where}; "
                                           "reword one, or give it its own anchor with {#new-anchor}")
        else:
            anchors[anchor] = (part, number)
