"""`references.bib` -> `Reference` objects: LaTeX decoded, Danish letters right, every problem reported.

bibtexparser v2 parses; pylatexenc (which bibtexparser itself uses) decodes LaTeX. bibtexparser is
quiet about broken input (failed blocks are only logged; an undefined @string stays as a bare word;
a missing comma merges two fields), so each of those is turned into a diagnostic here.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

import bibtexparser
from bibtexparser.exceptions import BlockAbortedException
from bibtexparser.middlewares import SeparateCoAuthors, SplitNameParts
from bibtexparser.model import DuplicateBlockKeyBlock, Entry, Field
from pylatexenc.latex2text import LatexNodes2Text, get_default_latex_context_db

from iskias_site.diagnostics import Diagnostics
from iskias_site.load.textfile import read_text

# Fields whose text is an identifier or address: LaTeX decoding would corrupt them (`%`, `~`, `_`).
VERBATIM_FIELDS = frozenset({"url", "doi", "pmid", "pmcid", "urldate", "eprint", "file", "isbn", "issn"})
NAME_FIELDS = ("author", "editor")
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")

# What each entry type needs to be found again by a reader (BibLaTeX's required fields, simplified).
REQUIRED = {
    "article": ("author", "title", "journal", "year"),
    "book": ("title", "publisher", "year"),
    "incollection": ("author", "title", "booktitle", "year"),
    "inproceedings": ("author", "title", "booktitle", "year"),
    "report": ("title", "institution", "year"),
    "techreport": ("title", "institution", "year"),
    "online": ("title",),
    "misc": ("title",),
    "thesis": ("author", "title", "institution", "year"),
}


@dataclass(frozen=True)
class Person:
    last: str  # with any "von" part, e.g. "van der Windt"
    initials: str  # e.g. "PH"


@dataclass(frozen=True)
class Reference:
    key: str
    entry_type: str
    line: int
    authors: tuple[Person, ...]
    more_authors: bool  # the list ends in "and others"
    corporate_author: str  # an organisation as author, e.g. Sundhedsstyrelsen
    editors: tuple[Person, ...]
    fields: dict[str, str]  # every other field, decoded (verbatim fields as written)

    def get(self, name: str) -> str:
        return self.fields.get(name, "")


@dataclass(frozen=True)
class Bibliography:
    path: Path
    references: dict[str, Reference]

    def lookup(self, key: str) -> Reference | None:
        return self.references.get(key)


def load_bibliography(path: Path, diags: Diagnostics) -> Bibliography:
    """Read the site's one bibliography; entries with problems are reported and left out."""
    if not path.is_file():
        diags.error(path, 0, "references.bib is missing; create it (it may be empty)")
        return Bibliography(path, {})
    text = read_text(path, diags)
    if text is None:
        return Bibliography(path, {})
    return parse_bibliography(text, path, diags)


def parse_bibliography(text: str, path: Path, diags: Diagnostics) -> Bibliography:
    library = bibtexparser.parse_string(text)
    _report_failed_blocks(library.failed_blocks, path, diags)
    strings = {s.key.lower(): str(s.value) for s in library.strings}
    decoder = _Decoder()
    references: dict[str, Reference] = {}
    seen_lower: dict[str, Reference] = {}
    for entry in library.entries:
        line = (entry.start_line or 0) + 1
        twin = seen_lower.get(entry.key.lower())
        if twin is not None:
            diags.error(path, line, f"duplicate key '{entry.key}' (also '{twin.key}' on line {twin.line}); "
                                    "keys must differ in more than upper/lower case")
            continue
        reference = _reference(entry, line, strings, decoder, path, diags)
        if reference is not None:
            references[reference.key] = reference
            seen_lower[reference.key.lower()] = reference
    references = _resolve_crossrefs(references, path, diags)
    for reference in references.values():
        _check_required(reference, path, diags)
    return Bibliography(path, references)


def _resolve_crossrefs(references: dict[str, Reference], path: Path, diags: Diagnostics) -> dict[str, Reference]:
    """BibTeX's `crossref`: a chapter takes what it lacks from the book it names (the book's title
    becomes its booktitle). An unknown or chained crossref is an error, and the entry is left out."""
    resolved = {}
    for key, reference in references.items():
        parent_key = reference.get("crossref")
        if not parent_key:
            resolved[key] = reference
            continue
        parent = references.get(parent_key)
        if parent is None or parent.get("crossref"):
            why = "names no entry" if parent is None else "names an entry that has a crossref itself"
            diags.error(path, reference.line, f"crossref '{parent_key}' of '{key}' {why}; "
                                              "point it to the book's key, or copy the fields into the entry")
            continue
        resolved[key] = _inherit(reference, parent)
    return resolved


