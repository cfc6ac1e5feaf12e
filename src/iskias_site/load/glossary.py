"""`ordbog.yml` -> a frozen `Glossary`: the site's terms, each with its forms, explanation, citation
and related terms, and the words `check` accepts without an explanation.

Read with the strict YAML loader, so every problem (a term given twice, an empty explanation, an
unknown key, an unknown citation key or related term) is reported at its line. A site without
`ordbog.yml` has an empty glossary: nothing is marked and no Ordbog page is made.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from iskias_site.diagnostics import Diagnostics, did_you_mean
from iskias_site.load.bibliography import Bibliography
from iskias_site.load.textfile import read_text
from iskias_site.load.yamlsource import FieldSpec, Value, check_fields, load_mapping
from iskias_site.source.anchors import slugify
from iskias_site.source.citations import scan
from iskias_site.messages import N_, phrase

GLOSSARY_FILE = "ordbog.yml"

SCHEMA = {
    "terms": FieldSpec(dict, hint=N_("the terms, each with its explanation")),
    "accepted": FieldSpec(list, hint=N_("words `check` does not ask you to explain")),
}
TERM_SCHEMA = {
    "explanation": FieldSpec(str, required=True, hint=N_("one or two short sentences in plain Danish")),
    "forms": FieldSpec(list),
    "related": FieldSpec(list),
}


@dataclass(frozen=True)
class Term:
    """One entry of the glossary. `word` is the headword as the Ordbog page shows it."""

    word: str
    explanation: str  # plain text, perhaps with one citation `[@key]`
    forms: tuple[str, ...]  # other spellings and inflected forms the editor listed
    related: tuple[str, ...]  # headwords of other terms
    line: int

    @property
    def anchor(self) -> str:
        """The term's anchor on the Ordbog page, e.g. 'diskusprolaps' or 'mr-scanning'."""
        return slugify(self.word)


@dataclass(frozen=True)
class Glossary:
    path: Path = Path(GLOSSARY_FILE)
    terms: tuple[Term, ...] = ()
    accepted: frozenset[str] = frozenset()  # casefolded

    def term(self, word: str) -> Term | None:
        return next((t for t in self.terms if t.word == word), None)


def load_glossary(root: Path, bibliography: Bibliography, diags: Diagnostics) -> Glossary:
    """Read the site's `ordbog.yml`; an empty glossary when there is none or it has errors."""
    path = root / GLOSSARY_FILE
    empty = Glossary(path)
    if not path.is_file():
        return empty
    text = read_text(path, diags)
    values = load_mapping(text, path, 1, diags) if text is not None else None
    if values is None or not check_fields(values, SCHEMA, path, 1, diags):
        return empty
    terms = _terms(values.get("terms"), path, bibliography, diags)
    accepted = _accepted(values.get("accepted"), path, diags)
    if terms is None or accepted is None:
        return empty
    return Glossary(path, terms, accepted)


def _terms(value: Value | None, path: Path, bibliography: Bibliography,
           diags: Diagnostics) -> tuple[Term, ...] | None:
    if value is None or not value.children:
        return ()
    terms, ok = [], True
    for word, entry in value.children.items():
        term = _term(word, entry, path, bibliography, diags)
        if term is None:
            ok = False
        else:
            terms.append(term)
    return tuple(terms) if ok and _related_known(terms, path, diags) and _forms_unique(terms, path, diags) else None


def _term(word: str, entry: Value, path: Path, bibliography: Bibliography, diags: Diagnostics) -> Term | None:
    if entry.children is None:
        diags.error(path, entry.line, "term-fields/explanation", word=word)
        return None
    fields = entry.children
    if not check_fields(fields, TERM_SCHEMA, path, entry.line, diags):
        return None
    explanation = " ".join(str(fields["explanation"].value).split())
    ok = _citation_known(explanation, fields["explanation"].line, path, bibliography, diags)
    forms = _words(fields.get("forms"), phrase("term-forms", word=word), path, diags)
    related = _words(fields.get("related"), phrase("term-related", word=word), path, diags)
    if not ok or forms is None or related is None:
        return None
    return Term(word, explanation, forms, related, entry.line)


def _citation_known(explanation: str, line: int, path: Path, bibliography: Bibliography,
                    diags: Diagnostics) -> bool:
    ok = True
    for citation in scan(explanation, line):
        if citation.problem:
            diags.error(path, line, citation.problem)
            ok = False
        for cite in citation.cites:
            if bibliography.lookup(cite.key) is None:
                diags.error(path, line, "unknown-citation-key", key=cite.key, hint=did_you_mean(cite.key, bibliography.references))
                ok = False
    return ok


def _words(value: Value | None, what: str, path: Path, diags: Diagnostics) -> tuple[str, ...] | None:
    if value is None or value.value is None:
        return ()
    if not all(isinstance(item, str) and item.strip() for item in value.value):
        diags.error(path, value.line, "term-fields/words", what=what)
        return None
    return tuple(item.strip() for item in value.value)


def _related_known(terms: list[Term], path: Path, diags: Diagnostics) -> bool:
    words = [t.word for t in terms]
    ok = True
    for term in terms:
        for other in term.related:
            if other not in words:
                diags.error(path, term.line, "term-related-unknown", word=term.word, other=other, hint=did_you_mean(other, words))
                ok = False
    return ok


def _forms_unique(terms: list[Term], path: Path, diags: Diagnostics) -> bool:
    """A word belongs to one term only, or the page could not say which explanation it opens."""
    from iskias_site.source.terms import TermMatcher  # the matcher reads Terms: imported when used

    matcher = TermMatcher(Glossary(path))
    owners: dict[tuple[str, ...], Term] = {}
    clashes: dict[str, str] = {}
    for term in terms:
        for key in matcher.keys(term):
            owner = owners.setdefault(key, term)
            if owner is not term and term.word not in clashes:
                clashes[term.word] = owner.word
                diags.error(path, term.line, "term-form-twice", word=term.word, word2=owner.word)
    return not clashes


def _accepted(value: Value | None, path: Path, diags: Diagnostics) -> frozenset[str] | None:
    words = _words(value, "accepted", path, diags)
    return None if words is None else frozenset(w.casefold() for w in words)
