"""What the preview keeps between rebuilds (preview/tools.py): the pages it serves are the pages a
fresh build makes, after every kind of save; only what a save can have changed is made again."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from watchfiles import Change

from iskias_site.pipeline.site import build_site
from iskias_site.preview.server import PreviewState, lasting, make_search_index, rebuild

GLOSSARY = """\
terms:
  nerverod:
    explanation: Der hvor en nerve går ud fra rygmarven [@gamma2022].
"""
FILES = {
    "ordbog.yml": GLOSSARY,
    "content/test/01-foerste.md": "## Første afsnit\n\n::: summary\n- Kort om en nerverod.\n:::\n\n"
                                  "Tekst om en nerverod [@alpha2020].\n",
    "content/test/02-anden.md": "## Andet afsnit\n\nMere om nerverod [@beta2021] og [@alpha2020].\n",
    "content/test/03-tredje.md": "## Tredje afsnit\n\nSidste tekst [@gamma2022].\n",
}
OUTPUTS = ("test/index.html", "test/udskrift/index.html", "index.html", "ordbog/index.html")


@pytest.fixture
def kept(make_site):
    root = make_site(FILES)
    state = PreviewState(root.resolve(), (root / "_site").resolve())
    assert rebuild(state).ok
    return root, state


def save(state: PreviewState, root: Path, name: str, text: str) -> None:
    """Save a file and rebuild, as the preview does after the watcher's burst."""
    (root / name).parent.mkdir(parents=True, exist_ok=True)
    (root / name).write_text(text, encoding="utf-8")
    state.tools.saved({root / name}, state.site / "content")
    rebuild(state)


def assert_as_a_fresh_build(root: Path, state: PreviewState, tmp_path: Path) -> None:
    fresh = tmp_path / "fresh"
    assert build_site(root, fresh, drafts=True, use_cache=False).ok
    for name in OUTPUTS:
        assert (state.out / name).read_text(encoding="utf-8") == (fresh / name).read_text(encoding="utf-8"), name


def test_a_saved_section_is_the_only_file_converted_again_and_the_pdf_is_kept(kept, tmp_path):
    root, state = kept
    converter = state.tools.kept[1]
    pdfs = state.tools.kept[2].handouts.pdf
    converted, made = converter.converted, pdfs.made
    save(state, root, "content/test/03-tredje.md", "## Tredje afsnit\n\nNy sidste tekst [@gamma2022].\n")
    assert "Ny sidste tekst" in (state.out / "test/index.html").read_text(encoding="utf-8")
    assert converter.converted == converted + 1
    assert pdfs.made == made  # the handout's page did not change
    assert state.tools.made == 1 and state.tools.loads == 1
    assert_as_a_fresh_build(root, state, tmp_path)


def test_a_new_first_citation_numbers_the_later_sections_again(kept, tmp_path):
    root, state = kept
    converter = state.tools.kept[1]
    converted = converter.converted
    save(state, root, "content/test/01-foerste.md",
         "## Første afsnit\n\n::: summary\n- Kort om en nerverod.\n:::\n\nTekst [@gamma2022] [@alpha2020].\n")
    assert converter.converted == converted + 3  # the others' numbers moved
    assert_as_a_fresh_build(root, state, tmp_path)


def test_a_term_explained_earlier_changes_the_sections_after_it(kept, tmp_path):
    root, state = kept
    save(state, root, "content/test/01-foerste.md", "## Første afsnit\n\n::: summary\n- Kort.\n:::\n\nTekst.\n")
    assert_as_a_fresh_build(root, state, tmp_path)  # the explanation now follows the second section


def test_a_changed_summary_makes_the_handout_pdf_again(kept, tmp_path):
    root, state = kept
    pdfs = state.tools.kept[2].handouts.pdf
    made = pdfs.made
    save(state, root, "content/test/01-foerste.md",
         "## Første afsnit\n\n::: summary\n- Nyt kort punkt.\n:::\n\nTekst om en nerverod [@alpha2020].\n")
    assert pdfs.made == made + 1
    assert "Nyt kort punkt" in (state.out / "test/udskrift/index.html").read_text(encoding="utf-8")
    assert_as_a_fresh_build(root, state, tmp_path)


@pytest.mark.parametrize(("name", "text", "shown"), [
    ("templates/_reference.html", None, "Ændret opslag"),
    ("references.bib", None, "Omdøbt studie"),
    ("ordbog.yml", GLOSSARY.replace("Der hvor", "Stedet hvor"), "Stedet hvor"),
])
def test_a_change_outside_the_markdown_makes_everything_again(kept, tmp_path, name, text, shown):
    root, state = kept
    if text is None:
        original = (root / name).read_text(encoding="utf-8")
        text = original.replace("Alpha study", "Omdøbt studie") if name == "references.bib" else \
            original + "<span>Ændret opslag</span>\n"
    save(state, root, name, text)
    assert shown in (state.out / "test/index.html").read_text(encoding="utf-8")
    assert state.tools.made == 2 and state.tools.loads == 2
    assert_as_a_fresh_build(root, state, tmp_path)


def test_a_broken_save_shows_its_error_and_the_fix_builds_as_fresh(kept, tmp_path):
    root, state = kept
    save(state, root, "content/test/02-anden.md", "## Andet afsnit\n\nTekst [@alpha2021].\n")
    assert [d.line for d in state.problems] == [3]
    save(state, root, "content/test/02-anden.md", "## Andet afsnit\n\nRettet [@beta2021].\n")
    assert state.problems == []
    assert_as_a_fresh_build(root, state, tmp_path)


def test_the_search_index_is_made_when_asked_for_after_each_rebuild(kept):
    root, state = kept
    assert not (state.out / "pagefind").exists()  # not made in the rebuild
    make_search_index(state)
    assert (state.out / "pagefind/pagefind.js").is_file() and state.search_current
    save(state, root, "content/test/03-tredje.md", "## Tredje afsnit\n\nAndet ord [@gamma2022].\n")
    assert not state.search_current and not (state.out / "pagefind").exists()
    make_search_index(state)
    assert (state.out / "pagefind/pagefind.js").is_file()


def test_a_failed_rebuild_keeps_the_index_of_the_pages_still_served(kept):
    root, state = kept
    make_search_index(state)
    save(state, root, "content/test/03-tredje.md", "## Tredje afsnit\n\nTekst [@ukendt2020].\n")
    assert state.search_current and (state.out / "pagefind/pagefind.js").is_file()


def test_an_editors_temporary_file_is_not_a_change_but_a_deleted_or_replaced_file_is(tmp_path):
    saved, replaced = tmp_path / "a.md", tmp_path / "b.png"
    saved.write_text("x")
    replaced.write_bytes(b"y")
    temporary, gone = tmp_path / "a.md.tmp", tmp_path / "c.png"
    changes = {(Change.added, str(temporary)), (Change.deleted, str(temporary)), (Change.added, str(saved)),
               (Change.deleted, str(gone)), (Change.deleted, str(replaced)), (Change.added, str(replaced))}
    assert not os.path.exists(temporary)
    assert lasting(changes) == {saved, gone, replaced}
