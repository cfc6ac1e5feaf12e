"""The citation pattern, numbering and range compression."""

from __future__ import annotations

import pytest

from iskias_site.diagnostics import ENGLISH
from iskias_site.messages import render
from iskias_site.source.citations import CITATION, Cite, CitationNumbers, compress, expand, parse_items, scan


@pytest.mark.parametrize(
    ("numbers", "spans"),
    [
        ([1, 2, 3], [(1, 3)]),
        ([1, 2, 3, 5], [(1, 3), (5, 5)]),
        ([8, 9], [(8, 8), (9, 9)]),
        ([5, 3, 4], [(3, 5)]),
        ([2, 2, 3], [(2, 2), (3, 3)]),
        ([], []),
    ],
)
def test_compress_runs_of_three_or_more(numbers, spans):
    assert compress(numbers) == spans


def test_expand_undoes_compress():
    assert expand(compress([1, 2, 3, 5, 7, 8, 9, 10])) == [1, 2, 3, 5, 7, 8, 9, 10]


def test_parse_items_reads_keys_and_locators():
    assert parse_items("@a; @b, s. 12") == ((Cite("a"), Cite("b", "s. 12")), "")


@pytest.mark.parametrize("inside", ["@", "@ "])
def test_parse_items_rejects_empty_citation(inside):
    cites, problem = parse_items(inside)
    assert (cites, render(problem, ENGLISH)) == ((), "empty citation; write a key after '@', e.g. [@brinjikji2015]")


def test_scan_gives_lines_and_skips_code():
    text = "Først [@a].\n\n```\n[@b]\n```\n\nInde i `[@c]` kode, men [@d; @e] tæller.\n\\[@f] er tekst."
    found = [(c.line, [x.key for x in c.cites]) for c in scan(text, first_line=10)]
    assert found == [(10, ["a"]), (16, ["d", "e"])]


def test_numbers_follow_first_appearance_and_keep_the_first_number():
    numbers = CitationNumbers()
    assert [numbers.number(k) for k in ["b", "a", "b", "c"]] == [1, 2, 1, 3]
    assert numbers.in_order() == ["b", "a", "c"]


def test_scan_reads_the_same_lines_with_or_without_code_in_the_file():
    text = "Intro [@a].\n\nTo [@b] og [@c, s. 2].\n\n\n[@d]\nSlut \\[@e] [@f](x)\n"
    with_code = text + "\n`kode`\n"
    plain = [(c.line, c.cites) for c in scan(text, first_line=5)]
    assert plain == [(c.line, c.cites) for c in scan(with_code, first_line=5)]
    assert [line for line, _ in plain] == [5, 7, 7, 10]


# --- Pandoc's bracketed grammar (issue 13) -------------------------------------------------------


@pytest.mark.parametrize(
    ("inside", "cites"),
    [
        pytest.param("se @jensen2019, s. 12", (Cite("jensen2019", "s. 12", prefix="se"),), id="prefix-locator"),
        pytest.param("jf. @a; @b, kap. 2", (Cite("a", prefix="jf."), Cite("b", "kap. 2")), id="two-items"),
        pytest.param("@a, p. 33", (Cite("a", "s. 33"),), id="english-label-in-danish"),
        pytest.param("@a, pp. 33-35, 38-39 and passim", (Cite("a", "s. 33–35, 38–39", suffix=" and passim"),),
                     id="locator-list-and-suffix"),
        pytest.param("@a, 12", (Cite("a", "s. 12"),), id="a-bare-number-is-a-page"),
        pytest.param("@a, chap. iv", (Cite("a", "kap. iv"),), id="roman-numeral"),
        pytest.param("@a, fig. 2", (Cite("a", "fig. 2"),), id="figure"),
        pytest.param("@a, og flere", (Cite("a", suffix=", og flere"),), id="suffix-after-comma"),
        pytest.param("@a og flere", (Cite("a", suffix=" og flere"),), id="suffix-without-comma"),
        pytest.param("@{a}", (Cite("a"),), id="braced-key"),
        pytest.param("-@a", (Cite("a", suppress_author=True),), id="suppress-author"),
    ],
)
def test_parse_items_reads_pandocs_grammar(inside, cites):
    assert parse_items(inside) == (cites, "")


@pytest.mark.parametrize(
    ("inside", "problem"),
    [
        pytest.param("@a s. 12", "cannot read citation '[@a s. 12]': put a comma between the key and the page, "
                                 "as in [@a, s. 12]", id="locator-without-comma"),
        pytest.param("@a @b", "cannot read citation '[@a @b]': two keys in one part; put a semicolon between "
                              "them, e.g. [@a; @b]", id="two-keys"),
        pytest.param("se; @a", "cannot read citation '[se; @a]': the part 'se' has no key; write @key in every "
                               "part between the semicolons", id="part-without-key"),
        pytest.param("se @", "empty citation; write a key after '@', e.g. [@brinjikji2015]", id="prefix-only"),
        pytest.param("@a!", "cannot read citation '[@a!]'; write [@key], [@key1; @key2] or [@key, s. 12]",
                     id="unreadable"),
    ],
)
def test_parse_items_reports_what_it_cannot_read(inside, problem):
    cites, reported = parse_items(inside)
    assert (cites, render(reported, ENGLISH)) == ((), problem)


@pytest.mark.parametrize(
    ("text", "found"),
    [
        pytest.param("Se [se @a, s. 12] her", ["se @a, s. 12"], id="prefix"),
        pytest.param("Og [-@a] her", ["-@a"], id="minus"),
        pytest.param("Skriv til [os på a@b.dk] eller [mail](mailto:a@b.dk)", [], id="address-is-no-citation"),
        pytest.param("Et [link med @a](https://example.org)", [], id="link-text"),
        pytest.param("Tegnet [@ alene]", ["@ alene"], id="bracket-opening-with-at-is-always-read"),
    ],
)
def test_scan_finds_every_bracket_with_a_key(text, found):
    assert [m.group(1) for m in CITATION.finditer(text)] == found
    assert len(list(scan(text))) == len(found)


def test_minus_at_is_a_warning_that_the_year_alone_cannot_be_shown():
    citation = next(scan("Tekst [-@a]."))
    assert [render(w, ENGLISH) for w in citation.warnings] == ["'-@a' asks for the year without the author, but a numbered citation shows "
                                 "neither; write @a"]