def _inherit(child: Reference, parent: Reference) -> Reference:
    inherited = {k: v for k, v in parent.fields.items() if k not in ("crossref", "title", "evidence")}
    if parent.get("title"):
        inherited["booktitle"] = parent.get("title")
    fields = {**inherited, **{k: v for k, v in child.fields.items() if k != "crossref"}}
    return Reference(child.key, child.entry_type, child.line, child.authors or parent.authors,
                     child.more_authors or (not child.authors and parent.more_authors),
                     child.corporate_author or parent.corporate_author, child.editors or parent.editors, fields)


def _report_failed_blocks(blocks: list, path: Path, diags: Diagnostics) -> None:
    for block in blocks:
        line = (block.start_line or 0) + 1
        if isinstance(block, DuplicateBlockKeyBlock):
            diags.error(path, line, f"duplicate key '{block.key}'; every entry needs its own key")
        elif isinstance(block.error, BlockAbortedException):
            diags.error(path, line, f"entry could not be parsed: {_lower_first(block.error.abort_reason)}")
        else:
            diags.error(path, line, f"entry could not be parsed: {block.error}")


def _reference(entry: Entry, line: int, strings: dict[str, str], decoder: _Decoder,
               path: Path, diags: Diagnostics) -> Reference | None:
    raw: dict[str, str] = {}
    ok = True
    for field in entry.fields:
        if _looks_merged(str(field.value)):
            diags.error(path, field.start_line + 1,
                        f"field '{field.key}' swallows the next field; a comma is probably missing at its end")
            ok = False
            continue
        value = _field_value(field, strings, path, diags)
        if value is None:
            ok = False
            continue
        raw[field.key.lower()] = value
    if not ok:
        return None
    try:
        authors, more, corporate = _names(raw.pop("author", ""), decoder)
        editors, _, _ = _names(raw.pop("editor", ""), decoder, "editor")
    except UnreadableNames as exc:
        field_line = next((f.start_line + 1 for f in entry.fields if f.key.lower() == exc.field), line)
        diags.error(path, field_line, f"the names in '{exc.field}' cannot be read ({exc.reason}); "
                                      "write them as 'Last, First and Last, First'")
        return None
    fields = {k: (v.strip() if k in VERBATIM_FIELDS else decoder.decode(v)) for k, v in raw.items()}
    reference = Reference(entry.key, entry.entry_type.lower(), line, authors, more, corporate, editors, fields)
    return reference


def _field_value(field: Field, strings: dict[str, str], path: Path, diags: Diagnostics) -> str | None:
    """The field's text, with @string macros, month macros and `#` concatenation resolved."""
    value = str(field.value)
    if field.enclosing != "no-enclosing" or value.isdigit():
        return value
    parts = []
    for part in _split_concatenation(value):
        resolved = _resolve_part(part, strings)
        if resolved is None:
            hint = " (a month? write jan, feb, … dec)" if field.key.lower() == "month" else ""
            diags.error(path, field.start_line + 1,
                        f"field '{field.key}' uses '{part}', which is no @string defined above it{hint}; "
                        "define it with @string or put the value in braces")
            return None
        parts.append(resolved)
    return "".join(parts)


def _split_concatenation(value: str) -> list[str]:
    parts, depth, quoted, start = [], 0, False, 0
    for index, char in enumerate(value):
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        elif char == '"' and depth == 0:
            quoted = not quoted
        elif char == "#" and depth == 0 and not quoted:
            parts.append(value[start:index].strip())
            start = index + 1
    parts.append(value[start:].strip())
    return parts


def _resolve_part(part: str, strings: dict[str, str]) -> str | None:
    if len(part) >= 2 and part[0] + part[-1] in ("{}", '""'):
        return part[1:-1]
    if part.isdigit():
        return part
    if part.lower() in strings:
        return strings[part.lower()]
    if part.lower() in MONTHS:
        return str(MONTHS.index(part.lower()) + 1)
    return None


_MERGED = re.compile(r"\n\s*[A-Za-z][\w-]*\s*=\s*[{\"\d]")


def _looks_merged(value: str) -> bool:
    return bool(_MERGED.search(value))


class UnreadableNames(ValueError):
    def __init__(self, field: str, reason: str) -> None:
        super().__init__(reason)
        self.field, self.reason = field, reason


