"""The error-path catalogue: one bad input per test, the exact diagnostic it gives, and no output.

Every test builds a small site with `build_site` and compares the complete, sorted list of
formatted diagnostics (`path:line: severity: message`) with what an editor should see. A build
that fails must leave the previous output folder exactly as it was.

Each build's diagnostics are also pinned in Danish, with their codes, in golden/errors.da.txt (one
entry per build, named by the test; `UPDATE_GOLDEN=1` rewrites an entry): the English here and the
Danish there are the catalogue of every message in both languages.

The sites here are written with conftest's `make_site` from DEFAULTS below: the article under test
cites nothing, and a second, healthy article (`content/kilder.md`) cites every reference, so the
"never cited" warnings only appear where a test is about them. Builds in process are dated
(TODAY), so the next-review warning never appears by accident.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from iskias_site.pipeline.site import build_site
from iskias_site.cli import main
from iskias_site.language import translation
from iskias_site.load.config import SCHEMA as SITE_SCHEMA
from iskias_site.load.content import META_SCHEMA
from iskias_site.write import search_index

REPO = Path(__file__).resolve().parent.parent
DANISH = translation("da")
DANISH_GOLDEN = Path(__file__).parent / "golden" / "errors.da.txt"

# Line numbers below refer to these texts; they are spelled out here rather than imported so that
# every expected `path:line` can be checked by reading this file.
SITE_YML = """\
title: Testsite
base_url: https://test.example/
language: da
contact_name: Redaktionen
contact_email: redaktion@test.example
citation_style: parenthetical
phones:
  emergency:
    number: "112"
    label: Alarm 112
    verified: 2026-11-01
  region-hovedstaden:
    number: "1813"
    label: Akuttelefonen 1813
    verified: 2026-11-01
"""

BIB = """\
@article{alpha2020,
  author = {Kjær, P and Hestbæk, L},
  title = {Alpha study},
  journal = {Journal of Tests},
  shortjournal = {J Tests},
  year = {2020},
  volume = {1},
  number = {2},
  pages = {10--20},
  doi = {10.1000/alpha},
}

@article{beta2021,
  author = {Schjølberg, T},
  title = {Beta study},
  journal = {Journal of Tests},
  year = {2021},
}

@article{gamma2022,
  author = {Gjerstad, J},
  title = {Gamma study},
  journal = {Journal of Tests},
  year = {2022},
}
"""

# An entry appended to BIB: "@article{hansen2023," is on line 27, its fields on lines 28-31.
DELTA = """
@article{hansen2023,
  author = {Hansen, A},
  title = {Delta study},
  journal = {Journal of Tests},
  year = {2023},
}
"""

# Front matter on lines 1-8 (the fences on 1 and 8), the body from line 9.
FRONT = """\
---
title: Testartikel
description: En artikel til test.
author: Redaktionen
published: 2026-01-01
last_reviewed: 2026-01-01
next_review: 2030-01-01
---

Indledning.
"""

INDEX = "content/test/index.md"
SECTION = "content/test/01-foerste.md"
HEADING = "## Første afsnit\n\n"  # a section's first two lines; its body starts on line 3

DEFAULTS = {
    "site.yml": SITE_YML,
    "references.bib": BIB,
    INDEX: FRONT,
    SECTION: HEADING + "Tekst.\n",
    "content/kilder.md": FRONT + "\nAlle kilder [@alpha2020; @beta2021; @gamma2022].\n",  # the citation: line 12
}

PREVIOUS = "<p>the previous site</p>\n"
TODAY = dt.date(2026, 11, 26)  # builds in process are dated, so the next-review warning cannot appear
RECORD = "published-anchors.txt"  # written into the site folder by a successful build


def front(old: str, new: str) -> str:
    """FRONT with one line changed (the change must apply)."""
    assert old in FRONT
    return FRONT.replace(old, new, 1)


@dataclass
class Built:
    root: Path
    lines: list[str]
    ok: bool
    out: Path
    pages: list[str]


def assert_danish(name: str, lines: list[str]) -> None:
    """`lines` are golden/errors.da.txt's entry `name` (written there under UPDATE_GOLDEN=1)."""
    entries = read_danish()
    if os.environ.get("UPDATE_GOLDEN") == "1" and entries.get(name) != lines:
        entries[name] = lines
        DANISH_GOLDEN.write_text("".join(f"== {key}\n" + "".join(f"{line}\n" for line in entries[key])
                                         for key in sorted(entries)), encoding="utf-8")
    assert entries.get(name) == lines, f"golden/errors.da.txt, entry {name} (UPDATE_GOLDEN=1 to accept)"


def read_danish() -> dict[str, list[str]]:
    entries: dict[str, list[str]] = {}
    text = DANISH_GOLDEN.read_text(encoding="utf-8") if DANISH_GOLDEN.exists() else ""
    for line in text.splitlines():
        if line.startswith("== "):
            entries[line[3:]] = current = []
        else:
            current.append(line)
    return entries


@pytest.fixture
def build(make_site, tmp_path: Path, request):
    """build(files, raw=...) -> Built; `files` as for make_site, `raw` as bytes written unchanged.

    The output folder already holds a previous site, so a failed build can be checked to leave it.
    Its diagnostics in Danish are checked against golden/errors.da.txt.
    """
    builds = []

    def run(files: dict[str, str | None] | None = None, raw: dict[str, bytes] | None = None) -> Built:
        root = make_site({**DEFAULTS, **(files or {})})
        for name, data in (raw or {}).items():
            path = root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        out = tmp_path / "out"
        out.mkdir()
        (out / "index.html").write_text(PREVIOUS, encoding="utf-8")
        result = build_site(root, out, today=TODAY)
        builds.append(out)
        name = request.node.name + (f" #{len(builds)}" if len(builds) > 1 else "")
        assert_danish(name, [d.format(DANISH, code=True) for d in result.diagnostics.sorted()])
        return Built(root, [d.format() for d in result.diagnostics.sorted()], result.ok, out, result.pages)

    return run


def assert_untouched(built: Built) -> None:
    """Nothing was written: the previous site is exactly as it was, and no half-built folder is left."""
    assert not built.ok
    assert built.pages == []
    assert sorted(p.name for p in built.out.iterdir()) == ["index.html"]
    assert (built.out / "index.html").read_text(encoding="utf-8") == PREVIOUS
    assert sorted(p.name for p in built.out.parent.iterdir() if p.name.startswith(".")) == []
    assert not (built.root / RECORD).exists()


@pytest.fixture
def fails(build):
    """The diagnostics of a build that must fail and leave the previous output untouched."""

    def run(files: dict[str, str | None] | None = None, raw: dict[str, bytes] | None = None) -> list[str]:
        built = build(files, raw)
        assert_untouched(built)
        return built.lines

    return run


@pytest.fixture
def succeeds(build):
    """The diagnostics (warnings only) of a build that must succeed and replace the output."""

    def run(files: dict[str, str | None] | None = None, raw: dict[str, bytes] | None = None) -> list[str]:
        built = build(files, raw)
        assert built.ok, built.lines
        assert "test/index.html" in built.pages
        assert (built.out / "index.html").read_text(encoding="utf-8") != PREVIOUS
        return built.lines

    return run


def test_the_base_site_builds_without_any_diagnostic(succeeds):
    assert succeeds() == []


# --- Front matter -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        pytest.param(
            "title: Testartikel", "title: Iskias: det skal du vide",
            f"{INDEX}:2: error: YAML could not be read: mapping values are not allowed here (a value holding ': ' must be in quotes)",
            id="colon-in-plain-value",
        ),
        pytest.param(
            "title: Testartikel", "title: [Testartikel",
            f"{INDEX}:3: error: YAML could not be read: expected ',' or ']', but got ':'",
            id="unclosed-bracket-reported-where-yaml-notices",
        ),
        pytest.param(
            "title: Testartikel", "- Testartikel",
            f"{INDEX}:3: error: YAML could not be read: expected <block end>, but found '?'",
            id="list-item-among-keys",
        ),
    ],
)
def test_front_matter_that_does_not_parse(fails, old, new, expected):
    assert fails({INDEX: front(old, new)}) == [expected]


