"""Readability: Björnsson's LIX on the prose of a Markdown file, with each sentence's line.

LIX = words / sentences + 100 × long words / words, where

- a word is a run of letters (any Unicode letter, so æ, ø and å count),
- a long word has more than 6 letters,
- a sentence ends at '.', ':', '!' or '?' (a run of them counts once) when a space or the end
  of the text follows, so '3.110' and 'f.eks' inside a sentence do not end it; it also ends at
  the end of a heading, a list item, a table row and a paragraph. After a few Danish
  abbreviations that never close a sentence in practice ('bl.a.', 'f.eks.', 'ca.', …) the
  period does not end the sentence either.

Markup is removed first: citations `[@…]`, link addresses (the link text stays), images,
HTML tags and comments, attribute lists `{#id}`, emphasis markers, code blocks and the `:::`
fence lines of callouts and cards (their contents are prose and count).

The bands, as LIX is usually read in Danish:

    under 25   meget let    (children's books)
    25–34      let          (easy fiction, popular magazines)
    35–44      middel       (newspapers)
    45–54      svær         (official texts, non-fiction)
    55 and up  meget svær   (academic and legal texts)
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass

from iskias_site.source.citations import CITATION
from iskias_site.source.code import code_lines
from iskias_site.source.fences import read_fence

LONG_WORD = 6  # a long word has more letters than this
BANDS = ((25, "meget let"), (35, "let"), (45, "middel"), (55, "svær"))
TOP_BAND = "meget svær"
ABBREVIATIONS = frozenset({"bl.a", "f.eks", "ca", "dvs", "pga", "jf", "mht", "vha", "inkl", "ifm", "iflg"})

WORD = re.compile(r"[^\W\d_]+")
SENTENCE_END = re.compile(r"[.:!?]+[»«\"”’')\]]*(?=\s|$)")
ABBREVIATION_BEFORE = re.compile(r"(?:^|[\s(])([^\W\d_]+(?:\.[^\W\d_]+)*)$")

HEADING = re.compile(r"^ {0,3}#{1,6}(?:\s+|$)")
LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d{1,9}[.)])\s+")
TABLE_ROW = re.compile(r"^\s*\|")
TABLE_RULE = re.compile(r"^[\s|:-]+$")
BLOCK_QUOTE = re.compile(r"^ {0,3}> ?")
RULE = re.compile(r"^ {0,3}(?:(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,}|=+[ \t]*)$")
LINK_DEFINITION = re.compile(r"^ {0,3}\[[^\]]+\]:\s*\S")

# Inline markup, removed in this order; each keeps the line breaks of what it removes.
COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
LINK = re.compile(r"\[([^\]]*)\](?:\([^)]*\)|\[[^\]]*\])")
AUTOLINK = re.compile(r"<(?:https?|mailto|tel):[^>\s]*>|\bhttps?://[^\s)>\]]+")
TAG = re.compile(r"</?[A-Za-z][^>]*>")
ATTRIBUTES = re.compile(r"\{\s*[#.:][^}]*\}")
HEADING_TAIL = re.compile(r"\s#+\s*$", re.MULTILINE)
EMPHASIS = re.compile(r"\*+|(?<![^\W_])_+|_+(?![^\W_])|~~|`+")
ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")


@dataclass(frozen=True)
class Counts:
    """What LIX is computed from; counts of parts add up to the count of the whole."""

    words: int = 0
    long_words: int = 0
    sentences: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.words + other.words, self.long_words + other.long_words,
                      self.sentences + other.sentences)

    @property
    def lix(self) -> int:
        """LIX rounded to a whole number (0 for a text without words)."""
        return math.floor(lix(self) + 0.5)

    @property
    def band(self) -> str:
        return band(self.lix)


@dataclass(frozen=True)
class Sentence:
    line: int  # the line of its first word
    words: int
    long_words: int


@dataclass(frozen=True)
class Block:
    """A paragraph, heading, list item or table row, as the sentences it holds."""

    kind: str  # "paragraph", "heading", "item" or "row"
    line: int
    sentences: tuple[Sentence, ...]

    @property
    def counts(self) -> Counts:
        return Counts(sum(s.words for s in self.sentences), sum(s.long_words for s in self.sentences),
                      len(self.sentences))


def lix(counts: Counts) -> float:
    """Björnsson's LIX: words per sentence plus the percentage of long words."""
    if not counts.words or not counts.sentences:
        return 0.0
    return counts.words / counts.sentences + 100 * counts.long_words / counts.words


def band(value: float) -> str:
    """The Danish name of the band a LIX value falls in (see the module docstring)."""
    return next((name for limit, name in BANDS if value < limit), TOP_BAND)


def count_blocks(blocks: list[Block]) -> Counts:
    return sum((b.counts for b in blocks), Counts())


