"""The printable handout: the sciatica article's PDF and page as a reader gets them, the
`::: handout` block's rules, and the cache.

The care cards' signs are read from the built article page and the phone numbers from site.yml,
so these tests hold whatever the Danish text says.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pypdf
import pypdfium2
import pytest
from conftest import INDEX
import tinyhtml5
import zxingcpp
from markdown_helpers import convert

from iskias_site.diagnostics import Diagnostics
from iskias_site.lint.lints import LintSettings, run_lints
from iskias_site.load.config import load_config
from iskias_site.load.strings import load_strings
from iskias_site.pipeline.site import build_site, load_site

REPO = Path(__file__).resolve().parent.parent
SLUG = "iskiassmerter"


def _text(value: str) -> str:
    return " ".join(value.split())


@pytest.fixture(scope="module")
def sciatica(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("handout") / "site"
    result = build_site(REPO, out, use_cache=False)
    assert result.ok, "\n".join(d.format() for d in result.diagnostics.sorted())
    return out


@pytest.fixture(scope="module")
def pdf(sciatica: Path) -> pypdf.PdfReader:
    return pypdf.PdfReader(sciatica / SLUG / f"{SLUG}.pdf")


@pytest.fixture(scope="module")
def pdf_text(pdf: pypdf.PdfReader) -> str:
    return _text(" ".join(page.extract_text() for page in pdf.pages))


def _words(element) -> str:
    """The element's text without its citations (the handout has no reference list)."""
    if "citation-button" in (element.get("class") or "").split():
        return ""  # a citation
    return (element.text or "") + "".join(_words(child) + (child.tail or "") for child in element)


def card_signs(page: Path) -> dict[str, list[str]]:
    """Each care card's signs as the built article page shows them, by level."""
    body = tinyhtml5.parse(page.read_text(encoding="utf-8"), namespace_html_elements=False)
    signs: dict[str, list[str]] = {}
    for card in body.iter("div"):
        classes = (card.get("class") or "").split()
        if "care-card" in classes:
            level = next(c for c in classes if c.startswith("care-card-")).removeprefix("care-card-")
            lists = [ul for ul in card.iter("ul") if "care-card-phones" not in (ul.get("class") or "")]
            signs.setdefault(level, []).extend(re.sub(r"\s+([.,;:])", r"\1", _text(_words(li)))
                                               for ul in lists for li in ul.findall("li"))
    return signs


# --- the sciatica handout as a PDF -------------------------------------------------------------

def test_the_sciatica_handout_is_at_most_two_pages(pdf):
    assert 1 <= len(pdf.pages) <= 2


def test_it_holds_every_sign_of_every_care_card(sciatica, pdf_text):
    signs = card_signs(sciatica / SLUG / "index.html")
    assert signs.get("emergency"), "the article's page has no emergency card"
    for level, texts in signs.items():
        for sign in texts:
            assert sign in pdf_text, f"{level} sign missing from the PDF: {sign!r}"


def test_it_holds_every_phone_number_of_site_yml(pdf_text):
    config = load_config(REPO, Diagnostics(REPO))
    call = load_strings()["card"]["call"]
    assert config.phones
    for phone in config.phones:
        assert call.format(number=phone.number) in pdf_text, f"no '{call.format(number=phone.number)}' in the PDF"


def test_its_qr_code_reads_as_the_articles_address(pdf):
    config = load_config(REPO, Diagnostics(REPO))
    document = pypdfium2.PdfDocument(pdf.stream)
    try:
        image = document[len(document) - 1].render(scale=3).to_pil()  # the address is at the end
    finally:
        document.close()
    assert [code.text for code in zxingcpp.read_barcodes(image)] == [f"{config.base_url}{SLUG}/"]


def test_it_prints_the_address_review_status_and_disclaimer(pdf_text):
    config = load_config(REPO, Diagnostics(REPO))
    strings = load_strings()
    assert f"{config.base_url}{SLUG}/" in pdf_text
    assert _text(strings["disclaimer"]) in pdf_text
    assert strings["next_review"] in pdf_text
    assert _text(strings["review_pending"]) in pdf_text  # reviewer: "" in the front matter: never filled in


