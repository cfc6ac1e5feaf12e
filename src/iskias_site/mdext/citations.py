"""Citations `[@key]` as numbered links, numbered in reading order across an article's parts."""

from __future__ import annotations

import xml.etree.ElementTree as etree

from markdown import Extension, Markdown
from markdown.inlinepatterns import InlineProcessor
from markdown.treeprocessors import Treeprocessor

from ..citations import PATTERN, Cite, CitationNumbers, compress, parse_items
from .stash import serialize, stash

MARK = "data-citation"


class CitationExtension(Extension):
    """Renders citations with numbers from a `CitationNumbers` shared by all parts of one article."""

    def __init__(self, numbers: CitationNumbers, known: set[str], labels: dict[str, str],
                 superscript: bool = False) -> None:
        super().__init__()
        self.numbers = numbers
        self.known = known
        self.labels = labels
        self.superscript = superscript

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        """Registers:
        - inline pattern 'citation' (priority 175: after backslash escapes at 180, so `\\[@key]`
          stays text; before reference links at 170, so `[@key]` is never taken for a link);
        - tree processor 'citation-numbers' (priority 15: after inline processing at 20), which
          numbers the citations in reading order, builds their links and stashes each finished
          citation as HTML (see `stash`).
        """
        md.inlinePatterns.register(CitationPattern(PATTERN, md), "citation", 175)
        md.treeprocessors.register(CitationNumberer(md, self), "citation-numbers", 15)


class CitationPattern(InlineProcessor):
    def handleMatch(self, m, data):  # noqa: N802
        element = etree.Element("span")
        element.set(MARK, m.group(1))
        return element, m.start(0), m.end(0)


class CitationNumberer(Treeprocessor):
    def __init__(self, md: Markdown, extension: CitationExtension) -> None:
        super().__init__(md)
        self.ext = extension

    def run(self, root: etree.Element) -> None:
        marked = [(parent, child) for parent in root.iter() for child in parent if child.get(MARK) is not None]
        for parent, element in marked:
            cites, _problem = parse_items(element.attrib.pop(MARK))
            cites = tuple(c for c in cites if c.key in self.ext.known)
            if not cites:  # the problem is reported by the resolve step with its line
                element.text = "[?]"
                continue
            self._fill(element, cites)
            self._stash(parent, element)

    def _fill(self, element: etree.Element, cites: tuple[Cite, ...]) -> None:
        numbers = self.ext.numbers
        by_number = {numbers.number(c.key): c for c in cites}
        place = numbers.new_place([c.key for c in cites], sorted(by_number.items()))
        element.set("class", "citation")
        element.set("id", place)
        button = etree.SubElement(element, "button", {
            "type": "button", "class": "citation-button", "popovertarget": f"{place}-kilder",
            "aria-label": spoken(sorted(by_number), self.ext.labels),
        })
        button.text = self._wrap(written(sorted(by_number.items())))
        links = etree.SubElement(element, "span", {"class": "citation-links"})
        self._links(links, sorted(by_number.items()))
        if self.ext.superscript:
            element.set("class", "citation citation-superscript")

    def _stash(self, parent: etree.Element, element: etree.Element) -> None:
        """Stash the finished citation, with the punctuation right after it wrapped in with it so a
        line never starts with the full stop."""
        tail = element.tail or ""
        html = serialize(element)
        if tail[:1] and tail[0] in CLOSING_PUNCTUATION:
            html = f'<span class="citation-nowrap">{html}{tail[0]}</span>'
            tail = tail[1:]
        element.tail = tail
        stash(self.md, parent, element, html)

    def _wrap(self, text: str) -> str:
        return text if self.ext.superscript else f"({text})"

    def _links(self, parent: etree.Element, items: list[tuple[int, Cite]]) -> None:
        """The same numbers as plain links into the list, for browsers without popovers."""
        tail_target = parent
        tail_target.text = "" if self.ext.superscript else "("
        last = None
        for index, (text, cite) in enumerate(_pieces(items)):
            if cite is None:
                if last is None:
                    parent.text += text
                else:
                    last.tail = (last.tail or "") + text
                continue
            last = etree.SubElement(parent, "a", {"href": f"#ref-{cite.key}"})
            last.text = text
        if not self.ext.superscript and last is not None:
            last.tail = (last.tail or "") + ")"


CLOSING_PUNCTUATION = ".,;:!?)»"


def _pieces(items: list[tuple[int, Cite]]) -> list[tuple[str, Cite | None]]:
    """Text pieces of a citation: numbers (with the Cite they link to) and separators (None)."""
    by_number = dict(items)
    plain = [n for n, c in items if not c.locator]
    pieces: list[tuple[str, Cite | None]] = []
    for first, last in compress(plain):
        if pieces:
            pieces.append((", ", None))
        pieces.append((str(first), by_number[first]))
        if last != first:
            pieces.append(("\u2013", None))
            pieces.append((str(last), by_number[last]))
    for number, cite in items:
        if cite.locator:
            if pieces:
                pieces.append(("; ", None))
            pieces.append((str(number), cite))
            pieces.append((f", {cite.locator}", None))
    return pieces


def written(items: list[tuple[int, Cite]]) -> str:
    """'1–3, 5' or '4, s. 12': the visible text of a citation."""
    return "".join(text for text, _ in _pieces(items))


def spoken(numbers: list[int], labels: dict[str, str]) -> str:
    """'Kilde 3 til 5', 'Kilder 1 til 3 og 5': what a screen reader says for a citation."""
    spans = compress(numbers)
    words = [str(a) if a == b else f"{a} {labels['to']} {b}" for a, b in spans]
    if len(words) == 1:
        return f"{labels['source']} {words[0]}"
    return f"{labels['sources']} {', '.join(words[:-1])} {labels['and']} {words[-1]}"
