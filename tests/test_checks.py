"""The editor's lints: each with a case that warns (exact message and line) and one that does not."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from conftest import BIB, INDEX, SITE_YML

from iskias_site.language import translation
from iskias_site.messages import message
from iskias_site.pipeline.site import load_site
from iskias_site.lint.lints import LintSettings, format_json, format_readability, run_lints
from iskias_site.diagnostics import Diagnostic, Diagnostics

TODAY = dt.date(2026, 12, 1)  # the fixture's next_review (2027-01-01) is 31 days away
SECTION = "content/test/01-foerste.md"
INDEX_PATH = "content/test/index.md"
# Her er en kort tekst om ryggen: 7 words, 1 sentence, 0 long (ryggen has 6 letters): LIX 7
EASY_INDEX = INDEX.replace("Indledning [@beta2021].", "Her er en kort tekst om ryggen [@beta2021].")


def lint(make_site, files=None, today=TODAY, settings=LintSettings()):
    """The lints' findings (not the build's) as formatted lines, and the readability reports."""
    root = make_site({INDEX_PATH: EASY_INDEX, **(files or {})})
    diags = Diagnostics(root)
    site = load_site(root, diags)
    built = len(diags.items)
    reports = run_lints(site, today, settings, diags)
    return [d.format() for d in sorted(diags.items[built:])], reports


def found(make_site, files=None, path=SECTION, **options) -> list[str]:
    """The lints' findings in one file."""
    return [line for line in lint(make_site, files, **options)[0] if line.startswith(f"{path}:")]


# --- readability -------------------------------------------------------------------------------

HARD = "## Behandlingsmuligheder\n\nFysioterapeutiske undersøgelser anbefales.\n"
# Behandlingsmuligheder(21) | Fysioterapeutiske(17) undersøgelser(13) anbefales(9):
# 4 words, 2 sentences, 4 long: 4/2 + 100*4/4 = 102


def test_a_section_above_the_lix_limit_warns_at_its_first_line(make_site):
    assert found(make_site, {SECTION: HARD}) == [
        f"{SECTION}:1: warning: LIX 102 (meget svær) is above the site's limit of 40; "
        "shorter sentences and shorter words bring it down"]


def test_the_lix_limit_comes_from_the_settings(make_site):
    assert found(make_site, {SECTION: HARD}, settings=LintSettings(lix_max=102)) == []


def test_a_section_at_or_below_the_limit_passes(make_site):
    # Første(6) afsnit(6) | Tekst(5): 3 words, 2 sentences, 0 long: 1.5 -> 2
    assert found(make_site) == []


SENTENCE_26 = " ".join(["ord"] * 25) + "\nslut."
SENTENCE_25 = " ".join(["ord"] * 24) + "\nslut."


def test_a_sentence_over_25_words_warns_at_its_first_line(make_site):
    text = f"## Ord\n\nKort. {SENTENCE_26}\n"
    assert found(make_site, {SECTION: text}) == [
        f"{SECTION}:3: warning: a sentence of 26 words; split it (at most 25)"]
    text = f"## Ord\n\nKort.\n{SENTENCE_26}\n"
    assert found(make_site, {SECTION: text}) == [
        f"{SECTION}:4: warning: a sentence of 26 words; split it (at most 25)"]


def test_a_sentence_of_25_words_passes(make_site):
    assert found(make_site, {SECTION: f"## Ord\n\n{SENTENCE_25}\n"}) == []


def test_a_long_list_item_counts_as_a_long_sentence(make_site):
    text = f"## Ord\n\n- kort\n- {SENTENCE_26.replace('.', '')}\n"
    assert found(make_site, {SECTION: text}) == [
        f"{SECTION}:4: warning: a sentence of 26 words; split it (at most 25)"]


def test_a_paragraph_over_5_sentences_warns_at_its_first_line(make_site):
    text = "## Ord\n\nEt. To.\nTre. Fire. Fem. Seks.\n"
    assert found(make_site, {SECTION: text}) == [
        f"{SECTION}:3: warning: a paragraph of 6 sentences; split it (at most 5)"]


def test_a_paragraph_of_5_sentences_and_a_list_of_6_items_pass(make_site):
    text = "## Ord\n\nEt. To. Tre. Fire. Fem.\n\n- et\n- to\n- tre\n- fire\n- fem\n- seks\n"
    assert found(make_site, {SECTION: text}) == []


def test_readability_report_per_file_and_for_the_article(make_site):
    _, reports = lint(make_site, {SECTION: HARD})
    # index.md: 7 words, 1 sentence, 0 long: LIX 7
    # whole article: 11 words, 3 sentences, 4 long: 11/3 + 100*4/11 = 3.67 + 36.36 = 40.03 -> 40
    assert format_readability(reports) == (
        f"{INDEX_PATH}: LIX 7 (meget let), 7 words, 1 sentences, 0 long words\n"
        f"{SECTION}: LIX 102 (meget svær), 4 words, 2 sentences, 4 long words\n"
        "content/test: LIX 40 (middel), 11 words, 3 sentences, 4 long words for the whole article")


