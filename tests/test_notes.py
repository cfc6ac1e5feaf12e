"""Editors' notes `<!-- … -->`: out of the text before anything reads it, never on a page, listed by
`check --notes`."""

from __future__ import annotations

from conftest import INDEX

from iskias_site.cli import main
from iskias_site.pipeline.site import build_site
from iskias_site.source.notes import EditorNote, take_notes

SECTION = "content/test/01-foerste.md"


def test_a_note_leaves_the_text_with_its_lines_kept():
    taken = take_notes("Før.\n<!-- Redaktionen:\n  tjek tallet -->\nEfter [@a].\n")
    assert taken.text == "Før.\n\n\nEfter [@a].\n"
    assert taken.notes == (EditorNote(1, "Redaktionen: tjek tallet"),)
    assert taken.unclosed is None


def test_a_note_inside_code_is_code():
    text = "```\n<!-- vises som kode -->\n```\n\nTekst `<!-- også kode -->`.\n"
    assert take_notes(text) == take_notes(text).__class__(text, (), None)


def test_a_note_never_reaches_the_page_and_a_section_may_open_with_one(make_site, tmp_path):
    section = "<!-- Redaktionen: hemmelig note -->\n## Første afsnit\n\nTekst <!-- inde i linjen --> [@alpha2020].\n"
    root = make_site({SECTION: section})
    result = build_site(root, tmp_path / "out")
    assert result.ok, [d.format() for d in result.diagnostics.items]
    page = (tmp_path / "out" / "test" / "index.html").read_text(encoding="utf-8")
    assert "hemmelig" not in page and "inde i linjen" not in page and "<!--" not in page
    assert '<h2 id="foerste-afsnit">Første afsnit</h2>' in page


def test_an_unclosed_note_is_an_error_at_its_line(make_site, tmp_path):
    root = make_site({SECTION: "## Første afsnit\n\nTekst.\n\n<!-- Redaktionen: glemt at lukke\n\nMere tekst.\n"})
    result = build_site(root, tmp_path / "out")
    assert [d.format() for d in result.diagnostics.items if d.severity == "error"] == [
        f"{SECTION}:5: error: the editor's note opened here with '<!--' is never closed; end it with '-->'"]


def test_check_notes_lists_every_note_with_its_file_and_line(make_site, capsys):
    root = make_site({SECTION: "## Første afsnit\n\nTekst [@alpha2020].\n\n<!-- Redaktionen: find kilden -->\n",
                      "content/test/index.md": INDEX + "\n<!-- Forfatteren: kort note -->\n"})
    assert main(["check", "--site", str(root), "--notes"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "content/test/index.md:12: Forfatteren: kort note",
        f"{SECTION}:5: Redaktionen: find kilden"]
