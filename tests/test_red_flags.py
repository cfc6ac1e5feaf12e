"""The red flags of the sciatica page: what a reader in danger must find, guarded on the built page.

The signs are those the NHS ranks as an emergency (cauda equina syndrome; ../shared/seed/
red-flags-sources.md) plus the source article's own; the numbers are those of site.yml.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from iskias_site.pipeline.site import build_site

REPO = Path(__file__).resolve().parent.parent

# Each cauda equina sign, as words that must stand in one item of the emergency card.
EMERGENCY_SIGNS = {
    "sciatica in both legs": ("iskiassmerter", "begge ben"),
    "severe or worsening weakness or numbness in both legs": ("følelsesløshed i begge ben",),
    "cannot pass urine or cannot hold it": ("ikke kan tisse", "holde på urin"),
    "loss of bowel control": ("afføring",),
    "loss of sexual function (the source article)": ("seksuelle funktion",),
    "not noticing a full bladder or bowel": ("ikke mærker", "blæren", "tarmen"),
    "numbness around the genitals or anus": ("kønsdelene", "endetarmsåbningen"),
    "saddle numbness (the source article)": ("ridebukseområdet",),
    "rapidly worsening weakness": ("nedsat kraft", "hurtigt bliver værre"),
}


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> str:
    out = tmp_path_factory.mktemp("red-flags") / "site"
    result = build_site(REPO, out)
    assert result.ok, "\n".join(d.format() for d in result.diagnostics.sorted())
    return (out / "iskiassmerter" / "index.html").read_text(encoding="utf-8")


def _card(page: str, level: str) -> str:
    match = re.search(rf'<div class="care-card care-card-{level}">(.*?)</div>\s*</div>', page, re.S)
    assert match, f"the page has no {level} card"
    return match.group(1)


def _items(card: str) -> list[str]:
    return [re.sub(r"<[^>]+>", "", item) for item in re.findall(r"<li>(.*?)</li>", card, re.S)]


@pytest.mark.parametrize("sign", list(EMERGENCY_SIGNS))
def test_the_emergency_card_names_every_cauda_equina_sign(page, sign):
    words = EMERGENCY_SIGNS[sign]
    assert any(all(w in " ".join(item.split()) for w in words) for item in _items(_card(page, "emergency"))), sign


def test_the_emergency_card_calls_112_and_nothing_under_it_softens_it(page):
    card = _card(page, "emergency")
    assert '<a href="tel:112">Ring 112</a>' in card
    after = page[page.index(card) + len(card):]
    following = re.sub(r"\s+", " ", after.split('class="care-card care-card-urgent"')[0])
    assert "opereres" not in following and "ikke betyder" not in following


def test_a_fall_and_lasting_weakness_are_same_day_signs_not_a_gp_appointment(page):
    urgent = " ".join(_items(_card(page, "urgent")))
    assert "fald" in urgent and "nedsat kraft" in urgent
    assert "fald" not in " ".join(_items(_card(page, "non-urgent")))


def test_every_regional_number_is_a_tel_link_with_the_digits_of_site_yml(page):
    phones = yaml.safe_load((REPO / "site.yml").read_text(encoding="utf-8"))["phones"]
    regions = {key: p for key, p in phones.items() if p.get("region")}
    assert len(regions) == 5, "the five regions' out-of-hours numbers"
    urgent = _card(page, "urgent")
    for phone in regions.values():
        digits = re.sub(r"\D", "", str(phone["number"]))
        link = re.search(rf'<li><span class="care-card-region">{phone["region"]}</span>'
                         rf'<a href="tel:(\d+)"><span class="visually-hidden">Ring </span>([\d ]+)</a></li>', urgent)
        assert link, f"{phone['region']} has no number on the urgent card"
        assert link.group(1) == digits and re.sub(r"\D", "", link.group(2)) == digits
    shown = set(re.findall(r'href="tel:(\d+)"', page))
    assert shown == {re.sub(r"\D", "", str(p["number"])) for p in phones.values()}


def test_the_summary_names_the_emergency_signs_and_links_to_the_cards(page):
    summary = page.split('class="callout callout-summary"', 1)[1].split("</div>", 1)[0]
    assert "112" in summary and 'href="#hvornaar-skal-du-soege-laege"' in summary
