"""Old anchors kept on the headings that carry their content now (`anchor_aliases` in front matter),
so a clinician's link made before a heading changed still lands on it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

import xml.etree.ElementTree as etree

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor

if TYPE_CHECKING:
    from iskias_site.convert.article_state import CurrentArticle

HEADINGS = {"h2", "h3", "h4", "h5", "h6"}


class AnchorAliasExtension(Extension):
    """Per article: `aliases` maps each old anchor to the heading anchor that replaced it (the
    current article's front matter, `current.state.aliases`)."""

    def __init__(self, current: CurrentArticle) -> None:
        super().__init__()
        self.current = current

    @property
    def aliases(self) -> Mapping[str, str]:
        return self.current.state.aliases

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        """Registers tree processor 'anchor-aliases' at priority 3: after the table of contents
        (5) has given every heading its id and the card headings (4) have become h3."""
        md.treeprocessors.register(AliasAnchors(md, self), "anchor-aliases", 3)


class AliasAnchors(Treeprocessor):
    def __init__(self, md: Markdown, extension: AnchorAliasExtension) -> None:
        super().__init__(md)
        self.ext = extension

    def run(self, root: etree.Element) -> None:
        if not self.ext.aliases:
            return
        old_by_new: dict[str, list[str]] = {}
        for old, new in self.ext.aliases.items():
            old_by_new.setdefault(new, []).append(old)
        for heading in root.iter():
            if heading.tag in HEADINGS and heading.get("id") in old_by_new:
                for old in reversed(old_by_new[heading.get("id")]):
                    marker = etree.Element("span", {"id": old})  # an empty element before the words
                    marker.tail, heading.text = heading.text, None
                    heading.insert(0, marker)
