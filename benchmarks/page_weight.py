"""Where a built page's bytes and elements go: by component, by element and by class.

    python benchmarks/page_weight.py _site/iskiassmerter/index.html

Elements are counted as a browser counts `document.querySelectorAll('*')`: the page parsed by an
HTML5 parser (tinyhtml5, the handout's), SVG's elements included. Bytes are the file's own: each
stretch of the file (tags with their attributes, text, whitespace) goes to the innermost open
element that belongs to a component (a citation, a preview, the reference list …).
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import tinyhtml5

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

# (component, test on tag and class list and attributes), the first that holds names an element's
COMPONENTS = [
    ("JSON-LD", lambda tag, cls, a: tag == "script" and a.get("type") == "application/ld+json"),
    ("head (meta, title, links)", lambda tag, cls, a: tag == "head"),
    ("citations in the text", lambda tag, cls, a: bool({"citation", "citation-nowrap", "citation-button"} & cls)),
    ("citation previews", lambda tag, cls, a: "citation-previews" in cls),
    ("reference list", lambda tag, cls, a: "references" in cls and tag == "section"),
    ("glossary buttons", lambda tag, cls, a: tag == "button" and "term" in cls),
    ("glossary popovers", lambda tag, cls, a: "term-preview" in cls),
    ("care cards", lambda tag, cls, a: "care-card" in cls),
    ("inline SVG", lambda tag, cls, a: tag == "svg"),
    ("chart image", lambda tag, cls, a: tag == "picture"),
    ("figures", lambda tag, cls, a: tag == "figure"),
    ("contents (TOC)", lambda tag, cls, a: tag == "nav" and "contents" in cls),
    ("site header, breadcrumb", lambda tag, cls, a: "site-header" in cls or "breadcrumb" in cls),
    ("trust box", lambda tag, cls, a: "trust" in cls),
    ("site footer", lambda tag, cls, a: "site-footer" in cls),
]
REST = "article text and the rest"


def component(tag: str, attrs: dict[str, str]) -> str | None:
    classes = set((attrs.get("class") or "").split())
    return next((name for name, test in COMPONENTS if test(tag, classes, attrs)), None)


class ByteSplitter(HTMLParser):
    """Hands each stretch of the source to the innermost component open around it."""

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=False)
        self.source = source
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", source)]
        self.stack: list[tuple[str, str | None]] = []
        self.bytes: Counter[str] = Counter()
        self.attribute_bytes = 0
        self.whitespace_bytes = 0
        self.last = 0

    def _offset(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def _current(self) -> str:
        return next((name for _, name in reversed(self.stack) if name), REST)

    def _flush(self) -> None:
        """The stretch since the last event belongs to what was open before this event."""
        here = self._offset()
        piece = self.source[self.last:here]
        self.bytes[self._current()] += len(piece.encode())
        self.last = here

    def handle_starttag(self, tag, attrs):
        self._flush()
        attributes = dict(attrs)
        name = component(tag, attributes)
        text = self.get_starttag_text() or ""
        self.attribute_bytes += len(text.encode()) - len(tag) - 2
        if tag not in VOID:
            self.stack.append((tag, name))
        if name:  # the tag itself belongs to its component
            self.bytes[name] += len(text.encode())
            self.last = self._offset() + len(text)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID and self.stack:
            self.stack.pop()

    def handle_endtag(self, tag):
        self._flush()
        end = self.source.index(">", self._offset()) + 1
        self.bytes[self._current()] += len(self.source[self.last:end].encode())
        self.last = end
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        if not data.strip():
            self.whitespace_bytes += len(data.encode())
        else:
            lead = len(data) - len(data.lstrip())
            trail = len(data) - len(data.rstrip())
            self.whitespace_bytes += lead + trail + len(re.findall(r"\s(?=\s)", data.strip()))

    def close(self):
        super().close()
        self.bytes[self._current()] += len(self.source[self.last:].encode())


def element_counts(source: str) -> tuple[int, Counter[str], Counter[str], Counter[str]]:
    """All elements as a browser counts them, and how many per component, tag and class."""
    root = tinyhtml5.parse(source, namespace_html_elements=False)
    by_component: Counter[str] = Counter()
    by_tag: Counter[str] = Counter()
    by_class: Counter[str] = Counter()

    def walk(element, inherited: str) -> None:
        tag = element.tag.rsplit("}", 1)[-1] if isinstance(element.tag, str) else None
        if tag is None:
            return  # a comment
        name = component(tag, dict(element.attrib)) or inherited
        by_component[name] += 1
        by_tag[tag] += 1
        for cls in (element.get("class") or "").split():
            by_class[cls] += 1
        for child in element:
            walk(child, name)

    walk(root, REST)
    return sum(by_tag.values()), by_component, by_tag, by_class


def main(path: str) -> None:
    source = Path(path).read_text(encoding="utf-8")
    total, by_component, by_tag, by_class = element_counts(source)
    splitter = ByteSplitter(source)
    splitter.feed(source)
    splitter.close()
    size = len(source.encode())
    print(f"{path}: {size:,} bytes ({size / 1000:.1f} KB), {total:,} elements")
    print(f"  whitespace between and inside text: {splitter.whitespace_bytes:,} bytes; "
          f"attributes: {splitter.attribute_bytes:,} bytes")
    print("\n| component | bytes | elements |\n| --- | ---: | ---: |")
    names = sorted(set(splitter.bytes) | set(by_component), key=lambda n: -splitter.bytes[n])
    for name in names:
        print(f"| {name} | {splitter.bytes[name]:,} | {by_component[name]:,} |")
    print("\ntags:", ", ".join(f"{tag} {n}" for tag, n in by_tag.most_common(20)))
    print("classes:", ", ".join(f"{cls} {n}" for cls, n in by_class.most_common(25)))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "_site/iskiassmerter/index.html")
