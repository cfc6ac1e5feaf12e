"""A `Reference` in Danish Vancouver style, as plain parts a template puts together."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from iskias_site.load.bibliography import Person, Reference, parse_date

MAX_AUTHORS = 6
ENGLISH = {"english", "en", "american", "british", "en-us", "en-gb"}


@dataclass(frozen=True)
class ListedReference:
    """One line of the reference list: number, text parts, links and where it is cited."""

    key: str
    number: int
    authors: str
    title: str
    title_lang: str  # "en" for English titles on a Danish page, else ""
    details: str  # journal, year;volume(issue):pages, or publisher and year
    doi: str
    pmid: str
    url: str
    accessed: dt.date | None
    evidence: str  # a short Danish label, or ""
    places: tuple[str, ...]  # ids of the citations in the text, for back-links
    web: bool  # a web source: shows its address, or says none is known


def list_reference(reference: Reference, number: int, places: list[str],
                   strings: dict[str, Any], page_language: str) -> ListedReference:
    get = reference.get
    language = get("langid").lower()
    return ListedReference(
        key=reference.key,
        number=number,
        authors=_authors(reference, strings["and_others"]),
        title=_sentence(get("title")),
        title_lang="en" if language in ENGLISH and page_language != "en" else "",
        details=_details(reference, strings),
        doi=get("doi"),
        pmid=get("pmid"),
        url=_own_url(reference),
        accessed=parse_date(get("urldate")),
        evidence=strings["evidence"].get(get("evidence").lower(), ""),
        places=tuple(places),
        web=reference.entry_type in ("online", "misc", "report", "techreport") or bool(get("urldate")),
    )


def _own_url(reference: Reference) -> str:
    """The web address, unless it only repeats the DOI or PubMed link shown anyway."""
    url, doi, pmid = reference.get("url"), reference.get("doi"), reference.get("pmid")
    if (doi and "doi.org/" in url) or (pmid and f"pubmed.ncbi.nlm.nih.gov/{pmid}" in url):
        return ""
    return url


def _authors(reference: Reference, and_others: str) -> str:
    if reference.corporate_author:
        return _sentence(reference.corporate_author)
    names = [_person(p) for p in reference.authors[:MAX_AUTHORS]]
    if not names:
        return ""
    more = len(reference.authors) > MAX_AUTHORS or reference.more_authors
    return _sentence(", ".join(names) + (f", {and_others}" if more else ""))


def _person(person: Person) -> str:
    return f"{person.last} {person.initials}".strip()


def _details(reference: Reference, strings: dict[str, Any]) -> str:
    get = reference.get
    kind = reference.entry_type
    if kind == "article":
        journal = get("shortjournal") or get("journal")
        return f"{journal}. {_issue_part(reference)}".strip()
    if kind in ("book", "incollection", "inproceedings"):
        return _book_details(reference)
    publisher = get("organization") or get("institution") or get("publisher")
    parts = [p for p in (get("type"), publisher, get("year")) if p]
    return ". ".join(parts) + ("." if parts else "")


def _issue_part(reference: Reference) -> str:
    get = reference.get
    text = get("year")
    if get("volume"):
        text += f";{get('volume')}"
    if get("number"):
        text += f"({get('number')})"
    if get("pages"):
        text += f":{get('pages')}"
    return text + "." if text else ""


def _book_details(reference: Reference) -> str:
    get = reference.get
    parts = []
    if reference.entry_type != "book" and get("booktitle"):
        editors = ", ".join(_person(p) for p in reference.editors)
        parts.append(f"I: {editors}, red. {get('booktitle')}." if editors else f"I: {get('booktitle')}.")
    if get("edition"):
        parts.append(f"{get('edition')}. udg.")
    where = ": ".join(p for p in (get("address") or get("location"), get("publisher")) if p)
    imprint = "; ".join(p for p in (where, get("year")) if p)
    if imprint:
        parts.append(f"{imprint}.")
    if get("pages"):
        parts.append(f"s. {get('pages')}.")
    return " ".join(parts)


def _sentence(text: str) -> str:
    text = text.strip()
    return text if not text or text[-1] in ".?!" else text + "."
