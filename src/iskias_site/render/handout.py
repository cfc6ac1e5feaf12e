"""The printable handout of one article: a short page (`<slug>/udskrift/`) and its PDF
(`<slug>/<slug>.pdf`), both from the one template `templates/handout.html`.

What a clinician hands a patient: the title, the "Kort fortalt" points and the care cards as the
article's page has them (the converter's own HTML of those boxes, `Part.handout_html`), the editor's
`::: handout` list, the page's address in full and as a QR code, the review dates and status,
and the disclaimer.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin

import jinja2
import tinyhtml5
import zxingcpp
from markupsafe import Markup

from iskias_site.check.article import ArticleChecks
from iskias_site.convert.converter import ConvertedArticle
from iskias_site.convert.handout import HandoutPoints
from iskias_site.load.config import SiteConfig
from iskias_site.render.pdf import Pdf, PdfWriter
from iskias_site.render.templates import render_page

TEMPLATE = "handout.html"
STYLESHEET = "static/handout.css"  # the handout's own stylesheet, for the page and the PDF
FOLDER = "udskrift"
PartBlocks = tuple[tuple[Markup, ...], tuple[Markup, ...]]  # one part's summary lists and care cards


@dataclass(frozen=True)
class Handout:
    html: bytes
    pdf: bytes  # b'' when none was asked for (a check writes nothing)
    pages: int  # of the PDF, for the link on the article's page
    pdf_key: str = ""  # what the PDF is kept under: the digest of all that draws it (render/pdf.py)


@dataclass(frozen=True)
class PageBlocks:
    """What the handout takes from the article's converted page."""

    summary: Markup  # the list of the `::: summary` box, '' when there is none
    cards: tuple[Markup, ...]  # every care card, whole


def handout_paths(slug: str) -> tuple[str, str]:
    """Where the handout's page and PDF are in the site."""
    return f"{slug}/{FOLDER}/index.html", f"{slug}/{slug}.pdf"


@dataclass
class HandoutRenderer:
    """Renders handouts in one process (with its own Markdown set-up and PDF writer)."""

    root: Path
    env: jinja2.Environment
    points: HandoutPoints = field(default_factory=HandoutPoints)
    pdf: PdfWriter = field(default_factory=PdfWriter)
    earlier: Callable[[str], Pdf | None] = lambda key: None  # a PDF made before, by its key (the cache)

    def render(self, converted: ConvertedArticle, checks: ArticleChecks, config: SiteConfig,
               with_pdf: bool = True) -> Handout:
        """The handout's page and, `with_pdf`, its PDF: the one made before from the same inputs if
        there is one, else drawn now. Raises jinja2.TemplateError, or PdfUnavailable."""
        slug = converted.article.slug
        url = f"{config.base_url}{slug}/"
        pdf_link = f"../{slug}.pdf" if config.handouts == "pdf" else ""  # 'html': the page has no PDF to link
        html = render_page(self.env, TEMPLATE, site=config, meta=converted.article.meta, url=f"{url}{FOLDER}/",
                           page_url=url, pdf=pdf_link, blocks=page_blocks(converted, url, self.part_blocks),
                           points=Markup(self.points.convert(checks.handouts)), qr=self.qr_code(url))
        if not with_pdf:
            return Handout(html.encode("utf-8"), b"", 1)
        page, _ = handout_paths(slug)
        base_url = (self.root.resolve() / page).as_uri()  # so ../../static/ is the site's static/
        key = self.pdf.key(html, base_url, self.root / STYLESHEET)
        pdf = self.earlier(key) or self.pdf.write(html, base_url)
        return Handout(html.encode("utf-8"), pdf.data, pdf.pages, key)

    def part_blocks(self, html: str, url: str) -> PartBlocks:
        return part_blocks(html, url)

    def qr_code(self, url: str) -> Markup:
        return qr_code(url)


def qr_code(url: str) -> Markup:
    """The address as an inline SVG QR code: error correction M, the mask chosen by the standard's
    penalty rules, the standard quiet zone of 4 modules. Drawn by zxing-cpp (its writer is zint,
    in C: a code in half a millisecond, where segno's pure-Python mask search took 7), kept as
    its one path in a box that scales (`viewBox`, no size of its own)."""
    symbol = zxingcpp.create_barcode(url, zxingcpp.BarcodeFormat.QRCode, ec_level="M")
    drawn = etree.fromstring(symbol.to_svg(add_quiet_zones=True))
    path = next(element for element in drawn.iter() if element.tag.endswith("}path"))
    svg = etree.Element("svg", {"viewBox": f"0 0 {drawn.get('width')} {drawn.get('height')}", "class": "qr-code"})
    etree.SubElement(svg, "path", {"fill": "#000", "d": path.get("d")})
    return Markup(etree.tostring(svg, encoding="unicode"))


def page_blocks(converted: ConvertedArticle, url: str,
                blocks: Callable[[str, str], PartBlocks] | None = None) -> PageBlocks:
    """The summary's list and the care cards, as the converted page has them, with their links made
    absolute (the handout is not the page) and citations left out (it has no reference list).
    `blocks`: what finds them in one part (`part_blocks`, or a renderer's that remembers)."""
    summary = Markup("")
    cards: list[Markup] = []
    for part in converted.parts:
        summaries, part_cards = (blocks or part_blocks)(part.handout_html, url)
        summary = summary or next((s for s in summaries if s), Markup(""))
        cards.extend(part_cards)
    return PageBlocks(summary, tuple(cards))


def part_blocks(html: str, url: str) -> PartBlocks:
    """Every summary box's list (without its title) and every care card in one converted part."""
    if "care-card" not in html and "callout-summary" not in html:
        return (), ()
    summaries, cards = [], []
    body = tinyhtml5.parse(html, namespace_html_elements=False).find("body")
    for element in list(body.iter("div")):
        classes = element.get("class", "").split()
        if "callout-summary" in classes:
            summaries.append(Markup("".join(_html(child, url) for child in element
                                            if child.get("class") != "callout-title")))
        elif "care-card" in classes:
            cards.append(Markup(_html(element, url)))
    return tuple(summaries), tuple(cards)


def _html(element: etree.Element, url: str) -> str:
    _for_paper(element)
    for link in element.iter("a"):
        if link.get("href"):
            link.set("href", urljoin(url, link.get("href")))
    element.tail = None
    return etree.tostring(element, encoding="unicode", method="html")


def _for_paper(element: etree.Element) -> None:
    """Remove every citation and the space before it, keeping the punctuation after it (which
    the converter wraps in with the citation's button, `citation-nowrap`); a glossary term's button
    becomes its word (its explanation is on the full page, not here)."""
    for parent in list(element.iter()):
        for child in list(parent):
            classes = (child.get("class") or "").split()
            if "citation-nowrap" in classes:
                kept = (child.text or "") + "".join(inner.tail or "" for inner in child)
            elif "citation-button" in classes:
                kept = ""
            elif "term" in classes:
                kept = "".join(child.itertext())
            else:
                continue
            index = list(parent).index(child)
            text = kept + (child.tail or "")
            before = parent[index - 1] if index else None
            ahead = (before.tail if before is not None else parent.text) or ""
            ahead = ahead.rstrip() if not kept or kept[0] in ".,;:)" else ahead  # a citation's space goes with it
            if before is None:
                parent.text = ahead + text
            else:
                before.tail = ahead + text
            parent.remove(child)