# A LaTeX letter or accent not yet in braces: `\o{}`, `\o `, `\AA`, `\"{o}`, `\'e`. bibtexparser's name
# splitter skips the two characters after a backslash, so a name after "and" that starts with one
# loses its first letter; `{\o}`, `{\"o}` (BibTeX's own "special character" form) are split correctly.
_LETTER_MACRO = re.compile(r"(?<!\{)\\([A-Za-z]+)(\{[^{}]*\}|[ \t]+(?=\w))?")
_ACCENT_MACRO = re.compile(r"(?<!\{)\\([\"'`^~=.])(\{[A-Za-z]\}|[A-Za-z])")


def _brace_specials(value: str) -> str:
    value = _ACCENT_MACRO.sub(lambda m: "{\\" + m.group(1) + m.group(2) + "}", value)
    return _LETTER_MACRO.sub(lambda m: "{\\" + m.group(1) + (m.group(2) or "").strip() + "}", value)


def _names(value: str, decoder: _Decoder, field_name: str = "author") -> tuple[tuple[Person, ...], bool, str]:
    """Authors as Persons, whether the list ends with 'and others', and a corporate author if braced whole."""
    value = value.strip()
    if not value:
        return (), False, ""
    if value.startswith("{") and value.endswith("}") and _balanced(value[1:-1]):
        return (), False, decoder.decode(value[1:-1])
    field = Field("author", _brace_specials(value))
    entry = Entry("article", "x", [field])
    for middleware in (SeparateCoAuthors(), SplitNameParts()):
        entry = middleware.transform_entry(entry, None)
        if not isinstance(entry, Entry):  # bibtexparser returns an error block for names it cannot split
            raise UnreadableNames(field_name, str(getattr(entry, "error", "")).strip() or "unbalanced braces")
    persons, more = [], False
    for parts in entry.fields_dict["author"].value:
        last = " ".join(parts.von + parts.last)
        if last.lower() == "others":
            more = True
            continue
        persons.append(Person(decoder.decode(last), _initials([decoder.decode(f) for f in parts.first])))
    return tuple(persons), more, ""


def _initials(first_names: list[str]) -> str:
    initials = []
    for name in first_names:
        name = name.replace(".", " ").replace("-", " -").strip()
        for token in name.split():
            hyphenated = token.startswith("-")
            token = token.lstrip("-")
            if not token:
                continue
            if hyphenated and len(token) == 1:
                initials.append(token.upper())  # "J.-P." -> JP
                continue
            if token.isupper() and len(token) <= 4:
                initials.append(token)  # already initials, e.g. "PH" or "JMS"
            else:
                initials.append("".join(piece[0].upper() for piece in token.split("-") if piece))
    return "".join(initials)


def _balanced(text: str) -> bool:
    depth = 0
    for char in text:
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0


def _check_required(reference: Reference, path: Path, diags: Diagnostics) -> None:
    needed = REQUIRED.get(reference.entry_type, ("title",))
    has_author = bool(reference.authors or reference.corporate_author)
    missing = [f for f in needed if not (has_author if f == "author" else reference.get(f))]
    if missing:
        diags.warning(path, reference.line,
                      f"@{reference.entry_type} '{reference.key}' has no {' or '.join(missing)}; "
                      "a reader cannot find the source without it")


def _lower_first(text: str) -> str:
    text = text.strip().rstrip(".")
    return text[:1].lower() + text[1:]


class _Decoder:
    """LaTeX -> text, keeping a value as written when it uses a macro pylatexenc does not know."""

    _MACRO = re.compile(r"\\([A-Za-z]+)")
    _BARE_SPECIALS = re.compile(r"(?<!\\)([&%$#_])")

    def __init__(self) -> None:
        self._latex = LatexNodes2Text(strict_latex_spaces=True)
        self._known = get_default_latex_context_db()

    def decode(self, value: str) -> str:
        if "\\" not in value and "{" not in value and "~" not in value and "--" not in value:
            return " ".join(value.split())
        if any(self._known.get_macro_spec(m) is None for m in self._MACRO.findall(value)):
            return " ".join(value.split())
        escaped = self._BARE_SPECIALS.sub(r"\\\1", value)
        try:
            return " ".join(self._latex.latex_to_text(escaped).split())
        except Exception:  # pylatexenc raises its own and plain errors on odd input: keep the text
            return " ".join(value.split())


def parse_date(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        return None
