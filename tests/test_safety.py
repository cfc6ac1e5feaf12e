"""Nothing unsafe reaches a reader, and no input can make Python-Markdown hang or crash."""

from __future__ import annotations

import pytest
from markdown_helpers import convert

from iskias_site.pipeline.site import build_site

SECTION = "content/test/01-foerste.md"


def errors(make_site, tmp_path, body: str) -> list[str]:
    root = make_site({SECTION: f"## Et\n\nTekst [@alpha2020; @gamma2022].\n\n{body}\n"})
    out = tmp_path / "out"
    result = build_site(root, out)
    assert not out.exists() or result.ok
    return [d.format() for d in result.diagnostics.errors]


ALLOWED = "abbr, b, br, em, i, kbd, mark, small, span, strong, sub, sup"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("<script>alert(1)</script>", f"raw HTML <script> is not allowed; use Markdown (allowed tags: {ALLOWED})"),
        ('<iframe src="https://x.example"></iframe>',
         f"raw HTML <iframe> is not allowed; use Markdown (allowed tags: {ALLOWED})"),
        ('<b onclick="alert(1)">x</b>', "the attribute 'onclick' is not allowed in raw HTML"),
        ('<span style="color:red">x</span>', "the attribute 'style' is not allowed in raw HTML"),
        ('<abbr title="x" class="y">x</abbr>', "<abbr> may not have the attribute 'class'"),
        ("[klik](javascript:alert(1))", "link to 'javascript:alert(1' is not allowed; links go to https:, "
                                        "mailto:, tel: or a page of this site"),
        ("[x](data:text/html;base64,AAAA)", "link to 'data:text/html;base64,AAAA' is not allowed; links go to "
                                            "https:, mailto:, tel: or a page of this site"),
        ("[x](VBScript:msgbox)", "link to 'VBScript:msgbox' is not allowed; links go to https:, mailto:, "
                                 "tel: or a page of this site"),
        ('Tekst *her*{: onclick="alert(1)"}', "the attribute 'onclick' is not allowed in {…}"),
        ("Tekst *her*{: style='color:red'}", "the attribute 'style' is not allowed in {…}"),
        ('Tekst *her*{: title="[@alpha2020, s. 4]"}', "a citation cannot stand inside {…}; put it in the text"),
    ],
)
def test_unsafe_markdown_is_an_error_at_its_line(make_site, tmp_path, body, message):
    assert errors(make_site, tmp_path, body) == [f"{SECTION}:5: error: {message}"]


def test_allowed_inline_html_passes(make_site, tmp_path):
    assert errors(make_site, tmp_path, '<abbr title="Magnetisk resonans">MR</abbr> og H<sub>2</sub>O') == []


def test_html_inside_code_is_text(make_site, tmp_path):
    assert errors(make_site, tmp_path, "Skriv `<script>` i kode.\n\n```\n<iframe>\n```") == []


def test_nh3_cleans_raw_html_the_check_would_have_stopped():
    assert convert('<b onclick="x()">fed</b> <script>alert(1)</script>') == "<p><b>fed</b> </p>"


def test_links_to_other_sites_get_noopener():
    assert convert("[NHS](https://www.nhs.uk/)") == (
        '<p><a href="https://www.nhs.uk/" rel="noopener noreferrer">NHS</a></p>')


def test_internal_links_stay_plain():
    assert convert("[Se kilderne](#kilder)") == '<p><a href="#kilder">Se kilderne</a></p>'


def test_braces_in_plain_text_are_no_attribute_list_error(make_site, tmp_path):
    assert errors(make_site, tmp_path, "Mødet er {onsdag} kl. {10}, og {a b} står her.") == []


def test_an_attribute_list_never_puts_an_event_handler_or_a_citation_in_an_attribute():
    html = convert('Tekst *her*{: onclick="alert(1)" class="k"} og *x*{: title="[@a, s. 4]"} slut.')
    assert html == '<p>Tekst <em class="k">her</em> og <em>x</em> slut.</p>'


def test_script_link_loses_its_href_even_if_it_slipped_past_the_check():
    assert convert("[x](javascript:alert(1))") == "<p><a>x</a></p>"