def test_front_matter_yaml_error_line_counts_crlf_files_the_same(fails):
    text = front("title: Testartikel", "title: Iskias: det skal du vide").replace("\n", "\r\n")
    assert fails(raw={INDEX: text.encode("utf-8")}) == [
        f"{INDEX}:2: error: YAML could not be read: mapping values are not allowed here (a value holding ': ' must be in quotes)",
    ]


def test_front_matter_indented_with_a_tab(fails):
    assert fails({INDEX: front("title: Testartikel", "title:\n\tTestartikel")}) == [
        f"{INDEX}:3: error: YAML could not be read: found character '\\t' that cannot start any token "
        "(YAML does not allow tabs for indentation; use spaces)",
    ]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        pytest.param("title: Testartikel\n", "missing required key 'title'", id="title"),
        pytest.param(
            "description: En artikel til test.\n",
            "missing required key 'description': one sentence for search results and link previews",
            id="description",
        ),
        pytest.param(
            "author: Redaktionen\n",
            "missing required key 'author': who wrote the text, e.g. Redaktionen",
            id="author",
        ),
        pytest.param(
            "published: 2026-01-01\n",
            "missing required key 'published': the date first published, YYYY-MM-DD",
            id="published",
        ),
        pytest.param(
            "last_reviewed: 2026-01-01\n",
            "missing required key 'last_reviewed': the date the content was last updated, YYYY-MM-DD",
            id="last_reviewed",
        ),
        pytest.param(
            "next_review: 2030-01-01\n",
            "missing required key 'next_review': the date of the next content review, YYYY-MM-DD",
            id="next_review",
        ),
    ],
)
def test_missing_required_front_matter_key(fails, line, expected):
    assert fails({INDEX: front(line, "")}) == [f"{INDEX}:1: error: {expected}"]


@pytest.mark.parametrize("value", [pytest.param("", id="nothing"), pytest.param(' ""', id="empty-quotes")])
def test_required_front_matter_key_left_blank(fails, value):
    assert fails({INDEX: front("title: Testartikel", "title:" + value)}) == [
        f"{INDEX}:1: error: missing required key 'title'",
    ]


def test_empty_front_matter_lists_every_required_key(fails):
    assert fails({INDEX: "---\n---\n\nIndledning.\n"}) == [
        f"{INDEX}:1: error: missing required key 'author': who wrote the text, e.g. Redaktionen",
        f"{INDEX}:1: error: missing required key 'description': one sentence for search results and link previews",
        f"{INDEX}:1: error: missing required key 'last_reviewed': the date the content was last updated, YYYY-MM-DD",
        f"{INDEX}:1: error: missing required key 'next_review': the date of the next content review, YYYY-MM-DD",
        f"{INDEX}:1: error: missing required key 'published': the date first published, YYYY-MM-DD",
        f"{INDEX}:1: error: missing required key 'title'",
    ]


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        pytest.param("no", "bool false", id="no"),
        pytest.param("yes", "bool true", id="yes"),
        pytest.param("2026", "int 2026", id="number"),
    ],
)
def test_title_that_yaml_reads_as_another_type(fails, value, shown):
    assert fails({INDEX: front("title: Testartikel", f"title: {value}")}) == [
        f"{INDEX}:2: error: 'title' must be text, but YAML read it as {shown}; put the value in quotes",
    ]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param(
            "2026-02-30",
            "'published' is not a real date: 2026-02-30; write YYYY-MM-DD, with a month from 01 to 12 and a day "
            "that month has",
            id="bare-day-the-month-lacks",
        ),
        pytest.param(
            "2026-13-45",
            "'published' is not a real date: 2026-13-45; write YYYY-MM-DD, with a month from 01 to 12 and a day "
            "that month has",
            id="bare-impossible-date",
        ),
        pytest.param(
            '"2026-13-45"',
            "'published' must be a date (YYYY-MM-DD), but YAML read it as str '2026-13-45'",
            id="quoted-impossible-date",
        ),
        pytest.param(
            "1/3 2026",
            "'published' must be a date (YYYY-MM-DD), but YAML read it as str 1/3 2026",
            id="danish-date-order",
        ),
        pytest.param(
            "i går",
            "'published' must be a date (YYYY-MM-DD), but YAML read it as str i går",
            id="words-with-danish-letters",
        ),
    ],
)
def test_date_that_is_not_a_date(fails, value, expected):
    assert fails({INDEX: front("published: 2026-01-01", f"published: {value}")}) == [f"{INDEX}:5: error: {expected}"]


def test_front_matter_key_given_twice(fails):
    assert fails({INDEX: front("author: Redaktionen", "author: Redaktionen\ntitle: Igen")}) == [
        f"{INDEX}:5: error: 'title' is given twice (first on line 2); keep one",
    ]


def test_front_matter_never_closed(fails):
    assert fails({INDEX: FRONT.replace("---\n\nIndledning", "\nIndledning")}) == [
        f"{INDEX}:1: error: the front matter opened here is never closed; add a '---' line after it",
    ]


@pytest.mark.parametrize("path", [pytest.param(INDEX, id="folder-article"),
                                  pytest.param("content/andet.md", id="file-article")])
def test_no_front_matter(fails, path):
    assert fails({path: "Indledning uden front matter.\n"}) == [
        f"{path}:1: error: the file must start with front matter: a '---' line, 'key: value' lines, and a closing '---'",
    ]


def test_front_matter_that_is_not_key_value_lines(fails):
    assert fails({INDEX: "---\nbare tekst\n---\n\nIndledning.\n"}) == [
        f"{INDEX}:2: error: expected 'key: value' lines",
    ]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        pytest.param(
            "author: Redaktionen", "author: Redaktionen\nreviewer: [&navn Dr. Hansen, *navn]",
            [f"{INDEX}:5: error: 'reviewer' uses a YAML alias or anchor (& or *); write the value out"],
            id="anchor-and-alias-in-one-value",
        ),
        pytest.param(
            "author: Redaktionen", "author: &navn Redaktionen\nreviewer: *navn",
            [
                f"{INDEX}:4: error: 'author' uses a YAML alias or anchor (& or *); write the value out",
                f"{INDEX}:5: error: 'reviewer' uses a YAML alias or anchor (& or *); write the value out",
            ],
            id="alias-to-another-key",
        ),
        # libyaml refuses '[?]' where the pure loader reads it; with '&' elsewhere in the text the
        # alias scan once used libyaml again and crashed the build
        pytest.param(
            "author: Redaktionen", "author: Ryg & ben\nreviewer: [?]",
            [f"{INDEX}:5: error: 'reviewer' must be text, but YAML read it as list [{{null: null}}]"],
            id="text-libyaml-refuses-with-an-ampersand",
        ),
    ],
)
def test_yaml_alias_or_anchor(fails, old, new, expected):
    assert fails({INDEX: front(old, new)}) == expected


@pytest.mark.parametrize(
    ("value", "tag"),
    [
        pytest.param("!!python/object:os.system {}", "python/object:os.system", id="object"),
        pytest.param('!!python/object/apply:os.system ["echo hej"]', "python/object/apply:os.system", id="apply"),
        pytest.param("!!python/name:os.system ''", "python/name:os.system", id="name"),
    ],
)
def test_python_tags_are_refused(fails, value, tag):
    assert fails({INDEX: front("author: Redaktionen", f"author: {value}")}) == [
        f"{INDEX}:4: error: 'author' uses the YAML tag '!!{tag}', which is not allowed here; "
        "write the value without it",
    ]


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        pytest.param("reveiwer", "unknown key 'reveiwer' (did you mean 'reviewer'?)", id="did-you-mean"),
        pytest.param("last_review", "unknown key 'last_review' (did you mean 'last_reviewed'?)", id="near-date-key"),
        pytest.param(
            "farve", f"unknown key 'farve' (expected one of: {', '.join(sorted(META_SCHEMA))})", id="no-close-match",
        ),
    ],
)
def test_unknown_front_matter_key(fails, key, expected):
    assert fails({INDEX: front("author: Redaktionen", f"author: Redaktionen\n{key}: Dr. Hansen")}) == [
        f"{INDEX}:5: error: {expected}",
    ]


