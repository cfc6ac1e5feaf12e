"""The citation pattern, numbering and range compression."""

from __future__ import annotations

import pytest

from iskias_site.source.citations import Cite, CitationNumbers, compress, expand, parse_items, scan


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
    assert parse_items(inside) == ((), "empty citation; write a key after '@', e.g. [@brinjikji2015]")


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
