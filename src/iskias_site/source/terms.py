"""Glossary terms in running text: the words of a text, which of them are a term's form (Snowball's
Danish stemmer, so `diskusprolapsen` is `diskusprolaps`), and the editor's marks `{{ord}}` (mark
this use) and `{{!ord}}` (do not mark this use).

The converter and the checks both find terms and marks with this module, so what `check` calls
a term is what the page marks.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import snowballstemmer

from iskias_site.source.code import blank_code

if TYPE_CHECKING:
    from iskias_site.load.glossary import Glossary, Term

# A word: letters and digits, joined by hyphens or en dashes (`MR-scanning`, `L4–S1`).
WORD = re.compile(r"[^\W_]+(?:[-–][^\W_]+)*")
# `{{nerverod}}` marks this use of a term; `{{!nerverod}}` keeps this use unmarked.
MARK_PATTERN = r"\{\{(!?)([^{}\n]+?)\}\}"
MARK = re.compile(MARK_PATTERN)
# Regular Danish noun endings: their stems are a term's forms without the editor listing them.
ENDINGS = ("", "e", "en", "er", "et", "ene", "erne", "s", "ens", "ets", "ernes")
MAX_WORDS = 4  # the longest term, in words


@dataclass(frozen=True)
class Mark:
    """An editor's `{{…}}` in the text, with its line."""

    word: str
    skip: bool
    line: int


def scan_marks(text: str, first_line: int = 1) -> Iterator[Mark]:
    """Every `{{…}}` in Markdown text, with its line, outside code blocks and code spans."""
    if "{{" not in text:
        return
    prose = blank_code(text)
    for offset, line in enumerate(prose.split("\n")):
        for match in MARK.finditer(line):
            yield Mark(match.group(2).strip(), bool(match.group(1)), first_line + offset)


@dataclass
class TermMatcher:
    """Finds the glossary's terms in text. Stems are remembered per word, for the life of the
    matcher (one per process): an article repeats its words, and a site its vocabulary."""

    glossary: Glossary
    stems: dict[tuple[str, ...], Term] = field(default_factory=dict)
    _memo: dict[str, str] = field(default_factory=dict)
    _stemmer: snowballstemmer.DanishStemmer = field(default_factory=lambda: snowballstemmer.stemmer("danish"))

    def __post_init__(self) -> None:
        for term in self.glossary.terms:
            for key in self.keys(term):
                self.stems.setdefault(key, term)

    def keys(self, term: Term) -> set[tuple[str, ...]]:
        """The stemmed word sequences that are this term: its headword and forms, with the usual endings."""
        keys = set()
        for form in (term.word, *term.forms):
            words = WORD.findall(form)
            if not words:
                continue
            for ending in ENDINGS:
                keys.add(tuple(self.stem(w) for w in words[:-1]) + (self.stem(words[-1] + ending),))
        return keys

    def stem(self, word: str) -> str:
        word = word.casefold()
        stem = self._memo.get(word)
        if stem is None:
            stem = self._memo[word] = self._stemmer.stemWord(word)
        return stem

    def lookup(self, text: str) -> Term | None:
        """The term `text` is a form of, if any (for an editor's `{{…}}`)."""
        words = WORD.findall(text)
        return self.stems.get(tuple(self.stem(w) for w in words)) if words else None

    def find(self, text: str) -> Iterator[tuple[int, int, Term]]:
        """(start, end, term) of every term in `text`, longest first, left to right."""
        if not self.stems:
            return
        words = list(WORD.finditer(text))
        index = 0
        while index < len(words):
            found = self._longest(text, words, index)
            if found is None:
                index += 1
                continue
            count, term = found
            yield words[index].start(), words[index + count - 1].end(), term
            index += count

    def _longest(self, text: str, words: list[re.Match[str]], index: int) -> tuple[int, Term] | None:
        key: list[str] = []
        found = None
        for count in range(1, min(MAX_WORDS, len(words) - index) + 1):
            word = words[index + count - 1]
            if count > 1 and text[words[index + count - 2].end():word.start()].strip():
                break  # words of one term stand next to each other, with only spaces between
            key.append(self.stem(word.group()))
            term = self.stems.get(tuple(key))
            if term is not None:
                found = count, term
        return found