def test_hash_in_a_plain_value_is_a_warning_and_the_build_succeeds(succeeds):
    assert succeeds({INDEX: front("title: Testartikel", "title: Iskias #1")}) == [
        f"{INDEX}:2: warning: 'title': the text after ' #' is read as a comment, not as part of the value; "
        "if it belongs to the value, put the whole value in quotes",
    ]


# --- site.yml -----------------------------------------------------------------------------------


def site_yml(old: str, new: str) -> str:
    assert old in SITE_YML
    return SITE_YML.replace(old, new, 1)


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        pytest.param(
            "language: da", "language: da\nlangauge: da",
            "site.yml:4: error: unknown key 'langauge' (did you mean 'language'?)",
            id="unknown-key-did-you-mean",
        ),
        pytest.param(
            "language: da", "language: da\nfarve: blå",
            f"site.yml:4: error: unknown key 'farve' (expected one of: {', '.join(sorted(SITE_SCHEMA))})",
            id="unknown-key-no-close-match",
        ),
        pytest.param(
            "title: Testsite", "title: 2026",
            "site.yml:1: error: 'title' must be text, but YAML read it as int 2026; put the value in quotes",
            id="number-for-text",
        ),
        pytest.param(
            "title: Testsite", "title: [Test, site]",
            "site.yml:1: error: 'title' must be text, but YAML read it as list [Test, site]",
            id="list-for-text",
        ),
        pytest.param(
            "citation_style: parenthetical", "citation_style: footnotes",
            "site.yml:6: error: citation_style 'footnotes' is unknown (expected: parenthetical, superscript)",
            id="bad-citation-style",
        ),
        pytest.param(
            "base_url: https://test.example/", "base_url: test.example",
            "site.yml:2: error: base_url must start with https://",
            id="base-url-without-scheme",
        ),
        pytest.param(
            "base_url: https://test.example/\n", "",
            "site.yml:1: error: missing required key 'base_url': the address the site is published at, "
            "e.g. https://example.dk/",
            id="missing-base-url",
        ),
        pytest.param(
            "citation_style: parenthetical", "citation_style: parenthetical\nhandouts: pfd",
            "site.yml:7: error: handouts 'pfd' is unknown (did you mean 'pdf'?)",
            id="unknown-handouts",
        ),
        pytest.param(
            "citation_style: parenthetical", "citation_style: parenthetical\ntimeout: 0",
            "site.yml:7: error: timeout must be 1 second or more (it is 0); leave it out for the default of 60",
            id="timeout-too-short",
        ),
        pytest.param(
            "title: Testsite", "title: Test: site",
            "site.yml:1: error: YAML could not be read: mapping values are not allowed here (a value holding ': ' must be in quotes)",
            id="yaml-error",
        ),
    ],
)
def test_bad_site_yml(fails, old, new, expected):
    assert fails({"site.yml": site_yml(old, new)}) == [expected]


SITE_YML_WITHOUT_PHONES = SITE_YML[: SITE_YML.index("phones:")]  # lines 1-6


@pytest.mark.parametrize(
    ("phones", "expected"),
    [
        pytest.param("phones: 112\n", "site.yml:7: error: 'phones' must be a mapping, but YAML read it as int 112",
                     id="number-for-mapping"),
        pytest.param("phones:\n  emergency: 112\n",
                     "site.yml:8: error: phones: 'emergency' must hold number, label and verified",
                     id="phone-without-fields"),
    ],
)
def test_bad_phones_in_site_yml(fails, phones, expected):
    assert fails({"site.yml": SITE_YML_WITHOUT_PHONES + phones}) == [expected]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        pytest.param(
            "    label: Alarm 112\n", "    label: Alarm 112\n    lable: Alarm\n",
            "site.yml:11: error: unknown key 'lable' (did you mean 'label'?)",
            id="unknown-phone-key",
        ),
        pytest.param(
            'number: "112"', "number: 112",
            "site.yml:9: error: 'number' must be text, but YAML read it as int 112; put the value in quotes",
            id="phone-number-not-quoted",
        ),
    ],
)
def test_bad_phone_in_site_yml_is_reported_on_its_own_line(fails, old, new, expected):
    assert fails({"site.yml": site_yml(old, new)}) == [expected]


def test_site_yml_missing(fails):
    assert fails({"site.yml": None}) == [
        "site.yml: error: site.yml is missing; every site folder needs one (copy it from the iskias-site repository)",
    ]


def test_site_yml_in_latin1(fails):
    assert fails({"site.yml": None}, raw={"site.yml": site_yml("Testsite", "Testsïte").encode("latin-1")}) == [
        "site.yml:1: error: is not UTF-8 text (Latin-1?); save the file as UTF-8",
    ]


# --- Article folders and section files ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "line"),
    [
        pytest.param("Tekst uden overskrift.\n\n## Sen overskrift\n", 1, id="text-first"),
        pytest.param("\n\nTekst uden overskrift.\n", 3, id="after-blank-lines"),
        pytest.param("### For lille overskrift\n", 1, id="h3-first"),
        pytest.param("##Uden mellemrum\n", 1, id="no-space-after-hashes"),
    ],
)
def test_section_without_its_heading(fails, text, line):
    assert fails({SECTION: text}) == [
        f"{SECTION}:{line}: error: a section must open with its '## ' heading, e.g. '## Symptomer'",
    ]


@pytest.mark.parametrize(
    "name",
    [
        pytest.param("foerste.md", id="no-number"),
        pytest.param("1_andet.md", id="underscore"),
        pytest.param("02-Andet.md", id="uppercase"),
        pytest.param("02-andet afsnit.md", id="space"),
    ],
)
def test_section_file_named_badly(fails, name):
    assert fails({f"content/test/{name}": "## Andet\n"}) == [
        f"content/test/{name}: error: section files are named NN-name.md (e.g. 03-symptomer.md); rename it",
    ]


@pytest.mark.parametrize(
    ("name", "flagged", "other"),
    [
        pytest.param("1-andet.md", "content/test/1-andet.md", "01-foerste.md", id="1-and-01"),
        pytest.param("01-andet.md", SECTION, "01-andet.md", id="both-01"),
    ],
)
def test_two_sections_with_the_same_number(fails, name, flagged, other):
    assert fails({f"content/test/{name}": "## Andet afsnit\n"}) == [
        f"{flagged}: error: has the same number as {other}; give each section its own number",
    ]


@pytest.mark.parametrize(
    ("path", "text", "line"),
    [
        pytest.param(SECTION, HEADING + "# Stor titel\n\nTekst.\n", 3, id="in-section"),
        pytest.param(INDEX, FRONT + "\n# Stor titel\n", 12, id="in-introduction"),
        pytest.param(SECTION, HEADING + "> Et citat.\n>\n> # Stor titel\n", 5, id="in-a-block-quote"),
        pytest.param(SECTION, HEADING + ">#Stor titel\n", 3, id="in-a-block-quote-without-spaces"),
    ],
)
def test_h1_heading_in_the_text(fails, path, text, line):
    assert fails({path: text}) == [
        f"{path}:{line}: error: '#' is the page title, made from the front matter; use '##' for a section",
    ]


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        pytest.param(
            {"content/test/02-andet.md": "## Første afsnit\n\nIgen.\n"},
            "content/test/02-andet.md:1: error: heading gets the anchor '#foerste-afsnit', as does the heading "
            "at 01-foerste.md:1; reword one, or give it its own anchor with {#new-anchor}",
            id="across-files",
        ),
        pytest.param(
            {SECTION: HEADING + "### Mere\n\nTekst.\n\n### Mere\n"},
            f"{SECTION}:7: error: heading gets the anchor '#mere', as does the heading at line 3; "
            "reword one, or give it its own anchor with {#new-anchor}",
            id="within-one-file",
        ),
        pytest.param(
            {"content/test/02-andet.md": "## Andet afsnit {#foerste-afsnit}\n"},
            "content/test/02-andet.md:1: error: heading gets the anchor '#foerste-afsnit', as does the heading "
            "at 01-foerste.md:1; reword one, or give it its own anchor with {#new-anchor}",
            id="explicit-anchor",
        ),
    ],
)
def test_duplicate_heading_anchor(fails, files, expected):
    assert fails(files) == [expected]


