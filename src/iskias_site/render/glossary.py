"""The Ordbog page's entries: every glossary term in Danish alphabetical order, with its anchor,
explanation, source, related terms and the articles that use it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from iskias_site.load.bibliography import Bibliography
from iskias_site.load.glossary import Glossary, Term
from iskias_site.render.collation import danish_key
from iskias_site.render.references import ListedReference, list_reference
from iskias_site.source.citations import CITATION, parse_items

GLOSSARY_PAGE = "ordbog/index.html"


@dataclass(frozen=True)
class GlossaryEntry:
    word: str
    anchor: str
    explanation: str  # without its citation, which is listed in `sources`
    sources: tuple[ListedReference, ...]
    related: tuple[tuple[str, str], ...]  # (word, anchor)
    articles: tuple[tuple[str, str], ...]  # (title, slug), in the order of the front page


def glossary_entries(glossary: Glossary, articles: Iterable[Any], bibliography: Bibliography,
                     strings: dict[str, Any], language: str) -> list[GlossaryEntry]:
    """`articles`: the built articles' summaries (each with `slug`, `meta.title` and `terms`)."""
    articles = list(articles)
    entries = []
    for term in sorted_terms(glossary):
        cites = [c for m in CITATION.finditer(term.explanation) for c in parse_items(m.group(1))[0]]
        sources = tuple(list_reference(bibliography.references[c.key], 0, [], strings, language)
                        for c in cites if c.key in bibliography.references)
        text = " ".join(CITATION.sub("", term.explanation).split()).replace(" .", ".").replace(" ,", ",")
        related = tuple((word, glossary.term(word).anchor) for word in sorted(term.related, key=danish_key))
        using = tuple((a.meta.title, a.slug) for a in articles if term.word in a.terms)
        entries.append(GlossaryEntry(term.word, term.anchor, text, sources, related, using))
    return entries


def letters(entries: list[GlossaryEntry]) -> list[tuple[str, str]]:
    """(letter, anchor of its first term) for the jump list at the top of the page."""
    first: dict[str, str] = {}
    for entry in entries:
        first.setdefault(entry.word[:1].upper(), entry.anchor)
    return list(first.items())


def sorted_terms(glossary: Glossary) -> list[Term]:
    """The glossary's terms in Danish alphabetical order (for the Ordbog page and the A–Z page)."""
    return sorted(glossary.terms, key=lambda term: danish_key(term.word))
