"""Fenced blocks `::: type` … `:::` as callout boxes, care cards, data figures and videos
(`convert/video.py`); a `::: handout`
block is not shown on the page (its list is the printable handout's, `render/handout.py`).

The fence grammar is `iskias_site.source.fences` (shared with the check); the rules live in
`iskias_site.check.blocks` (checked there with line numbers); this extension renders blocks that
passed. A fence that never closes is left as text here: the
check has already failed the build.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

import xml.etree.ElementTree as etree
from typing import Any

from markdown import Extension, Markdown
from markdown.blockprocessors import BlockProcessor
from markdown.serializers import to_html_string
from markdown.treeprocessors import Treeprocessor

from iskias_site.convert.charts import data_figure
from iskias_site.convert.video import video_figure
from iskias_site.load.config import SiteConfig
from iskias_site.load.tables import DataTable
from iskias_site.load.videos import Video
from iskias_site.source.fences import CALLOUT_TYPES, CLOSING_FENCE, HANDOUT, VIDEO, Opening, opening_fence

if TYPE_CHECKING:
    from iskias_site.convert.article_state import CurrentArticle

CARD_HEADING = "data-card-heading"
HANDOUT_CLASSES = ("callout-summary", "care-card")  # the boxes the printable handout shows too


class BlocksExtension(Extension):
    """Callouts, care cards, data figures and videos, with Danish labels and the site's phone numbers."""

    def __init__(self, strings: dict[str, Any], config: SiteConfig, current: CurrentArticle) -> None:
        super().__init__()
        self.strings = strings
        self.config = config
        self.current = current
        self.handout_blocks: list[str] = []  # this file's summary boxes and care cards, serialized

    def reset(self) -> None:
        self.handout_blocks = []

    @property
    def tables(self) -> Mapping[str, DataTable]:
        """The current article's checked chart files."""
        return self.current.state.tables

    @property
    def videos(self) -> Mapping[str, Video]:
        """The current article's checked videos, by address."""
        return self.current.state.videos

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802
        """Registers:
        - block processor 'fenced-blocks' at priority 105 (before paragraphs, lists and quotes,
          so a fence line is never read as text);
        - tree processor 'card-headings' at priority 4 (after the table of contents at 5): a care
          card's heading becomes an h3 only then, so it is neither in the contents nor a
          published anchor;
        - tree processor 'handout-blocks' at priority -1 (after every other, so the tree is as the
          page has it): each summary box and care card serialized, for the handout to take
          without reading the page again (`handout_blocks`, still to be postprocessed).
        """
        md.registerExtension(self)
        md.parser.blockprocessors.register(FencedBlockProcessor(md.parser, self), "fenced-blocks", 105)
        md.treeprocessors.register(CardHeadings(md), "card-headings", 4)
        md.treeprocessors.register(HandoutBlocks(md, self), "handout-blocks", -1)