def test_article_folder_without_index(fails):
    assert fails({"content/andet/01-afsnit.md": "## Afsnit\n"}) == [
        "content/andet/index.md: error: the article folder has no index.md; it holds the front matter and the introduction",
    ]


# --- Citations ----------------------------------------------------------------------------------


def cite(text: str) -> dict[str, str]:
    """The section with `text` on its line 3."""
    return {SECTION: HEADING + text + "\n"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("Tekst [@alpah2020].", "unknown citation key 'alpah2020' (did you mean 'alpha2020'?)",
                     id="did-you-mean"),
        pytest.param("Tekst [@Alpha2020].", "unknown citation key 'Alpha2020' (did you mean 'alpha2020'?)",
                     id="wrong-case"),
        pytest.param("Tekst [@zzzz1999].", "unknown citation key 'zzzz1999'", id="no-close-match"),
        pytest.param("Tekst [@beta2021; @gama2022].", "unknown citation key 'gama2022' (did you mean 'gamma2022'?)",
                     id="second-of-two"),
    ],
)
def test_unknown_citation_key(fails, text, expected):
    assert fails(cite(text)) == [f"{SECTION}:3: error: {expected}"]


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Tekst [@].", id="at-only"),
        pytest.param("Tekst [@ ].", id="at-space"),
        pytest.param("Tekst [@alpha2020; @].", id="empty-second-item"),
    ],
)
def test_empty_citation(fails, text):
    assert fails(cite(text)) == [
        f"{SECTION}:3: error: empty citation; write a key after '@', e.g. [@brinjikji2015]",
    ]


@pytest.mark.parametrize(
    "inside",
    [
        pytest.param("@alpha2020 s. 12", id="locator-without-comma"),
        pytest.param("@alpha2020 @beta2021", id="keys-without-semicolon"),
        pytest.param("@alpha2020,", id="comma-without-locator"),
    ],
)
def test_unreadable_citation(fails, inside):
    assert fails(cite(f"Tekst [{inside}].")) == [f"{SECTION}:3: error: cannot read citation '[{inside}]'{UNREADABLE[inside]}"]


# issue 13: Pandoc's grammar says what is wrong where it can
UNREADABLE = {
    "@alpha2020 s. 12": ": put a comma between the key and the page, as in [@alpha2020, s. 12]",
    "@alpha2020 @beta2021": ": two keys in one part; put a semicolon between them, e.g. [@a; @b]",
    "@alpha2020,": "; write [@key], [@key1; @key2] or [@key, s. 12]",
}


def test_link_definition_with_a_citation_label(fails):
    assert fails({SECTION: HEADING + "Tekst.\n\n[@alpha2020]: https://example.org/alpha\n"}) == [
        f"{SECTION}:5: error: a link definition '[@…]:' would swallow citations; rename its label",
    ]


def test_citation_in_the_introduction_is_reported_in_its_file_line(fails):
    assert fails({INDEX: FRONT + "\nSe [@alpah2020].\n"}) == [
        f"{INDEX}:12: error: unknown citation key 'alpah2020' (did you mean 'alpha2020'?)",
    ]


# --- references.bib -----------------------------------------------------------------------------


def bib(old: str = "", new: str = "") -> dict[str, str]:
    """references.bib: BIB with DELTA appended, DELTA changed."""
    assert old in DELTA
    return {"references.bib": BIB + DELTA.replace(old, new, 1)}


def bib_cited(old: str = "", new: str = "") -> dict[str, str]:
    """As `bib`, and content/andet.md cites hansen2023 on its line 12, so it is not 'never cited'."""
    return {**bib(old, new), "content/andet.md": FRONT + "\nSe [@hansen2023].\n"}


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        pytest.param(
            "hansen2023,", "hansen2023",
            "references.bib:27: error: entry could not be parsed: expected comma after entry key, but found =",
            id="no-comma-after-key",
        ),
        pytest.param(
            "title = {Delta study},", "title = {Delta {study},",
            "references.bib:27: error: entry could not be parsed: unexpectedly reached end of file",
            id="unbalanced-brace",
        ),
        pytest.param(
            "hansen2023", "alpha2020",
            "references.bib:27: error: duplicate key 'alpha2020'; every entry needs its own key",
            id="duplicate-key",
        ),
        pytest.param(
            "hansen2023", "Alpha2020",
            "references.bib:27: error: duplicate key 'Alpha2020' (also 'alpha2020' on line 1); "
            "keys must differ in more than upper/lower case",
            id="duplicate-key-in-other-case",
        ),
        pytest.param(
            "journal = {Journal of Tests},", "journal = jtests,",
            "references.bib:30: error: field 'journal' uses 'jtests', which is no @string defined above it; "
            "define it with @string or put the value in braces",
            id="undefined-string-macro",
        ),
        pytest.param(
            "year = {2023},", "year = {2023},\n  month = sept,",
            "references.bib:32: error: field 'month' uses 'sept', which is no @string defined above it "
            "(a month? write jan, feb, … dec); define it with @string or put the value in braces",
            id="unknown-month-macro",
        ),
        pytest.param(
            "title = {Delta study},", "title = {Delta study}",
            "references.bib:29: error: field 'title' swallows the next field; a comma is probably missing at its end",
            id="missing-comma-merges-fields",
        ),
        pytest.param(
            "journal = {Journal of Tests},\n  year = {2023},", "journal = {Journal of Tests}\n  year = 2023,",
            "references.bib:30: error: field 'journal' swallows the next field; a comma is probably missing at its end",
            id="missing-comma-before-bare-number",
        ),
    ],
)
def test_bad_bibtex_entry(fails, old, new, expected):
    assert fails(bib(old, new)) == [expected]


def test_citation_of_an_entry_left_out_is_an_unknown_key(fails):
    assert fails(bib_cited("title = {Delta study},", "title = {Delta study}")) == [
        "content/andet.md:12: error: unknown citation key 'hansen2023'",
        "references.bib:29: error: field 'title' swallows the next field; a comma is probably missing at its end",
    ]


def test_entry_never_cited_is_only_a_warning(succeeds):
    assert succeeds({"references.bib": BIB + DELTA}) == [
        "references.bib:27: warning: entry 'hansen2023' is never cited",
    ]


@pytest.mark.parametrize(
    ("old", "new", "missing"),
    [
        pytest.param("  journal = {Journal of Tests},\n  year = {2023},\n", "", "journal or year", id="journal-and-year"),
        pytest.param("  author = {Hansen, A},\n", "", "author", id="author"),
    ],
)
def test_article_missing_required_fields_is_only_a_warning(succeeds, old, new, missing):
    assert succeeds(bib_cited(old, new)) == [
        f"references.bib:27: warning: @article 'hansen2023' has no {missing}; a reader cannot find the source without it",
    ]


def test_citations_of_an_article_that_failed_to_load_are_not_called_never_cited(make_site, tmp_path):
    root = make_site({"content/test/index.md": INDEX_WITH_YAML_ERROR})
    result = build_site(root, tmp_path / "out", today=TODAY)
    assert [d.format() for d in result.diagnostics.sorted()] == [
        f"{INDEX}:2: error: YAML could not be read: mapping values are not allowed here (a value holding ': ' must be in quotes)",
    ]
    assert not (tmp_path / "out").exists()


INDEX_WITH_YAML_ERROR = front("title: Testartikel", "title: Iskias: det skal du vide").replace(
    "Indledning.", "Indledning [@beta2021; @gamma2022]."
)


# --- Content files as bytes ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "line"),
    [
        pytest.param("## Første afsnit\n\nTekst.\n", 1, id="in-heading"),
        pytest.param("## Afsnit\n\nTekst på dansk.\n", 3, id="on-line-3"),
    ],
)
def test_latin1_section(fails, text, line):
    assert fails(raw={SECTION: text.encode("latin-1")}) == [
        f"{SECTION}:{line}: error: is not UTF-8 text (Latin-1?); save the file as UTF-8",
    ]


