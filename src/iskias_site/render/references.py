"""A `Reference` in Danish Vancouver style, as plain parts a template puts together.

Each entry type has one of seven Vancouver forms (`Reference.form`, from the loader): article,
book, chapter, report, thesis, web page and misc. The title travels as styled spans (emphasis,
sub- and superscripts from the .bib file), which the template writes as elements around escaped
text: no HTML from a .bib file reaches a page.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from iskias_site.load.bibdates import parse_bib_date
from iskias_site.load.bibliography import Person, Reference
from iskias_site.load.latex import Span

MAX_AUTHORS = 6
# babel and polyglossia names (biblatex's langid) and BCP 47 tags -> the page's lang attribute
LANGUAGES = {
    **dict.fromkeys(("english", "american", "british", "usenglish", "ukenglish", "canadian", "australian",
                     "newzealand", "en", "en-us", "en-gb"), "en"),
    **dict.fromkeys(("danish", "da"), "da"), **dict.fromkeys(("german", "ngerman", "austrian", "naustrian",
                                                                "swissgerman", "nswissgerman", "de"), "de"),
    **dict.fromkeys(("french", "francais", "fr"), "fr"), **dict.fromkeys(("spanish", "es"), "es"),
    **dict.fromkeys(("portuguese", "portuges", "brazil", "brazilian", "pt"), "pt"),
    **dict.fromkeys(("italian", "it"), "it"), **dict.fromkeys(("swedish", "sv"), "sv"),
    **dict.fromkeys(("norsk", "norwegian", "bokmal", "nb"), "nb"), **dict.fromkeys(("nynorsk", "nn"), "nn"),
    **dict.fromkeys(("dutch", "nl"), "nl"), **dict.fromkeys(("finnish", "fi"), "fi"),
    **dict.fromkeys(("latin", "la"), "la"), **dict.fromkeys(("greek", "el"), "el"),
    **dict.fromkeys(("polish", "pl"), "pl"), **dict.fromkeys(("russian", "ru"), "ru"),
}
WEB_TYPES = ("online", "www", "electronic", "misc", "report", "techreport")
# eprinttype -> (label, address of the identifier); PubMed and DOI become the pmid and doi links
EPRINTS = {"arxiv": ("arXiv", "https://arxiv.org/abs/{id}"), "jstor": ("JSTOR", "https://www.jstor.org/stable/{id}"),
           "hdl": ("Handle", "https://hdl.handle.net/{id}"), "pubmedcentral": ("PMC", "https://www.ncbi.nlm.nih.gov/pmc/articles/{id}/")}
_RANGE = re.compile(r"(?<=\w)\s*-{1,3}\s*(?=\w)")


@dataclass(frozen=True)
class ListedReference:
    """One line of the reference list: number, text parts, links and where it is cited."""

    key: str
    number: int
    authors: str
    title: str
    title_lang: str  # the title's language (lang attribute) when it is not the page's, else ""
    details: str  # journal, year;volume(issue):pages, or publisher and year
    doi: str
    pmid: str
    url: str
    accessed: dt.date | None
    evidence: str  # a short Danish label, or ""
    places: tuple[str, ...]  # ids of the citations in the text, for back-links
    web: bool  # a web source: shows its address, or says none is known
    title_spans: tuple[Span, ...] = ()  # the title with its emphasis and scripts, full stop included
    eprint: tuple[str, str, str] = ("", "", "")  # label, identifier, address ('' when it has none)


def list_reference(reference: Reference, number: int, places: list[str],
                   strings: dict[str, Any], page_language: str) -> ListedReference:
    get = reference.get
    language = LANGUAGES.get((get("langid") or get("language")).lower(), "")
    title_spans = _sentence_spans(_title_spans(reference))
    urldate = parse_bib_date(get("urldate")) if get("urldate") else None
    return ListedReference(
        key=reference.key,
        number=number,
        authors=_authors(reference, strings),
        title="".join(span.text for span in title_spans),
        title_lang=language if language and language != page_language else "",
        details=_details(reference, strings),
        doi=get("doi"),
        pmid=get("pmid"),
        url=_own_url(reference),
        accessed=urldate.day if urldate else None,
        evidence=strings["evidence"].get(get("evidence").lower(), ""),
        places=tuple(places),
        web=reference.entry_type in WEB_TYPES or reference.form == "web" or bool(get("urldate")),
        title_spans=title_spans,
        eprint=_eprint(reference),
    )


def _title_spans(reference: Reference) -> tuple[Span, ...]:
    """The title, with biblatex's subtitle after a colon; a bare @inreference names its work in `title`."""
    spans = reference.spans("title")
    if reference.get("subtitle"):
        spans = (*spans, Span(": "), *reference.spans("subtitle"))
    return spans


def _eprint(reference: Reference) -> tuple[str, str, str]:
    kind, identifier = reference.get("eprinttype"), reference.get("eprint")
    if not identifier or kind in ("", "pubmed", "doi"):
        return ("", "", "")
    label, address = EPRINTS.get(kind, (kind, ""))
    return label, identifier, address.format(id=identifier) if address else ""


def _own_url(reference: Reference) -> str:
    """The web address, unless it only repeats the DOI or PubMed link shown anyway."""
    url, doi, pmid = reference.get("url"), reference.get("doi"), reference.get("pmid")
    if (doi and "doi.org/" in url) or (pmid and f"pubmed.ncbi.nlm.nih.gov/{pmid}" in url):
        return ""
    return url


