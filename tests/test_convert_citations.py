"""Citations: Markdown in, exact HTML out."""

from __future__ import annotations

from pathlib import Path

from markdown_helpers import convert

from iskias_site.diagnostics import ENGLISH
from iskias_site.messages import render
from iskias_site.source.citations import CitationNumbers


def test_single_citation_is_one_button_with_the_citations_id():
    # no fallback link: popovers are in every current browser, and the reference list is on the page
    assert convert("Tekst [@a] her") == (
        '<p>Tekst <button class="citation-button" id="cite-1" aria-label="Kilde 1" '
        'popovertarget="cite-1-kilder">(1)</button> her</p>'
    )


def test_full_stop_after_a_citation_stays_on_its_line():
    # in a span with the button: a browser may break the line between a button and a full stop
    assert convert("Tekst [@a]. Mere.") == (
        '<p>Tekst <span class="citation-nowrap"><button class="citation-button" id="cite-1" aria-label="Kilde 1" '
        'popovertarget="cite-1-kilder">(1)</button>.</span> Mere.</p>'
    )


def test_three_in_a_row_compress_in_the_button():
    html = convert("[@c; @a; @b]")
    assert '>(1–3)</button>' in html
    assert 'aria-label="Kilde 1 til 3"' in html
    assert "<a" not in html


def test_one_two_three_five_is_never_one_to_five():
    numbers = CitationNumbers()
    convert("[@a] [@b] [@c] [@d] [@e]", numbers=numbers)
    html = convert("[@a; @b; @c; @e]", numbers=numbers)
    assert ">(1–3, 5)</button>" in html
    assert 'aria-label="Kilder 1 til 3 og 5"' in html


def test_two_in_a_row_stay_apart():
    assert ">(1, 2)</button>" in convert("[@a; @b]")


def test_a_reference_cited_twice_keeps_its_first_number():
    html = convert("[@a] og [@b] og igen [@a].")
    assert [part.split(">")[-1] for part in html.split("</button>")[:-1]] == ["(1)", "(2)", "(1)"]


def test_numbering_spans_the_parts_of_an_article():
    numbers = CitationNumbers()
    convert("[@b]", numbers=numbers)
    assert ">(2)</button>" in convert("[@a]", numbers=numbers)
    assert numbers.places == {"b": ["cite-1"], "a": ["cite-2"]}


def test_locator_is_shown_after_its_number():
    html = convert("[@a, s. 12]")
    assert ">(1, s. 12)</button>" in html


def test_locator_is_escaped_as_text_and_keeps_backslash_escaped_characters():
    html = convert(r"[@a, s. 3 & 4 <x> \*]")
    assert '>(1, s. 3 &amp; 4 &lt;x&gt; *)</button>' in html


def test_escaped_bracket_and_code_stay_text():
    assert convert(r"\[@a] og `[@a]`") == "<p>[@a] og <code>[@a]</code></p>"


def test_citation_inside_code_block_is_left_alone():
    assert convert("    [@a]") == "<pre><code>[@a]\n</code></pre>"


def test_superscript_style_has_no_parentheses():
    html = convert("Tekst[@a; @b; @c].", superscript=True)
    assert '<span class="citation-nowrap"><button class="citation-button citation-superscript" id="cite-1" ' in html
    assert html.endswith('>1–3</button>.</span></p>')  # the full stop in the span, kept on its line


def test_unknown_key_is_kept_as_written_and_fails_the_build_it_would_be_published_in(make_site, tmp_path):
    # the converter never guesses: the citation stays as written, and the build records an error
    # (the checks report the same key with its line first; this is the net under them)
    assert convert("[@zzz]") == '<p><span>[@zzz]</span></p>'
    from iskias_site.convert.converter import _unresolved
    from iskias_site.load.content import SourceFile

    source = SourceFile(Path("content/a/01-x.md"), "## X\n\nTekst [@zzz].\n", 1)
    assert [(p.line, render(p.message, ENGLISH)) for p in _unresolved(source, ["@zzz"])] == [
        (3, "cannot resolve the citation '[@zzz]'; check its keys")]


def test_prefix_and_locator_are_kept_in_danish_vancouver():
    html = convert("Tekst [se @a, s. 12].")
    assert '>(se 1, s. 12)</button>' in html


def test_each_item_keeps_its_own_affixes_in_the_order_written():
    numbers = CitationNumbers()
    convert("[@a] [@b]", numbers=numbers)
    assert '>(jf. 2; 1, kap. 2)</button>' in convert("[jf. @b; @a, kap. 2]", numbers=numbers)


def test_without_prefixes_plain_numbers_come_first_and_affixed_ones_after():
    assert '>(1–3; 4, s. 12 og flere)</button>' in convert("[@d, s. 12 og flere; @a; @b; @c]",
                                                           numbers=_numbered("a", "b", "c", "d"))


def test_a_suffix_without_locator():
    assert '>(1 og flere)</button>' in convert("[@a og flere]")


def _numbered(*keys: str) -> CitationNumbers:
    numbers = CitationNumbers()
    for key in keys:
        numbers.number(key)
    return numbers
