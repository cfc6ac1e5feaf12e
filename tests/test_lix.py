"""LIX on known texts, counted by hand, and the Markdown that is (and is not) prose."""

from __future__ import annotations

import textwrap

import pytest

from iskias_site.lint.lix import Counts, band, count_blocks, count_text, lix, prose_blocks


def blocks_of(markdown: str, first_line: int = 1):
    return prose_blocks(textwrap.dedent(markdown), first_line)


def test_lix_of_two_short_sentences():
    # Solen(5) skinner(7) | Børnene(7) leger(5) i(1) haven(5)
    # 6 words, 2 sentences, 2 long (skinner, Børnene): 6/2 + 100*2/6 = 3 + 33.33 = 36.33
    counts = count_text("Solen skinner. Børnene leger i haven!")
    assert counts == Counts(words=6, long_words=2, sentences=2)
    assert lix(counts) == pytest.approx(36.33, abs=0.01)
    assert (counts.lix, counts.band) == (36, "middel")


def test_lix_of_a_sentence_from_the_article():
    # Træning(7) og fysisk(6) aktivitet(9) bør have en central(7) plads i behandlingen(12)
    # af iskiassmerter(13): 13 words, 1 sentence, 5 long: 13/1 + 100*5/13 = 13 + 38.46 = 51.46
    counts = count_text("Træning og fysisk aktivitet bør have en central plads i behandlingen af iskiassmerter.")
    assert counts == Counts(words=13, long_words=5, sentences=1)
    assert lix(counts) == pytest.approx(51.46, abs=0.01)
    assert (counts.lix, counts.band) == (51, "svær")


def test_danish_letters_are_letters_and_six_letters_is_not_long():
    # Blåbær(6) smørrebrød(10) København(9) og(2) æø(2): 5 words, 2 long, 1 sentence: 5 + 40 = 45
    counts = count_text("Blåbær, smørrebrød, København og æø")
    assert counts == Counts(words=5, long_words=2, sentences=1)
    assert lix(counts) == pytest.approx(45)


def test_numbers_and_signs_are_not_words():
    # 60 % af(2) dem(3) | L4–S1 gives the words L and S: 4 words, 1 sentence
    assert count_text("60 % af dem, L4–S1.") == Counts(words=4, long_words=0, sentences=1)


@pytest.mark.parametrize(("text", "sentences"), [
    ("Et. To: tre! Fire? Fem", 5),  # each sign ends one; the end of the text ends the last
    ("Hvad?! Nej...", 2),  # a run of signs ends one sentence
    ("Et studie så på 3.110 personer.", 1),  # a period inside a number is no end
    ("Man fandt bl.a. slidgigt. Og f.eks. prolaps.", 2),  # nor are common abbreviations
    ("Han sagde »nej.« Så gik han.", 2),  # a closing quote after the sign still ends it
    ("... !", 0),  # signs without words are no sentence
])
def test_where_sentences_end(text, sentences):
    assert count_text(text).sentences == sentences


def test_text_without_words_has_lix_zero():
    assert lix(Counts()) == 0
    assert Counts().lix == 0


@pytest.mark.parametrize(("value", "name"), [
    (0, "meget let"), (24, "meget let"), (25, "let"), (34, "let"), (35, "middel"),
    (44, "middel"), (45, "svær"), (54, "svær"), (55, "meget svær"), (80, "meget svær"),
])
def test_bands(value, name):
    assert band(value) == name


def test_the_rounded_value_names_the_band():
    # 69 words, 3 sentences, 1 long: 69/3 + 100*1/69 = 23 + 1.45 = 24.45 -> 24, "meget let"
    below = Counts(words=69, long_words=1, sentences=3)
    assert (below.lix, below.band) == (24, "meget let")
    # 6 words, 4 sentences, 2 long: 6/4 + 100*2/6 = 1.5 + 33.33 = 34.83 -> 35, "middel" (not "let")
    above = Counts(words=6, long_words=2, sentences=4)
    assert (above.lix, above.band) == (35, "middel")


def test_markup_is_removed_and_headings_and_list_items_end_sentences():
    blocks = blocks_of("""\
        ## Kort om ryggen {#ryg}

        Ryggen er **stærk** [@alpha2020; @beta2021]. Læs [om træning](../traening/#start-her) *hver* dag:

        - gå en tur
        - cykl

        ::: tip Prøv selv
        Stå op. ![Figur med lange ord](figur.png) <https://eksempel.dk/meget-lang-adresse>
        :::

        ```
        kode tæller ikke med overhovedet
        ```
        """)
    # heading: Kort om ryggen = 3 words, 1 sentence (the {#ryg} is no word)
    # paragraph: Ryggen(6) er stærk(6) | Læs om træning(7) hver dag = 8 words, 1 long, 2 sentences
    # items: gå en tur | cykl = 4 words, 2 sentences
    # tip: the fence line is not text; Stå op = 2 words, 1 sentence; image and address dropped
    assert [(b.kind, b.line, len(b.sentences)) for b in blocks] == [
        ("heading", 1, 1), ("paragraph", 3, 2), ("item", 5, 1), ("item", 6, 1), ("paragraph", 9, 1)]
    counts = count_blocks(blocks)
    # 17 words, 6 sentences, 1 long: 17/6 + 100/17 = 2.83 + 5.88 = 8.72 -> 9
    assert counts == Counts(words=17, long_words=1, sentences=6)
    assert (counts.lix, counts.band) == (9, "meget let")


def test_sentences_keep_the_line_of_their_first_word():
    blocks = blocks_of("""\
        Første sætning står
        på to linjer. Anden
        sætning.
        > Et citat.

        1. Punkt et
           fortsætter her.
        """, first_line=20)
    assert [[s.line for s in b.sentences] for b in blocks] == [[20, 21, 23], [25]]
    assert [s.words for s in blocks[0].sentences] == [6, 2, 2]
    assert [(b.kind, b.line) for b in blocks] == [("paragraph", 20), ("item", 25)]


def test_a_paragraph_ends_at_a_blank_line_a_heading_or_a_fence():
    blocks = blocks_of("""\
        Et
        ### To
        Tre
        :::
        Fire

        Fem
        """)
    assert [(b.kind, b.line) for b in blocks] == [
        ("paragraph", 1), ("heading", 2), ("paragraph", 3), ("paragraph", 5), ("paragraph", 7)]


def test_tables_rows_are_sentences_and_comments_are_not_text():
    blocks = blocks_of("""\
        | Alder | Andel |
        |-------|-------|
        | unge  | få    |
        <!-- en note
        til redaktionen -->
        Slut.
        """)
    assert [(b.kind, b.line, b.counts.words) for b in blocks] == [
        ("row", 1, 2), ("row", 3, 2), ("paragraph", 6, 1)]
