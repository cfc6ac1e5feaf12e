"""Glossary terms on the page: the first use of a term in each section opens its explanation in place.

A marked use is a button (`<button class="term" popovertarget="ord-…">`) for the explanation, an
HTML popover like a citation's preview: no script, opened and closed by keyboard, touch or mouse,
announced by screen readers as a collapsed button. Each term's explanation is in the page once,
right after the block where the article first uses it; later sections' buttons open the same one.
Its citation, if any, is numbered with the article's other citations where it stands.

Never marked: headings, links, code, citations, buttons, abbreviations, figures, callout titles
and care cards. `{{ord}}` marks a use the editor chooses; `{{!ord}}` keeps one use unmarked.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import xml.etree.ElementTree as etree
from dataclasses import dataclass, field

from markdown import Extension, Markdown
from markdown.inlinepatterns import InlineProcessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

from iskias_site.load.glossary import Glossary, Term
from iskias_site.source.citations import CITATION
from iskias_site.source.terms import MARK_PATTERN, TermMatcher

if TYPE_CHECKING:
    from iskias_site.convert.article_state import CurrentArticle

EDITOR_MARK = "data-term-mark"  # on the span an editor's `{{…}}` becomes, until the tree is marked
CITATION_MARK = "data-citation"  # as convert.citations marks a citation for its numbering
NEVER_MARKED = {"h1", "h2", "h3", "h4", "h5", "h6", "a", "code", "pre", "button", "abbr", "dfn", "kbd",
                "figure", "svg", "script", "style"}
NEVER_MARKED_CLASSES = ("care-card", "callout-title", "visually-hidden", "term-preview")
PAGE = "../ordbog/"  # the Ordbog page, from an article's page


@dataclass
class TermUses:
    """One article's terms: which it uses, and which already have their explanation on its page."""

    used: dict[str, None] = field(default_factory=dict)  # headwords, in order of first use
    explained: set[str] = field(default_factory=set)


def popover_id(term: Term) -> str:
    return f"ord-{term.anchor}"


class GlossaryExtension(Extension):
    """Marks the glossary's terms; `uses` are the current article's (`current.state.terms`)."""

    def __init__(self, current: CurrentArticle, glossary: Glossary, labels: dict[str, str]) -> None:
        super().__init__()
        self.current = current
        self.matcher = TermMatcher(glossary)
        self.labels = labels

    @property
    def uses(self) -> TermUses:
        return self.current.state.terms

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        """Registers:
        - inline pattern 'term-mark' (priority 178: after backslash escapes at 180, so `\\{{` stays
          text; before citations at 175): an editor's `{{ord}}` or `{{!ord}}`;
        - tree processor 'glossary' (priority 17: after inline processing at 20, so citations, links
          and code are elements to stay out of; before 'citation-numbers' at 15, so a citation in
          an explanation is numbered with the others).
        """
        md.inlinePatterns.register(EditorMark(MARK_PATTERN, md), "term-mark", 178)
        md.treeprocessors.register(TermMarker(md, self), "glossary", 17)


class EditorMark(InlineProcessor):
    def handleMatch(self, m, data):  # noqa: N802
        element = etree.Element("span", {EDITOR_MARK: "skip" if m.group(1) else "mark"})
        element.text = AtomicString(m.group(2).strip())
        return element, m.start(0), m.end(0)


