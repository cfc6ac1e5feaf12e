"""`references.bib` -> `Reference` objects: LaTeX decoded, Danish letters right, every problem reported.

BibTeX and biblatex alike (the biblatex manual's data model): `date` gives the year, `journaltitle`
is the journal, `location` the place, `eprint` with `eprinttype = {pubmed}` a PubMed number; each
entry type is given its Vancouver form (`FORMS`), and a type without one is shown as @misc with a
warning. bibtexparser v2 parses; `latex.py` decodes LaTeX; `inheritance.py` resolves crossref,
xref and xdata. bibtexparser is quiet about broken input (failed blocks are only logged; an
undefined @string stays as a bare word; a missing comma merges two fields), so each of those is
turned into a diagnostic here.
"""

from __future__ import annotations

import datetime as dt
import re
import dataclasses
from dataclasses import dataclass
from pathlib import Path

import bibtexparser
from bibtexparser.exceptions import BlockAbortedException
from bibtexparser.middlewares import SeparateCoAuthors, SplitNameParts
from bibtexparser.model import DuplicateBlockKeyBlock, Entry, Field

from iskias_site.diagnostics import Diagnostics
from iskias_site.load import inheritance
from iskias_site.load.bibdates import FORMS as DATE_FORMS
from iskias_site.load.bibdates import parse_bib_date
from iskias_site.load.latex import LatexDecoder, Span
from iskias_site.load.textfile import read_text
from iskias_site.messages import Msgid, or_list, phrase

# Fields whose text is an identifier or address: LaTeX decoding would corrupt them (`%`, `~`, `_`).
VERBATIM_FIELDS = frozenset({"url", "doi", "pmid", "pmcid", "urldate", "eprint", "file", "isbn", "issn", "date",
                             "eventdate", "origdate", "ids", "crossref", "xref", "xdata", "eprinttype", "langid"})
DATE_FIELDS = ("date", "urldate", "eventdate", "origdate")
# Fields the reference list shows: a LaTeX command with no meaning in them is reported.
SHOWN_FIELDS = frozenset({"title", "subtitle", "booktitle", "maintitle", "journal", "journaltitle", "shortjournal",
                          "publisher", "location", "address", "institution", "organization", "school", "edition",
                          "type", "eventtitle", "venue", "howpublished", "volume", "number", "issue", "pages",
                          "holder"})
# Fields that are formatted text on the page: their emphasis and sub/superscripts are kept.
STYLED_FIELDS = frozenset({"title", "booktitle", "maintitle", "journaltitle", "journal", "subtitle"})

# The Vancouver form of each entry type of BibTeX and biblatex (the manual's §2.1.1 and §2.1.2).
FORMS = {
    "article": "article", "suppperiodical": "article",
    **dict.fromkeys(("book", "mvbook", "collection", "mvcollection", "proceedings", "mvproceedings",
                     "reference", "mvreference", "booklet", "manual", "periodical"), "book"),
    **dict.fromkeys(("inbook", "bookinbook", "suppbook", "incollection", "suppcollection", "inreference",
                     "inproceedings", "conference"), "chapter"),
    **dict.fromkeys(("report", "techreport", "patent"), "report"),
    **dict.fromkeys(("thesis", "phdthesis", "mastersthesis"), "thesis"),
    **dict.fromkeys(("online", "www", "electronic"), "web"),
    **dict.fromkeys(("misc", "unpublished", "dataset", "software"), "misc"),
}
FORM_NAMES = {"misc": "@misc"}
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")

# What each form needs to be found again by a reader (biblatex's required fields, simplified).
REQUIRED = {
    "article": ("author", "title", "journal", "year"),
    "book": ("author/editor", "title", "publisher", "year"),
    "chapter": ("author", "title", "booktitle", "year"),
    "report": ("title", "institution", "year"),
    "thesis": ("author", "title", "institution", "year"),
    "web": ("title", "year"),
    "misc": ("title", "year"),
}
REQUIRED_OF_TYPE = {"patent": ("title", "number", "year"), "periodical": ("author/editor", "title", "year")}
# Where biblatex and BibTeX name one thing twice: the field a check asks for, and those it accepts.
SYNONYMS = {"journal": ("journal", "journaltitle", "shortjournal"), "booktitle": ("booktitle", "maintitle"),
            "institution": ("institution", "school", "organization", "publisher", "holder")}


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
    styled: dict[str, tuple[Span, ...]] = dataclasses.field(default_factory=dict)  # with emphasis or scripts
    bookauthors: tuple[Person, ...] = ()  # the author of the book a chapter is in (biblatex's bookauthor)
    form: str = "misc"  # the Vancouver form: article, book, chapter, report, thesis, web or misc

    def get(self, name: str) -> str:
        return self.fields.get(name, "")

    def spans(self, name: str) -> tuple[Span, ...]:
        """The field as styled spans (one plain span when it has no style)."""
        if name in self.styled:
            return self.styled[name]
        return (Span(self.get(name)),) if self.get(name) else ()


