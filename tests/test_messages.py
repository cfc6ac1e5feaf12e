"""The catalogue of messages (messages.py) and its gettext translations (locale/*/LC_MESSAGES).

The exact texts are pinned by test_errors.py (English) and golden/errors.da.txt (Danish); here:
every msgid has its Danish translation with the same placeholders, the catalogues compile, the
language is chosen as documented, and the pieces (did-you-mean, plurals, the count) read right in
both languages.
"""

from __future__ import annotations

import string
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from iskias_site.diagnostics import ENGLISH, Diagnostic, did_you_mean, summary
from iskias_site.language import LOCALE, choose_language, compile_po, translation
from iskias_site.messages import MESSAGES, PHRASES, PLURALS, TERMINAL, message, or_list, phrase, render
from iskias_site.preview.guide import guide_file, guide_page
from iskias_site.preview.server import banner

DANISH_PO = LOCALE / "da" / "LC_MESSAGES" / "iskias_site.po"
DA = translation("da")


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def catalogue(path: Path):
    with path.open("rb") as file:
        return read_po(file)


def test_every_msgid_of_the_catalogue_is_in_the_po_files():
    msgids = {m.id if isinstance(m.id, str) else m.id[0] for m in catalogue(DANISH_PO) if m.id}
    ours = [*MESSAGES.values(), *PHRASES.values(), *TERMINAL.values(), *(s for s, _ in PLURALS.values())]
    assert sorted(set(ours) - msgids) == [], "run pybabel extract and update (see the README)"


def test_every_danish_translation_is_there_with_the_same_placeholders():
    for entry in catalogue(DANISH_PO):
        if not entry.id:
            continue
        ids = [entry.id] if isinstance(entry.id, str) else list(entry.id)
        strings = [entry.string] if isinstance(entry.string, str) else list(entry.string)
        assert all(strings) and not entry.fuzzy, f"untranslated: {ids[0]}"
        for text in strings:
            assert placeholders(text) <= placeholders(ids[-1]), f"{ids[0]} -> {text}"


def test_the_english_catalogue_leaves_every_msgid_as_it_is():
    assert all(not m.string or not any(m.string) for m in catalogue(DANISH_PO.parent.parent.parent / "en"
                                                                       / "LC_MESSAGES" / "iskias_site.po") if m.id)


def test_a_po_file_compiles_to_what_gettext_reads(tmp_path):
    mo = tmp_path / "da.mo"
    mo.write_bytes(compile_po(DANISH_PO))
    assert "ukendt kildenøgle" in DA.gettext(MESSAGES["unknown-citation-key"])


def test_a_message_reads_in_both_languages_with_its_pieces():
    unknown = message("unknown-citation-key", key="brinjikji2051",
                      hint=did_you_mean("brinjikji2051", ["brinjikji2015", "jensen2019"]))
    assert render(unknown, ENGLISH) == "unknown citation key 'brinjikji2051' (did you mean 'brinjikji2015'?)"
    assert render(unknown, DA) == "ukendt kildenøgle 'brinjikji2051' (mente du 'brinjikji2015'?)"
    listed = message("unknown-key", key="farve", hint=did_you_mean("farve", ["title", "author"], expected=True))
    assert render(listed, DA) == "ukendt nøgle 'farve' (mulige værdier: author, title)"


def test_or_lists_and_plurals_in_both_languages():
    three = phrase("names-other-type", entry_type="book", key=or_list(["a", "b", "c"]))
    assert render(three, ENGLISH) == "names @book 'a or b or c', not an @xdata entry"
    assert render(three, DA) == "peger på @book 'a eller b eller c', som ikke er en @xdata-post"
    assert [render(phrase("due-in-days", n=n), DA) for n in (1, 2)] == ["om 1 dag", "om 2 dage"]


@pytest.mark.parametrize(("errors", "warnings", "files", "english", "danish"), [
    (1, 0, 1, "1 error, 0 warnings in 1 file", "1 fejl, 0 advarsler i 1 fil"),
    (2, 1, 2, "2 errors, 1 warning in 2 files", "2 fejl, 1 advarsel i 2 filer"),
    (0, 2, 1, "0 errors, 2 warnings in 1 file", "0 fejl, 2 advarsler i 1 fil"),
])
def test_the_count_line_in_both_languages(errors, warnings, files, english, danish):
    body = message("entry-never-cited", key="a")
    diagnostics = [Diagnostic.of(f"f{i % files}", i + 1, "error" if i < errors else "warning", body)
                   for i in range(errors + warnings)]
    assert summary(diagnostics, ENGLISH) == english
    assert summary(diagnostics, DA) == danish


def test_a_diagnostic_is_formatted_with_its_code_where_the_editor_reads_it():
    shown = Diagnostic.of("content/x/04-aarsager.md", 14, "error", message(
        "unknown-citation-key", key="brinjikji2051", hint=did_you_mean("brinjikji2051", ["brinjikji2015"])))
    assert shown.format() == ("content/x/04-aarsager.md:14: error: unknown citation key 'brinjikji2051' "
                              "(did you mean 'brinjikji2015'?)")
    assert shown.format(DA, code=True) == ("content/x/04-aarsager.md:14: fejl: ukendt kildenøgle 'brinjikji2051' "
                                           "(mente du 'brinjikji2015'?) [unknown-citation-key]")


@pytest.mark.parametrize(("flag", "environ", "expected"), [
    ("en", {"LANG": "da_DK.UTF-8"}, "en"),
    (None, {"LANG": "en_US.UTF-8"}, "en"),
    (None, {"LC_ALL": "da_DK.UTF-8", "LANG": "en_US.UTF-8"}, "da"),
    (None, {"LANGUAGE": "sv:en", "LANG": "da_DK.UTF-8"}, "en"),
    (None, {"LANG": "C.UTF-8"}, "da"),
    (None, {"LANG": "POSIX"}, "da"),
    (None, {}, "da"),
])
def test_the_language_is_the_flag_else_the_environment_else_the_site(tmp_path, flag, environ, expected):
    (tmp_path / "site.yml").write_text("language: da\n", encoding="utf-8")
    assert choose_language(flag, environ, tmp_path) == expected


def test_the_preview_banner_links_each_code_to_its_section_of_the_guide():
    problem = Diagnostic.of("content/a/01-b.md", 3, "error", message("citation-empty"))
    html = banner([problem], DA)
    assert "Siden kunne ikke bygges. Du ser den seneste udgave, der virkede." in html
    assert "tom kildehenvisning" in html
    assert '<a href="/_vejledning/#citation-empty" title="hvad det betyder">[citation-empty]</a>' in html
    assert "The page could not be built." in banner([problem], ENGLISH)


def test_the_preview_serves_the_guide_with_each_code_as_an_anchor(tmp_path):
    page = guide_page(guide_file(tmp_path).read_text(encoding="utf-8"))  # the repository's guide
    for code in {key.split("/")[0] for key in MESSAGES}:
        assert f'<h3 id="{code}">{code}</h3>' in page, code
