"""Heading anchors, checked on the anchors the converter gave them: no `#` title heading, no anchor
the page template uses already, no anchor twice in an article, no alias to a heading that is not
there.

The anchors come from the converted tree (`convert/headings.py`); the lines from
`source.anchors.heading_lines`, matched to the converted headings in reading order.
"""

from __future__ import annotations

import re
from pathlib import Path

from iskias_site.convert.converter import ContentsEntry, ConvertedArticle
from iskias_site.convert.headings import Heading
from iskias_site.diagnostics import Diagnostics
from iskias_site.load.content import SourceFile
from iskias_site.messages import Msgid, N_, phrase
from iskias_site.source.anchors import heading_lines

# ids the templates give every article page (base.html, article.html, _trust.html, _references.html)
# and the citation markup: a heading must not take one of them
PAGE_IDS = {"indhold": Msgid(N_("the page's main content")), "indhold-overskrift": Msgid(N_("the contents list's heading")),
            "kilder": Msgid(N_("the reference list")), "om-siden": Msgid(N_("the 'Om siden' box"))}
GENERATED_ID = re.compile(r"^(?:cite-\d+(?:-kilder)?|ref-.+)$")
# how Python-Markdown's `toc` makes an anchor unique within one file, against every id the file has
# (also one given later, as a citing heading's is): 'smerter_1'
REPEATED = re.compile(r"^(.+)_\d+$")


def check_headings(part: SourceFile, headings: list[Heading] | tuple[Heading, ...],
                   seen: dict[str, tuple[Path, int]], diags: Diagnostics) -> None:
    """Report the heading problems of one converted file; `seen` holds the anchors of the article's
    earlier files (and gains this file's)."""
    lines = _lines_for(part, headings)
    own = {heading.anchor for heading in headings}  # toc makes an anchor unique against all of them
    for heading, number in zip(headings, lines):
        if heading.level == 1:
            diags.error(part.path, number, "heading-level-one")
        repeated = REPEATED.match(heading.anchor)
        anchor = repeated.group(1) if repeated and repeated.group(1) in own else heading.anchor
        if anchor in PAGE_IDS or GENERATED_ID.match(anchor):
            what = PAGE_IDS.get(anchor, Msgid(N_("a citation or a reference")))
            diags.error(part.path, number, "heading-anchor-taken/page", anchor=anchor, what=what)
        elif anchor in seen:
            first_path, first_line = seen[anchor]
            where = phrase("at-line", line=first_line) if first_path == part.path else f"{first_path.name}:{first_line}"
            diags.error(part.path, number, "heading-anchor-taken/heading", anchor=anchor, where=where)
        else:
            seen[anchor] = (part.path, number)


def _lines_for(part: SourceFile, headings: list[Heading] | tuple[Heading, ...]) -> list[int]:
    """The source line of each converted heading: the `#` lines in order, each taken by the next
    heading of its level. A heading the scan cannot place (one written in raw HTML, or underlined
    with `===`) is reported at line 0, the file as a whole."""
    found = heading_lines(part.text)
    lines, start = [], 0
    for heading in headings:
        index = next((i for i in range(start, len(found)) if found[i][1] == heading.level), None)
        if index is None:
            lines.append(0)
        else:
            lines.append(part.first_line + found[index][0])
            start = index + 1
    return lines


def article_anchors(article: ConvertedArticle) -> set[str]:
    """The heading anchors of an article, as slug#anchor."""
    anchors: set[str] = set()
    stack: list[ContentsEntry] = list(article.contents)
    while stack:
        entry = stack.pop()
        anchors.add(f"{article.article.slug}#{entry.anchor}")
        stack.extend(entry.children)
    return anchors


def check_aliases(article: ConvertedArticle, diags: Diagnostics) -> None:
    """Every `anchor_aliases` entry points to a heading the article has."""
    own = {a.partition("#")[2] for a in article_anchors(article)}
    for old, new in article.article.meta.anchor_aliases.items():
        if new not in own:
            diags.error(article.article.meta_path, 1, "anchor-alias-unknown", old=old, new=new)