@dataclass(frozen=True)
class Bibliography:
    path: Path
    references: dict[str, Reference]

    def lookup(self, key: str) -> Reference | None:
        return self.references.get(key)


def load_bibliography(path: Path, diags: Diagnostics) -> Bibliography:
    """Read the site's one bibliography; entries with problems are reported and left out."""
    if not path.is_file():
        diags.error(path, 0, "site-file-missing/references")
        return Bibliography(path, {})
    text = read_text(path, diags)
    if text is None:
        return Bibliography(path, {})
    return parse_bibliography(text, path, diags)


def parse_bibliography(text: str, path: Path, diags: Diagnostics) -> Bibliography:
    library = bibtexparser.parse_string(text)
    _report_failed_blocks(library.failed_blocks, path, diags)
    strings = {s.key.lower(): str(s.value) for s in library.strings}
    decoder = LatexDecoder()
    references: dict[str, Reference] = {}
    seen_lower: dict[str, Reference] = {}
    for entry in library.entries:
        line = (entry.start_line or 0) + 1
        twin = seen_lower.get(entry.key.lower())
        if twin is not None:
            diags.error(path, line, "duplicate-entry-key/case", key=entry.key, key2=twin.key, line=twin.line)
            continue
        reference = _reference(entry, line, strings, decoder, path, diags)
        if reference is not None:
            references[reference.key] = reference
            seen_lower[reference.key.lower()] = reference
    references = inheritance.resolve(references, path, diags)
    for reference in references.values():
        _check_form(reference, path, diags)
        _check_required(reference, path, diags)
    return Bibliography(path, references)


def _report_failed_blocks(blocks: list, path: Path, diags: Diagnostics) -> None:
    for block in blocks:
        line = (block.start_line or 0) + 1
        if isinstance(block, DuplicateBlockKeyBlock):
            diags.error(path, line, "duplicate-entry-key/same", key=block.key)
        elif isinstance(block.error, BlockAbortedException) and _has_no_key(block):
            diags.error(path, line, "entry-without-key")
        elif isinstance(block.error, BlockAbortedException):
            diags.error(path, line, "entry-unreadable/reason", lower_first=_lower_first(block.error.abort_reason))
        else:  # bibtexparser's other errors are about its own state, not words for an editor
            diags.error(path, line, "entry-unreadable/braces")


_OPENING = re.compile(r"@\w+\s*\{\s*([^\s=,{}]+)\s*=")


def _has_no_key(block) -> bool:
    """`@article{ author = …`, as EndNote writes it: the first word after the brace is a field."""
    return "after entry key, but found =" in str(block.error.abort_reason) and bool(
        _OPENING.match(str(getattr(block, "raw", "") or "").lstrip()))


def _reference(entry: Entry, line: int, strings: dict[str, str], decoder: LatexDecoder,
               path: Path, diags: Diagnostics) -> Reference | None:
    raw: dict[str, str] = {}
    lines: dict[str, int] = {}
    ok = True
    for field in entry.fields:
        if _looks_merged(str(field.value)):
            diags.error(path, field.start_line + 1,
                        "field-missing-comma", key=field.key)
            ok = False
            continue
        value = _field_value(field, strings, path, diags)
        if value is None:
            ok = False
            continue
        raw[field.key.lower()] = value
        lines[field.key.lower()] = field.start_line + 1
    if not ok:
        return None
    key = entry.key
    try:
        authors, more, corporate = _names(raw.pop("author", ""), decoder)
        editors, _, corporate_editor = _names(raw.pop("editor", ""), decoder, "editor")
        bookauthors, _, _ = _names(raw.pop("bookauthor", ""), decoder, "bookauthor")
    except UnreadableNames as exc:
        diags.error(path, lines.get(exc.field, line), "names-unreadable", field=exc.field, reason=exc.reason)
        return None
    fields: dict[str, str] = {}
    styled: dict[str, tuple[Span, ...]] = {}
    for name, value in raw.items():
        if name in VERBATIM_FIELDS:
            fields[name] = value.strip()
            continue
        decoded = decoder.decode(value)
        for macro, offset in decoded.unknown if name in SHOWN_FIELDS else ():
            diags.warning(path, lines[name] + value.count("\n", 0, offset),
                          "latex-command-unknown", name=name, key=key, macro=macro)
        fields[name] = decoded.text
        if name in STYLED_FIELDS and any(span.style for span in decoded.spans):
            styled[name] = decoded.spans
    if corporate_editor and "organization" not in fields:
        fields["organization"] = corporate_editor
    _read_biblatex(fields, key, lines, line, path, diags)
    kind = entry.entry_type.lower()
    return Reference(key, kind, line, authors, more, corporate, editors, fields, styled, bookauthors,
                     FORMS.get(kind, "misc"))


