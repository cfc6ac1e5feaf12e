"""The last line of defence: every converted fragment through `nh3` with an explicit allow-list,
and safe attributes on links.

The allow-list is what our Markdown set-up and extensions produce plus the few inline tags
editors may write (`iskias_site.check.markup.ALLOWED_TAGS`); anything else (a `<script>`, an `on…=`
attribute, a `javascript:` link) is removed even if the line check missed it.
"""

from __future__ import annotations

import html
import xml.etree.ElementTree as etree

import nh3
from markdown import Extension, Markdown
from markdown.postprocessors import Postprocessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import STX

from iskias_site.check.markup import ALLOWED_ATTRIBUTES, ALLOWED_TAGS
from iskias_site.convert.stash import OwnHtml

PIPELINE_TAGS = {
    "p", "a", "ul", "ol", "li", "h2", "h3", "h4", "h5", "h6", "strong", "em", "code", "pre", "blockquote",
    "hr", "br", "img", "figure", "figcaption", "table", "thead", "tbody", "tr", "th", "td", "div", "span",
    "button", "details", "summary", "svg", "rect", "text", "line",
    "picture", "source", "video", "track",  # figures' responsive copies, self-hosted video (convert/figures, videos)
}
PIPELINE_ATTRIBUTES = {
    "*": {"class", "id", "role", "aria-label", "aria-hidden", "tabindex", "lang"},
    "a": {"href", "rel"},
    "img": {"src", "alt", "width", "height", "loading", "decoding", "srcset", "sizes"},
    "source": {"type", "srcset", "sizes", "src", "media", "width", "height"},  # media: a chart's wide drawing
    "video": {"controls", "preload", "poster", "width", "height"},
    "track": {"kind", "srclang", "src", "label", "default"},
    "ol": {"start"},
    "button": {"type", "popovertarget", "popovertargetaction"},
    "div": {"popover", "aria-labelledby"},  # a glossary term's explanation (convert.glossary)
    "th": {"scope", "align"},
    "td": {"align"},
    "svg": {"viewBox", "xmlns"},
    "rect": {"x", "y", "width", "height"},
    "text": {"x", "y", "text-anchor"},
    "line": {"x1", "x2", "y1", "y2"},
}
URL_SCHEMES = {"https", "http", "mailto", "tel"}


def allowed_attributes() -> dict[str, set[str]]:
    merged = {tag: set(names) for tag, names in PIPELINE_ATTRIBUTES.items()}
    for tag, names in ALLOWED_ATTRIBUTES.items():
        merged.setdefault(tag, set()).update(names)
    return merged


class SafetyExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802
        """Registers:
        - tree processor 'link-safety' at priority 1 (last): links to other sites get
          rel="noopener noreferrer"; a link or image address with another scheme than https,
          http, mailto or tel (javascript:, data:, vbscript: …) is removed; so is an event
          handler (on…) an attribute list put on any element;
        - postprocessor 'sanitize' at priority 1 (after raw HTML is put back at 30 and entities
          at 20 and 10): when the editor wrote any raw HTML, the whole fragment through nh3 with
          the allow-list above. Without raw HTML, every element came from our own tree, escaped,
          or is our own stashed HTML (`stash.OwnHtml`).
        """
        md.treeprocessors.register(LinkSafety(md), "link-safety", 1)
        md.postprocessors.register(Sanitize(md), "sanitize", 1)


class Sanitize(Postprocessor):
    def __init__(self, md: Markdown) -> None:
        super().__init__(md)
        self.tags = PIPELINE_TAGS | set(ALLOWED_TAGS)
        self.attributes = allowed_attributes()

    def run(self, text: str) -> str:
        if all(isinstance(block, OwnHtml) for block in self.md.htmlStash.rawHtmlBlocks):
            return text
        return nh3.clean(text, tags=self.tags, attributes=self.attributes, url_schemes=URL_SCHEMES,
                         link_rel=None, strip_comments=True)


class LinkSafety(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            if element.attrib:
                _drop_unsafe_attributes(element)
            attribute = {"a": "href", "img": "src"}.get(element.tag)
            address = (element.get(attribute) or "").strip() if attribute else ""
            if not address:
                continue
            if _scheme(address) not in URL_SCHEMES | {""}:
                del element.attrib[attribute]
            elif element.tag == "a" and address.startswith(("https:", "http:", "//")):
                element.set("rel", "noopener noreferrer")


def _drop_unsafe_attributes(element: etree.Element) -> None:
    """An attribute list (`{: …}`) can put any attribute on any element: never an event handler or
    a style (the rules nh3 applies to raw HTML, applied to every page's tree too), and never a value
    holding a stashed piece of HTML (a citation written inside the braces)."""
    for name, value in list(element.attrib.items()):
        lowered = name.lower()
        if lowered.startswith("on") or lowered in ("style", "srcdoc", "formaction") or STX in value:
            del element.attrib[name]


def _scheme(address: str) -> str:
    """'JavaScript:alert(1)' -> 'javascript'; '' for a relative address or an anchor."""
    head = html.unescape(address).split("/", 1)[0].split("#", 1)[0].split("?", 1)[0]
    cleaned = "".join(ch for ch in head if ch.isprintable() and not ch.isspace()).lower()
    return cleaned.split(":", 1)[0] if ":" in cleaned else ""