def count_text(text: str) -> Counts:
    """The counts of plain prose (one paragraph), e.g. for a test against a hand count."""
    return count_blocks([Block("paragraph", 1, tuple(split_sentences(normalise(text), 1)))])


def split_sentences(text: str, first_line: int) -> list[Sentence]:
    """The sentences of plain text that starts at `first_line`; pieces without words are no sentence."""
    sentences = []
    for start, end in sentence_spans(text):
        sentences.extend(_sentence(text, start, end, first_line))
    return sentences


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of plain text, its closing punctuation left out."""
    spans, start = [], 0
    for end in SENTENCE_END.finditer(text):
        if _after_abbreviation(text, end):
            continue
        spans.append((start, end.start()))
        start = end.end()
    spans.append((start, len(text)))
    return spans


def _after_abbreviation(text: str, end: re.Match[str]) -> bool:
    if end.group() != ".":
        return False
    before = ABBREVIATION_BEFORE.search(text, 0, end.start())
    return before is not None and before.group(1).lower() in ABBREVIATIONS


def _sentence(text: str, start: int, end: int, first_line: int) -> list[Sentence]:
    words = [w.group() for w in WORD.finditer(text, start, end)]
    if not words:
        return []
    first = WORD.search(text, start, end)
    line = first_line + text.count("\n", 0, first.start())  # type: ignore[union-attr]
    return [Sentence(line, len(words), sum(1 for w in words if len(w) > LONG_WORD))]


def prose_blocks(markdown: str, first_line: int = 1) -> list[Block]:
    """The prose of a Markdown body (which starts at `first_line` of its file), block by block."""
    blocks = []
    for kind, line, prose in prose_texts(markdown, first_line):
        sentences = tuple(split_sentences(prose, line))
        if sentences:
            blocks.append(Block(kind, line, sentences))
    return blocks


def prose_texts(markdown: str, first_line: int = 1) -> list[tuple[str, int, str]]:
    """(kind, first line, the words a reader sees) of each block of a Markdown body."""
    source = COMMENT.sub(_keep_breaks, normalise(markdown))
    return [(kind, line, strip_markup("\n".join(lines), heading=kind == "heading"))
            for kind, line, lines in _raw_blocks(source.split("\n"), code_lines(source), first_line)]


def _raw_blocks(lines: list[str], code: frozenset[int], first_line: int) -> list[tuple[str, int, list[str]]]:
    """(kind, first line, the block's lines with block markers removed), skipping code and fences."""
    blocks: list[tuple[str, int, list[str]]] = []
    current: tuple[str, int, list[str]] | None = None
    for offset, raw in enumerate(lines):
        number = first_line + offset
        if offset in code:
            current = None
            continue
        line = BLOCK_QUOTE.sub("", raw)
        kind = _line_kind(line)
        if kind in ("blank", "skip"):
            current = None
        elif kind == "text" and current is not None and current[0] in ("paragraph", "item"):
            current[2].append(line)
        else:
            current = (kind if kind != "text" else "paragraph", number, [_unmark(kind, line)])
            blocks.append(current)
            if kind in ("heading", "row"):
                current = None
    return blocks


def _line_kind(line: str) -> str:
    if not line.strip():
        return "blank"
    if read_fence(line) is not None or RULE.match(line) or LINK_DEFINITION.match(line):
        return "skip"
    if TABLE_ROW.match(line):
        return "skip" if TABLE_RULE.match(line) else "row"
    if HEADING.match(line):
        return "heading"
    if LIST_ITEM.match(line):
        return "item"
    return "text"


def _unmark(kind: str, line: str) -> str:
    if kind == "heading":
        return HEADING.sub("", line)
    if kind == "item":
        return LIST_ITEM.sub("", line)
    if kind == "row":
        return line.replace("|", " ")
    return line


def strip_markup(text: str, heading: bool = False) -> str:
    """Inline Markdown -> the words a reader sees; line breaks are kept so lines can be counted."""
    if heading:
        text = HEADING_TAIL.sub("", ATTRIBUTES.sub("", text))
    for pattern in (IMAGE, CITATION, AUTOLINK):
        text = pattern.sub(_keep_breaks, text)
    text = LINK.sub(lambda m: m.group(1) + _keep_breaks(m), text)
    for pattern in (TAG, ATTRIBUTES):
        text = pattern.sub(_keep_breaks, text)
    return ESCAPE.sub(r"\1", EMPHASIS.sub("", text))


def _keep_breaks(match: re.Match[str]) -> str:
    removed = match.group()
    inner = match.group(1) if match.re is LINK else ""
    return "\n" * (removed.count("\n") - inner.count("\n")) or " "


def normalise(text: str) -> str:
    """NFC, so a letter written as base + combining mark counts as one letter of one word."""
    return unicodedata.normalize("NFC", text)