def _authors(reference: Reference, strings: dict[str, Any]) -> str:
    """'Hansen A, Berg K.'; an edited work without authors lists its editors: 'Berg K, red.'"""
    if reference.corporate_author:
        return _sentence(reference.corporate_author)
    if reference.authors:
        return _sentence(_names(reference.authors, reference.more_authors, strings["and_others"]))
    if reference.editors and reference.form in ("book", "misc", "report", "web"):
        return _sentence(f"{_names(reference.editors, False, strings['and_others'])}, {strings['editors']}")
    return ""


def _names(people: tuple[Person, ...], more: bool, and_others: str) -> str:
    names = [_person(p) for p in people[:MAX_AUTHORS]]
    more = more or len(people) > MAX_AUTHORS
    return ", ".join(names) + (f", {and_others}" if more else "")


def _person(person: Person) -> str:
    return f"{person.last} {person.initials}".strip()


def _details(reference: Reference, strings: dict[str, Any]) -> str:
    if reference.form == "article":
        return _article_details(reference)
    if reference.form in ("book", "chapter"):
        return _book_details(reference, strings)
    return _other_details(reference, strings)


def _article_details(reference: Reference) -> str:
    get = reference.get
    journal = get("shortjournal") or get("journaltitle") or get("journal")
    return f"{_sentence(journal)} {_issue_part(reference)}".strip() if journal else _issue_part(reference)


def _other_details(reference: Reference, strings: dict[str, Any]) -> str:
    """Report, thesis, web page, misc: 'Rapport. Statens Serum Institut. 2019.'"""
    get = reference.get
    kind = get("type") or ("phdthesis" if reference.entry_type == "phdthesis" else
                           "mathesis" if reference.entry_type == "mastersthesis" else
                           "patent" if reference.entry_type == "patent" else "")
    kind = strings["bib_types"].get(kind.lower(), kind)
    if get("number") and reference.form == "report":
        kind = f"{kind} {strings['number']} {get('number')}".strip()
    publisher = (get("organization") or get("institution") or get("school") or get("publisher")
                 or get("holder") or get("howpublished"))
    return " ".join(_sentence(p) for p in (kind, _list(publisher, strings), get("year")) if p)


def _issue_part(reference: Reference) -> str:
    get = reference.get
    text = get("year")
    if get("volume"):
        text += f";{get('volume')}"
    if get("number") or get("issue"):
        text += f"({get('number') or get('issue')})"
    if get("pages"):
        text += f":{_range(get('pages'))}"
    return text + "." if text else ""


def _book_details(reference: Reference, strings: dict[str, Any]) -> str:
    get = reference.get
    parts = []
    if reference.form == "chapter":
        container = _container(reference, strings)
        if container:
            parts.append(container)
    elif get("volume"):
        parts.append(f"{strings['volume']} {get('volume')}.")
    if get("edition"):
        edition = get("edition")
        parts.append(f"{edition}. {strings['edition']}" if edition.isdigit() else _sentence(edition))
    where = ": ".join(p for p in (_list(get("address") or get("location"), strings),
                                  _list(get("publisher"), strings)) if p)
    imprint = "; ".join(p for p in (where, get("year")) if p)
    if imprint:
        parts.append(f"{imprint}.")
    if get("pages") and reference.form == "chapter":
        parts.append(f"s. {_range(get('pages'))}.")
    return " ".join(parts)


def _container(reference: Reference, strings: dict[str, Any]) -> str:
    """'I: Berg K, red. Bogen.': the book a chapter is in, its editors or author, and its meeting."""
    get = reference.get
    titles = [t for t in (get("maintitle"), get("booktitle")) if t]
    if not titles:
        return ""
    title = _sentence(". ".join(titles))
    if get("volume") and len(titles) == 2:
        title = _sentence(f"{get('maintitle')}. {strings['volume']} {get('volume')}, {get('booktitle')}")
    if get("eventtitle"):
        title += " " + _sentence("; ".join(p for p in (get("eventtitle"), get("venue")) if p))
    if reference.editors:
        return f"I: {_names(reference.editors, False, strings['and_others'])}, {strings['editors']} {title}"
    if reference.bookauthors and reference.bookauthors != reference.authors:
        return f"I: {_sentence(_names(reference.bookauthors, False, strings['and_others']))} {title}"
    return f"I: {title}"


def _list(value: str, strings: dict[str, Any]) -> str:
    """biblatex's lists (`location = {Durham and London}`) in Danish: 'Durham og London'."""
    return value.replace(" and ", f" {strings['citation']['and']} ")


def _range(pages: str) -> str:
    """'10-20' and '10--20' as '10–20'."""
    return _RANGE.sub("–", pages)


def _sentence(text: str) -> str:
    text = text.strip()
    return text if not text or text[-1] in ".?!" else text + "."


def _sentence_spans(spans: tuple[Span, ...]) -> tuple[Span, ...]:
    if not spans or spans[-1].text.rstrip()[-1:] in (".", "?", "!"):
        return spans
    if spans[-1].style:  # the full stop is not part of the emphasis or the subscript
        return (*spans, Span("."))
    return (*spans[:-1], Span(spans[-1].text + ".", spans[-1].style))
