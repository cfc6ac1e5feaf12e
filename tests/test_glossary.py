"""The glossary: ordbog.yml read at its lines, terms marked on the page (Markdown in, exact HTML
out), the editor's marks, the Ordbog page, and `check`'s unexplained rare words."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from markdown_helpers import convert

from iskias_site.convert.glossary import TermUses
from iskias_site.diagnostics import Diagnostics
from iskias_site.lint.lints import check_site
from iskias_site.lint.terms import EverydayDanish
from iskias_site.load.glossary import Glossary, Term, load_glossary
from iskias_site.render.collation import danish_key
from iskias_site.render.glossary import sorted_terms
from iskias_site.pipeline.site import build_site

TODAY = dt.date(2026, 11, 26)
GLOSSARY = Glossary(terms=(
    Term("diskusprolaps", "En udposning fra en diskus [@a].", ("diskusprolapsen",), (), 3),
    Term("nerverod", "Hvor nerven går ud fra rygsøjlen.", ("nerverødder", "nerverødderne"), (), 6),
    Term("cauda equina-syndrom", "Nerverne nederst er i klemme.", (), (), 9),
))
NERVEROD = (
    '<div aria-label="nerverod" class="term-preview" id="ord-nerverod" popover="" role="dialog">'
    'Hvor nerven går ud fra rygsøjlen. <a href="../ordbog/#nerverod">Se ordet i ordbogen.</a>'
    '<button popovertarget="ord-nerverod" popovertargetaction="hide">Luk</button></div>'
)


def button(word: str, text: str | None = None) -> str:
    return f'<button class="term" popovertarget="ord-{word}">{text or word}</button>'


def glossary_convert(text: str, terms: TermUses | None = None) -> str:
    return convert(text, glossary=GLOSSARY, terms=terms)


# --- marking -------------------------------------------------------------------------------------

def test_the_first_use_is_a_button_and_the_explanation_follows_the_block():
    assert glossary_convert("En nerverod og en nerverod.") == (
        f"<p>En {button('nerverod')} og en nerverod.</p>\n{NERVEROD}")


def test_an_inflected_form_is_marked_and_keeps_its_spelling():
    assert glossary_convert("Om diskusprolapsen.").startswith(
        f"<p>Om {button('diskusprolaps', 'diskusprolapsen')}.</p>")


def test_an_irregular_form_listed_in_forms_is_marked():
    assert glossary_convert("Tryk på nerverødderne.").startswith(
        f"<p>Tryk på {button('nerverod', 'nerverødderne')}.</p>")


def test_a_term_of_two_words_is_marked_whole():
    assert glossary_convert("Det kaldes cauda equina-syndrom.").startswith(
        f"<p>Det kaldes {button('cauda-equina-syndrom', 'cauda equina-syndrom')}.</p>")


def test_a_later_section_marks_again_but_the_explanation_is_on_the_page_once():
    uses = TermUses()
    glossary_convert("En nerverod.", terms=uses)
    assert glossary_convert("Igen en nerverod.", terms=uses) == f"<p>Igen en {button('nerverod')}.</p>"
    assert list(uses.used) == ["nerverod"]


def test_a_second_heading_of_one_file_starts_a_new_section():
    html = glossary_convert("## Et\n\nEn nerverod.\n\n## To\n\nEn nerverod.")
    assert html.count('class="term"') == 2 and html.count('class="term-preview"') == 1


def test_never_in_headings_links_code_citations_or_care_cards():
    text = ("## Om nerverod\n\n[nerverod](#x), `nerverod`, <abbr title=\"nerverod\">NR</abbr>\n\n"
            "::: card urgent\n- har ondt ved en nerverod\n:::\n")
    assert 'class="term"' not in glossary_convert(text)


def test_the_citation_in_an_explanation_is_numbered_where_it_stands():
    html = glossary_convert("En diskusprolaps [@b].")
    assert html.index('id="cite-1"') < html.index('id="ord-diskusprolaps"') < html.index('id="cite-2"')
    assert 'id="cite-1" aria-label="Kilde 1"' in html and 'id="cite-2" aria-label="Kilde 2"' in html


def test_an_editor_can_keep_one_use_unmarked():
    assert glossary_convert("En {{!nerverod}} og en nerverod.") == (
        f"<p>En nerverod og en {button('nerverod')}.</p>\n{NERVEROD}")


def test_an_editor_can_mark_a_use_by_hand():
    assert glossary_convert("En nerverod og en {{nerverod}}.") == (
        f"<p>En {button('nerverod')} og en {button('nerverod')}.</p>\n{NERVEROD}")


def test_a_hand_mark_in_code_is_code():
    assert glossary_convert("`{{nerverod}}`") == "<p><code>{{nerverod}}</code></p>"


# --- ordbog.yml ----------------------------------------------------------------------------------

def load(make_site, text: str) -> tuple[Glossary, list[str]]:
    root = make_site({"ordbog.yml": text})
    diags = Diagnostics(root)
    from iskias_site.load.bibliography import load_bibliography

    glossary = load_glossary(root, load_bibliography(root / "references.bib", Diagnostics(root)), diags)
    return glossary, [d.format() for d in diags.sorted()]


def test_a_term_given_twice_is_an_error_at_its_line(make_site):
    _, lines = load(make_site, "terms:\n  nerverod:\n    explanation: Et.\n  nerverod:\n    explanation: To.\n")
    assert lines == ["ordbog.yml:4: error: 'nerverod' is given twice (first on line 2); keep one"]


def test_an_empty_explanation_is_an_error_at_its_term(make_site):
    _, lines = load(make_site, "terms:\n  nerverod:\n    explanation: ''\n")
    assert lines == ["ordbog.yml:2: error: missing required key 'explanation': one or two short sentences in plain Danish"]


def test_an_unknown_key_is_an_error_with_a_suggestion(make_site):
    _, lines = load(make_site, "terms:\n  nerverod:\n    explanation: Et.\n    form: [nerverødder]\n")
    assert lines == ["ordbog.yml:4: error: unknown key 'form' (did you mean 'forms'?)"]


def test_an_unknown_related_term_and_citation_key_are_errors(make_site):
    _, lines = load(make_site, "terms:\n  nerverod:\n    explanation: Et [@alpha2021].\n    related: [nerverødder]\n")
    assert lines == ["ordbog.yml:3: error: unknown citation key 'alpha2021' (did you mean 'alpha2020'?)"]
    _, lines = load(make_site, "terms:\n  nerverod:\n    explanation: Et.\n    related: [nerverødd]\n")
    assert lines == ["ordbog.yml:2: error: 'nerverod': related term 'nerverødd' is not in the glossary (did you mean 'nerverod'?)"]


def test_two_terms_sharing_a_form_are_an_error(make_site):
    _, lines = load(make_site, "terms:\n  rod:\n    explanation: Et.\n  roden:\n    explanation: To.\n")
    assert lines == ["ordbog.yml:4: error: 'roden' and 'rod' share a form; a word can belong to one term only"]


def test_an_unknown_hand_mark_is_an_error_at_its_line(make_site):
    root = make_site({"ordbog.yml": "terms:\n  nerverod:\n    explanation: Et.\n",
                      "content/test/01-foerste.md": "## Første afsnit\n\nTekst [@alpha2020].\n\nEn {{nerverdo}}.\n"})
    result = build_site(root, root / "_site", today=TODAY)
    assert [d.format() for d in result.diagnostics.errors] == [
        "content/test/01-foerste.md:5: error: '{{nerverdo}}' is no term in the glossary (did you mean 'nerverod'?)"]


def test_danish_alphabetical_order_puts_ae_oe_aa_after_z():
    words = ["å", "ø", "æ", "zone", "Ært", "abe", "émne", "L4–S1"]
    assert sorted(words, key=danish_key) == ["abe", "émne", "L4–S1", "zone", "æ", "Ært", "ø", "å"]
    glossary = Glossary(terms=tuple(Term(w, "x", (), (), 1) for w in ("øre", "ansigt", "åre")))
    assert [t.word for t in sorted_terms(glossary)] == ["ansigt", "øre", "åre"]


# --- the site ------------------------------------------------------------------------------------

SITE_GLOSSARY = """\
terms:
  nerverod:
    explanation: Hvor nerven går ud fra rygsøjlen.
    related: [ansigt]
  ansigt:
    explanation: Forsiden af hovedet.