def test_deep_nesting_is_refused_before_parsing(make_site, tmp_path):
    assert errors(make_site, tmp_path, "- " * 2000 + "x") == [
        f"{SECTION}:5: error: lists or quotes nested 2000 deep; at most 8 levels"]


def test_deep_quotes_are_refused(make_site, tmp_path):
    assert errors(make_site, tmp_path, "> " * 50 + "x") == [
        f"{SECTION}:5: error: lists or quotes nested 50 deep; at most 8 levels"]


def test_thousands_of_brackets_are_refused(make_site, tmp_path):
    assert errors(make_site, tmp_path, "[" * 20000) == [
        f"{SECTION}:5: error: this paragraph has more than 300 '[' characters; "
        "split it, or write \\[ for a literal bracket"]


def test_huge_file_is_refused(make_site, tmp_path):
    root = make_site()
    (root / SECTION).write_text("## Et\n\n" + "Tekst. " * 400_000, encoding="utf-8")
    result = build_site(root, tmp_path / "out")
    assert [d.format() for d in result.diagnostics.errors] == [
        f"{SECTION}: error: file is 2734 KB; the limit is 2048 KB; split it"]


@pytest.mark.parametrize("address", ["javascript&#58;alert(1)", "jav&#x61;script:alert(1)",
                                     "&#106;avascript:alert(1)", " JAVASCRIPT:alert(1)"])
def test_script_links_hidden_behind_entities_or_case_lose_their_href(address):
    assert convert(f"[x]({address})") == "<p><a>x</a></p>"


def test_script_link_behind_an_entity_is_an_error(make_site, tmp_path):
    assert errors(make_site, tmp_path, "[x](javascript&#58;alert(1))") == [
        f"{SECTION}:5: error: link to 'javascript&#58;alert(1' is not allowed; links go to https:, mailto:, "
        "tel: or a page of this site"]


def test_an_image_address_with_a_script_scheme_is_removed():
    assert 'src=' not in convert("![Tegning](javascript:alert(1))")


def test_tabs_count_toward_the_nesting_limit(make_site, tmp_path):
    # issue 13: a list indented with tabs ended in a RecursionError; the limit counted only spaces
    body = "".join("\t" * depth + "- x\n" for depth in range(10))
    assert errors(make_site, tmp_path, body) == [
        f"{SECTION}:13: error: lists or quotes nested 9 deep; at most 8 levels",
        f"{SECTION}:14: error: lists or quotes nested 10 deep; at most 8 levels"]


@pytest.mark.parametrize(
    ("line", "depth"),
    [("- x", 1), ("    - x", 3), ("- - - x", 3), ("  > - x", 3), ("\t\t\t- x", 4), ("> > > x", 3),
     ("\t> \t- 1. x", 5), ("-x", 0), ("  \t- x", 3)],
)
def test_every_kind_of_indentation_counts(line, depth):
    from iskias_site.check.markup import nesting_depth
    assert nesting_depth(line) == depth


@pytest.mark.parametrize("error", [RecursionError, MemoryError])
def test_a_conversion_that_runs_out_of_stack_is_one_error_naming_the_file(make_site, tmp_path, monkeypatch, error):
    from iskias_site.convert.converter import ArticleConverter

    def convert(self, article, checks, *images):
        raise error()

    monkeypatch.setattr(ArticleConverter, "convert", convert)
    root = make_site({SECTION: "## Et\n\n" + "".join("  " * depth + "- x\n" for depth in range(8))})
    result = build_site(root, tmp_path / "out", jobs=1)
    assert [d.format() for d in result.diagnostics.errors] == [
        f"{SECTION}: error: too deeply nested; the limit is 8 levels of lists and quotes: make the list "
        "flatter, or split it"]


@pytest.mark.parametrize(("relative", "expected"), [
    ("a/b.html", "a/b.html"), ("ok", "ok"), ("a//b", "a/b"), ("./a", "a"), ("a/./b", "a/b"), ("a/../b", "b"),
    ("../x", None), ("a/../../x", None), ("/etc/passwd", None), ("..", None), ("", None),
])
def test_a_file_of_the_site_is_only_ever_written_inside_its_folder(tmp_path, relative, expected):
    from iskias_site.write.staging import inside

    if expected is None:
        with pytest.raises(ValueError):
            inside(tmp_path, relative)
    else:
        assert inside(tmp_path, relative) == tmp_path / expected