def test_latin1_front_matter(fails):
    assert fails(raw={INDEX: front("author: Redaktionen", "author: Søren").encode("latin-1")}) == [
        f"{INDEX}:4: error: is not UTF-8 text (Latin-1?); save the file as UTF-8",
    ]


@pytest.mark.parametrize(
    ("char", "code"),
    [
        pytest.param("\x00", "0000", id="nul"),
        pytest.param("\x0c", "000C", id="form-feed"),
        pytest.param("\x1b", "001B", id="escape"),
        pytest.param("\x7f", "007F", id="delete"),
    ],
)
def test_control_character(fails, char, code):
    assert fails(raw={SECTION: f"## Første afsnit\n\nTekst{char} her.\n".encode()}) == [
        f"{SECTION}:3: error: contains the control character U+{code}; delete it",
    ]


@pytest.mark.parametrize(
    "raw",
    [
        pytest.param({SECTION: ("\ufeff" + HEADING + "Tekst.\n").encode()}, id="bom-section"),
        pytest.param({INDEX: ("\ufeff" + FRONT).encode()}, id="bom-front-matter"),
        pytest.param({SECTION: (HEADING + "Tekst.\n").replace("\n", "\r\n").encode(),
                      INDEX: FRONT.replace("\n", "\r\n").encode()}, id="crlf"),
        pytest.param({SECTION: (HEADING + "Tekst.\n").replace("\n", "\r").encode()}, id="cr"),
        pytest.param({"site.yml": ("\ufeff" + SITE_YML).replace("\n", "\r\n").encode()}, id="bom-crlf-site-yml"),
    ],
)
def test_byte_order_mark_and_windows_line_ends_build_fine(build, raw):
    built = build(raw=raw)
    assert built.lines == []
    assert built.ok
    page = (built.out / "test" / "index.html").read_text(encoding="utf-8")
    assert "\ufeff" not in page
    assert "\r" not in page
    assert 'id="foerste-afsnit"' in page
    assert "<h1>Testartikel</h1>" in page


def test_problems_in_a_crlf_file_keep_their_line_numbers(fails):
    text = (HEADING + "Tekst.\n\nSe [@alpah2020].\n").replace("\n", "\r\n")
    assert fails(raw={SECTION: text.encode()}) == [
        f"{SECTION}:5: error: unknown citation key 'alpah2020' (did you mean 'alpha2020'?)",
    ]


@pytest.mark.parametrize("text", [pytest.param("", id="empty"), pytest.param("\n  \n\n", id="blank-lines")])
def test_empty_section_file(fails, text):
    assert fails({SECTION: text}) == [
        f"{SECTION}:1: error: the section is empty; it must open with its '## ' heading",
    ]


@pytest.mark.parametrize(
    ("name", "shown", "slug"),
    [
        pytest.param("content/Iskias.md", "content/Iskias.md", "Iskias", id="uppercase-file"),
        pytest.param("content/Iskias/index.md", "content/Iskias", "Iskias", id="uppercase-folder"),
        pytest.param("content/mine smerter.md", "content/mine smerter.md", "mine smerter", id="space-file"),
        pytest.param("content/mine smerter/index.md", "content/mine smerter", "mine smerter", id="space-folder"),
        pytest.param("content/a..b.md", "content/a..b.md", "a..b", id="dot-dot-file"),
        pytest.param("content/a..b/index.md", "content/a..b", "a..b", id="dot-dot-folder"),
        pytest.param("content/søg.md", "content/søg.md", "søg", id="danish-letter"),
        pytest.param("content/-ryg.md", "content/-ryg.md", "-ryg", id="leading-hyphen"),
    ],
)
def test_content_slug_that_cannot_be_a_web_address(fails, name, shown, slug):
    assert fails({name: FRONT}) == [
        f"{shown}: error: '{slug}' cannot be a web address; use lowercase a-z, 0-9 and hyphens (æ→ae, ø→oe, å→aa)",
    ]


def test_two_articles_with_one_address(fails):
    assert fails({"content/test.md": FRONT}) == [
        "content/test.md: error: makes the same page 'test/' as content/test; rename one of them",
    ]


def test_an_article_named_static(fails):
    assert fails({"content/static.md": FRONT}) == [
        "content/static.md: error: 'static' is where the site's own files go; give the article another name",
    ]


def test_file_that_is_not_markdown_is_a_warning(succeeds):
    assert succeeds({"content/noter.txt": "Huskeliste\n"}) == [
        "content/noter.txt: warning: is not a Markdown file and is ignored; articles are folders or .md files",
    ]


# --- Callouts, care cards and charts ------------------------------------------------------------


def signs(count: int) -> str:
    return "".join(f"- tegn nummer {n}\n" for n in range(1, count + 1))


def block(text: str, **more: str) -> dict[str, str]:
    """The section with `text` from its line 3 (so a block opened first opens on line 3)."""
    return {SECTION: HEADING + text, **more}


CSV = "# Fund hos personer uden smerter, i procent\nfund,20,40\nDiskusprolaps,29,33\nDegeneration,37,68\n"
CHART = "::: chart fund.csv\nFigurtekst.\n:::\n"


def test_every_block_kind_builds(succeeds):
    text = ("::: tip Et godt råd\nTekst.\n:::\n\n::: card emergency\n" + signs(5) + ":::\n\n"
            "::: card urgent\n" + signs(6) + ":::\n\n::: card non-urgent\n" + signs(5) + ":::\n\n" + CHART)
    assert succeeds(block(text, **{"content/test/fund.csv": CSV})) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("::: warning\nTekst.\n:::\n",
                     "unknown block type 'warning' (expected: summary, info, tip, important, quote, card, chart, handout, video)",
                     id="unknown-type"),
        pytest.param("::: Info\nTekst.\n:::\n",
                     "unknown block type 'Info' (expected: summary, info, tip, important, quote, card, chart, handout, video)",
                     id="type-in-uppercase"),
        pytest.param("::: card critical\n- tegn\n:::\n",
                     "unknown card level 'critical' (expected: emergency, urgent, non-urgent)",
                     id="unknown-card-level"),
        pytest.param("::: card akut\n- tegn\n:::\n",
                     "unknown card level 'akut' (expected: emergency, urgent, non-urgent)",
                     id="danish-card-level"),
        pytest.param("::: chart fund\nFigurtekst.\n:::\n",
                     "a chart names its CSV file: '::: chart findings.csv'", id="chart-without-csv-name"),
        pytest.param("::: info\n:::\n", "the '::: info' block is empty", id="empty-block"),
        pytest.param("::: card urgent\n- tegn\n\nRing hellere en gang for meget.\n:::\n",
                     "a care card holds only its list of signs; move other text out of the card",
                     id="card-with-other-text"),
    ],
)
def test_bad_block_opening_or_body(fails, text, expected):
    assert fails(block(text)) == [f"{SECTION}:3: error: {expected}"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("::: video\n:::\n", "a video block names the video's address and its title: "
                     "'::: video https://youtu.be/… Titel'", id="video-without-address"),
        pytest.param("::: video https://youtu.be/AbCdEfGhIjK\n:::\n", "the video 'https://youtu.be/AbCdEfGhIjK' "
                     "has no title; write it after the address: '::: video https://youtu.be/AbCdEfGhIjK Titel'",
                     id="video-without-title"),
        pytest.param("::: video http://youtu.be/AbCdEfGhIjK Titel\n:::\n", "the video address "
                     "'http://youtu.be/AbCdEfGhIjK' is not secure; write it with https://", id="video-over-http"),
        pytest.param("::: video https://www.youtube.com/results?q=ryg Titel\n:::\n",
                     "'https://www.youtube.com/results?q=ryg' names no YouTube video; copy the address from the "
                     "video's 'Del' (Share) button: https://youtu.be/…", id="youtube-without-video"),
        pytest.param("::: video https://vimeo.com/kanal Titel\n:::\n", "'https://vimeo.com/kanal' names no Vimeo "
                     "video; write it as https://vimeo.com/<number>", id="vimeo-without-video"),
        pytest.param("::: video https://www.facebook.com/watch/?v=1 Titel\n:::\n",
                     "'https://www.facebook.com/watch/?v=1' is not a video this site can show; link to YouTube "
                     "(https://www.youtube.com/watch?v=…) or Vimeo (https://vimeo.com/…), or put an '.mp4' or "
                     "'.webm' file with its captions beside the article", id="video-on-other-site"),
        pytest.param("::: video oevelse.mov Titel\n:::\n", "'oevelse.mov' is not a video file this site can show "
                     "(.mp4, .webm); save it as MP4 or WebM, or link to YouTube or Vimeo", id="video-file-type"),
        pytest.param("::: video oevelse.mp4 Titel\n:::\n", "video 'oevelse.mp4' is not in the article's folder",
                     id="video-missing"),
    ],
)
def test_bad_video_block(fails, text, expected):
    assert fails(block(text)) == [f"{SECTION}:3: error: {expected}"]