def test_it_is_a_tagged_danish_pdf_with_title_author_and_embedded_fonts(pdf):
    root = pdf.trailer["/Root"]
    assert root["/Lang"] == "da"
    assert bool(root["/MarkInfo"]["/Marked"]) and "/StructTreeRoot" in root
    assert pdf.metadata.title == "Iskiassmerter – Kort udgave til udskrift"
    assert pdf.metadata.author == "Redaktionen"
    fonts = [font.get_object() for page in pdf.pages for font in page["/Resources"]["/Font"].values()]
    assert fonts
    for font in fonts:
        descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
        assert "/FontFile2" in descriptor, f"{font['/BaseFont']} is not embedded"


# The handout page in a browser (axe, 320 px, links, focus): test_browser.py, whose PAGES holds it.


# --- the `::: handout` block -------------------------------------------------------------------

HANDOUT = "::: handout\n- Gå en tur hver dag.\n- Hold dig i gang.\n:::\n"
SECTION = "content/test/01-foerste.md"


def test_the_block_is_not_shown_on_the_page():
    assert convert("Før.\n\n" + HANDOUT + "\nEfter.\n") == "<p>Før.</p>\n<p>Efter.</p>"


def test_its_points_are_on_the_handout_and_not_on_the_page(make_site, tmp_path):
    root = make_site({SECTION: "## Første afsnit\n\nTekst [@alpha2020].\n\n" + HANDOUT})
    result = build_site(root, tmp_path / "out", today=dt.date(2026, 6, 1))
    assert result.ok, [d.format() for d in result.diagnostics.items]
    handout = (tmp_path / "out/test/udskrift/index.html").read_text(encoding="utf-8")
    assert '<h2 id="selv-goere">Det kan du selv gøre</h2>\n    <ul>\n<li>Gå en tur hver dag.</li>' in handout
    assert "Gå en tur" not in (tmp_path / "out/test/index.html").read_text(encoding="utf-8")
    assert (tmp_path / "out/test/test.pdf").read_bytes().startswith(b"%PDF-")


def _build_errors(make_site, tmp_path, text: str) -> list[str]:
    root = make_site({SECTION: "## Første afsnit\n\nTekst [@alpha2020].\n\n" + text})
    result = build_site(root, tmp_path / "out", today=dt.date(2026, 6, 1))
    return [d.format() for d in result.diagnostics.sorted() if d.severity == "error"]


@pytest.mark.parametrize(("text", "message"), [
    ("::: handout\nGå en tur.\n:::\n",
     "5: error: a handout block holds only a '- ' list of short things the reader can do"),
    ("::: handout\n" + "".join(f"- Punkt {n}.\n" for n in range(7)) + ":::\n",
     "5: error: the handout lists 7 points; at most 6, so it fits on one printed page"),
    ("::: handout Gode råd\n- Gå en tur.\n:::\n",
     "5: error: a handout block has no title; the handout heads it 'Det kan du selv gøre'"),
    ("::: handout\n- Gå en tur.\n- Træn [@alpha2020].\n:::\n",
     "7: error: a handout point cites no source (the handout has no reference list); "
     "cite it in the article's text instead"),
])
def test_a_malformed_handout_block(make_site, tmp_path, text, message):
    assert _build_errors(make_site, tmp_path, text) == [f"{SECTION}:{message}"]


def test_a_second_handout_block(make_site, tmp_path):
    root = make_site({"content/test/index.md": INDEX + "\n" + HANDOUT,
                      SECTION: "## Første afsnit\n\nTekst [@alpha2020].\n\n" + HANDOUT})
    result = build_site(root, tmp_path / "out", today=dt.date(2026, 6, 1))
    assert [d.format() for d in result.diagnostics.sorted() if d.severity == "error"] == [
        f"{SECTION}:5: error: a second '::: handout' block (the first is at index.md:12); keep one list"]


