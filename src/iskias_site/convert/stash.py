"""Finished HTML of our own, parked in Python-Markdown's raw-HTML stash.

A piece that is complete (a numbered citation with its button and links) replaces its element
by a placeholder: the passes after it (contents, attribute lists, figures, link safety, layout,
the serializer) then have nothing to walk in it, and the postprocessor that puts raw HTML back
puts it in unchanged. The sanitizer knows it from the editor's own raw HTML by its type.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markdown import Markdown


class OwnHtml(str):
    """HTML our extensions made from escaped parts; not the editor's raw HTML."""


def stash(md: Markdown, parent: etree.Element, element: etree.Element, html: str) -> None:
    """Replace `element` (a child of `parent`) by a placeholder for `html`, keeping its tail."""
    text = md.htmlStash.store(OwnHtml(html)) + (element.tail or "")
    index = list(parent).index(element)
    if index == 0:
        parent.text = (parent.text or "") + text
    else:
        before = parent[index - 1]
        before.tail = (before.tail or "") + text
    parent.remove(element)


# Escaped as Python-Markdown's serializer escapes, so stashed HTML reads exactly as if it had been
# serialized with the page: an entity the editor wrote (&nbsp;) stays an entity.
_BARE_AMPERSAND = re.compile(r"&(?!(?:#[0-9]+|#x[0-9a-f]+|[0-9a-z]+);)", re.IGNORECASE)


def text_html(text: str) -> str:
    if "&" in text:
        text = _BARE_AMPERSAND.sub("&amp;", text)
    return text.replace("<", "&lt;").replace(">", "&gt;")


def attribute_html(value: str) -> str:
    return text_html(value).replace('"', "&quot;")