VIDEO_FILE = {"content/test/oevelse.mp4": "not really a video"}


def test_a_video_file_needs_captions(fails):
    assert fails({**block("::: video oevelse.mp4 Øvelsen\n:::\n"), **VIDEO_FILE}) == [
        f"{SECTION}:3: error: video 'oevelse.mp4' needs captions: add oevelse.vtt beside it (a WebVTT file, "
        "the text of everything said in the video)"]


def test_a_video_files_captions_must_be_webvtt(fails):
    files = {**block("::: video oevelse.mp4 Øvelsen\n:::\n"), **VIDEO_FILE, "content/test/oevelse.vtt": "Tekst\n"}
    assert fails(files) == [f"{SECTION}:3: error: 'oevelse.vtt' is not a WebVTT caption file: its first line must be 'WEBVTT'"]


def test_block_never_closed_is_reported_at_its_opening_line(fails):
    assert fails(block("Tekst.\n\n::: info\nMere tekst.\n\nOg mere.\n")) == [
        f"{SECTION}:5: error: the '::: info' block opened here is never closed; add a line ':::' where it ends",
    ]


def test_stray_closing_fence(fails):
    assert fails(block("::: tip\nTekst.\n:::\n\nMere.\n:::\n")) == [
        f"{SECTION}:8: error: ':::' closes no block; remove it or add the opening line",
    ]


def test_block_opened_inside_another(fails):
    assert fails(block("::: info\nTekst.\n\n::: tip\nMere.\n:::\n")) == [
        f"{SECTION}:6: error: a block opens inside the block opened on line 3; close that one with ':::' first",
    ]


def test_fence_inside_a_code_block_is_text(succeeds):
    assert succeeds(block("```\n::: warning\n:::\n:::\n```\n")) == []


@pytest.mark.parametrize(
    "sign",
    [
        pytest.param("- lammelse, se [vejledning](https://example.org)", id="markdown-link"),
        pytest.param("- lammelse, se https://example.org", id="bare-address"),
        pytest.param("- lammelse, se <https://example.org>", id="autolink"),
    ],
)
def test_emergency_card_with_a_link(fails, sign):
    assert fails(block(f"::: card emergency\n{sign}\n:::\n")) == [
        f"{SECTION}:3: error: an emergency card has no links: its one action is the phone number",
    ]


def test_urgent_card_may_have_a_link(succeeds):
    assert succeeds(block("::: card urgent\n- feber, se [vejledning](https://example.org)\n:::\n")) == []


@pytest.mark.parametrize(
    ("level", "count", "allowed"),
    [
        pytest.param("emergency", 6, 5, id="emergency-6"),
        pytest.param("non-urgent", 6, 5, id="non-urgent-6"),
        pytest.param("urgent", 7, 6, id="urgent-7"),
    ],
)
def test_card_with_too_many_signs(fails, level, count, allowed):
    article = "an" if level[0] in "aeiou" else "a"
    assert fails(block(f"::: card {level}\n{signs(count)}:::\n")) == [
        f"{SECTION}:3: error: {article} {level} card lists {count} signs; at most {allowed} "
        "(split it, or move the less urgent signs to another card)",
    ]


@pytest.mark.parametrize(("level", "count"), [pytest.param("urgent", 6, id="urgent-6"),
                                               pytest.param("emergency", 5, id="emergency-5")])
def test_card_with_the_most_signs_allowed(succeeds, level, count):
    assert succeeds(block(f"::: card {level}\n{signs(count)}:::\n")) == []


def test_card_without_a_list(fails):
    assert fails(block("::: card urgent\nKontakt lægen ved feber.\n:::\n")) == [
        f"{SECTION}:3: error: a care card holds only its list of signs; move other text out of the card",
        f"{SECTION}:3: error: a care card lists its signs as '- ' items",
    ]


NOT_IN_FOLDER = f"{SECTION}:3: error: the chart's file 'fund.csv' is not in the article's folder"
CSV_NOT_ARTICLE = "content/fund.csv: warning: is not a Markdown file and is ignored; articles are folders or .md files"
NO_ROWS = "content/test/fund.csv: error: a chart's CSV needs a header row and at least one row of numbers"


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        pytest.param({}, [NOT_IN_FOLDER], id="csv-missing"),
        pytest.param({"content/fund.csv": CSV}, [CSV_NOT_ARTICLE, NOT_IN_FOLDER], id="csv-outside-the-article-folder"),
        pytest.param({"content/test/fund.csv": CSV.replace("Degeneration,37,68", "Degeneration,37")},
                     ["content/test/fund.csv:4: error: has 2 columns; the header has 3"], id="short-row"),
        pytest.param({"content/test/fund.csv": CSV.replace("37,68", "37,68,12")},
                     ["content/test/fund.csv:4: error: has 4 columns; the header has 3"], id="long-row"),
        pytest.param({"content/test/fund.csv": CSV.replace("37,68", "37,mange")},
                     ["content/test/fund.csv:4: error: every value after the first column must be a number"],
                     id="word-for-number"),
        pytest.param({"content/test/fund.csv": "fund,20,40\n"}, [NO_ROWS], id="header-only"),
        pytest.param({"content/test/fund.csv": ""}, [NO_ROWS], id="empty"),
    ],
)
def test_chart_whose_csv_is_missing_or_malformed(fails, files, expected):
    assert fails(block(CHART, **files)) == expected


def test_a_chart_row_name_longer_than_its_label_holds_is_a_warning_and_cut_short_in_the_drawing(succeeds, tmp_path):
    long = "Slid på diskus (diskusdegeneration) hos personer over halvtreds år"
    files = block(CHART, **{"content/test/fund.csv": CSV.replace("Degeneration", long)})
    assert succeeds(files) == [
        f"content/test/fund.csv:4: warning: the row name '{long}' is longer than the chart's labels hold (two "
        "lines, about 50 characters), so the chart cuts it short; shorten it (the table under the chart shows "
        "it whole)"]
    out = tmp_path / "out"  # where the build fixture wrote it
    for drawing in (path.read_text(encoding="utf-8") for path in out.glob("test/*.svg")):
        assert ">Slid på diskus<" in drawing and ">(diskusdegeneration) …<" in drawing and "halvtreds" not in drawing
    assert len(list(out.glob("test/*.svg"))) == 2  # narrow and wide
    assert f'<th scope="row">{long}</th>' in (out / "test/index.html").read_text(encoding="utf-8")


def test_chart_naming_a_file_outside_the_folder(fails):
    assert fails(block("::: chart ../fund.csv\nFigurtekst.\n:::\n", **{"content/fund.csv": CSV})) == [
        CSV_NOT_ARTICLE,
        f"{SECTION}:3: error: the chart's file '../fund.csv' is not in the article's folder",
    ]


def test_chart_csv_in_latin1(fails):
    csv = "fund,20,40\nSmerter i ryg,1,2\nKnæ,3,4\n".encode("latin-1")
    assert fails(block(CHART), raw={"content/test/fund.csv": csv}) == [
        "content/test/fund.csv:3: error: is not UTF-8 text (Latin-1?); save the file as UTF-8",
    ]


@pytest.mark.parametrize("value", [pytest.param("nan", id="nan"), pytest.param("inf", id="inf"),
                                   pytest.param("-inf", id="minus-inf")])
def test_chart_csv_value_that_is_not_a_finite_number(fails, value):
    assert fails(block(CHART, **{"content/test/fund.csv": CSV.replace("37,68", f"37,{value}")})) == [
        "content/test/fund.csv:4: error: every value after the first column must be a number",
    ]


