"""The headings of a converted file as the page has them: level and anchor, in reading order.

Only Python-Markdown knows a heading's anchor for certain (the `toc` extension makes it from the
rendered words, an `{#id}` overrides it, a citation's words are left out, a repeated anchor gets
`_1`), so the checks of heading anchors (`check/headings.py`) read them from here rather than
computing their own.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from dataclasses import dataclass

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor

HEADING_TAGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}


@dataclass(frozen=True)
class Heading:
    level: int
    anchor: str


class HeadingsExtension(Extension):
    """Per file: `found` lists its headings; cleared by `reset()` before each file."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[Heading] = []

    def reset(self) -> None:
        self.found = []

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        """Registers tree processor 'heading-record' at priority 4.5: after the table of contents
        (5) has given every heading its id, before a care card's heading becomes an h3 (4), which
        is no section of the page and has no anchor."""
        md.registerExtension(self)
        md.treeprocessors.register(HeadingRecorder(md, self), "heading-record", 4.5)


class HeadingRecorder(Treeprocessor):
    def __init__(self, md: Markdown, extension: HeadingsExtension) -> None:
        super().__init__(md)
        self.ext = extension

    def run(self, root: etree.Element) -> None:
        self.ext.found = [Heading(HEADING_TAGS[element.tag], element.get("id", ""))
                          for element in root.iter() if element.tag in HEADING_TAGS]
