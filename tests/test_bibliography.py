"""references.bib -> Reference (parse_bibliography) -> one line of the reference list (list_reference).

Every test parses BibTeX text directly and pins the decoded fields, the names and the exact Danish
Vancouver strings a template puts together: `authors`, `title` and `details`.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from iskias_site.load.bibliography import Person, Reference, parse_bibliography
from iskias_site.diagnostics import Diagnostics
from iskias_site.load.strings import load_strings
from iskias_site.render.references import ListedReference, list_reference

STRINGS = load_strings()


def parse(text: str, tmp_path: Path) -> tuple[dict[str, Reference], list[str]]:
    """The references by key, and the formatted diagnostics."""
    diags = Diagnostics(tmp_path)
    bibliography = parse_bibliography(text, tmp_path / "references.bib", diags)
    assert bibliography.path == tmp_path / "references.bib"
    return bibliography.references, [d.format() for d in diags.sorted()]


def one(text: str, tmp_path: Path) -> Reference:
    """The single entry in `text`, which must parse without any diagnostic."""
    references, lines = parse(text, tmp_path)
    assert lines == []
    assert len(references) == 1
    return next(iter(references.values()))


def listed(text: str, tmp_path: Path, page_language: str = "da") -> ListedReference:
    return list_reference(one(text, tmp_path), 3, ["cite-1", "cite-4"], STRINGS, page_language)


def article(**fields: str) -> str:
    """An @article with author, title, journal and year (so no warning), plus or minus `fields`."""
    base = {"author": "{Hansen, A}", "title": "{Titel}", "journal": "{J Tests}", "year": "{2020}"}
    base.update(fields)
    body = "".join(f"  {key} = {value},\n" for key, value in base.items() if value is not None)
    return "@article{key2020,\n" + body + "}\n"


# --- LaTeX decoding -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("latex", "text"),
    [
        pytest.param(r"Kj{\ae}r", "Kjær", id="ae"),
        pytest.param(r"{\AE}ble", "Æble", id="AE"),
        pytest.param(r"S{\o}rensen", "Sørensen", id="o"),
        pytest.param(r"{\O}stergaard", "Østergaard", id="O"),
        pytest.param(r"Bl{\aa}b{\ae}r", "Blåbær", id="aa"),
        pytest.param(r"{\AA}rhus", "Århus", id="AA"),
        pytest.param(r"M\"uller", "Müller", id="umlaut-bare"),
        pytest.param(r"Gr{\"o}n", "Grön", id="umlaut-braced"),
        pytest.param(r"Andr\'e", "André", id="acute-bare"),
        pytest.param(r"Andr{\'e}", "André", id="acute-braced"),
        pytest.param(r"{MRI} of the {D}anish {ISKIAS} cohort", "MRI of the Danish ISKIAS cohort",
                     id="brace-protected-capitals"),
        pytest.param("Kjær og Sørensen", "Kjær og Sørensen", id="unicode-unchanged"),
        pytest.param(r"uge 10--20", "uge 10–20", id="en-dash"),
        pytest.param(r"ryg---og ben", "ryg—og ben", id="em-dash"),
        pytest.param(r"Ryg~og ben", "Ryg og ben", id="tilde-space"),
        pytest.param(r"Ryg {\&} ben", "Ryg & ben", id="escaped-ampersand"),
        pytest.param(r"50{\%} af {MRI}", "50% af MRI", id="escaped-percent"),
        pytest.param("Lang   titel\n    over to linjer", "Lang titel over to linjer", id="whitespace"),
    ],
)
def test_latex_in_a_field_is_decoded(tmp_path, latex, text):
    assert one(article(title="{" + latex + "}"), tmp_path).get("title") == text


@pytest.mark.parametrize(
    ("value", "text"),
    [
        pytest.param("{Smith & Jones}", "Smith & Jones", id="plain-text"),
        pytest.param(r"{{\O}stergaard & Co}", "Østergaard & Co", id="with-latex"),
        pytest.param(r"{R&D i {D}anmark}", "R&D i Danmark", id="with-braces"),
        pytest.param(r"{50% af {MRI}}", "50% af MRI", id="bare-percent-with-latex"),
        pytest.param(r"{{MRI}_scan}", "MRI_scan", id="bare-underscore-with-latex"),
        pytest.param(r"{Nr. #1 i {D}anmark}", "Nr. #1 i Danmark", id="bare-hash-with-latex"),
    ],
)
def test_raw_special_characters_are_kept(tmp_path, value, text):
    assert one(article(note=value), tmp_path).get("note") == text


def test_biblatex_quotes_are_danish_quotation_marks(tmp_path):
    # before issue 13 one macro pylatexenc did not know left the whole field as written
    assert one(article(note=r"{Se \mkbibquote{citat} her}"), tmp_path).get("note") == "Se »citat« her"


# --- @string, months, concatenation, @comment ----------------------------------------------------


def test_string_macros_and_concatenation(tmp_path):
    text = (
        '@string{ugeskr = "Ugeskrift for L{\\ae}ger"}\n'
        "@string{Suppl = { Suppl}}\n"
        + article(journal="ugeskr # suppl", note='"Del" # { } # "2" # { af } # ugeskr', series="UGESKR")
    )
    reference = one(text, tmp_path)
    assert reference.get("journal") == "Ugeskrift for Læger Suppl"
    assert reference.get("note") == "Del 2 af Ugeskrift for Læger"
    assert reference.get("series") == "Ugeskrift for Læger"  # macro names ignore case
    assert reference.line == 3


@pytest.mark.parametrize(
    ("month", "number"),
    [
        pytest.param("jan", "1", id="jan"),
        pytest.param("sep", "9", id="sep"),
        pytest.param("dec", "12", id="dec"),
        pytest.param("SEP", "9", id="upper-case"),
        pytest.param("9", "9", id="number"),
        pytest.param("{9}", "9", id="braced-number"),
    ],
)
def test_month_macros(tmp_path, month, number):
    assert one(article(month=month), tmp_path).get("month") == number


def test_a_string_macro_may_override_a_month_name(tmp_path):
    assert one("@string{sep = {september}}\n" + article(month="sep"), tmp_path).get("month") == "september"


def test_comment_blocks_are_ignored(tmp_path):
    text = (
        "@comment{Husk: @article{skjult, title = {Skjult}} er fjernet}\n"
        "Løs tekst mellem posterne ignoreres også.\n"
        + article()
    )
    reference = one(text, tmp_path)
    assert reference.key == "key2020"
    assert reference.line == 3


def test_entry_type_and_field_names_ignore_case(tmp_path):
    reference = one("@ARTICLE{Stor2020,\n  AUTHOR = {Hansen, A},\n  Title = {Titel},\n  JOURNAL = {J},\n"
                    "  YEAR = {2020},\n}\n", tmp_path)
    assert (reference.key, reference.entry_type) == ("Stor2020", "article")
    assert reference.fields == {"title": "Titel", "journal": "J", "year": "2020"}
    assert reference.authors == (Person("Hansen", "A"),)


# --- Fields kept as written ---------------------------------------------------------------------


def test_url_and_doi_are_never_decoded(tmp_path):
    reference = one(article(
        doi="{10.1000/a_b%c~d}",
        url="{https://example.org/rapport_2020%20final~v2.pdf?side=1&del=2}",
        pmid="{12345678}",
        urldate="{2026-01-15}",
        isbn="{978-87-7--1}",
    ), tmp_path)
    assert reference.get("doi") == "10.1000/a_b%c~d"
    assert reference.get("url") == "https://example.org/rapport_2020%20final~v2.pdf?side=1&del=2"
    assert reference.get("pmid") == "12345678"
    assert reference.get("urldate") == "2026-01-15"
    assert reference.get("isbn") == "978-87-7--1"


# --- Names --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "person"),
    [
        pytest.param("Kjær, Per", Person("Kjær", "P"), id="last-first"),
        pytest.param("Per Kjær", Person("Kjær", "P"), id="first-last"),
        pytest.param("Kj{\\ae}r, Per", Person("Kjær", "P"), id="latex-in-last"),
        pytest.param("{\\O}stergaard, {\\AA}se", Person("Østergaard", "Å"), id="latex-initial"),
        pytest.param("Grön, P. H.", Person("Grön", "PH"), id="initials-with-dots-and-space"),
        pytest.param("Grön, P.H.", Person("Grön", "PH"), id="initials-with-dots"),
        pytest.param("Smith, JMS", Person("Smith", "JMS"), id="initials-already"),
        pytest.param("Hansen, Hans Christian", Person("Hansen", "HC"), id="two-first-names"),
        pytest.param("André, Jean-Pierre", Person("André", "JP"), id="hyphenated-first-name"),
        pytest.param("Doe, J.-P.", Person("Doe", "JP"), id="hyphenated-initials"),
        pytest.param("van der Windt, Daniëlle A. W. M.", Person("van der Windt", "DAWM"), id="von-part-last-first"),
        pytest.param("Danielle van der Windt", Person("van der Windt", "D"), id="von-part-first-last"),
        pytest.param("de la Cruz, Maria", Person("de la Cruz", "M"), id="de-la"),
    ],
)
def test_author_names_and_initials(tmp_path, name, person):
    reference = one(article(author="{" + name + "}"), tmp_path)
    assert reference.authors == (person,)
    assert (reference.more_authors, reference.corporate_author) == (False, "")


def test_several_authors_keep_their_order(tmp_path):
    reference = one(article(author=r"{Kj{\ae}r, Per and Hestb{\ae}k, Lise and Schj{\o}lberg, T}"), tmp_path)
    assert reference.authors == (Person("Kjær", "P"), Person("Hestbæk", "L"), Person("Schjølberg", "T"))


@pytest.mark.parametrize(
    ("value", "corporate"),
    [
        pytest.param("{{Sundhedsstyrelsen}}", "Sundhedsstyrelsen", id="one-word"),
        pytest.param("{{Dansk Selskab for Almen Medicin}}", "Dansk Selskab for Almen Medicin", id="several-words"),
        pytest.param("{{Danish Society of Pain and Rehabilitation}}", "Danish Society of Pain and Rehabilitation",
                     id="with-and"),
        pytest.param(r"{{Region {\O}st}}", "Region Øst", id="with-latex"),
    ],
)
def test_corporate_author_in_double_braces(tmp_path, value, corporate):
    reference = one(article(author=value), tmp_path)
    assert (reference.authors, reference.more_authors, reference.corporate_author) == ((), False, corporate)
    assert list_reference(reference, 1, [], STRINGS, "da").authors == corporate + "."


def test_and_others(tmp_path):
    reference = one(article(author="{Hansen, A and Jensen, B and others}"), tmp_path)
    assert reference.authors == (Person("Hansen", "A"), Person("Jensen", "B"))
    assert reference.more_authors is True


def test_editors_are_names_too(tmp_path):
    text = ("@incollection{kap2010,\n  author = {Hansen, A},\n  editor = {Jensen, Troels Staehelin and "
            "Nielsen, O},\n  title = {Kapitel},\n  booktitle = {Bog},\n  year = {2010},\n}\n")
    reference = one(text, tmp_path)
    assert reference.editors == (Person("Jensen", "TS"), Person("Nielsen", "O"))
    assert "editor" not in reference.fields and "author" not in reference.fields


# --- Danish Vancouver: authors ------------------------------------------------------------------


def names(count: int) -> str:
    return "{" + " and ".join(f"Navn{n}, {chr(64 + n)}" for n in range(1, count + 1)) + "}"


@pytest.mark.parametrize(
    ("author", "text"),
    [
        pytest.param("{Hansen, A}", "Hansen A.", id="one"),
        pytest.param("{van der Windt, D. A. W. M. and de Vet, H}", "van der Windt DAWM, de Vet H.", id="von-parts"),
        pytest.param(names(6), "Navn1 A, Navn2 B, Navn3 C, Navn4 D, Navn5 E, Navn6 F.", id="six-all-shown"),
        pytest.param(names(7), "Navn1 A, Navn2 B, Navn3 C, Navn4 D, Navn5 E, Navn6 F, m.fl.", id="seven-six-and-mfl"),
        pytest.param("{Hansen, A and others}", "Hansen A, m.fl.", id="and-others"),
        pytest.param("{{Sundhedsstyrelsen}}", "Sundhedsstyrelsen.", id="corporate"),
        pytest.param(None, "", id="none"),
    ],
)
def test_vancouver_authors(tmp_path, author, text):
    source = article(author=author) if author else "@misc{key2020,\n  title = {Titel},\n  year = {2020},\n}\n"
    assert listed(source, tmp_path).authors == text


# --- Danish Vancouver: each entry type ----------------------------------------------------------


ARTICLE = r"""@article{kjaer2005,
  author = {Kj{\ae}r, Per and Leboeuf-Yde, Charlotte and Korsholm, Lars and Sorensen, Joan S. and Bendix, Tom},
  title = {Magnetic resonance imaging and low back pain in adults: a diagnostic imaging study of 40-year-old men and women},
  journal = {Spine},
  shortjournal = {Spine (Phila Pa 1976)},
  year = {2005},
  volume = {30},
  number = {10},
  pages = {1173--1180},
  doi = {10.1097/01.brs.0000162396.97739.76},
  pmid = {15897832},
  langid = {english},
  evidence = {cross-sectional},
}
"""

BOOK = r"""@book{sst2016,
  author = {{Sundhedsstyrelsen}},
  title = {National klinisk retningslinje for behandling af nyopst{\aa}ede l{\ae}nderygsmerter},
  publisher = {Sundhedsstyrelsen},
  address = {K{\o}benhavn},
  edition = {2},
  year = {2016},
  evidence = {guideline},
}
"""

INCOLLECTION = r"""@incollection{windt2010,
  author = {van der Windt, Dani{\"e}lle A. W. M. and de Vet, H},
  editor = {Jensen, Troels Staehelin and Hansen, Ole},
  title = {Diagnostic tests for sciatica},
  booktitle = {Textbook of Pain},
  publisher = {Munksgaard},
  address = {K{\o}benhavn},
  year = {2010},
  pages = {100--120},
}
"""

ONLINE = r"""@online{dsam2023,
  author = {{Dansk Selskab for Almen Medicin}},
  title = {L{\ae}nderygsmerter},
  organization = {DSAM},
  year = {2023},
  url = {https://www.dsam.dk/vejledninger/laenderyg},
  urldate = {2026-01-15},
}
"""

REPORT = r"""@report{ssi2019,
  author = {{Statens Serum Institut}},
  title = {Rygsmerter i Danmark},
  institution = {Statens Serum Institut},
  type = {Rapport},
  year = {2019},
}
"""

MISC = r"""@misc{video2022,
  title = {Patientvideo om iskias},
  publisher = {Region Hovedstaden},
  year = {2022},
}
"""


@pytest.mark.parametrize(
    ("source", "authors", "title", "details"),
    [
        pytest.param(
            ARTICLE,
            "Kjær P, Leboeuf-Yde C, Korsholm L, Sorensen JS, Bendix T.",
            "Magnetic resonance imaging and low back pain in adults: a diagnostic imaging study of "
            "40-year-old men and women.",
            "Spine (Phila Pa 1976). 2005;30(10):1173–1180.",
            id="article",
        ),
        pytest.param(
            article(journal="{Ugeskrift for L{\\ae}ger}", shortjournal=None, title="{Hvad virker?}"),
            "Hansen A.", "Hvad virker?", "Ugeskrift for Læger. 2020.",
            id="article-without-volume",
        ),
        pytest.param(
            article(volume="{182}", pages="{V01190011}", title="{Titel.}"),
            "Hansen A.", "Titel.", "J Tests. 2020;182:V01190011.",
            id="article-volume-and-pages",
        ),
        pytest.param(
            BOOK,
            "Sundhedsstyrelsen.",
            "National klinisk retningslinje for behandling af nyopståede lænderygsmerter.",
            "2. udg. København: Sundhedsstyrelsen; 2016.",
            id="book",
        ),
        pytest.param(
            "@book{bog2016,\n  author = {Hansen, A},\n  title = {Bog},\n  publisher = {Gad},\n  year = {2016},\n}\n",
            "Hansen A.", "Bog.", "Gad; 2016.",
            id="book-without-place",
        ),
        pytest.param(
            INCOLLECTION,
            "van der Windt DAWM, de Vet H.",
            "Diagnostic tests for sciatica.",
            "I: Jensen TS, Hansen O, red. Textbook of Pain. København: Munksgaard; 2010. s. 100–120.",
            id="incollection",
        ),
        pytest.param(
            "@incollection{kap2016,\n  author = {Hansen, A},\n  title = {Kapitel},\n  booktitle = {Bog},\n"
            "  publisher = {Gad},\n  year = {2016},\n}\n",
            "Hansen A.", "Kapitel.", "I: Bog. Gad; 2016.",
            id="incollection-without-editors",
        ),
        pytest.param(ONLINE, "Dansk Selskab for Almen Medicin.", "Lænderygsmerter.", "DSAM. 2023.", id="online"),
        pytest.param(REPORT, "Statens Serum Institut.", "Rygsmerter i Danmark.",
                     "Rapport. Statens Serum Institut. 2019.", id="report"),
        pytest.param(MISC, "", "Patientvideo om iskias.", "Region Hovedstaden. 2022.", id="misc"),
    ],
)
def test_vancouver_text_of_each_entry_type(tmp_path, source, authors, title, details):
    reference = listed(source, tmp_path)
    assert (reference.authors, reference.title, reference.details) == (authors, title, details)


def test_vancouver_book_without_publisher(tmp_path):
    text = "@book{bog2016,\n  title = {Bog uden forlag},\n  year = {2016},\n}\n"
    references, lines = parse(text, tmp_path)
    assert lines == [
        # issue 13: a book names its author or editor, or is reported
        "references.bib:1: warning: @book 'bog2016' has no author/editor or publisher; a reader cannot find the "
        "source without it",
    ]
    assert list_reference(references["bog2016"], 1, [], STRINGS, "da").details == "2016."


def test_listed_reference_links_and_places(tmp_path):
    reference = listed(ARTICLE, tmp_path)
    assert (reference.key, reference.number, reference.places) == ("kjaer2005", 3, ("cite-1", "cite-4"))
    assert (reference.doi, reference.pmid, reference.url) == ("10.1097/01.brs.0000162396.97739.76", "15897832", "")
    assert (reference.accessed, reference.web) == (None, False)


def test_online_source_has_its_address_and_date_seen(tmp_path):
    reference = listed(ONLINE, tmp_path)
    assert reference.url == "https://www.dsam.dk/vejledninger/laenderyg"
    assert reference.accessed == dt.date(2026, 1, 15)
    assert reference.web is True
    assert (reference.doi, reference.pmid, reference.evidence, reference.title_lang) == ("", "", "", "")


@pytest.mark.parametrize(
    ("source", "web"),
    [
        pytest.param(REPORT, True, id="report"),
        pytest.param(MISC, True, id="misc"),
        pytest.param(BOOK, False, id="book"),
        pytest.param(article(urldate="{2026-01-15}"), True, id="article-with-urldate"),
    ],
)
def test_web_sources(tmp_path, source, web):
    assert listed(source, tmp_path).web is web


def test_url_that_only_repeats_the_doi_is_not_shown(tmp_path):
    reference = listed(article(doi="{10.1/x}", url="{https://doi.org/10.1/x}"), tmp_path)
    assert (reference.doi, reference.url) == ("10.1/x", "")


def test_url_beside_a_doi_is_shown_when_it_is_another_address(tmp_path):
    reference = listed(article(doi="{10.1/x}", url="{https://example.org/x}"), tmp_path)
    assert (reference.doi, reference.url) == ("10.1/x", "https://example.org/x")


# --- Language of the title, evidence label ------------------------------------------------------


@pytest.mark.parametrize(
    ("langid", "page_language", "title_lang"),
    [
        pytest.param("{english}", "da", "en", id="english"),
        pytest.param("{English}", "da", "en", id="capitalised"),
        pytest.param("{british}", "da", "en", id="british"),
        pytest.param("{american}", "da", "en", id="american"),
        pytest.param("{en-GB}", "da", "en", id="en-GB"),
        pytest.param("{danish}", "da", "", id="danish"),
        pytest.param(None, "da", "", id="no-langid"),
        pytest.param("{english}", "en", "", id="english-page"),
    ],
)
def test_title_language(tmp_path, langid, page_language, title_lang):
    source = article(langid=langid) if langid else article()
    assert listed(source, tmp_path, page_language).title_lang == title_lang


@pytest.mark.parametrize(
    ("evidence", "label"),
    [
        pytest.param("guideline", "Retningslinje", id="guideline"),
        pytest.param("systematic-review", "Systematisk oversigt", id="systematic-review"),
        pytest.param("narrative-review", "Oversigtsartikel", id="narrative-review"),
        pytest.param("randomised-trial", "Lodtrækningsforsøg", id="randomised-trial"),
        pytest.param("cohort", "Opfølgningsstudie", id="cohort"),
        pytest.param("cross-sectional", "Tværsnitsstudie", id="cross-sectional"),
        pytest.param("expert-opinion", "Ekspertvurdering", id="expert-opinion"),
        pytest.param("textbook", "Lærebog", id="textbook"),
        pytest.param("Systematic-Review", "Systematisk oversigt", id="any-case"),
        pytest.param("anekdote", "", id="unknown-kind"),
    ],
)
def test_evidence_label_in_danish(tmp_path, evidence, label):
    assert listed(article(evidence="{" + evidence + "}"), tmp_path).evidence == label


def test_every_evidence_kind_in_the_locale_is_pinned_above():
    assert sorted(STRINGS["evidence"]) == sorted([
        "guideline", "systematic-review", "narrative-review", "randomised-trial", "cohort",
        "cross-sectional", "expert-opinion", "textbook",
    ])
    assert STRINGS["and_others"] == "m.fl."


def test_no_evidence_gives_no_label(tmp_path):
    assert listed(article(), tmp_path).evidence == ""


# --- Diagnostics from parse_bibliography ---------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        pytest.param(article(journal=None, year=None),
                     "references.bib:1: warning: @article 'key2020' has no journal or year; "
                     "a reader cannot find the source without it", id="article-without-journal-and-year"),
        pytest.param("@book{bog,\n  author = {Hansen, A},\n  title = {Bog},\n  year = {2016},\n}\n",
                     "references.bib:1: warning: @book 'bog' has no publisher; a reader cannot find the source "
                     "without it", id="book-without-publisher"),
        pytest.param("@online{side,\n  url = {https://example.org}\n}\n",
                     "references.bib:1: warning: @online 'side' has no title or year; a reader cannot find the "
                     "source without it", id="online-without-title"),
        pytest.param("@unpublished{note,\n  author = {Hansen, A},\n}\n",
                     "references.bib:1: warning: @unpublished 'note' has no title or year; a reader cannot find "
                     "the source without it", id="other-type-without-title"),
    ],
)
def test_incomplete_entries_are_kept_with_a_warning(tmp_path, source, expected):
    references, lines = parse(source, tmp_path)
    assert lines == [expected]
    assert len(references) == 1


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        pytest.param(article(journal="ugeskr"),
                     "references.bib:4: error: field 'journal' uses 'ugeskr', which is no @string defined above it; "
                     "define it with @string or put the value in braces", id="undefined-macro"),
        pytest.param(article(month="sept"),
                     "references.bib:6: error: field 'month' uses 'sept', which is no @string defined above it "
                     "(a month? write jan, feb, … dec); define it with @string or put the value in braces",
                     id="misspelt-month"),
        pytest.param(article(journal="{J Tests}\n  year = {2020}", year=None),
                     "references.bib:4: error: field 'journal' swallows the next field; a comma is probably "
                     "missing at its end", id="missing-comma"),
    ],
)
def test_entries_with_errors_are_left_out(tmp_path, source, expected):
    references, lines = parse(source, tmp_path)
    assert lines == [expected]
    assert references == {}


def test_duplicate_keys_keep_the_first_entry(tmp_path):
    text = article() + article(title="{Anden}") + article(title="{Tredje}").replace("key2020", "KEY2020")
    references, lines = parse(text, tmp_path)
    assert lines == [
        "references.bib:7: error: duplicate key 'key2020'; every entry needs its own key",
        "references.bib:13: error: duplicate key 'KEY2020' (also 'key2020' on line 1); "
        "keys must differ in more than upper/lower case",
    ]
    assert list(references) == ["key2020"]
    assert references["key2020"].get("title") == "Titel"


def test_crossref_chapter_takes_book_title_publisher_and_year():
    text = """
@book{bog2019, editor = {Berg, K}, title = {Klinisk fysioterapi}, publisher = {Munksgaard}, year = {2019}}
@incollection{kap2019, author = {Lund, J}, title = {Smerter}, crossref = {bog2019}, pages = {45--60}}
"""
    diags = Diagnostics()
    chapter = parse_bibliography(text, Path("references.bib"), diags).references["kap2019"]
    assert diags.items == []
    assert chapter.get("booktitle") == "Klinisk fysioterapi" and chapter.get("publisher") == "Munksgaard"
    assert chapter.get("year") == "2019" and chapter.get("title") == "Smerter" and chapter.editors[0].last == "Berg"
    assert "crossref" not in chapter.fields


def test_crossref_to_an_unknown_key_is_an_error():
    text = "@incollection{kap2019, author = {Lund, J}, title = {Smerter}, crossref = {bog2091}}\n"
    diags = Diagnostics()
    bibliography = parse_bibliography(text, Path("references.bib"), diags)
    assert "kap2019" not in bibliography.references
    assert [d.format() for d in diags.items] == [
        "references.bib:1: error: crossref 'bog2091' of 'kap2019' names no entry; "
        "point it to the book's key, or copy the fields into the entry"]


# --- biblatex (issue 13) ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("latex", "text"),
    [
        pytest.param(r"Smerter og \mkbibquote{s{\o}vn}", "Smerter og »søvn«", id="mkbibquote"),
        pytest.param(r"Smerter og \enquote{s{\o}vn}", "Smerter og »søvn«", id="enquote"),
        pytest.param(r"Ryg\hyphen og bensmerter", "Ryg-og bensmerter", id="hyphen"),
        pytest.param(r"The {\TeX}book", "The TeXbook", id="TeX"),
        pytest.param(r"Vand er H{$_2$}O", "Vand er H2O", id="math-subscript"),
        pytest.param(r"Ca$^{2+}$-ioner", "Ca2+-ioner", id="math-superscript"),
        pytest.param(r"a {\relax b} c", "a b c", id="relax"),
        pytest.param(r"\emph{Kursiv} og \textbf{fed}", "Kursiv og fed", id="emph-and-bold"),
        pytest.param("ubalanceret } og { og $ tegn", "ubalanceret og og tegn", id="unbalanced"),
    ],
)
def test_latex_is_decoded_without_giving_up_on_the_field(tmp_path, latex, text):
    assert one(article(title="{" + latex + "}"), tmp_path).get("title") == text


def test_emphasis_and_scripts_in_a_title_are_spans(tmp_path):
    reference = listed(article(title=r"{Om \emph{iskias} og H$_2$O}"), tmp_path)
    assert [(s.text, s.style) for s in reference.title_spans] == [
        ("Om ", ""), ("iskias", "em"), (" og H", ""), ("2", "sub"), ("O.", "")]
    assert reference.title == "Om iskias og H2O."


def test_a_name_with_relax_loses_its_braces(tmp_path):
    assert listed(article(author=r"{Bunge, {\relax MA}}"), tmp_path).authors == "Bunge MA."


def test_an_unknown_latex_command_is_dropped_to_its_argument_and_reported_at_its_line(tmp_path):
    references, lines = parse(article(title="{Om\n  \\foo{ryggen}}"), tmp_path)
    assert references["key2020"].get("title") == "Om ryggen"
    assert lines == ["references.bib:4: warning: 'title' of 'key2020' uses the LaTeX command \\foo, which has no "
                     "meaning here; it is left out and its text kept: write the text without it"]


@pytest.mark.parametrize(
    ("date", "year", "month"),
    [
        pytest.param("2016", "2016", "", id="year"),
        pytest.param("2016-05", "2016", "5", id="year-month"),
        pytest.param("2016-05-03", "2016", "5", id="day"),
        pytest.param("2016/2018", "2016–2018", "", id="range"),
        pytest.param("2016-05-03/2016-06-01", "2016", "5", id="range-in-one-year"),
        pytest.param("2016/", "2016–", "", id="open-range"),
        pytest.param("2016/..", "2016–", "", id="open-range-edtf"),
    ],
)
def test_biblatex_date_gives_the_year(tmp_path, date, year, month):
    reference = one(article(year=None, date="{" + date + "}"), tmp_path)
    assert (reference.get("year"), reference.get("month")) == (year, month)


@pytest.mark.parametrize("date", ["2026-02-30", "2016-13", "16", "2018/2016", "maj 2016"])
def test_a_date_that_is_not_one_is_reported_with_the_forms(tmp_path, date):
    _, lines = parse(article(date="{" + date + "}"), tmp_path)
    assert lines == [f"references.bib:6: warning: 'date' of 'key2020' is not a date: {date}; write YYYY, "
                     "YYYY-MM, YYYY-MM-DD or a range such as 2016/2018"]


def test_the_book_from_the_issue_has_its_year(tmp_path):
    source = "@book{h, author={Hansen, Anne}, title={Ryggen}, publisher={Munksgaard}, date={2016}}\n"
    reference = listed(source, tmp_path)
    assert (reference.authors, reference.title, reference.details) == ("Hansen A.", "Ryggen.", "Munksgaard; 2016.")


def test_journaltitle_and_location(tmp_path):
    article_text = article(journal=None, journaltitle="{Ugeskrift for L{\\ae}ger}", volume="{182}")
    assert listed(article_text, tmp_path).details == "Ugeskrift for Læger. 2020;182."
    book = "@book{b, author={Hansen, A}, title={Bog}, publisher={Gad}, location={K{\\o}benhavn}, date={2016}}\n"
    assert listed(book, tmp_path).details == "København: Gad; 2016."


def test_inbook_keeps_its_book_title_and_pages(tmp_path):
    source = ("@inbook{kap, author={Hansen, Anne}, title={Kapitlet}, booktitle={Bogen om ryggen}, "
              "publisher={Munksgaard}, year={2016}, pages={10--20}}\n")
    assert listed(source, tmp_path).details == "I: Bogen om ryggen. Munksgaard; 2016. s. 10–20."


def test_an_edited_book_shows_its_editors(tmp_path):
    source = "@collection{c, editor={Berg, K and Lund, J}, title={Klinisk fysioterapi}, publisher={Gad}, date={2019}}\n"
    assert listed(source, tmp_path).authors == "Berg K, Lund J, red."


def test_an_inbook_crossref_gives_booktitle_and_bookauthor(tmp_path):
    source = ("@book{bog, author={Berg, K}, title={Bogen}, publisher={Gad}, date={2019}}\n"
              "@inbook{kap, author={Lund, J}, title={Kapitlet}, crossref={bog}, pages={5--9}}\n")
    references, lines = parse(source, tmp_path)
    assert lines == []
    listed_chapter = list_reference(references["kap"], 1, [], STRINGS, "da")
    assert listed_chapter.details == "I: Berg K. Bogen. Gad; 2019. s. 5–9."


def test_xdata_fields_are_inherited_and_xdata_entries_not_listed(tmp_path):
    source = ("@xdata{gad, publisher={Gad}, location={K{\\o}benhavn}}\n"
              "@book{b, author={Hansen, A}, title={Bog}, date={2016}, xdata={gad}}\n")
    references, lines = parse(source, tmp_path)
    assert (lines, list(references)) == ([], ["b"])
    assert list_reference(references["b"], 1, [], STRINGS, "da").details == "København: Gad; 2016."


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        pytest.param("@book{b, author={A, B}, title={T}, publisher={P}, date={2016}, xdata={gad}}\n",
                     "references.bib:1: error: xdata 'gad' of 'b' names no entry; point it to an @xdata entry's key, "
                     "or copy the fields into the entry", id="xdata-unknown"),
        pytest.param("@xdata{x1, xdata={x2}}\n@xdata{x2, xdata={x1}}\n"
                     "@book{b, author={A, B}, title={T}, publisher={P}, date={2016}, xdata={x1}}\n",
                     "references.bib:3: error: xdata of 'b' goes round in a circle (b → x1 → x2 → x1); "
                     "remove one of the xdata fields", id="xdata-circle"),
        pytest.param("@inbook{k, author={A, B}, title={T}, booktitle={B}, date={2016}, xref={bog}}\n",
                     "references.bib:1: error: xref 'bog' of 'k' names no entry; point it to the book's key, "
                     "or remove it", id="xref-unknown"),
        pytest.param("@book{a, author={A, B}, title={T}, publisher={P}, date={2016}, crossref={b}}\n"
                     "@book{b, author={A, B}, title={T}, publisher={P}, date={2016}, crossref={a}}\n",
                     "references.bib:1: error: crossref 'b' of 'a' goes round in a circle (a → b → a); "
                     "remove one of the crossref fields", id="crossref-circle"),
        pytest.param("@video{v, title={Film}, date={2020}}\n",
                     "references.bib:1: warning: @video 'v' is an entry type with no Vancouver form; it is shown as "
                     "@misc (title, publisher, year): use @book, @article, @online or @misc", id="unknown-type"),
        pytest.param("@set{s, entryset={a,b}}\n",
                     "references.bib:1: warning: @set 's' is not shown: cite a, b one by one instead", id="set"),
    ],
)
def test_inheritance_and_type_problems_are_reported_at_the_entry(tmp_path, source, expected):
    _, lines = parse(source, tmp_path)
    assert expected in lines


@pytest.mark.parametrize(
    ("entry_type", "details"),
    [
        pytest.param("mvbook", "Gad; 2016.", id="mvbook"),
        pytest.param("manual", "Gad; 2016.", id="manual"),
        pytest.param("online", "Gad. 2016.", id="online"),
        pytest.param("patent", "Patent nr. 123. Gad. 2016.", id="patent"),
        pytest.param("thesis", "Gad. 2016.", id="thesis"),
    ],
)
def test_biblatex_types_have_a_vancouver_form(tmp_path, entry_type, details):
    source = (f"@{entry_type}{{k, author={{Hansen, A}}, title={{T}}, publisher={{Gad}}, institution={{Gad}}, "
              "date={2016}, number={123}, url={https://example.org}}\n")
    assert listed(source, tmp_path).details == details


def test_eprint_pubmed_and_arxiv(tmp_path):
    pubmed = listed(article(eprint="{25430861}", eprinttype="{pubmed}"), tmp_path)
    assert pubmed.pmid == "25430861"
    arxiv = listed(article(eprint="{1234.5678}", eprinttype="{arXiv}"), tmp_path)
    assert arxiv.eprint == ("arXiv", "1234.5678", "https://arxiv.org/abs/1234.5678")


@pytest.mark.parametrize(("langid", "lang"), [("{german}", "de"), ("{ngerman}", "de"), ("{french}", "fr"),
                                             ("{klingon}", "")])
def test_langid_of_other_languages(tmp_path, langid, lang):
    assert listed(article(langid=langid), tmp_path).title_lang == lang


def test_the_reference_template_writes_styles_as_elements_and_escapes_text(make_site, tmp_path):
    from conftest import BIB, INDEX
    from iskias_site.pipeline.site import build_site
    bib = BIB + r"@article{e2020, author={Hansen, A}, title={Om \emph{<b>iskias</b>} og H$_2$O}, journal={J}, year={2020}}"
    root = make_site({"references.bib": bib, "content/test/index.md": INDEX.replace("[@beta2021]", "[@e2020]")})
    out = tmp_path / "out"
    assert build_site(root, out).ok
    page = (out / "test/index.html").read_text(encoding="utf-8")
    assert '. Om <em>&lt;b&gt;iskias&lt;/b&gt;</em> og H<sub>2</sub>O. ' in page