# --- Several problems at once -------------------------------------------------------------------


def test_every_problem_is_reported_not_just_the_first(fails):
    files = {
        "references.bib": BIB + DELTA.replace("hansen2023,", "hansen2023"),
        INDEX: front("title: Testartikel", "title: no"),
        "content/andet.md": FRONT + "\n::: tip\nTekst [@alpah2020].\n",
        "content/tredje/index.md": FRONT,
        "content/tredje/01-afsnit.md": "## Afsnit\n\n# Titel\n",
    }
    assert fails(files) == [
        "content/andet.md:12: error: the '::: tip' block opened here is never closed; add a line ':::' where it ends",
        "content/andet.md:13: error: unknown citation key 'alpah2020' (did you mean 'alpha2020'?)",
        f"{INDEX}:2: error: 'title' must be text, but YAML read it as bool false; put the value in quotes",
        "content/tredje/01-afsnit.md:3: error: '#' is the page title, made from the front matter; "
        "use '##' for a section",
        "references.bib:27: error: entry could not be parsed: expected comma after entry key, but found =",
    ]


def test_a_front_matter_error_does_not_hide_the_problems_in_the_sections(fails):
    files = {
        INDEX: front("title: Testartikel", "title: no"),
        SECTION: HEADING + "# Titel\n\nTekst [@alpah2020].\n",
    }
    assert fails(files) == [
        f"{SECTION}:3: error: '#' is the page title, made from the front matter; use '##' for a section",
        f"{SECTION}:5: error: unknown citation key 'alpah2020' (did you mean 'alpha2020'?)",
        f"{INDEX}:2: error: 'title' must be text, but YAML read it as bool false; put the value in quotes",
    ]


def test_a_site_yml_error_does_not_hide_the_problems_in_the_articles(fails):
    files = {
        "site.yml": site_yml("citation_style: parenthetical", "citation_style: fodnoter"),
        "content/andet.md": FRONT + "\n::: tip\nTekst [@alpah2020].\n",
    }
    assert fails(files) == [
        "content/andet.md:12: error: the '::: tip' block opened here is never closed; add a line ':::' where it ends",
        "content/andet.md:13: error: unknown citation key 'alpah2020' (did you mean 'alpha2020'?)",
        "site.yml:6: error: citation_style 'fodnoter' is unknown (expected: parenthetical, superscript)",
    ]


# --- The command line ---------------------------------------------------------------------------


def exit_code(argv: list[str]) -> int:
    """main()'s return value, or the code argparse exits with for wrong usage."""
    try:
        return main(argv)
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else 1


# The anchors and pages DEFAULTS publishes, recorded as a committed site would have them (so no note
# is printed).
RECORDED = {RECORD: "test#foerste-afsnit\n", "published-pages.txt": "kilder/\ntest/\n"}


def test_cli_exit_0_when_built(make_site, tmp_path, capsys):
    root = make_site({**DEFAULTS, **RECORDED})
    out = tmp_path / "out"
    assert exit_code(["build", "--site", str(root), "--out", str(out)]) == 0
    captured = capsys.readouterr()
    assert captured.out == f"Byggede 7 sider i {out}\n"
    assert captured.err == ""
    assert (out / "test" / "index.html").is_file()


def test_cli_without_command_means_build(make_site, capsys):
    root = make_site({**DEFAULTS, **RECORDED})
    assert exit_code(["--site", str(root), "--lang", "en"]) == 0
    assert capsys.readouterr().out == f"Built 7 pages into {root / '_site'}\n"
    assert (root / "_site" / "index.html").is_file()