def test_an_article_without_a_handout_list_is_a_warning_of_check(make_site):
    root = make_site()
    diags = Diagnostics(root)
    site = load_site(root, diags)
    built = len(diags.items)
    run_lints(site, dt.date(2026, 6, 1), LintSettings(), diags)
    assert [d.format() for d in diags.items[built:] if "handout" in d.message] == [
        "content/test/index.md:1: warning: the printable handout has no 'Det kan du selv gøre' list; "
        "add a '::: handout' block with 3 to 6 short points the reader can do"]
    with_list = make_site({SECTION: "## Første afsnit\n\nTekst [@alpha2020].\n\n" + HANDOUT})
    site = load_site(with_list, Diagnostics(with_list))
    quiet = Diagnostics(with_list)
    run_lints(site, dt.date(2026, 6, 1), LintSettings(), quiet)
    assert not [d for d in quiet.items if "handout" in d.message]


# --- links and the cache -----------------------------------------------------------------------

def test_the_article_links_its_handout(sciatica):
    page = (sciatica / SLUG / "index.html").read_text(encoding="utf-8")
    assert '<a href="iskiassmerter.pdf">Hent en kort udgave til udskrift (PDF, 1 side)</a>' in page \
        or '<a href="iskiassmerter.pdf">Hent en kort udgave til udskrift (PDF, 2 sider)</a>' in page
    assert '<a href="udskrift/">Se den korte udgave som webside</a>' in page


def test_the_handout_page_has_no_buttons_for_what_is_not_on_it(sciatica):
    """Citations (no reference list here) and glossary terms (no explanations here) become text."""
    page = (sciatica / SLUG / "udskrift" / "index.html").read_text(encoding="utf-8")
    assert "<button" not in page and "popovertarget" not in page and 'class="citation' not in page


def test_a_warm_build_takes_the_pdf_from_the_cache(make_site, tmp_path):
    root = make_site()
    out = tmp_path / "out"
    assert build_site(root, out, today=dt.date(2026, 6, 1)).built == 1
    first = (out / "test/test.pdf").read_bytes()
    warm = build_site(root, out, today=dt.date(2026, 6, 1))
    assert warm.ok and warm.built == 0
    assert (out / "test/test.pdf").read_bytes() == first
    assert len(list((root / ".iskias-cache").glob("*.pdf"))) == 1
    stylesheet = root / "static/handout.css"
    stylesheet.write_text(stylesheet.read_text(encoding="utf-8") + "\nh1 { font-size: 30pt; }\n", encoding="utf-8")
    assert build_site(root, out, today=dt.date(2026, 6, 1)).built == 1  # the PDF is drawn with it
    assert len(list((root / ".iskias-cache").glob("*.pdf"))) == 1  # the old one is dropped


# --- which builds draw a PDF -------------------------------------------------------------------

@pytest.fixture
def drawn(monkeypatch) -> list[str]:
    """The base address of every PDF drawn in this process (the fixture sites build in one)."""
    from iskias_site.render.pdf import PdfWriter

    calls: list[str] = []
    write = PdfWriter.write

    def counted(self, html: str, base_url: str):
        calls.append(base_url.split("/site/")[-1])
        return write(self, html, base_url)

    monkeypatch.setattr(PdfWriter, "write", counted)
    return calls


OTHER = "content/anden/index.md"


def test_check_draws_no_pdf_and_still_checks_the_handout(make_site, drawn):
    root = make_site({OTHER: INDEX.replace("Testartikel", "Anden"), "content/anden/01-x.md": "## X\n\nTekst.\n\n" + HANDOUT})
    diags = Diagnostics(root)
    run_lints(load_site(root, diags), dt.date(2026, 6, 1), LintSettings(), diags)
    assert drawn == []
    assert [d.format() for d in diags.items if "handout" in d.message] == [
        "content/test/index.md:1: warning: the printable handout has no 'Det kan du selv gøre' list; "
        "add a '::: handout' block with 3 to 6 short points the reader can do"]


