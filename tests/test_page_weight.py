"""The sciatica page's weight budget (issue 19): its HTML bytes and DOM elements, built from this
repository. Sizes, not times: the test fails when the page grows past the budget, and every
citation must still open a preview that shows its works.

The issue's targets are 100 KB and fewer than 1,000 elements; the budget below is what the page
weighs now (see benchmarks/README.md, "Lighter pages", for where the rest goes). Lower it when
the page gets lighter; raise it only with a reason written next to it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import tinyhtml5

from iskias_site.pipeline.site import build_site

REPO = Path(__file__).resolve().parent.parent
SLUG = "iskiassmerter"
MAX_BYTES = 101_000  # 99,506 on 2026-12-01 (the target is 100,000)
MAX_ELEMENTS = 1_140  # 1,122 on 2026-12-01 (the target is below 1,000)


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("weight") / "site"
    result = build_site(REPO, out, use_cache=False)
    assert result.ok, "\n".join(d.format() for d in result.diagnostics.sorted())
    return out / SLUG / "index.html"


def _tag(element) -> str:
    return element.tag.rsplit("}", 1)[-1] if isinstance(element.tag, str) else ""


def test_the_page_stays_within_its_byte_budget(page):
    size = page.stat().st_size
    assert size <= MAX_BYTES, f"{SLUG}'s page is {size:,} bytes, over its budget of {MAX_BYTES:,}"


def test_the_page_stays_within_its_element_budget(page):
    # every element, SVG's too, as `document.querySelectorAll('*')` counts them
    root = tinyhtml5.parse(page.read_text(encoding="utf-8"), namespace_html_elements=False)
    count = sum(1 for element in root.iter() if _tag(element))
    assert count < MAX_ELEMENTS, f"{SLUG}'s page has {count:,} elements, over its budget of {MAX_ELEMENTS:,}"


def test_every_citation_still_opens_a_preview_of_its_works(page):
    root = tinyhtml5.parse(page.read_text(encoding="utf-8"), namespace_html_elements=False)
    by_id = {element.get("id"): element for element in root.iter() if element.get("id")}
    buttons = [b for b in root.iter("button") if "citation-button" in (b.get("class") or "").split()]
    assert len(buttons) > 50  # the article's citations (66 on 2026-12-01)
    assert all(b.get("id", "").startswith("cite-") for b in buttons)  # where the list's back-links land
    for button in buttons:
        preview = by_id.get(button.get("popovertarget"))
        assert preview is not None and preview.get("popover") is not None, button.get("popovertarget")
        works = list(preview.iter("li")) or list(preview.iter("p"))  # several works as a list, one as a paragraph
        assert works, f"{button.get('popovertarget')} shows no work"
        for work in works:
            # the work's title is its link into the list
            jumps = [a.get("href") for a in work.iter("a") if (a.get("href") or "").startswith("#ref-")]
            assert len(jumps) == 1 and jumps[0][1:] in by_id and work.find("a").get("href") == jumps[0], \
                "a work without its title as its link into the list"
