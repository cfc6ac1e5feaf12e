"""The CSL test suite's fixtures on citation numbers (`../shared/testdata/csl/`), as this site's style.

Each fixture's CITATION-ITEMS or CITATIONS section is read from the file and written as this site's
Markdown (`[@item-1; @item-2, s. 23]`), converted in order with one `CitationNumbers`, and compared
with the fixture's RESULT translated into the documented Danish Vancouver style (the editors'
guide, "Sådan bliver kilderne nummereret"). Where our style differs from the fixture's CSL, the
expected value says so (DIFFERS). What every translation keeps: numbers by first appearance, ranges
of three or more drawn together with an en dash, two in a row kept apart.

Our style's surface, everywhere: "(1–3)" with ", " between numbers, where the CSL styles write
"[1]–[3]", bold, "," without space or superscripts; the page label is Danish ("s."; CSL "p." or none).
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from conftest import REPO
from markdown_helpers import convert

from iskias_site.source.citations import CitationNumbers

TESTDATA = Path(os.environ.get("ISKIAS_TESTDATA") or Path(REPO).parent / "shared" / "testdata")
FIXTURES = TESTDATA / "csl"

if not FIXTURES.is_dir():
    if os.environ.get("CI") == "true":
        raise RuntimeError(f"{FIXTURES} is missing; CI lays shared/ beside the clone")
    pytest.skip(f"{FIXTURES} is missing", allow_module_level=True)

# fixture -> the citations' text in our style, in reading order
EXPECTED = {
    "bugreports_AutomaticallyDeleteItemsFails": ["(1, 2)"],  # the final state: ITEM-3 was removed again
    "bugreports_DelimiterOnLayout": ["(1, 2)"],  # CSL's layout delimiter "(z)" is that style's own
    # DIFFERS: CSL shows no label; a number without a label is a page, and we say so: "s."
    "bugreports_DelimitersOnLocator": ["(1, s. 32; 2, s. 32; 3, s. 32)"],
    "bugreports_undefinedCrash": ["(1)"],
    "collapse_CitationNumberRangesInsert": ["(1)", "(1–4)"],  # the final document: CITATION-2 first
    "collapse_CitationNumberRangesMixed": ["(1–7)", "(1–3, 5–7)"],
    "collapse_CitationNumberRangesMixed2": ["(1–11)", "(1, 3–5, 7, 9–11)"],
    "collapse_CitationNumberRangesMixed3": ["(1–8)", "(1, 4, 6–8)"],
    "collapse_CitationNumberRangesOneOnly": ["(1)"],
    "collapse_CitationNumberRangesWithAffixes": ["(1–3)"],
    "collapse_CitationNumberRangesWithAffixesGrouped": ["(1–3)"],
    # DIFFERS: CSL keeps "[1],[2, p. 23],[3]" in order; our guide puts a number with a place last
    "collapse_CitationNumberRangesWithAffixesGroupedLocator": ["(1, 3; 2, s. 23)"],
    # DIFFERS: CSL repeats a work cited twice in one bracket, "(1,2,2–4)"; we show each work once
    "collapse_NumericDuplicate": ["(1–4)"],
    "collapse_NumericDuplicate2": ["(1–5)"],  # DIFFERS likewise: CSL "(1–3,3–5)"
    "sort_CitationNumberPrimaryAscendingViaMacroCitation": ["(1–4)"],
    "sort_CitationNumberPrimaryAscendingViaVariableCitation": ["(1–4)"],
    # CITATION-2 stands before CITATION-1 in the document, so ITEM-1 is cited first and is 1
    "sort_RangeUnaffected": ["(1)", "(1–3)"],
}
# bibliography fixtures: the order of the reference list (by first citation)
LIST_ORDER = {
    "bugreports_AutomaticallyDeleteItemsFails": ["item-1", "item-2"],
    "collapse_CitationNumberRangesOneOnly": ["item-1"],
    "sort_CitationNumberPrimaryAscendingViaMacroBibliography": ["item-1", "item-2", "item-3", "item-4"],
    "sort_CitationNumberPrimaryAscendingViaVariableBibliography": ["item-1", "item-2", "item-3", "item-4"],
}


def section(text: str, name: str) -> str | None:
    match = re.search(rf">>=+ *{name} *=+>>\n(.*?)\n<<=+ *{name} *=+<<", text, re.S)
    return match.group(1) if match else None


def citations_of(text: str) -> list[list[dict]]:
    """The fixture's citations in reading order: CITATION-ITEMS as they are; CITATIONS (citeproc's
    edit steps) as the document stands after the last step; no citations: each input item once."""
    items = section(text, "CITATION-ITEMS")
    if items:
        return json.loads(items)
    steps = section(text, "CITATIONS")
    if steps:
        document: list[tuple[str, list[dict]]] = []
        for citation, before, _after in json.loads(steps):
            ids = [cid for cid, _ in before]
            document = [d for d in document if d[0] in ids] + [
                d for d in document if d[0] not in ids and d[0] != citation["citationID"]]
            position = max((i + 1 for i, d in enumerate(document) if d[0] in ids), default=0)
            document.insert(position, (citation["citationID"], citation["citationItems"]))
        return [items for _, items in document]
    return [[{"id": item["id"]} for item in json.loads(section(text, "INPUT"))]]


def markdown(items: list[dict]) -> str:
    parts = []
    for item in items:
        locator = f", {item['locator']}" if "locator" in item else ""
        parts.append(f"@{item['id'].lower()}{locator}")
    return f"[{'; '.join(parts)}]"


def convert_fixture(name: str) -> tuple[list[str], CitationNumbers]:
    text = (FIXTURES / f"{name}.txt").read_text(encoding="utf-8")
    citations = citations_of(text)
    keys = {item["id"].lower() for items in citations for item in items}
    numbers = CitationNumbers()
    shown = []
    for items in citations:
        html = convert(markdown(items), known=keys, numbers=numbers)
        shown.append(re.search(r'popovertarget="[^"]*">(.*?)</button>', html).group(1))
    return shown, numbers


def test_every_fixture_is_translated():
    assert sorted(p.stem for p in FIXTURES.glob("*.txt") if p.stem != "variables_ContainerTitleShort") == sorted(
        set(EXPECTED) | set(LIST_ORDER))


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_citation_numbers_as_our_style_writes_them(name):
    assert convert_fixture(name)[0] == EXPECTED[name]


@pytest.mark.parametrize("name", sorted(LIST_ORDER))
def test_the_reference_list_follows_first_citation(name):
    assert convert_fixture(name)[1].in_order() == LIST_ORDER[name]


def test_a_short_container_title_is_used_for_a_journal_not_for_a_book(tmp_path):
    # variables_ContainerTitleShort: CSL's "In: Container: a title." for a chapter and "Container."
    # for an article; ours the same, with shortjournal as the short form and Danish "I:"
    from iskias_site.diagnostics import Diagnostics
    from iskias_site.load.bibliography import parse_bibliography
    from iskias_site.load.strings import load_strings
    from iskias_site.render.references import list_reference

    text = (FIXTURES / "variables_ContainerTitleShort.txt").read_text(encoding="utf-8")
    chapter, article = json.loads(section(text, "INPUT"))
    bib = (f"@incollection{{c, author={{Campbell, DT and Fiske, DW}}, title={{{chapter['title']}}}, "
           f"booktitle={{{chapter['container-title']}}}}}\n"
           f"@article{{a, author={{Campbell, DT and Fiske, DW}}, title={{{article['title']}}}, "
           f"journal={{{article['container-title']}}}, shortjournal={{{article['container-title-short']}}}}}\n")
    references = parse_bibliography(bib, tmp_path / "references.bib", Diagnostics()).references
    strings = load_strings()
    assert list_reference(references["c"], 1, [], strings, "da").details == "I: Container: a title."
    assert list_reference(references["a"], 2, [], strings, "da").details == "Container."
