"""The five defects of issue 12: the checks and the page read the source one way.

Each test failed before `source/` gave one answer to each question (what is code, a heading's
anchor) and the page's tree became the last line of defence.
"""

from __future__ import annotations

import re

import pytest
from markdown_helpers import convert

from iskias_site.lint.lints import check_site
from iskias_site.pipeline.site import build_site
from iskias_site.source.code import FENCED_BLOCK, code_lines

SECTION = "content/test/01-foerste.md"
INDEX_PATH = "content/test/index.md"


def build(make_site, tmp_path, files):
    root = make_site(files)
    result = build_site(root, tmp_path / "out")
    return result, [d.format() for d in result.diagnostics.sorted() if d.severity == "error"]


def article(tmp_path) -> str:
    return (tmp_path / "out" / "test" / "index.html").read_text(encoding="utf-8")


# 1. code fences ---------------------------------------------------------------------------------

def test_a_citation_in_a_fence_with_a_blank_line_is_code_on_the_page_and_in_the_check(make_site, tmp_path):
    section = "## Første afsnit\n\nTekst [@alpha2020].\n\n```\nEksempel:\n\n[@nosuchkey]\n```\n"
    result, errors = build(make_site, tmp_path, {SECTION: section})
    assert errors == [] and result.ok
    assert "<pre><code>Eksempel:\n\n[@nosuchkey]\n</code></pre>" in article(tmp_path)
    assert "[?]" not in article(tmp_path)


def test_a_citation_in_an_indented_code_block_is_code_not_an_error(make_site, tmp_path):
    section = "## Første afsnit\n\nTekst [@alpha2020].\n\n    [@nosuchkey]\n"
    result, errors = build(make_site, tmp_path, {SECTION: section})
    assert errors == []
    assert "<pre><code>[@nosuchkey]\n</code></pre>" in article(tmp_path)


def test_an_indented_line_that_continues_a_list_is_read_as_text_by_both():
    text = "- punkt\n\n    fortsat [@a]\n"
    assert code_lines(text) == frozenset()
    assert 'class="citation-button"' in convert(text)


@pytest.mark.parametrize("fence", ["```", "~~~", "````"])
def test_a_fenced_block_renders_as_a_code_block(fence):
    assert convert(f"{fence}\nkode [@a]\n{fence}") == "<pre><code>kode [@a]\n</code></pre>"


def test_the_code_pattern_is_python_markdowns_own():
    # source/code.py reads fences with fenced_code's own pattern: if Python-Markdown changes it,
    # this fails and the one reading must be looked at again
    assert FENCED_BLOCK.match("```\nx\n```") and not FENCED_BLOCK.match("```\nx\n````")


def test_an_unclosed_code_fence_is_an_error_at_its_line(make_site, tmp_path):
    _, errors = build(make_site, tmp_path, {SECTION: "## Første afsnit\n\nTekst.\n\n```\nkode\n"})
    assert errors == [f"{SECTION}:5: error: the code block opened here is never closed; add a line '```' "
                      "where it ends"]


# 2. the sanitiser on every page -----------------------------------------------------------------

def test_a_shorter_fence_inside_a_longer_one_does_not_end_the_code(make_site, tmp_path):
    section = ("## Første afsnit\n\nTekst [@alpha2020].\n\n````\n```\n````\n\n"
               "Farvet tekst.\n{: style=\"color:red\"}\n")
    _, errors = build(make_site, tmp_path, {SECTION: section})
    assert errors == [f"{SECTION}:10: error: the attribute 'style' is not allowed in {{…}}"]


def test_no_style_or_event_handler_reaches_a_page_even_past_the_checks():
    # convert() runs no checks: the tree's own last pass removes what an attribute list set
    html = convert('Farvet tekst.\n{: style="color:red" onclick="x()" class="ok"}')
    assert html == '<p class="ok">Farvet tekst.</p>'


# 3. anchor_aliases ------------------------------------------------------------------------------

