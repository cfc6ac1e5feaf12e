"""Citations `[@key]` as numbered links, numbered in reading order across an article's parts."""

from __future__ import annotations

from typing import TYPE_CHECKING

import html
import re
import xml.etree.ElementTree as etree

from markdown import Extension, Markdown
from markdown.extensions.toc import run_postprocessors, strip_tags, unescape
from markdown.inlinepatterns import InlineProcessor
from markdown.treeprocessors import Treeprocessor

from iskias_site.source.anchors import slugify
from iskias_site.source.citations import PATTERN, Cite, CitationNumbers, compress, parse_items
from iskias_site.convert.stash import attribute_html, stash, text_html

if TYPE_CHECKING:
    from iskias_site.convert.article_state import CurrentArticle

MARK = "data-citation"


class CitationExtension(Extension):
    """Renders citations with numbers from the current article's `CitationNumbers`, shared by all
    its parts (`current.state.numbers`)."""

    def __init__(self, current: CurrentArticle, known: set[str], labels: dict[str, str],
                 superscript: bool = False) -> None:
        super().__init__()
        self.current = current
        self.known = known
        self.labels = labels
        self.superscript = superscript
        self.unresolved: list[str] = []  # this part's citations that name no known key

    @property
    def numbers(self) -> CitationNumbers:
        return self.current.state.numbers

    def reset(self) -> None:
        self.unresolved = []

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        """Registers:
        - inline pattern 'citation' (priority 175: after backslash escapes at 180, so `\\[@key]`
          stays text; before reference links at 170, so `[@key]` is never taken for a link);
        - tree processor 'citation-numbers' (priority 15: after inline processing at 20), which
          numbers the citations in reading order, builds their links and stashes each finished
          citation as HTML (see `stash`).
        """
        md.registerExtension(self)  # for reset() before every part
        md.inlinePatterns.register(CitationPattern(PATTERN, md), "citation", 175)
        md.treeprocessors.register(CitationNumberer(md, self), "citation-numbers", 15)


class CitationPattern(InlineProcessor):
    def handleMatch(self, m, data):  # noqa: N802
        element = etree.Element("span")
        # a locator's backslash escapes (`s. 12\\*`) as their characters: the citation's HTML is
        # finished before Python-Markdown would restore them
        element.set(MARK, unescape(self.unescape(m.group(1))))
        return element, m.start(0), m.end(0)


HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
TRAILING_ATTRIBUTES = re.compile(r"\s*\{[^{}]*\}\s*$")  # `{#anker}`, which attr_list takes off later


class CitationNumberer(Treeprocessor):
    def __init__(self, md: Markdown, extension: CitationExtension) -> None:
        super().__init__(md)
        self.ext = extension

    def run(self, root: etree.Element) -> None:
        marked, headings = [], []
        for parent in root.iter():
            if parent.tag in HEADINGS:
                headings.append(parent)
            marked.extend((parent, child) for child in parent if child.get(MARK) is not None)
        for heading in headings if marked else ():
            self._name_without_citations(heading)
        for parent, element in marked:
            written_text = element.attrib.pop(MARK)
            cites, problem = parse_items(written_text)
            if problem or any(c.key not in self.ext.known for c in cites):
                self.ext.unresolved.append(written_text)  # an error for the build: never published
                element.text = f"[{written_text}]"
                continue
            self._stash(parent, element, *self._html(cites))

    def _name_without_citations(self, heading: etree.Element) -> None:
        """A heading that cites keeps the anchor and contents entry its words give it, not the
        citation's numbers (which change when a citation is added before it)."""
        if all(element.get(MARK) is None for element in heading.iter()):
            return
        label = TRAILING_ATTRIBUTES.sub("", "".join(heading.itertext())).strip()  # still empty citations
        heading.set("data-toc-label", label)
        if "id" not in heading.attrib:  # an {#anchor} written after the heading still wins
            words = strip_tags(run_postprocessors(unescape(label), self.md))  # as toc reads a label
            heading.set("id", slugify(html.unescape(words)))

    def _html(self, cites: tuple[Cite, ...]) -> tuple[str, str, str]:
        """The citation's place (its id), the button's attributes before the id, and its text. The
        button alone: popovers are in every current browser (Baseline 2024), and a browser without
        them still has the reference list below the article, numbered as the citations are. Written
        as text, not as elements: an article has dozens of citations, and this small fixed markup
        would otherwise add to the elements every later pass and the serializer walk."""
        numbers = self.ext.numbers
        by_number = {numbers.number(c.key): c for c in cites}
        items = list(by_number.items())  # as written; `_pieces` decides the order shown
        place = numbers.new_place([c.key for c in cites], sorted(items, key=lambda item: item[0]))
        preview = numbers.placed[-1].preview  # citations of the same works share one preview
        label = attribute_html(spoken(sorted(by_number), self.ext.labels))
        return place, f'aria-label="{label}" popovertarget="{preview}-kilder"', text_html(self._wrap(written(_pieces(items))))

    def _stash(self, parent: etree.Element, element: etree.Element, place: str, attributes: str, shown: str) -> None:
        """Stash the finished citation: its button, with the citation's id, so a back-link from the
        reference list lands on it. Punctuation right after it goes with it into a `citation-nowrap`
        span, so a line never starts with the full stop: CSS allows a break after a button (an
        atomic inline) even before a full stop, and a word joiner does not stop it."""
        kind = "citation-button citation-superscript" if self.ext.superscript else "citation-button"
        html = f'<button class="{kind}" id="{place}" {attributes}>{shown}</button>'
        tail = element.tail or ""
        if tail[:1] and tail[0] in CLOSING_PUNCTUATION:
            html, element.tail = f'<span class="citation-nowrap">{html}{text_html(tail[0])}</span>', tail[1:]
        stash(self.md, parent, element, html)

    def _wrap(self, text: str) -> str:
        return text if self.ext.superscript else f"({text})"



