"""Citations: the one pattern (Pandoc's bracketed citations: `[@key]`, `[@a; @b]`, `[se @key, s. 12]`),
numbering and compression. The inside of a bracket is read by `citation_items`.

Numbers follow the order of first appearance across all parts of one article (Vancouver); a
`CitationNumbers` object lives for one article and is handed to each part's conversion in order.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from iskias_site.source.citation_items import KEY, Cite, parse_items  # noqa: F401 (their home for the other stages)
from iskias_site.source.code import blank_code
from iskias_site.messages import Message, message



# The single citation pattern: a bracket, not escaped, not a link's text, that opens with `@` or
# holds an `@key` after a prefix (`[se @key]`, `[-@key]`; not an address such as a@b.dk). It starts
# with the bracket itself (the escape is looked for behind it), so the regex engine can jump from
# one '[' to the next instead of trying every position of the text.
PATTERN = r"\[(?<!\\\[)((?:@|[^\[\]\n@]*?(?<![\w@])-?@(?=[\w{]))[^\[\]\n]*)\](?![(\[:])"
CITATION = re.compile(PATTERN)
LINK_DEFINITION = re.compile(r"^ {0,3}\[@[^\]]*\]:", re.MULTILINE)


@dataclass(frozen=True)
class Citation:
    """One bracket in the text: the works it cites, where it stands, or why it cannot be read."""

    cites: tuple[Cite, ...]
    line: int
    problem: Message | str = ""

    @property
    def warnings(self) -> list[str]:
        """What the text asks for that Vancouver cannot show (Pandoc's `-@key`: the year alone)."""
        return [message("citation-suppress-author", key=c.key) for c in self.cites if c.suppress_author]


def scan(text: str, first_line: int = 1) -> Iterator[Citation]:
    """Every citation in Markdown text, with its line, skipping code blocks and code spans."""
    if "@" not in text:
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
    preview: str = ""  # the place whose preview it opens: the first citation of the same works and locators


@dataclass
class CitationNumbers:
    """First-use numbering across one article, and every place each work is cited (for back-links)."""

    numbers: dict[str, int] = field(default_factory=dict)
    places: dict[str, list[str]] = field(default_factory=dict)
    placed: list[PlacedCitation] = field(default_factory=list)
    previews: dict[tuple[tuple[int, Cite], ...], str] = field(default_factory=dict)  # items -> first place

    def number(self, key: str) -> int:
        if key not in self.numbers:
            self.numbers[key] = len(self.numbers) + 1
        return self.numbers[key]

    def new_place(self, keys: list[str], items: list[tuple[int, Cite]]) -> str:
        """An id for the next citation in reading order, recorded for each cited key."""
        place = f"cite-{len(self.placed) + 1}"
        preview = self.previews.setdefault(tuple(items), place)  # one preview per distinct citation
        self.placed.append(PlacedCitation(place, tuple(items), preview))
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