def test_cli_exit_1_for_content_errors(make_site, tmp_path, capsys):
    root = make_site({**DEFAULTS, **cite("Tekst [@alpah2020] og [@].")})
    out = tmp_path / "out"
    out.mkdir()
    (out / "index.html").write_text(PREVIOUS, encoding="utf-8")
    assert exit_code(["build", "--site", str(root), "--out", str(out)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.splitlines() == [
        f"{SECTION}:3: fejl: tom kildehenvisning; skriv en nøgle efter '@', fx [@brinjikji2015] [citation-empty]",
        f"{SECTION}:3: fejl: ukendt kildenøgle 'alpah2020' (mente du 'alpha2020'?) [unknown-citation-key]",
        "2 fejl, 0 advarsler i 1 fil",
        "Intet blev skrevet; det forrige site er uændret.",
    ]
    assert sorted(p.name for p in out.iterdir()) == ["index.html"]
    assert (out / "index.html").read_text(encoding="utf-8") == PREVIOUS


def test_cli_counts_errors_warnings_and_files(make_site, tmp_path, capsys):
    # an article that does not load hides what it cites: no "never cited" warnings then, only others
    incomplete = DELTA.replace("  journal = {Journal of Tests},\n", "")
    root = make_site({**DEFAULTS, "references.bib": BIB + incomplete, INDEX: front("title: Testartikel", "title: no")})
    assert exit_code(["--site", str(root), "--out", str(tmp_path / "out"), "--lang", "en"]) == 1
    assert capsys.readouterr().err.splitlines() == [
        f"{INDEX}:2: error: 'title' must be text, but YAML read it as bool false; put the value in quotes [wrong-type]",
        "references.bib:27: warning: @article 'hansen2023' has no journal; a reader cannot find the source without "
        "it [entry-missing-fields]",
        "1 error, 1 warning in 2 files",
        "Nothing was written; the previous site is unchanged.",
    ]
    assert not (tmp_path / "out").exists()


def test_cli_warnings_only_exit_0_and_are_printed(make_site, tmp_path, capsys):
    root = make_site({**DEFAULTS, **RECORDED, "references.bib": BIB + DELTA})
    out = tmp_path / "out"
    assert exit_code(["--site", str(root), "--out", str(out)]) == 0
    captured = capsys.readouterr()
    assert captured.err.splitlines() == [
        "references.bib:27: advarsel: der bliver aldrig henvist til kilden 'hansen2023' [entry-never-cited]",
        "0 fejl, 1 advarsel i 1 fil",
    ]
    assert captured.out == f"Byggede 7 sider i {out}\n"


def test_cli_strict_exit_1_for_warnings(make_site, tmp_path, capsys):
    root = make_site({**DEFAULTS, **RECORDED, "references.bib": BIB + DELTA})
    out = tmp_path / "out"
    assert exit_code(["build", "--strict", "--site", str(root), "--out", str(out), "--lang", "en"]) == 1
    captured = capsys.readouterr()
    assert captured.err.splitlines() == [
        "references.bib:27: warning: entry 'hansen2023' is never cited [entry-never-cited]",
        "0 errors, 1 warning in 1 file",
        "Nothing was written; the previous site is unchanged.",
    ]
    assert captured.out == ""
    assert not out.exists()


def test_cli_note_about_new_anchors_counts_in_english(make_site, tmp_path, capsys):
    root = make_site(DEFAULTS)
    out = tmp_path / "out"
    assert exit_code(["--site", str(root), "--out", str(out), "--lang", "en"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        f"{RECORD}: 1 new anchor recorded; commit the file",
        "published-pages.txt: 2 new addresses recorded; commit the file",
        f"Built 7 pages into {out}",
    ]
    assert "test#foerste-afsnit" in (root / RECORD).read_text(encoding="utf-8").splitlines()


def test_cli_note_about_new_anchors_counts_in_danish(make_site, tmp_path, capsys):
    root = make_site(DEFAULTS)
    out = tmp_path / "out"
    assert exit_code(["--site", str(root), "--out", str(out)]) == 0  # the site's language
    assert capsys.readouterr().out.splitlines() == [
        f"{RECORD}: 1 nyt anker er noteret; gem filen i git (commit)",
        "published-pages.txt: 2 nye adresser er noteret; gem filen i git (commit)",
        f"Byggede 7 sider i {out}",
    ]


def test_cli_exit_2_for_an_unknown_option(make_site, capsys):
    root = make_site(DEFAULTS)
    assert exit_code(["build", "--site", str(root), "--fast", "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert err.splitlines()[-1] == "iskias-site: error: unrecognized arguments: --fast"
    assert not (root / "_site").exists()


def test_cli_exit_2_for_a_site_folder_that_does_not_exist(tmp_path, capsys):
    missing = tmp_path / "findes-ikke"
    assert exit_code(["build", "--site", str(missing)]) == 2
    captured = capsys.readouterr()
    assert captured.err == f"iskias-site: fejl: site-mappen '{missing}' findes ikke\n"
    assert not missing.exists()


def test_cli_exit_2_for_a_site_that_is_a_file(tmp_path, capsys):
    path = tmp_path / "site.yml"
    path.write_text(SITE_YML, encoding="utf-8")
    assert exit_code(["--site", str(path), "--lang", "en"]) == 2
    assert capsys.readouterr().err == f"iskias-site: error: the site folder '{path}' does not exist\n"


@pytest.mark.parametrize(
    ("files", "raw", "expected"),
    [
        pytest.param(
            {INDEX: front("title: Testartikel", "title: Iskias: det skal du vide")}, {},
            [f"{INDEX}:2: error: YAML could not be read: mapping values are not allowed here (a value holding ': ' must be in quotes) [yaml-unreadable]"],
            id="yaml-error",
        ),
        pytest.param(
            bib_cited("hansen2023,", "hansen2023"), {},
            ["content/andet.md:12: error: unknown citation key 'hansen2023' [unknown-citation-key]",
             "references.bib:27: error: entry could not be parsed: expected comma after entry key, but found = "
             "[entry-unreadable]"],
            id="bibtex-error",
        ),
        pytest.param(
            {}, {SECTION: "## Første afsnit\n\nTekst på dansk.\n".encode("latin-1")},
            [f"{SECTION}:1: error: is not UTF-8 text (Latin-1?); save the file as UTF-8 [file-not-utf8]"],
            id="latin1",
        ),
        pytest.param(
            block("::: card emergency\n- lammelse\n"), {},
            [f"{SECTION}:3: error: the '::: card' block opened here is never closed; add a line ':::' where it ends [block-unclosed]"],
            id="unclosed-block",
        ),
        pytest.param(
            {"site.yml": None}, {},
            ["site.yml: error: site.yml is missing; every site folder needs one (copy it from the iskias-site repository) [site-file-missing]"],
            id="no-site-yml",
        ),
        pytest.param(
            {INDEX: front("author: Redaktionen", "author: !!python/object/apply:os.system [\"echo hej\"]")}, {},
            [f"{INDEX}:4: error: 'author' uses the YAML tag '!!python/object/apply:os.system', which is not "
             "allowed here; write the value without it [yaml-value-unreadable]"],
            id="python-tag",
        ),
        pytest.param(
            block(CHART, **{"content/test/fund.csv": CSV.replace("37,68", "37,nan")}), {},
            ["content/test/fund.csv:4: error: every value after the first column must be a number [chart-data-invalid]"],
            id="nan-in-chart",
        ),
    ],
)
def test_build_py_prints_diagnostics_never_a_traceback(make_site, tmp_path, files, raw, expected):
    root = make_site({**DEFAULTS, **files})
    for name, data in raw.items():
        (root / name).write_bytes(data)
    out = tmp_path / "out"
    done = subprocess.run(
        [sys.executable, str(REPO / "build.py"), "--site", str(root), "--out", str(out), "--lang", "en"],
        capture_output=True, text=True, cwd=tmp_path,
    )
    assert "Traceback" not in done.stdout + done.stderr
    errors = sum(1 for line in expected if ": error: " in line)
    files_named = len({line.split(":")[0] for line in expected})
    assert done.stderr.splitlines() == [
        *expected,
        f"{errors} error{'s' if errors != 1 else ''}, 0 warnings in {files_named} file{'s' if files_named != 1 else ''}",
        "Nothing was written; the previous site is unchanged.",
    ]
    assert done.stdout == ""
    assert done.returncode == 1
    assert not out.exists()


def test_build_py_prints_danish_by_default_with_the_code_after_each_message(make_site, tmp_path):
    root = make_site({**DEFAULTS, **bib_cited("hansen2023,", "hansen2023")})
    out = tmp_path / "out"
    done = subprocess.run([sys.executable, str(REPO / "build.py"), "--site", str(root), "--out", str(out)],
                          capture_output=True, text=True, cwd=tmp_path, env={**os.environ, "LANG": "C.UTF-8"})
    assert done.stderr.splitlines() == [
        "content/andet.md:12: fejl: ukendt kildenøgle 'hansen2023' [unknown-citation-key]",
        "references.bib:27: fejl: kilden kunne ikke læses: expected comma after entry key, but found = "
        "[entry-unreadable]",
        "2 fejl, 0 advarsler i 2 filer",
        "Intet blev skrevet; det forrige site er uændret.",
    ]


@pytest.mark.parametrize(("environ", "expected"), [
    pytest.param({"LANG": "en_GB.UTF-8"}, "1 error, 0 warnings in 1 file", id="LANG"),
    pytest.param({"LANG": "da_DK.UTF-8", "LC_MESSAGES": "en_US.UTF-8"}, "1 error, 0 warnings in 1 file",
                 id="LC_MESSAGES-before-LANG"),
    pytest.param({"LANGUAGE": "de:en", "LANG": "da_DK.UTF-8"}, "1 error, 0 warnings in 1 file", id="LANGUAGE-list"),
    pytest.param({"LANG": "C"}, "1 fejl, 0 advarsler i 1 fil", id="C-is-no-preference"),
    pytest.param({"LANG": "de_DE.UTF-8"}, "1 fejl, 0 advarsler i 1 fil", id="a-language-we-lack"),
])
def test_the_language_follows_the_environment_else_the_site(make_site, tmp_path, capsys, monkeypatch, environ,
                                                             expected):
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    root = make_site({**DEFAULTS, SECTION: HEADING + "[@nope]\n"})
    assert exit_code(["build", "--site", str(root), "--out", str(tmp_path / "out")]) == 1
    assert capsys.readouterr().err.splitlines()[-2] == expected
    assert exit_code(["build", "--site", str(root), "--out", str(tmp_path / "out"), "--lang", "da"]) == 1
    assert capsys.readouterr().err.splitlines()[-2] == "1 fejl, 0 advarsler i 1 fil"



def test_a_search_page_that_does_not_load_every_part_of_the_index_fails_the_build(build, monkeypatch):
    """A site's own templates/search.html without the search box's data-bundles: on a site big
    enough for an index in parts, its search would find only the first part's articles."""
    monkeypatch.setattr(search_index, "PAGES_PER_SHARD", 1)  # this site's pages in parts
    standard = (REPO / "templates/search.html").read_text(encoding="utf-8")
    without = standard.replace('{%- if bundles %} data-bundles="', '{%- if false %} data-bundles="')
    assert without != standard
    built = build({"templates/search.html": without})
    assert built.lines == [
        "templates/search.html: error: the search page does not load the search index's other parts "
        "(/pagefind/shard-1/), so a search finds only the articles in the first of its 2 parts; give its search box "
        "data-bundles, as the standard templates/search.html does"]
    assert_untouched(built)


# --- templates -----------------------------------------------------------------------------------

@pytest.mark.parametrize(("template", "line", "wrong", "message"), [
    pytest.param("article.html", 6, "{{ meta.nosuch.x }}",
                 "'iskias_site.load.content.ArticleMeta object' has no attribute 'nosuch'", id="undefined"),
    pytest.param("index.html", 3, "{% if %}{% endif %}",
                 "Expected an expression, got 'end of statement block'", id="syntax"),
])
def test_a_template_error_names_the_template_file_and_its_line(make_site, tmp_path, template, line, wrong,
                                                               message):
    root = make_site()
    path = root / "templates" / template
    lines = path.read_text(encoding="utf-8").split("\n")
    lines.insert(line - 1, wrong)
    path.write_text("\n".join(lines), encoding="utf-8")
    result = build_site(root, tmp_path / "out")
    assert [d.format() for d in result.diagnostics.sorted() if d.severity == "error"] == [
        f"templates/{template}:{line}: error: template error: {message}"]
    assert not (tmp_path / "out").exists()