def test_an_alias_key_that_is_no_anchor_is_an_error_at_its_line(make_site, tmp_path):
    index = (INDEX_HEAD + "anchor_aliases:\n  'x\" onmouseover=\"alert(1)': foerste-afsnit\n---\n\nIndledning.\n")
    result, errors = build(make_site, tmp_path, {INDEX_PATH: index})
    assert errors == [f"{INDEX_PATH}:9: error: anchor_aliases: 'x\" onmouseover=\"alert(1)' is not an anchor; "
                      "an anchor has only letters, digits and hyphens, e.g. gammelt-anker: nyt-anker"]
    assert not (tmp_path / "out").exists()


def test_an_alias_is_an_element_of_the_heading_in_the_tree(make_site, tmp_path):
    index = INDEX_HEAD + "anchor_aliases:\n  gammelt: foerste-afsnit\n---\n\nIndledning [@beta2021].\n"
    result, errors = build(make_site, tmp_path, {INDEX_PATH: index})
    assert errors == []
    assert '<h2 id="foerste-afsnit"><span id="gammelt"></span>Første afsnit</h2>' in article(tmp_path)


# 4. site.yml's language --------------------------------------------------------------------------

def test_a_language_without_strings_is_an_error_with_the_languages_there_are(make_site, tmp_path):
    from conftest import SITE_YML

    _, errors = build(make_site, tmp_path, {"site.yml": SITE_YML.replace("language: da", "language: en")})
    assert errors == ["site.yml:3: error: language 'en' has no strings in the generator (expected one of: da)"]


# 5. check and the page agree on anchors -----------------------------------------------------------

def test_check_knows_the_anchor_the_page_gives_a_heading_that_cites(make_site, tmp_path):
    files = {SECTION: "## Smerter [@alpha2020]\n\nTekst.\n\n[Til smerter](#smerter)\n"}
    root = make_site(files)
    build_site(root, tmp_path / "out")
    assert re.search(r'<h2 id="smerter">', article(tmp_path))
    diags, _ = check_site(root, __import__("datetime").date(2026, 12, 1))
    assert [d for d in diags.items if "smerter" in d.message] == []


@pytest.mark.parametrize("heading, anchor", [
    ("## Læs [siden](https://example.dk/lang/adresse)", "laes-siden"),  # a link's address is not its words
    ("## Ryg &amp; ben", "ryg-ben"),  # an entity is the character it names
    ("## Smerter {#ondt}", "ondt"),  # an anchor written after the heading wins
    ("##Uden mellemrum", "uden-mellemrum"),  # Python-Markdown needs no space after the hashes
])
def test_a_repeated_heading_is_reported_with_the_anchor_the_page_gives_it(make_site, tmp_path, heading, anchor):
    """The check reads heading anchors from the converted tree (convert/headings.py): the page's
    anchor is the one in the message, however the heading is written."""
    _, errors = build(make_site, tmp_path, {SECTION: f"## Første afsnit\n\n{heading}\n\nTekst.\n\n{heading}\n"})
    assert errors == [f"{SECTION}:7: error: heading gets the anchor '#{anchor}', as does the heading at line 3; "
                      "reword one, or give it its own anchor with {#new-anchor}"]
    files = {SECTION: f"## Første afsnit\n\n{heading}\n\nTekst.\n"}
    result, errors = build(make_site, tmp_path, files)
    assert result.ok and f'id="{anchor}"' in article(tmp_path)


def test_heading_problems_show_with_the_others_when_the_article_cannot_be_converted(make_site, tmp_path):
    """An article whose checks failed is not converted whole; its headings are, one by one."""
    files = {SECTION: "## Første afsnit\n\nTekst [@alpah2020].\n\n## Kilder\n"}
    _, errors = build(make_site, tmp_path, files)
    assert errors == [
        f"{SECTION}:3: error: unknown citation key 'alpah2020' (did you mean 'alpha2020'?)",
        f"{SECTION}:5: error: heading gets the anchor '#kilder', which the page already uses for the reference "
        "list; reword it, or give it its own anchor with {#new-anchor}"]


INDEX_HEAD = """\
---
title: Testartikel
description: En artikel til test.
author: Redaktionen
published: 2026-01-01
last_reviewed: 2026-01-01
next_review: 2027-01-01
"""