CLOSING_PUNCTUATION = ".,;:!?)»"


def _pieces(items: list[tuple[int, Cite]]) -> list[tuple[str, Cite | None]]:
    """Text pieces of a citation: numbers (with the Cite they link to) and separators (None).
    `items` are in the order written. Without prefixes the numbers are sorted, runs of plain
    numbers drawn together and numbers with a locator or suffix put last: '1–3; 5, s. 12'. With a
    prefix ('se', 'jf.') the order written is kept, since a prefix belongs to its own number."""
    if not any(cite.prefix for _, cite in items):
        ordered = sorted(items, key=lambda item: item[0])
        groups = [[item for item in ordered if not item[1].affixed]] + [[item] for item in ordered if item[1].affixed]
    else:
        groups = []
        for item in items:
            if not item[1].affixed and groups and not groups[-1][-1][1].affixed:
                groups[-1].append(item)
            else:
                groups.append([item])
    pieces: list[tuple[str, Cite | None]] = []
    for group in groups:
        if not group:
            continue
        if pieces:
            pieces.append(("; ", None))
        if group[0][1].affixed:
            pieces.extend(_affixed(*group[0]))
        else:
            pieces.extend(_run(group))
    return pieces


def _run(items: list[tuple[int, Cite]]) -> list[tuple[str, Cite | None]]:
    """'1–3, 5': plain numbers, sorted, three or more in a row drawn together."""
    by_number = dict(items)
    pieces: list[tuple[str, Cite | None]] = []
    for first, last in compress(list(by_number)):
        if pieces:
            pieces.append((", ", None))
        pieces.append((str(first), by_number[first]))
        if last != first:
            pieces.append(("\u2013", None))
            pieces.append((str(last), by_number[last]))
    return pieces


def _affixed(number: int, cite: Cite) -> list[tuple[str, Cite | None]]:
    """'se 4, s. 12 og flere': one number with its prefix, locator and suffix."""
    pieces: list[tuple[str, Cite | None]] = [(f"{cite.prefix} ", None)] if cite.prefix else []
    pieces.append((str(number), cite))
    if cite.locator:
        pieces.append((f", {cite.locator}", None))
    if cite.suffix:
        pieces.append((cite.suffix, None))
    return pieces


def written(pieces: list[tuple[str, Cite | None]]) -> str:
    """'1–3, 5' or '4, s. 12': the visible text of a citation, from its pieces."""
    return "".join(text for text, _ in pieces)


def spoken(numbers: list[int], labels: dict[str, str]) -> str:
    """'Kilde 3 til 5', 'Kilder 1 til 3 og 5': what a screen reader says for a citation."""
    spans = compress(numbers)
    words = [str(a) if a == b else f"{a} {labels['to']} {b}" for a, b in spans]
    if len(words) == 1:
        return f"{labels['source']} {words[0]}"
    return f"{labels['sources']} {', '.join(words[:-1])} {labels['and']} {words[-1]}"