# --- links -------------------------------------------------------------------------------------

# Where a link leads is checked by the build (tests/test_links.py); the lints judge its text.


@pytest.mark.parametrize("text", ["her", "Klik her", "klik  HER.", "**Læs mere**", "læs mere…"])
def test_link_text_that_says_nothing_warns(make_site, text):
    section = f"## Første afsnit\n\nTekst om [{text}](#foerste-afsnit).\n"
    plain = " ".join(text.replace("*", "").split()).rstrip(".…")
    assert found(make_site, {SECTION: section}) == [
        f"{SECTION}:3: warning: link text '{plain}' does not say where the link leads (screen readers "
        "list links on their own); name the destination instead"]


def test_link_text_that_names_the_destination_passes(make_site):
    section = "## Første afsnit\n\nLæs mere om [hvornår du skal søge læge her](#foerste-afsnit).\n"
    assert found(make_site, {SECTION: section}) == []


def test_a_link_without_text_warns(make_site):
    assert found(make_site, {SECTION: "## Første afsnit\n\nSe [](#foerste-afsnit).\n"}) == [
        f"{SECTION}:3: warning: a link without text; write where it leads between the brackets"]


def test_a_link_over_two_lines_warns_at_its_first_line(make_site):
    section = "## Første afsnit\n\nTekst om [klik\nher](#foerste-afsnit).\n"
    assert found(make_site, {SECTION: section}) == [
        f"{SECTION}:3: warning: link text 'klik her' does not say where the link leads (screen readers "
        "list links on their own); name the destination instead"]


def test_plain_http_warns_with_the_https_address(make_site):
    section = "## Første afsnit\n\nSe [Sundhedsstyrelsen](http://sst.dk/iskias) og\n<http://sundhed.dk>.\n"
    assert found(make_site, {SECTION: section}) == [
        f"{SECTION}:3: warning: 'http://sst.dk/iskias' is not encrypted; link to 'https://sst.dk/iskias' instead",
        f"{SECTION}:4: warning: 'http://sundhed.dk' is not encrypted; link to 'https://sundhed.dk' instead"]


def test_links_in_code_are_not_checked(make_site):
    section = "## Første afsnit\n\n`[her](http://x.dk)`\n\n```\n[her](#nowhere)\n```\n"
    assert found(make_site, {SECTION: section}) == []


# --- images ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("alt", "which"), [("Testartikel", "page"), ("testsite.", "site")])
def test_alt_text_that_only_repeats_a_title_warns(make_site, alt, which):
    section = f"## Første afsnit\n\nTekst.\n\n![{alt}](figur.png)\n"
    assert found(make_site, {SECTION: section}) == [
        f"{SECTION}:5: warning: the alt text of image 'figur.png' only repeats the {which} title; "
        "describe what the image shows"]


def test_alt_text_that_describes_the_image_passes(make_site):
    section = "## Første afsnit\n\n![Testartikel: en tegning af ryggen og iskiasnerven](figur.png)\n"
    assert found(make_site, {SECTION: section}) == []


def test_missing_alt_text_is_left_to_the_build(make_site):
    assert found(make_site, {SECTION: "## Første afsnit\n\n![](figur.png)\n"}) == []


# --- governance --------------------------------------------------------------------------------


@pytest.mark.parametrize(("today", "when"), [
    (dt.date(2026, 12, 2), "in 30 days"), (dt.date(2026, 12, 31), "in 1 day"), (dt.date(2027, 1, 1), "today"),
])
def test_a_review_due_within_30_days_warns_at_next_review(make_site, today, when):
    assert f"{INDEX_PATH}:7: warning: the next review is due 2027-01-01 ({when}); plan it" in found(
        make_site, path=INDEX_PATH, today=today)


@pytest.mark.parametrize("today", [TODAY, dt.date(2027, 1, 2)])  # 31 days ahead; past (the build warns)
def test_a_review_further_away_or_past_is_not_linted(make_site, today):
    assert not [line for line in found(make_site, path=INDEX_PATH, today=today) if "next review" in line]


def _review(lines: list[str]) -> list[str]:
    """Without the fixture's missing-handout warning (tests/test_handout.py pins that one)."""
    return [line for line in lines if "printable handout" not in line]


def test_no_reviewer_warns(make_site):
    assert _review(found(make_site, path=INDEX_PATH)) == [
        f"{INDEX_PATH}:1: warning: no clinical review yet: the page shows 'Afventer faglig gennemgang'"]
    index = EASY_INDEX.replace("author: Redaktionen\n", "author: Redaktionen\nreviewer: \"\"\n")
    assert _review(found(make_site, {INDEX_PATH: index}, path=INDEX_PATH)) == [
        f"{INDEX_PATH}:5: warning: no clinical review yet: the page shows 'Afventer faglig gennemgang'"]