def test_a_pdf_is_drawn_again_only_when_what_draws_it_changes(make_site, tmp_path, drawn):
    root = make_site({OTHER: INDEX.replace("Testartikel", "Anden"), "content/anden/01-x.md": "## X\n\nTekst.\n\n" + HANDOUT})
    out, today = tmp_path / "out", dt.date(2026, 6, 1)
    assert build_site(root, out, today=today).built == 2
    assert sorted(drawn) == ["anden/udskrift/index.html", "test/udskrift/index.html"]
    drawn.clear()
    assert build_site(root, out, today=today).built == 0 and drawn == []  # warm: nothing drawn
    # a paragraph the handout does not show: the page is built again, its PDF taken from the cache
    (root / "content/anden/01-x.md").write_text("## X\n\nAnden tekst.\n\n" + HANDOUT, encoding="utf-8")
    assert build_site(root, out, today=today).built == 1 and drawn == []
    # a point of the handout: exactly that one PDF is drawn again
    (root / "content/anden/01-x.md").write_text("## X\n\nAnden tekst.\n\n" + HANDOUT.replace("tur", "lang tur"),
                                                encoding="utf-8")
    result = build_site(root, out, today=today)
    assert result.ok and result.built == 1 and drawn == ["anden/udskrift/index.html"]
    assert "lang tur" in pypdf.PdfReader(out / "anden/anden.pdf").pages[0].extract_text()
    assert len(list((root / ".iskias-cache").glob("*.pdf"))) == 2  # the replaced one is dropped


# --- site.yml's `handouts`: pdf (the default), html, off ---------------------------------------

def test_handouts_html_makes_the_page_and_no_pdf(make_site, tmp_path, drawn):
    from conftest import SITE_YML

    root = make_site({"site.yml": SITE_YML + "handouts: html\n"})
    result = build_site(root, tmp_path / "out", today=dt.date(2026, 6, 1))
    assert result.ok and drawn == []
    assert not (tmp_path / "out/test/test.pdf").exists()
    assert "pdf" not in (tmp_path / "out/test/udskrift/index.html").read_text(encoding="utf-8").lower().split("<main")[1]
    page = (tmp_path / "out/test/index.html").read_text(encoding="utf-8")
    assert '<p class="handout-link"><a href="udskrift/">Se den korte udgave som webside</a></p>' in page
    assert ".pdf" not in page


def test_handouts_none_makes_neither(make_site, tmp_path, drawn):
    from conftest import SITE_YML

    root = make_site({"site.yml": SITE_YML + "handouts: none\n"})
    result = build_site(root, tmp_path / "out", today=dt.date(2026, 6, 1))
    assert result.ok and drawn == []
    assert not (tmp_path / "out/test/test.pdf").exists() and not (tmp_path / "out/test/udskrift").exists()
    page = (tmp_path / "out/test/index.html").read_text(encoding="utf-8")
    assert "handout-link" not in page and "udskrift" not in page
    warm = build_site(root, tmp_path / "out", today=dt.date(2026, 6, 1))
    assert warm.ok and warm.built == 0 and not (tmp_path / "out/test/udskrift").exists()
    diags = Diagnostics(root)
    run_lints(load_site(root, diags), dt.date(2026, 6, 1), LintSettings(), diags)
    assert not [d for d in diags.items if "handout" in d.message]  # no list asked for what is not made


def test_an_unknown_handouts_value(make_site, tmp_path):
    from conftest import SITE_YML

    root = make_site({"site.yml": SITE_YML + "handouts: pfd\n"})
    result = build_site(root, tmp_path / "out", today=dt.date(2026, 6, 1))
    assert [d.format() for d in result.diagnostics.sorted() if d.severity == "error"] == [
        "site.yml:16: error: handouts 'pfd' is unknown (did you mean 'pdf'?)"]