"""


def test_the_ordbog_page_lists_terms_in_order_with_anchors_and_articles(make_site):
    root = make_site({"ordbog.yml": SITE_GLOSSARY,
                      "content/test/01-foerste.md": "## Første afsnit\n\nEn nerverod [@alpha2020].\n"})
    result = build_site(root, root / "_site", today=TODAY)
    assert result.ok, [d.format() for d in result.diagnostics.items]
    page = (root / "_site" / "ordbog" / "index.html").read_text(encoding="utf-8")
    assert page.index('<dt id="ansigt">') < page.index('<dt id="nerverod">')
    assert '<a href="#ansigt">ansigt</a>' in page and '<a href="../test/">Testartikel</a>' in page
    assert '<a href="ordbog/">Ordbog</a>' in (root / "_site" / "index.html").read_text(encoding="utf-8")
    assert "https://test.example/ordbog/" in (root / "_site" / "sitemap.xml").read_text(encoding="utf-8")


def test_a_site_without_ordbog_yml_has_no_ordbog_page(make_site):
    root = make_site()
    assert build_site(root, root / "_site", today=TODAY).ok
    assert not (root / "_site" / "ordbog").exists()


# --- check: unexplained rare words ---------------------------------------------------------------

def test_a_rare_word_without_an_explanation_is_reported_at_its_first_use(make_site):
    root = make_site({"ordbog.yml": SITE_GLOSSARY + "accepted:\n  - piriformis  # a name\n",
                      "content/test/01-foerste.md": (
                          "## Første afsnit\n\nTekst [@alpha2020].\n\nDet kan være radikulopati. Igen radikulopati.\n\n"
                          "En nerverod og piriformis. Det hedder spondylolyse.\n\n"
                          "En forsnævring (spinalstenose) er noget andet end en Brinjikji.\n")})
    diags, _ = check_site(root, TODAY)
    assert [d.format() for d in diags.items if "explain" in d.message] == [
        "content/test/01-foerste.md:5: warning: explain 'radikulopati' or add it to the glossary"]


def test_everyday_danish_knows_inflections_and_compounds():
    everyday = EverydayDanish()
    for word in ("smerterne", "scanningerne", "træningsdagbog", "genoptræning"):
        assert everyday.known(word), word
    assert not everyday.known("radikulopati")


def test_the_real_site_has_no_unexplained_rare_word():
    repo = Path(__file__).resolve().parent.parent
    diags, _ = check_site(repo, TODAY)
    assert [d.format() for d in diags.items if "or add it to the glossary" in d.message] == []
