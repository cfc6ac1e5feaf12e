"""Unexplained words: a word rare in everyday Danish, used in an article, that is neither in the
glossary nor explained in the sentence where the article first uses it.

"Rare" means: not in `wordfreq`'s Danish word list (the words of at least one in a million in
its sources), not as the word itself, not by its Snowball stem (`scanningerne` is `scanning`)
and not as a compound of listed words (`træningsdagbog` is `trænings` + `dagbog`). "Explained"
means the sentence holds it in brackets or a bracket right after it (`forsnævring af
rygmarvskanalen (spinalstenose)`), or says `kaldes`, `hedder`, `betyder`, `står for` or
`dvs.`. Names and other words written with a capital letter inside a sentence are left alone;
abbreviations in capitals are not. `accepted:` in `ordbog.yml` keeps false alarms quiet.

Runs only for a site with an `ordbog.yml`: without a glossary, "add it to the glossary" is no
advice. Each word is reported once per article, at its first use.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

import snowballstemmer
import wordfreq

from iskias_site.diagnostics import Diagnostics
from iskias_site.lint.lix import prose_texts, sentence_spans
from iskias_site.load.content import Article
from iskias_site.load.glossary import Glossary
from iskias_site.source.terms import WORD, TermMatcher

EXPLAINING = re.compile(r"\b(?:kaldes|kaldet|hedder|betyder|står for|dvs\.?|det vil sige)\b", re.IGNORECASE)
LETTERS = re.compile(r"[^\W\d_]+")
SHORTEST_PART = 3  # a compound's parts have at least this many letters
LINKING = ("s", "e")  # Danish compounds join their parts with -s- or -e- (trænings|dagbog)


@dataclass
class EverydayDanish:
    """Whether a word is everyday Danish, by wordfreq's Danish list; made once per `check`."""

    stemmer: snowballstemmer.DanishStemmer = field(default_factory=lambda: snowballstemmer.stemmer("danish"))
    words: frozenset[str] = frozenset()
    stems: frozenset[str] = frozenset()
    _memo: dict[str, bool] = field(default_factory=dict)

    def __post_init__(self) -> None:
        listed = [w for w in wordfreq.get_frequency_dict("da") if LETTERS.fullmatch(w)]
        self.words = frozenset(listed)
        self.stems = frozenset(self.stemmer.stemWords(listed))

    def known(self, word: str) -> bool:
        word = word.casefold()
        if word not in self._memo:
            self._memo[word] = self._listed(word) or self._compound(word)
        return self._memo[word]

    def _listed(self, word: str) -> bool:
        return word in self.words or self.stemmer.stemWord(word) in self.stems

    def _compound(self, word: str) -> bool:
        """`word` is listed words joined, perhaps with a linking -s- or -e- (at most three parts)."""
        return self._joined(word, 3)

    def _joined(self, word: str, parts: int) -> bool:
        if self._listed(word) and len(word) >= SHORTEST_PART:
            return True
        if parts == 1:
            return False
        for cut in range(SHORTEST_PART, len(word) - SHORTEST_PART + 1):
            head, rest = word[:cut], word[cut:]
            if self._listed(head) or (head[-1] in LINKING and cut > SHORTEST_PART and self._listed(head[:-1])):
                if self._joined(rest, parts - 1):
                    return True
        return False


def check_unexplained(articles: list[Article], glossary: Glossary, everyday: EverydayDanish,
                      diags: Diagnostics) -> None:
    """Warn at the first use of each rare word an article neither explains nor has in the glossary."""
    matcher = TermMatcher(glossary)
    for article in articles:
        seen: set[str] = set()
        for part in article.parts:
            for line, sentence, word in _words(part.text, part.first_line, matcher):
                key = matcher.stem(word)
                if key in seen:
                    continue
                seen.add(key)
                if _accepted(word, key, glossary) or everyday.known(word) or _explained(sentence, word):
                    continue
                diags.warning(part.path, line, "term-unexplained", word=word)


def _words(text: str, first_line: int, matcher: TermMatcher) -> Iterator[tuple[int, str, str]]:
    """(line, sentence, word) of every word to judge, in reading order: not the glossary's terms,
    not a heading's words (the text under it explains them), not a name (a capital letter inside
    a sentence); a hyphenated word is judged by its parts (`SMART-mål`)."""
    for kind, line, prose in prose_texts(text, first_line):
        if kind == "heading":
            continue
        for start, end in sentence_spans(prose):
            sentence = prose[start:end]
            terms = [(s, e) for s, e, _ in matcher.find(sentence)]
            for index, match in enumerate(WORD.finditer(sentence)):
                if any(s <= match.start() < e for s, e in terms):
                    continue
                where = line + prose.count("\n", 0, start + match.start())
                for number, piece in enumerate(re.split(r"[-–]", match.group())):
                    name = piece[:1].isupper() and not piece.isupper() and (index, number) != (0, 0)
                    if LETTERS.fullmatch(piece) and not name:
                        yield where, sentence, piece


def _accepted(word: str, key: str, glossary: Glossary) -> bool:
    return word.casefold() in glossary.accepted or key in glossary.accepted


def _explained(sentence: str, word: str) -> bool:
    if EXPLAINING.search(sentence):
        return True
    for bracket in re.finditer(r"\(([^()]*)\)", sentence):
        inside = bracket.group(1)
        before = sentence[:bracket.start()].rstrip()
        if re.search(rf"(?<!\w){re.escape(word)}(?!\w)", inside) or before.endswith(word):
            return True
    return False