class TermMarker(Treeprocessor):
    def __init__(self, md: Markdown, extension: GlossaryExtension) -> None:
        super().__init__(md)
        self.ext = extension

    def run(self, root: etree.Element) -> None:
        marked: set[str] = set()  # this section's terms that have their button
        placed: list[tuple[etree.Element, list[Term]]] = []
        for block in list(root):
            if block.tag == "h2":  # a one-file article: each `##` part is a section of its own
                marked = set()
            new: list[Term] = []  # terms this block uses first in the article
            self._walk(block, marked, new)
            if new:
                placed.append((block, new))
        for block, terms in placed:
            index = list(root).index(block)
            for offset, term in enumerate(terms):
                root.insert(index + 1 + offset, self._explanation(term))
        self._unwrap_marks(root)

    def _walk(self, element: etree.Element, marked: set[str], new: list[Term]) -> None:
        if _never_marked(element):
            return
        if element.text:
            self._mark_text(element, None, marked, new)
        for child in list(element):
            if child.get(EDITOR_MARK) is not None:
                self._editor_mark(child, marked, new)
            else:
                self._walk(child, marked, new)
            if child.tail:
                self._mark_text(element, child, marked, new)

    def _mark_text(self, parent: etree.Element, child: etree.Element | None, marked: set[str],
                   new: list[Term]) -> None:
        """Mark the first use of each term not yet marked in this section, in `parent`'s text
        (child None) or in `child`'s tail."""
        text = parent.text if child is None else child.tail
        buttons, head, last = [], None, 0
        for start, end, term in self.ext.matcher.find(text):
            if term.word in marked:
                continue
            button = self._button(term, text[start:end], marked, new)
            if buttons:
                buttons[-1].tail = text[last:start]
            else:
                head = text[:start]
            buttons.append(button)
            last = end
        if not buttons:
            return
        buttons[-1].tail = text[last:]
        index = 0
        if child is None:
            parent.text = head
        else:
            child.tail = head
            index = list(parent).index(child) + 1
        for offset, button in enumerate(buttons):
            parent.insert(index + offset, button)

    def _editor_mark(self, span: etree.Element, marked: set[str], new: list[Term]) -> None:
        """`{{ord}}` becomes a button; `{{!ord}}` (and a word that is no term, which the check
        reports) is unwrapped into plain text at the end."""
        term = self.ext.matcher.lookup(span.text or "")
        if term is None or span.get(EDITOR_MARK) == "skip":
            return
        button = self._button(term, span.text or "", marked, new)
        span.tag, span.text = button.tag, button.text
        span.attrib.clear()
        span.attrib.update(button.attrib)

    def _button(self, term: Term, text: str, marked: set[str], new: list[Term]) -> etree.Element:
        marked.add(term.word)
        uses = self.ext.uses
        uses.used.setdefault(term.word)
        if term.word not in uses.explained:
            uses.explained.add(term.word)
            new.append(term)
        # no type="button": an article page has no form for it to submit
        button = etree.Element("button", {"class": "term", "popovertarget": popover_id(term)})
        button.text = text
        return button

    def _explanation(self, term: Term) -> etree.Element:
        """The term's popover: its headword (as its name), the explanation, a link to the Ordbog page, a close button."""
        ident, labels = popover_id(term), self.ext.labels
        # named by its headword, which the style sheet also shows as the box's heading
        # (`::before`, from aria-label): no title paragraph, one element fewer in every popover;
        # the explanation is the box's own text, not a paragraph of its own, for the same reason
        box = etree.Element("div", {"class": "term-preview", "id": ident, "popover": "", "role": "dialog",
                                    "aria-label": term.word})
        _with_citations(box, term.explanation + " ")  # a space before the link
        more = etree.SubElement(box, "a", {"href": f"{PAGE}#{term.anchor}"})
        more.text = labels["more"]
        close = etree.SubElement(box, "button", {"popovertarget": ident, "popovertargetaction": "hide"})
        close.text = labels["close"]
        return box

    def _unwrap_marks(self, root: etree.Element) -> None:
        """Editor's marks left as spans (`{{!ord}}`, or inside a heading, a link, code …) become their text."""
        pairs = [(parent, child) for parent in root.iter() for child in parent if child.get(EDITOR_MARK) is not None]
        for parent, child in pairs:
            text = (child.text or "") + (child.tail or "")
            index = list(parent).index(child)
            if index == 0:
                parent.text = (parent.text or "") + text
            else:
                parent[index - 1].tail = (parent[index - 1].tail or "") + text
            parent.remove(child)


def _never_marked(element: etree.Element) -> bool:
    if element.tag in NEVER_MARKED or element.get(CITATION_MARK) is not None:
        return True
    classes = element.get("class", "")
    return bool(classes) and any(name in classes for name in NEVER_MARKED_CLASSES)


def _with_citations(body: etree.Element, text: str) -> None:
    """An explanation's text as `body`'s own text, its citations as spans for the numbering."""
    position, last = 0, None
    for match in CITATION.finditer(text):
        if last is None:
            body.text = text[position:match.start()]
        else:
            last.tail = text[position:match.start()]
        last = etree.SubElement(body, "span", {CITATION_MARK: match.group(1)})
        position = match.end()
    if last is None:
        body.text = text[position:]
    else:
        last.tail = text[position:]