def _read_biblatex(fields: dict[str, str], key: str, lines: dict[str, int], line: int,
                   path: Path, diags: Diagnostics) -> None:
    """biblatex's fields as the BibTeX ones the reference list reads: `date` gives `year` and
    `month`; `eprint` with eprinttype PubMed gives `pmid`, with DOI a `doi`. A date that is not
    one is reported with its field's line."""
    for name in DATE_FIELDS:
        if not fields.get(name):
            continue
        date = parse_bib_date(fields[name])
        if date is None:
            diags.warning(path, lines.get(name, line), "entry-date-unreadable", name=name, key=key, fields=fields[name], DATE_FORMS=Msgid(DATE_FORMS))
            del fields[name]
        elif name == "date":
            fields.setdefault("year", date.year)
            if date.month:
                fields.setdefault("month", date.month)
    eprinttype = fields.get("eprinttype", fields.get("archiveprefix", "")).lower()
    if fields.get("eprint") and eprinttype == "pubmed":
        fields.setdefault("pmid", fields["eprint"])
    elif fields.get("eprint") and eprinttype == "doi":
        fields.setdefault("doi", fields["eprint"])
    elif fields.get("eprint") and eprinttype:
        fields["eprinttype"] = eprinttype


def _field_value(field: Field, strings: dict[str, str], path: Path, diags: Diagnostics) -> str | None:
    """The field's text, with @string macros, month macros and `#` concatenation resolved."""
    value = str(field.value)
    if field.enclosing != "no-enclosing" or value.isdigit():
        return value
    parts = []
    for part in _split_concatenation(value):
        resolved = _resolve_part(part, strings)
        if resolved is None:
            hint = phrase("month-hint") if field.key.lower() == "month" else ""
            diags.error(path, field.start_line + 1,
                        "string-macro-unknown", key=field.key, part=part, hint=hint)
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


def _names(value: str, decoder: LatexDecoder, field_name: str = "author") -> tuple[tuple[Person, ...], bool, str]:
    """Authors as Persons, whether the list ends with 'and others', and a corporate author if braced whole."""
    value = value.strip()
    if not value:
        return (), False, ""
    if value.startswith("{") and value.endswith("}") and _balanced(value[1:-1]):
        return (), False, decoder.decode(value[1:-1]).text
    field = Field("author", _brace_specials(value))
    entry = Entry("article", "x", [field])
    for middleware in (SeparateCoAuthors(), SplitNameParts()):
        entry = middleware.transform_entry(entry, None)
        if not isinstance(entry, Entry):  # bibtexparser returns an error block for names it cannot split
            raise UnreadableNames(field_name, "a brace is not closed" if not _balanced(value)
                                  else "a name has more than two commas")
    persons, more = [], False
    for parts in entry.fields_dict["author"].value:
        last = " ".join(parts.von + parts.last)
        if last.lower() == "others":
            more = True
            continue
        persons.append(Person(decoder.decode(last).text, _initials([decoder.decode(f).text for f in parts.first])))
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


def _check_form(reference: Reference, path: Path, diags: Diagnostics) -> None:
    if reference.entry_type not in FORMS:
        diags.warning(path, reference.line, "entry-type-unknown", entry_type=reference.entry_type, key=reference.key, FORM_NAMES=FORM_NAMES['misc'])


def _check_required(reference: Reference, path: Path, diags: Diagnostics) -> None:
    needed = REQUIRED_OF_TYPE.get(reference.entry_type) or REQUIRED.get(reference.form, ("title",))
    has_author = bool(reference.authors or reference.corporate_author)
    present = {"author": has_author, "author/editor": has_author or bool(reference.editors or reference.get("organization")),
               # a web page's date seen stands in for its year
               "year": bool(reference.get("year") or (reference.form in ("web", "misc") and reference.get("urldate")))}
    missing = [f for f in needed
               if not present.get(f, any(reference.get(s) for s in SYNONYMS.get(f, (f,))))]
    if not missing:
        return
    hint = ""
    if "booktitle" in missing and reference.get("xref"):
        hint = (phrase("xref-gives-no-fields", get=reference.get('xref')))
    diags.warning(path, reference.line,
                  "entry-missing-fields", entry_type=reference.entry_type, key=reference.key, value=or_list(missing), hint=hint)


def _lower_first(text: str) -> str:
    text = text.strip().rstrip(".")
    return text[:1].lower() + text[1:]


def parse_date(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        return None