class CardHeadings(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        for element in root.iter("p"):
            tag = element.attrib.pop(CARD_HEADING, None)
            if tag:
                element.tag = tag


class HandoutBlocks(Treeprocessor):
    def __init__(self, md: Markdown, extension: BlocksExtension) -> None:
        super().__init__(md)
        self.ext = extension

    def run(self, root: etree.Element) -> None:
        for element in root.iter("div"):
            classes = element.get("class", "").split()
            if any(name in classes for name in HANDOUT_CLASSES):
                tail, element.tail = element.tail, None
                self.ext.handout_blocks.append(to_html_string(element))
                element.tail = tail


class FencedBlockProcessor(BlockProcessor):
    def __init__(self, parser, extension: BlocksExtension) -> None:
        super().__init__(parser)
        self.ext = extension

    def test(self, parent: etree.Element, block: str) -> bool:
        return opening_fence(block.split("\n", 1)[0]) is not None

    def run(self, parent: etree.Element, blocks: list[str]) -> bool:
        first, _, rest = blocks[0].partition("\n")
        opening = opening_fence(first)
        inner = [rest] + blocks[1:]
        for index, block in enumerate(inner):
            close = CLOSING_FENCE.search(block)
            if close is None:
                continue
            before, after = block[: close.start()].rstrip("\n"), block[close.end():].lstrip("\n")
            content = [b for b in inner[:index] + [before] if b.strip()]
            del blocks[: index + 1]
            if after.strip():
                blocks.insert(0, after)
            self._render(parent, opening, content)
            return True
        return False  # never closed: reported by the check with its line

    def _render(self, parent: etree.Element, opening: Opening, content: list[str]) -> None:
        if opening.kind == HANDOUT:
            return  # only on the handout, which converts it from the checked source
        if opening.kind == "card":
            self._card(parent, opening, content)
        elif opening.kind == "chart":
            self._chart(parent, opening, content)
        elif opening.kind == VIDEO:
            self._video(parent, opening, content)
        elif opening.kind == "quote":
            self._quote(parent, content)
        elif opening.kind in CALLOUT_TYPES:
            self._callout(parent, opening, content)

    def _callout(self, parent: etree.Element, opening: Opening, content: list[str]) -> None:
        label = self.ext.strings["callout"][opening.kind]
        box = etree.SubElement(parent, "div", {"class": f"callout callout-{opening.kind}", "role": "note"})
        title = etree.SubElement(box, "p", {"class": "callout-title"})
        if opening.title:
            hidden = etree.SubElement(title, "span", {"class": "visually-hidden"})
            hidden.text = f"{label}: "
            hidden.tail = opening.title
        else:
            title.text = label
        self.parser.parseBlocks(box, content)

    def _quote(self, parent: etree.Element, content: list[str]) -> None:
        quote = etree.SubElement(parent, "blockquote", {"class": "callout callout-quote"})
        hidden = etree.SubElement(quote, "p", {"class": "visually-hidden"})
        hidden.text = self.ext.strings["callout"]["quote"] + ":"
        self.parser.parseBlocks(quote, content)

    def _card(self, parent: etree.Element, opening: Opening, content: list[str]) -> None:
        texts = self.ext.strings["card"]
        level = texts[opening.argument]
        emergency = self.ext.config.phone("emergency")
        card = etree.SubElement(parent, "div", {"class": f"care-card care-card-{opening.argument}"})
        heading = etree.SubElement(card, "p", {"class": "care-card-heading", CARD_HEADING: "h3"})
        prefix = etree.SubElement(heading, "span", {"class": "visually-hidden"})
        prefix.text = level["prefix"] + " "
        prefix.tail = opening.title or level["heading"].format(emergency=emergency.number if emergency else "112")
        body = etree.SubElement(card, "div", {"class": "care-card-content"})
        self.parser.parseBlocks(body, content)
        self._card_action(body, opening.argument)

    def _card_action(self, body: etree.Element, level: str) -> None:
        if level == "emergency":
            phone = self.ext.config.phone("emergency")
            if phone is not None:
                action = etree.SubElement(body, "p", {"class": "care-card-action"})
                link = etree.SubElement(action, "a", {"href": f"tel:{phone.digits}"})
                link.text = self.ext.strings["card"]["call"].format(number=phone.number)
        elif level == "urgent":
            self._out_of_hours(body, [p for p in self.ext.config.phones if p.key != "emergency"])

    def _out_of_hours(self, body: etree.Element, phones: list) -> None:
        """Every region's out-of-hours number, each on its own line with the region's name first,
        so a reader finds theirs at a glance; a number without a region shows its label."""
        texts = self.ext.strings["card"]
        note = etree.SubElement(body, "p")
        note.text = texts["out_of_hours"]
        if not phones:
            return
        numbers = etree.SubElement(body, "ul", {"class": "care-card-phones"})
        for phone in phones:
            item = etree.SubElement(numbers, "li")
            name = etree.SubElement(item, "span", {"class": "care-card-region"})
            name.text = phone.region or phone.label
            link = etree.SubElement(item, "a", {"href": f"tel:{phone.digits}"})
            hidden = etree.SubElement(link, "span", {"class": "visually-hidden"})
            hidden.text = texts["call"].format(number="").strip() + " "
            hidden.tail = phone.number

    def _chart(self, parent: etree.Element, opening: Opening, content: list[str]) -> None:
        table = self.ext.tables.get(opening.argument)
        if table is None:
            return  # reported by the check
        figure = data_figure(table, opening.argument, self.ext.strings["figure"])
        parent.append(figure)
        caption = etree.Element("figcaption")
        self.parser.parseBlocks(caption, content)
        figure.insert(0, caption)

    def _video(self, parent: etree.Element, opening: Opening, content: list[str]) -> None:
        video = self.ext.videos.get(opening.argument)
        if video is None:
            return  # reported by the check
        parent.append(video_figure(video, self.ext.strings["video"],
                                   lambda figure: self.parser.parseBlocks(figure, content)))
