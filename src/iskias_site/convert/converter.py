"""Markdown -> HTML fragments for one article, through Python-Markdown and our extensions."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from html import unescape
from typing import Any

import markdown
from markdown.extensions.toc import TocExtension

from iskias_site.source.anchors import heading_lines, slugify
from iskias_site.source.citations import CitationNumbers, PlacedCitation
from iskias_site.load.config import SiteConfig
from iskias_site.load.content import Article, SourceFile
from iskias_site.convert.article_state import ArticleState, CurrentArticle
from iskias_site.convert.blocks import BlocksExtension
from iskias_site.convert.aliases import AnchorAliasExtension
from iskias_site.convert.headings import Heading, HeadingsExtension
from iskias_site.convert.citations import CitationExtension
from iskias_site.convert.figures import FiguresExtension
from iskias_site.convert.glossary import GlossaryExtension, TermUses
from iskias_site.load.glossary import Glossary
from iskias_site.convert.responsive_images import PublishedImage
from iskias_site.convert.sanitize import SafetyExtension
from iskias_site.check.article import ArticleChecks
from iskias_site.messages import Message, message


@dataclass(frozen=True)
class ContentsEntry:
    anchor: str
    title: str
    children: tuple[ContentsEntry, ...] = ()


@dataclass(frozen=True)
class Part:
    """One converted file: its HTML, the anchor and title of its first `##` heading (for a section),
    and every heading it has, as the page has them."""

    html: str
    anchor: str
    title: str
    headings: tuple[Heading, ...] = ()
    handout_html: str = ""  # its summary boxes and care cards, as in `html`: what the handout shows


@dataclass(frozen=True)
class Problem:
    path: Path
    line: int
    message: Message


@dataclass(frozen=True)
class ConvertedArticle:
    article: Article
    parts: tuple[Part, ...]
    contents: tuple[ContentsEntry, ...]
    numbers: CitationNumbers
    problems: tuple[Problem, ...] = ()  # what the converter could not resolve: build errors
    terms: tuple[str, ...] = ()  # the glossary's terms the article uses, by headword

    @property
    def citations(self) -> list[PlacedCitation]:
        return self.numbers.placed


class ArticleConverter:
    """The site's one Python-Markdown set-up, made once per process: standard extensions and ours.
    Each article brings its own state (`ArticleState`: citation numbers, glossary uses, anchor
    aliases, checked data tables and published images), handed to the extensions as one object."""

    def __init__(self, known: set[str], config: SiteConfig, strings: dict[str, Any],
                 glossary: Glossary | None = None) -> None:
        self.current = CurrentArticle()
        self.citations = CitationExtension(self.current, known, strings["citation"],
                                           superscript=config.citation_style == "superscript")
        self.headings = HeadingsExtension()
        self.blocks = BlocksExtension(strings, config, self.current)
        extensions = [self.blocks, FiguresExtension(self.current),
                      AnchorAliasExtension(self.current), self.headings,
                      GlossaryExtension(self.current, glossary or Glossary(), strings["glossary"])]
        self.md = markdown.Markdown(
            extensions=[
                "fenced_code", "tables", "sane_lists", "attr_list",
                # no [TOC] marker: the page template makes the contents from the headings
                TocExtension(slugify=lambda text, sep: slugify(text, sep), toc_depth="2-3", marker=""),
                self.citations, *extensions, SafetyExtension(),
            ],
            output_format="html",
        )

    def begin(self, checks: ArticleChecks, numbers: CitationNumbers,
              aliases: dict[str, str] | None = None, terms: TermUses | None = None,
              images: dict[str, PublishedImage] | None = None) -> markdown.Markdown:
        """The Markdown instance, ready for the parts of one article, in reading order; `images`:
        the article's images as published (responsive copies)."""
        self.current.begin(ArticleState(numbers, terms if terms is not None else TermUses(), aliases or {},
                                        checks.tables, images or {}, checks.videos))
        return self.md

    def convert(self, article: Article, checks: ArticleChecks,
                images: dict[str, PublishedImage] | None = None) -> ConvertedArticle:
        """Convert the parts in reading order, so citation numbers follow first appearance."""
        numbers, terms = CitationNumbers(), TermUses()
        md = self.begin(checks, numbers, article.meta.anchor_aliases, terms, images)
        parts, contents, problems = [], [], []
        for index, source in enumerate(article.parts):
            part, entries, unresolved = self.convert_part(md, index, source)
            parts.append(part)
            contents.extend(entries)
            problems.extend(unresolved)
        return ConvertedArticle(article, tuple(parts), tuple(contents), numbers, tuple(problems), tuple(terms.used))

    def convert_part(self, md: markdown.Markdown, index: int,
                     source: SourceFile) -> tuple[Part, tuple[ContentsEntry, ...], tuple[Problem, ...]]:
        """One file of the article begun, the `index`th: its part, its contents entries, its problems."""
        self.current.part = index  # the introduction is above the fold, the rest loads lazily
        html = md.reset().convert(source.text)
        contents = []
        tokens = [t for t in md.toc_tokens if t["level"] == 2]
        for token in tokens:  # toc names are HTML-escaped text; the templates escape them again
            children = tuple(ContentsEntry(c["id"], unescape(c["name"])) for c in token["children"])
            contents.append(ContentsEntry(token["id"], unescape(token["name"]), children))
        first = tokens[0] if tokens else {"id": "", "name": ""}
        part = Part(html, first["id"], unescape(first["name"]), tuple(self.headings.found), self._handout_html(md))
        return part, tuple(contents), tuple(_unresolved(source, self.citations.unresolved))

    def _handout_html(self, md: markdown.Markdown) -> str:
        """The file's summary boxes and care cards as its HTML has them: the serialized boxes put
        through the same postprocessors as the whole file (raw HTML and citations back in, the
        sanitizer), while the file's stash is still there."""
        html = "".join(self.blocks.handout_blocks)
        if html:
            for postprocessor in md.postprocessors:
                html = postprocessor.run(html)
        return html


    def headings_alone(self, source: SourceFile) -> tuple[Heading, ...]:
        """The headings a file's `#` lines get when converted on their own, one per line of
        `heading_lines`: for an article whose checks failed, whose full conversion is not safe to
        run, so that its heading problems still show with the others."""
        found = heading_lines(source.text)
        if not found:
            return ()
        lines = source.text.split("\n")
        self.begin(ArticleChecks(frozenset(), {}, {}), CitationNumbers())
        self.md.reset().convert("\n\n".join(lines[offset] for offset, _ in found))
        return tuple(self.headings.found)


def _unresolved(source: SourceFile, citations: list[str]) -> list[Problem]:
    """Citations the converter met but could not resolve: the checks should have failed on each,
    so this only happens where they and the converter disagree. Never published: an error."""
    problems = []
    for text in citations:
        at = source.text.find(f"[{text}]")
        line = source.first_line + source.text.count("\n", 0, at) if at >= 0 else 0
        problems.append(Problem(source.path, line, message("citation-unresolved", text=text)))
    return problems
