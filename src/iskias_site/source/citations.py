"""Citations: the one pattern (Pandoc's `[@key]`, `[@a; @b]`, `[@key, s. 12]`), numbering and compression.

Numbers follow the order of first appearance across all parts of one article (Vancouver); a
`CitationNumbers` object lives for one article and is handed to each part's conversion in order.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from iskias_site.source.code import blank_code

# The single citation pattern: a bracket opened by `[@`, not escaped, not a link's text. It starts
# with the bracket itself (the escape is looked for behind it), so the regex engine can jump from
# one '[' to the next instead of trying every position of the text.
PATTERN = r"\[(?<!\\\[)(@[^\[\]\n]*)\](?![(\[:])"
CITATION = re.compile(PATTERN)
KEY = r"[A-Za-z0-9_][\w:.\-/+]*(?<![.:/\-])"
ITEM = re.compile(rf"^@({KEY})\s*(?:,\s*(\S.*?))?\s*$")
LINK_DEFINITION = re.compile(r"^ {0,3}\[@[^\]]*\]:", re.MULTILINE)


@dataclass(frozen=True)
class Cite:
    key: str
    locator: str = ""


@dataclass(frozen=True)
class Citation:
    """One bracket in the text: the works it cites, where it stands, or why it cannot be read."""

    cites: tuple[Cite, ...]
    line: int
    problem: str = ""


def parse_items(inside: str) -> tuple[tuple[Cite, ...], str]:
    """'@a; @b, s. 12' -> (Cite(a), Cite(b, 's. 12')), or () and what is wrong."""
    items = [part.strip() for part in inside.split(";")]
    cites = []
    for item in items:
        match = ITEM.match(item)
        if not match:
            if item in ("@", ""):
                return (), "empty citation; write a key after '@', e.g. [@brinjikji2015]"
            return (), f"cannot read citation '[{inside}]'; write [@key], [@key1; @key2] or [@key, s. 12]"
        cites.append(Cite(match.group(1), match.group(2) or ""))
    return tuple(cites), ""


def scan(text: str, first_line: int = 1) -> Iterator[Citation]:
    """Every citation in Markdown text, with its line, skipping code blocks and code spans."""
    if "[@" not in text:
        return
    text = blank_code(text)  # a citation inside code is shown as written
    line, counted = first_line, 0
    for match in CITATION.finditer(text):
        line += text.count("\n", counted, match.start())
        counted = match.start()
        cites, problem = parse_items(match.group(1))
        yield Citation(cites, line, problem)


def link_definition_lines(text: str, first_line: int = 1) -> list[int]:
    """Lines holding a link definition `[@key]: …`, which would swallow a citation."""
    if "]:" not in text:
        return []
    return [first_line + text.count("\n", 0, m.start()) for m in LINK_DEFINITION.finditer(text)]
@dataclass(frozen=True)
class PlacedCitation:
    """A citation as it stands in the page: its id and the works it cites, by number."""

    place: str
    items: tuple[tuple[int, Cite], ...]


@dataclass
class CitationNumbers:
    """First-use numbering across one article, and every place each work is cited (for back-links)."""

    numbers: dict[str, int] = field(default_factory=dict)
    places: dict[str, list[str]] = field(default_factory=dict)
    placed: list[PlacedCitation] = field(default_factory=list)

    def number(self, key: str) -> int:
        if key not in self.numbers:
            self.numbers[key] = len(self.numbers) + 1
        return self.numbers[key]

    def new_place(self, keys: list[str], items: list[tuple[int, Cite]]) -> str:
        """An id for the next citation in reading order, recorded for each cited key."""
        place = f"cite-{len(self.placed) + 1}"
        self.placed.append(PlacedCitation(place, tuple(items)))
        for key in dict.fromkeys(keys):
            self.places.setdefault(key, []).append(place)
        return place

    def in_order(self) -> list[str]:
        return sorted(self.numbers, key=self.numbers.__getitem__)


def compress(numbers: list[int]) -> list[tuple[int, int]]:
    """Sorted runs: [1, 2, 3, 5] -> [(1, 3), (5, 5)]; two in a row stay apart: [8, 9] -> [(8, 8), (9, 9)]."""
    runs: list[list[int]] = []
    for number in sorted(set(numbers)):
        if runs and number == runs[-1][-1] + 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    spans: list[tuple[int, int]] = []
    for run in runs:
        if len(run) >= 3:
            spans.append((run[0], run[-1]))
        else:
            spans.extend((n, n) for n in run)
    return spans


def expand(spans: list[tuple[int, int]]) -> list[int]:
    """The inverse of `compress`."""
    return [n for first, last in spans for n in range(first, last + 1)]
