"""Images as figures: alt text, a caption from the image's title, width and height, lazy loading."""

from __future__ import annotations

import xml.etree.ElementTree as etree

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor

from iskias_site.load.images import ImageFile


class FiguresExtension(Extension):
    """Turns a paragraph holding only an image into `<figure>`; sizes come from the checked files."""

    def __init__(self, images: dict[str, ImageFile]) -> None:
        super().__init__()
        self.images = images
        self.lazy = False  # set per part: images below the introduction load lazily

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802
        """Registers tree processor 'figures' at priority 14 (after inline processing at 20)."""
        md.treeprocessors.register(FigureProcessor(md, self), "figures", 14)


class FigureProcessor(Treeprocessor):
    def __init__(self, md: Markdown, extension: FiguresExtension) -> None:
        super().__init__(md)
        self.ext = extension

    def run(self, root: etree.Element) -> None:
        for parent in list(root.iter()):
            for index, child in enumerate(list(parent)):
                if child.tag == "p" and _only_image(child):
                    parent[index] = self._figure(child[0])
        for image in root.iter("img"):
            self._size(image)

    def _figure(self, image: etree.Element) -> etree.Element:
        figure = etree.Element("figure", {"class": "image-figure"})
        caption = image.attrib.pop("title", "")
        image.tail = None
        figure.append(image)
        if caption:
            etree.SubElement(figure, "figcaption").text = caption
        return figure

    def _size(self, image: etree.Element) -> None:
        known = self.ext.images.get(image.get("src", ""))
        if known is not None:
            image.set("width", str(known.width))
            image.set("height", str(known.height))
        image.set("loading", "lazy" if self.ext.lazy else "eager")
        image.set("decoding", "async")


def _only_image(paragraph: etree.Element) -> bool:
    return (len(paragraph) == 1 and paragraph[0].tag == "img" and not (paragraph.text or "").strip()
            and not (paragraph[0].tail or "").strip())
