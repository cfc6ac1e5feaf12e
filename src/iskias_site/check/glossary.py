"""An editor's glossary marks (`{{ord}}`, `{{!ord}}`) name a term of `ordbog.yml`, at their line."""

from __future__ import annotations

from collections.abc import Iterable

from iskias_site.diagnostics import Diagnostics
from iskias_site.load.content import SourceFile
from iskias_site.load.glossary import Glossary
from iskias_site.diagnostics import did_you_mean
from iskias_site.source.terms import TermMatcher, scan_marks


def check_marks(parts: Iterable[SourceFile], glossary: Glossary, diags: Diagnostics) -> None:
    """Report every `{{…}}` whose word is no form of a glossary term."""
    matcher: TermMatcher | None = None  # made only for an article that has marks
    for part in parts:
        for mark in scan_marks(part.text, part.first_line):
            matcher = matcher or TermMatcher(glossary)
            if matcher.lookup(mark.word) is None:
                written = f"{{{{{'!' if mark.skip else ''}{mark.word}}}}}"
                words = [t.word for t in glossary.terms]
                hint = did_you_mean(mark.word, words) or f"; add it to {glossary.path.name}, or write the word without {{{{ }}}}"
                diags.error(part.path, mark.line, "unknown-term", written=written, hint=hint)
