"""Images as figures: alt text, a caption from the image's title and a credit line, responsive
copies (WebP and the photo's own format, `srcset`/`sizes` in a `<picture>`), width and height, and
lazy loading below the first screen."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

import xml.etree.ElementTree as etree

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor

from iskias_site.convert.responsive_images import PublishedImage

if TYPE_CHECKING:
    from iskias_site.convert.article_state import CurrentArticle


class FiguresExtension(Extension):
    """Turns a paragraph holding only an image into `<figure>`; sizes come from the current
    article's published images (`current.state.images`)."""

    def __init__(self, current: CurrentArticle) -> None:
        super().__init__()
        self.current = current

    @property
    def images(self) -> Mapping[str, PublishedImage]:
        return self.current.state.images

    @property
    def lazy(self) -> bool:
        """Images below the introduction (the article's first file) load lazily."""
        return self.current.part > 0

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802
        """Registers tree processor 'figures' at priority 14 (after inline processing at 20)."""
        md.treeprocessors.register(FigureProcessor(md, self), "figures", 14)


# The text column is at most 42rem wide (44rem less the padding), else the screen less the padding.
SIZES = "(min-width: 44rem) 42rem, calc(100vw - 2rem)"


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
        known = self.ext.images.get(image.get("src", ""))
        image.tail = None
        if known is not None and known.webp_srcset:
            picture = etree.SubElement(figure, "picture")
            etree.SubElement(picture, "source", {"type": "image/webp", "srcset": known.webp_srcset, "sizes": SIZES})
            picture.append(image)
        else:
            figure.append(image)
        credit = known.credit if known is not None else ""
        if caption or credit:
            figcaption = etree.SubElement(figure, "figcaption")
            figcaption.text = caption
            if credit:
                etree.SubElement(figcaption, "span", {"class": "image-credit"}).text = credit
        return figure

    def _size(self, image: etree.Element) -> None:
        known = self.ext.images.get(image.get("src", ""))
        if known is not None:
            image.set("src", known.src)
            if known.srcset:
                image.set("srcset", known.srcset)
                image.set("sizes", SIZES)
            image.set("width", str(known.width))
            image.set("height", str(known.height))
        image.set("loading", "lazy" if self.ext.lazy else "eager")
        image.set("decoding", "async")


def _only_image(paragraph: etree.Element) -> bool:
    return (len(paragraph) == 1 and paragraph[0].tag == "img" and not (paragraph.text or "").strip()
            and not (paragraph[0].tail or "").strip())