def test_a_reviewer_passes(make_site):
    index = EASY_INDEX.replace("author: Redaktionen\n", "author: Redaktionen\nreviewer: Overlæge A. Andersen\n")
    assert _review(found(make_site, {INDEX_PATH: index}, path=INDEX_PATH)) == []


def test_a_phone_never_verified_warns(make_site):
    site_yml = SITE_YML.replace("    verified: 2026-11-01\n  region", "    verified:\n  region", 1)
    assert found(make_site, {"site.yml": site_yml}, path="site.yml") == [
        "site.yml:11: warning: phone 'emergency' (112) has no verified date; check the number against "
        "the official source and set verified: YYYY-MM-DD"]
    site_yml = SITE_YML.replace("    verified: 2026-11-01\n  region", "  region", 1)
    assert found(make_site, {"site.yml": site_yml}, path="site.yml") == [
        "site.yml:8: warning: phone 'emergency' (112) has no verified date; check the number against "
        "the official source and set verified: YYYY-MM-DD"]


def test_a_phone_verified_more_than_12_months_ago_warns(make_site):
    site_yml = SITE_YML.replace("verified: 2026-11-01", "verified: 2025-11-30")
    assert found(make_site, {"site.yml": site_yml}, path="site.yml") == [
        "site.yml:11: warning: phone 'emergency' (112) was last verified 2025-11-30, more than 12 months ago; "
        "check it again and update verified",
        "site.yml:15: warning: phone 'region-hovedstaden' (1813) was last verified 2025-11-30, more than "
        "12 months ago; check it again and update verified"]


@pytest.mark.parametrize(("verified", "today"), [("2025-12-01", TODAY), ("2024-02-28", dt.date(2025, 2, 28))])
def test_a_phone_verified_12_months_ago_passes(make_site, verified, today):
    site_yml = SITE_YML.replace("verified: 2026-11-01", f"verified: {verified}")
    assert found(make_site, {"site.yml": site_yml}, path="site.yml", today=today) == []


@pytest.mark.parametrize(("check_by", "warned"), [("2026-12-01", True), ("2026-12-02", False)])
def test_a_phone_past_its_check_by_date_warns_at_that_key(make_site, check_by, warned):
    site_yml = SITE_YML.replace("    label: Akuttelefonen 1813\n",
                                f"    label: Akuttelefonen 1813\n    region: Region Hovedstaden\n"
                                f"    check_by: {check_by}\n")
    assert found(make_site, {"site.yml": site_yml}, path="site.yml") == ([
        f"site.yml:16: warning: phone 'region-hovedstaden' (1813) had to be checked again by {check_by}; "
        "check it against its source, then update verified and check_by"] if warned else [])


def test_references_without_doi_pmid_or_url_warn_at_their_entry(make_site):
    assert found(make_site, path="references.bib") == [
        "references.bib:13: warning: entry 'beta2021' has no doi, pmid, url or isbn; add one so a reader can find the source",
        "references.bib:20: warning: entry 'gamma2022' has no doi, pmid, url or isbn; add one so a reader can find "
        "the source"]


def test_a_pmid_or_url_is_enough(make_site):
    bib = BIB.replace("  year = {2021},\n", "  year = {2021},\n  pmid = {12345678},\n").replace(
        "  year = {2022},\n", "  year = {2022},\n  url = {https://example.org/gamma},\n")
    assert found(make_site, {"references.bib": bib}, path="references.bib") == []


# --- output ------------------------------------------------------------------------------------

def test_format_json_lists_diagnostics_sorted_once():
    phone = message("phone-not-verified/missing", key="emergency", number="112")
    diagnostics = [
        Diagnostic.of("site.yml", 11, "warning", phone),
        Diagnostic.of("content/a/01-b.md", 3, "warning", message("link-text/vague", plain="her")),
        Diagnostic.of("content/a/01-b.md", 3, "error", message("unknown-citation-key", key="x", hint="")),
        Diagnostic.of("site.yml", 11, "warning", phone),
    ]
    assert json.loads(format_json(diagnostics)) == [
        {"path": "content/a/01-b.md", "line": 3, "severity": "error", "message": "unknown citation key 'x'",
         "code": "unknown-citation-key"},
        {"path": "content/a/01-b.md", "line": 3, "severity": "warning", "code": "link-text",
         "message": "link text 'her' does not say where the link leads (screen readers list links on their own); "
                    "name the destination instead"},
        {"path": "site.yml", "line": 11, "severity": "warning", "code": "phone-not-verified",
         "message": "phone 'emergency' (112) has no verified date; check the number against the official source "
                    "and set verified: YYYY-MM-DD"},
    ]
    danish = json.loads(format_json(diagnostics, translation("da")))
    assert danish[0] == {"path": "content/a/01-b.md", "line": 3, "severity": "error",
                         "message": "ukendt kildenøgle 'x'", "code": "unknown-citation-key"}
    assert "ukendt kildenøgle 'x'" in format_json(diagnostics, translation("da"))  # Danish text stays readable


def test_format_json_of_nothing_is_an_empty_list():
    assert format_json([]) == "[]"
