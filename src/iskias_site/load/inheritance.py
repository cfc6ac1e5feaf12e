"""biblatex's inheritance between entries: `xdata`, `crossref` and `xref`, by biblatex's default rules.

- `xdata = {a, b}`: every field of the @xdata entries a and b (which may name @xdata entries of their
  own), where the entry has none. @xdata entries are no works: they are not listed.
- `crossref = {book}`: the fields the entry lacks, from its parent, mapped as biblatex's defaults do
  (the manual's appendix B): a book's, collection's or proceedings' `title` is a chapter's
  `booktitle`, a multi-volume work's is `maintitle`, a periodical's is an article's `journaltitle`,
  and a book's author is a chapter's `bookauthor`. A chapter with a date of its own takes no date.
  A parent that has a crossref itself (a chain) is an error, as is a circle.
- `xref = {book}`: a link without data (biblatex's rule); only an unknown key is reported.
An unknown key, a chain or a circle is an error at the entry's line, and the entry is left out.
`ids = {alias}` lets any of these name an entry by another key.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import TYPE_CHECKING

from iskias_site.diagnostics import Diagnostics
from iskias_site.messages import phrase

if TYPE_CHECKING:
    from iskias_site.load.bibliography import Reference

# Never inherited (biblatex's defaults, and this site's own evidence label).
NOT_INHERITED = frozenset({
    "ids", "crossref", "xref", "xdata", "entryset", "entrysubtype", "execute", "label", "options", "presort",
    "related", "relatedoptions", "relatedstring", "relatedtype", "shorthand", "shorthandintro", "sortkey",
    "evidence", "keywords", "annotation", "abstract", "file", "groups", "owner", "timestamp",
})
TITLES = ("title", "subtitle", "titleaddon")
UNMAPPED_TITLES = ("shorttitle", "sorttitle", "indextitle", "indexsorttitle")
DATES = ("date", "year", "month", "day", "endyear")
MULTIVOLUME = frozenset({"mvbook", "mvcollection", "mvreference", "mvproceedings"})
BOOKS = frozenset({"book", "collection", "reference", "proceedings", "booklet", "manual"})
CHAPTERS = frozenset({"inbook", "bookinbook", "suppbook", "incollection", "suppcollection", "inreference",
                      "inproceedings", "conference"})


def resolve(references: dict[str, Reference], path: Path, diags: Diagnostics) -> dict[str, Reference]:
    """The references with what they inherit; @xdata entries and entries with a broken link left out."""
    aliases = _aliases(references)
    resolved: dict[str, Reference] = {}
    for key, reference in references.items():
        if reference.entry_type == "xdata":
            continue
        if reference.entry_type == "set":
            members = ", ".join(_keys(reference.get("entryset"))) or "its entries"
            diags.warning(path, reference.line, "entry-set", key=key, members=members)
            continue
        with_data = _with_xdata(reference, references, aliases, path, diags)
        if with_data is None:
            continue
        with_parent = _with_crossref(with_data, references, aliases, path, diags)
        if with_parent is None:
            continue
        _check_xref(with_parent, references, aliases, path, diags)
        resolved[key] = with_parent
    return resolved


def _aliases(references: dict[str, Reference]) -> dict[str, str]:
    aliases = {}
    for key, reference in references.items():
        for alias in _keys(reference.get("ids")):
            aliases.setdefault(alias, key)
    return aliases


def _keys(value: str) -> list[str]:
    return [key.strip() for key in value.split(",") if key.strip()]


def _find(key: str, references: dict[str, Reference], aliases: dict[str, str]) -> Reference | None:
    return references.get(key) or references.get(aliases.get(key, ""))


def _with_xdata(reference: Reference, references: dict[str, Reference], aliases: dict[str, str],
                path: Path, diags: Diagnostics) -> Reference | None:
    if not reference.get("xdata"):
        return reference
    merged = reference
    for key in _keys(reference.get("xdata")):
        data = _xdata(key, references, aliases, (reference.key,), reference, path, diags)
        if data is None:
            return None
        merged = _merge(merged, data, {})
    return merged


def _xdata(key: str, references: dict[str, Reference], aliases: dict[str, str], trail: tuple[str, ...],
           reference: Reference, path: Path, diags: Diagnostics) -> Reference | None:
    """The @xdata entry `key` with the @xdata it names itself, or None (reported) when broken."""
    data = _find(key, references, aliases)
    if data is None or data.entry_type != "xdata":
        why = phrase("names-no-entry") if data is None else phrase("names-other-type", entry_type=data.entry_type, key=data.key)
        diags.error(path, reference.line, "xdata-unknown/missing", key=key, key2=reference.key, why=why)
        return None
    if data.key in trail:
        circle = " → ".join((*trail, data.key))
        diags.error(path, reference.line, "xdata-unknown/circle", key=reference.key, circle=circle)
        return None
    for inner in _keys(data.get("xdata")):
        more = _xdata(inner, references, aliases, (*trail, data.key), reference, path, diags)
        if more is None:
            return None
        data = _merge(data, more, {})
    return data


def _with_crossref(reference: Reference, references: dict[str, Reference], aliases: dict[str, str],
                   path: Path, diags: Diagnostics) -> Reference | None:
    parent_key = reference.get("crossref")
    if not parent_key:
        return reference
    parent = _find(parent_key, references, aliases)
    if parent is None:
        diags.error(path, reference.line, "crossref-unknown/missing", parent_key=parent_key, key=reference.key)
        return None
    if parent.get("crossref"):
        circle = _circle(reference, references, aliases)
        why = (phrase("crossref-circle", value=' → '.join(circle)) if circle else
               phrase("crossref-chain"))
        diags.error(path, reference.line, "crossref-unknown/why", parent_key=parent_key, key=reference.key, why=why)
        return None
    parent = _with_xdata(parent, references, aliases, Path(path), Diagnostics()) or parent  # reported as its own
    merged = _merge(reference, parent, _mapping(parent.entry_type, reference.entry_type))
    return dataclasses.replace(merged, fields={k: v for k, v in merged.fields.items() if k != "crossref"})


def _circle(reference: Reference, references: dict[str, Reference], aliases: dict[str, str]) -> list[str]:
    trail = [reference.key]
    current = reference
    while current.get("crossref"):
        current = _find(current.get("crossref"), references, aliases)
        if current is None:
            return []
        if current.key in trail:
            return trail + [current.key] if current.key == reference.key else []
        trail.append(current.key)
    return []


def _check_xref(reference: Reference, references: dict[str, Reference], aliases: dict[str, str],
                path: Path, diags: Diagnostics) -> None:
    key = reference.get("xref")
    if key and _find(key, references, aliases) is None:
        diags.error(path, reference.line, "crossref-unknown/xref", key=key, key2=reference.key)


def _mapping(parent_type: str, child_type: str) -> dict[str, str]:
    """biblatex's default rule for this pair: source field -> target field (absent: the same name)."""
    mapping: dict[str, str] = {}
    if parent_type in MULTIVOLUME and (child_type in BOOKS or child_type in CHAPTERS):
        mapping.update(zip(TITLES, ("maintitle", "mainsubtitle", "maintitleaddon")))
    elif parent_type in BOOKS and child_type in CHAPTERS:
        mapping.update(zip(TITLES, ("booktitle", "booksubtitle", "booktitleaddon")))
    elif parent_type == "periodical" and child_type in ("article", "suppperiodical"):
        mapping.update(zip(TITLES, ("journaltitle", "journalsubtitle", "")))
    if mapping:
        mapping.update(dict.fromkeys(UNMAPPED_TITLES, ""))  # '' : not inherited
    return mapping


def _merge(child: Reference, parent: Reference, mapping: dict[str, str]) -> Reference:
    """The child with the parent's fields it lacks; its own always win."""
    own_date = bool(child.get("date") or child.get("year"))  # a month alone is no date of its own
    fields = dict(child.fields)
    styled = dict(child.styled)
    for name, value in parent.fields.items():
        target = mapping.get(name, name)
        if not target or name in NOT_INHERITED or (own_date and name in DATES) or target in fields:
            continue
        fields[target] = value
        if name in parent.styled:
            styled[target] = parent.styled[name]
    chapter_of_book = child.entry_type in ("inbook", "bookinbook", "suppbook") and parent.entry_type in (
        "book", "mvbook")
    return dataclasses.replace(
        child, fields=fields, styled=styled,
        authors=child.authors or parent.authors,
        more_authors=child.more_authors or (not child.authors and parent.more_authors),
        corporate_author=child.corporate_author or (parent.corporate_author if not child.authors else ""),
        editors=child.editors or parent.editors,
        bookauthors=child.bookauthors or (parent.authors if chapter_of_book else parent.bookauthors),
    )
