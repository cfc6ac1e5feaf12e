"""Finished HTML of our own, parked in Python-Markdown's raw-HTML stash.

An element that is complete (a numbered citation with its button and links) is serialized at
once and replaced by a placeholder: the passes after it (contents, attribute lists, figures, link
safety, layout) then have nothing to walk in it, and the postprocessor that puts raw HTML back
puts it in unchanged. The sanitizer knows it from the editor's own raw HTML by its type.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree

from markdown import Markdown
from markdown.serializers import to_html_string


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


def serialize(element: etree.Element) -> str:
    """The element as the page's serializer writes it, without its tail."""
    element.tail = None
    return to_html_string(element)
