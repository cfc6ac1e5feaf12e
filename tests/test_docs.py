"""The editors' guide (docs/redaktoervejledning.md) cannot drift from the generator: its examples run.

The guide marks every example by the info string of its fenced block:

- ```` ```markdown ````: valid content. It is built as the section `content/artikel/01-afsnit.md`
  (or as `content/artikel/index.md` when it starts with `---`) and must build without errors.
- ```` ```markdown fejl ````: content that must fail. The next fenced block is ```` ```text ````
  with exactly what the build prints in Danish: every `path:line: alvorlighed: besked [kode]` and
  the count line. (`UPDATE_GUIDE=1` writes what the build prints into such a block, where it has
  as many lines.)
- ```` ```markdown advarsel ````: content that builds, on which `iskias-site check` warns. The next
  block is ```` ```text ```` with exactly the lines `check` prints for the example's file (its
  warnings, then its readability line).
- ```` ```csv fil.csv ```` (any block whose info string names a file): a file for the markdown
  example that follows it. `published-anchors.txt`, `published-pages.txt`, `ordbog.yml` and a
  path beginning with `content/` (another article) go into the site folder, anything else into
  the article's folder.
- ```` ```bibtex ````: entries appended to the fixture's references.bib for every example; they
  must parse without any message. ```` ```bibtex fejl ```` is a references.bib of its own, followed
  by a ```` ```text ```` block with what the build prints.
- ```` ```yaml site.yml ````: keys of site.yml; the fixture's site.yml with those keys replaced
  must build and pass `check` without a message about site.yml. Right before a markdown example
  (file blocks may stand between), its keys are that example's site.yml too.
- ```` ```json ```` right after the expected lines of a warning example: `check --format json`
  for the example's file, compared as data.
- ```` ```sh ```` and other ```` ```text ```` blocks: commands and output, shown only. A ```` ```text ````
  block holding `path:line: severity: message` lines must be the expected output of an example.

Images an example names are written as small PNG files, and video files as a few bytes, so
examples need no binary files.
Every example is built in its own site (conftest's `make_site`), dated 2026-11-26.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import struct
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml

from conftest import BIB, SITE_YML
from iskias_site.load.bibliography import load_bibliography
from iskias_site.source.anchors import slugify
from iskias_site.source.fences import CALLOUT_TYPES, CARD_LEVELS
from iskias_site.pipeline.site import build_site
from iskias_site.lint.lints import check_site, format_json, format_readability
from iskias_site.load.content import META_SCHEMA
from iskias_site.diagnostics import Diagnostics, summary
from iskias_site.load.strings import load_strings
from iskias_site.check.markup import ALLOWED_TAGS
from iskias_site.language import translation
from iskias_site.messages import MESSAGES

REPO = Path(__file__).resolve().parent.parent
GUIDE = REPO / "docs" / "redaktoervejledning.md"
TODAY = dt.date(2026, 11, 26)

SLUG = "artikel"
INDEX = f"content/{SLUG}/index.md"
SECTION = f"content/{SLUG}/01-afsnit.md"

# The article around an example: its front matter when the example is a section, its first
# section when the example is the front matter. Neither cites anything nor causes a message.
DEFAULT_INDEX = """\
---
title: Artikel
description: En artikel til eksemplerne i vejledningen.
author: Redaktionen
reviewer: Anne Jensen
reviewer_credentials: overlæge
reviewed: 2026-01-01
published: 2026-01-01
last_reviewed: 2026-01-01
next_review: 2027-06-01
---

Her er en kort tekst til eksemplerne.
"""
DEFAULT_SECTION = "## Hvornår skal du søge læge?\n\nKontakt din læge, hvis smerterne bliver værre.\n"

FENCE = re.compile(r"^(`{3,})(.*)$")
DIAGNOSTIC = re.compile(r"^\S+?(?::\d+)?: (?:error|warning|fejl|advarsel): ")
DANISH = translation("da")
IMAGE = re.compile(r"!\[[^\]]*\]\(\s*<?([^)\s>]+)")
VIDEO = re.compile(r"^::: video ([^\s:]+\.(?:mp4|webm))", re.MULTILINE)  # a video file, not an address
BIB_KEY = re.compile(r"^@\w+\{([^,\s]+),", re.MULTILINE)
SHOWN_ONLY = {"sh", "text", "json"}


@dataclass(frozen=True)
class Block:
    line: int  # of the opening fence in the guide
    info: str
    text: str

    @property
    def words(self) -> list[str]:
        return self.info.split()


@dataclass
class Example:
    block: Block
    kind: str  # "markdown", "markdown fejl" or "markdown advarsel"
    expected: list[str] = field(default_factory=list)  # the text block after an error or warning example
    files: dict[str, str] = field(default_factory=dict)  # file blocks just before it
    json: str = ""  # a ```json block after the expected lines: the same warnings as `check --format json`

    @property
    def path(self) -> str:
        return INDEX if self.block.text.startswith("---") else SECTION


def fenced_blocks(text: str) -> list[Block]:
    """Every fenced block of the guide, with its info string and text."""
    blocks, lines, index = [], text.split("\n"), 0
    while index < len(lines):
        opened = FENCE.match(lines[index])
        if not opened:
            index += 1
            continue
        fence, info, start = opened.group(1), opened.group(2).strip(), index
        index += 1
        while index < len(lines) and lines[index].rstrip() != fence:
            index += 1
        assert index < len(lines), f"docs/redaktoervejledning.md:{start + 1}: the code block is never closed"
        blocks.append(Block(start + 1, info, "\n".join(lines[start + 1:index]) + "\n"))
        index += 1
    return blocks


BLOCKS = fenced_blocks(GUIDE.read_text(encoding="utf-8")) if GUIDE.is_file() else []


def is_file_block(block: Block) -> bool:
    return len(block.words) == 2 and block.words[0] not in ("markdown", "bibtex") and "." in block.words[1]


def collect_examples(blocks: list[Block]) -> list[Example]:
    examples: list[Example] = []
    pending: dict[str, str] = {}
    for index, block in enumerate(blocks):
        if is_file_block(block):
            pending[block.words[1]] = block.text
        elif block.words and block.words[0] == "markdown":
            example = Example(block, block.info, files=pending)
            pending = {}
            if block.info != "markdown":
                follower = blocks[index + 1] if index + 1 < len(blocks) else None
                assert follower is not None and follower.info == "text", (
                    f"guide line {block.line}: a '{block.info}' example is followed by a ```text block "
                    "with the exact messages")
                example.expected = follower.text.rstrip("\n").split("\n")
                after = blocks[index + 2] if index + 2 < len(blocks) else None
                if after is not None and after.info == "json":
                    example.json = after.text
            examples.append(example)
        else:
            pending.pop("site.yml", None)  # a site.yml block with only text after it belongs to no example
    pending.pop("site.yml", None)  # tested on its own too
    assert not pending, f"file blocks {sorted(pending)} belong to no example after them"
    return examples


EXAMPLES = collect_examples(BLOCKS)
BIBTEX = [b for b in BLOCKS if b.info == "bibtex"]
GUIDE_BIB = BIB + "".join("\n" + b.text for b in BIBTEX)
ALL_KEYS = BIB_KEY.findall(GUIDE_BIB)


def of_kind(kind: str) -> list:
    return [pytest.param(e, id=f"linje-{e.block.line}") for e in EXAMPLES if e.kind == kind]


def png(width: int, height: int) -> bytes:
    """A valid grey PNG of the given size."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


@pytest.fixture
def example_site(make_site):
    """example_site(example) -> the site folder with the example in place."""

    def make(example: Example) -> Path:
        files: dict[str, str | None] = {
            "references.bib": GUIDE_BIB,
            # the fixture's own article cites every reference, so 'never cited' stays out of the output
            "content/test/01-foerste.md": "## Første afsnit\n\nTekst [" + "; ".join(f"@{k}" for k in ALL_KEYS) + "].\n",
            INDEX: DEFAULT_INDEX,
            SECTION: DEFAULT_SECTION,
            example.path: example.block.text,
        }
        for name, text in example.files.items():
            if name == "site.yml":
                settings = yaml.safe_load(SITE_YML)
                settings.update(yaml.safe_load(text))
                files[name] = yaml.safe_dump(settings, allow_unicode=True, sort_keys=False)
            else:
                files[_site_file(name)] = text
        root = make_site(files)
        for name in IMAGE.findall(example.block.text):
            if name not in example.files:
                target = root / _site_file(name)
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(png(8, 6))
        for name in VIDEO.findall(example.block.text):
            if name not in example.files:  # never played or read: the build publishes it as it is
                target = root / _site_file(name)
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom")
        return root

    return make


def _site_file(name: str) -> str:
    """Where a file an example names lies: the site's own files and the shared images folder
    (`/billeder/…`) from the site's root, anything else in the article's folder."""
    if name in ("published-anchors.txt", "published-pages.txt", "ordbog.yml") or name.startswith(
            ("/billeder/", "billeder/", "content/")):
        return name.lstrip("/")
    return f"content/{SLUG}/{name}"


def build_lines(root: Path) -> tuple[bool, list[str]]:
    """Whether the build succeeded, and what it prints: every diagnostic, then the count line."""
    result = build_site(root, root / "_site", today=TODAY)
    diagnostics = result.diagnostics.sorted()
    return result.ok, ([d.format(DANISH, code=True) for d in diagnostics]
                       + ([summary(diagnostics, DANISH)] if diagnostics else []))


def expected_after(block: Block, shown: list[str], actual: list[str]) -> list[str]:
    """The lines the guide shows after `block`; under UPDATE_GUIDE=1 first replaced by `actual`
    (only where the count of lines stays, so that no other block moves)."""
    if os.environ.get("UPDATE_GUIDE") == "1" and shown != actual and len(shown) == len(actual):
        follower = next(b for b in BLOCKS if b.line > block.line)
        lines = GUIDE.read_text(encoding="utf-8").split("\n")
        start = follower.line + lines[follower.line:].index(shown[0])
        lines[start:start + len(shown)] = actual
        GUIDE.write_text("\n".join(lines), encoding="utf-8")
        return actual
    return shown


# --- the guide's shape --------------------------------------------------------------------------

def test_the_guide_exists_and_has_examples():
    assert GUIDE.is_file()
    assert len(of_kind("markdown")) >= 10
    assert len(of_kind("markdown fejl")) >= 6
    assert of_kind("markdown advarsel")
    assert BIBTEX


def test_every_code_block_says_what_it_is():
    """A Markdown example without its info string would escape these tests."""
    for block in BLOCKS:
        known = (block.info in ("markdown", "markdown fejl", "markdown advarsel", "bibtex", "bibtex fejl")
                 or block.info in SHOWN_ONLY or is_file_block(block))
        assert known, f"guide line {block.line}: unknown info string '{block.info}'"


def test_diagnostics_are_shown_only_where_a_test_produces_them():
    """Every `path:line: severity: message` line in the guide is an expected output that is checked."""
    checked = {b.line for b in BLOCKS if b.info in ("markdown fejl", "markdown advarsel", "bibtex fejl")}
    for index, block in enumerate(BLOCKS):
        if block.info != "text" or not any(DIAGNOSTIC.match(line) for line in block.text.split("\n")):
            continue
        assert index > 0 and BLOCKS[index - 1].line in checked, (
            f"guide line {block.line}: messages shown here are not produced by an example before them")


def test_the_error_examples_cover_the_common_mistakes():
    shown = "\n".join(line for e in EXAMPLES for line in e.expected)
    for message in ("[unknown-citation-key]", "(mente du", "[unknown-block-type]", "[emergency-card-link]",
                    "bliver aldrig lukket", "[image-without-alt-text]", "[section-without-heading]"):
        assert message in shown, message


def test_every_front_matter_key_appears_in_a_valid_example():
    front = "\n".join(e.block.text.split("\n---")[0] for e in EXAMPLES
                      if e.kind == "markdown" and e.path == INDEX)
    for key in META_SCHEMA:
        assert re.search(rf"^{key}:", front, re.MULTILINE), key


def test_every_block_type_and_card_level_appears_in_a_valid_example():
    text = "\n".join(e.block.text for e in EXAMPLES if e.kind == "markdown")
    for kind in CALLOUT_TYPES:
        assert re.search(rf"^::: {kind}$", text, re.MULTILINE), f"{kind} without a title"
        assert re.search(rf"^::: {kind} \S", text, re.MULTILINE) or kind == "quote", f"{kind} with a title"
    for level in CARD_LEVELS:
        assert re.search(rf"^::: card {level}$", text, re.MULTILINE), level
    assert re.search(r"^::: chart \S+\.csv$", text, re.MULTILINE)


def test_the_guide_names_every_evidence_value_and_allowed_tag():
    guide = GUIDE.read_text(encoding="utf-8")
    for value, label in load_strings()["evidence"].items():
        assert f"`{value}`" in guide and label in guide, value
    for tag in ALLOWED_TAGS:
        assert f"`<{tag}>`" in guide, tag


def test_the_anchor_table_shows_the_anchors_headings_get():
    rows = re.findall(r"^\| `#{2,3} (.+?)` \| `#([a-z0-9-]+)` \|$", GUIDE.read_text(encoding="utf-8"), re.MULTILINE)
    assert len(rows) >= 3
    for heading, anchor in rows:
        assert slugify(heading) == anchor, heading


# --- the examples -------------------------------------------------------------------------------

@pytest.mark.parametrize("example", of_kind("markdown"))
def test_a_valid_example_builds_without_errors(example_site, example: Example):
    ok, lines = build_lines(example_site(example))
    assert ok, "\n".join(lines)
    assert not [line for line in lines if ": error: " in line]


@pytest.mark.parametrize("example", of_kind("markdown fejl"))
def test_an_error_example_prints_exactly_the_messages_shown(example_site, example: Example):
    ok, lines = build_lines(example_site(example))
    assert not ok
    assert lines == expected_after(example.block, example.expected, lines)


@pytest.mark.parametrize("example", of_kind("markdown advarsel"))
def test_a_warning_example_builds_and_check_prints_the_lines_shown(example_site, example: Example):
    root = example_site(example)
    ok, lines = build_lines(root)
    assert ok and not [line for line in lines if ": error: " in line], "\n".join(lines)
    diags, reports = check_site(root, TODAY)
    printed = [d.format(DANISH, code=True) for d in diags.sorted()] + format_readability(reports, DANISH).split("\n")
    mine = [line for line in printed if line.startswith(example.path + ":")]
    assert mine == expected_after(example.block, example.expected, mine)
    if example.json:
        assert json.loads(example.json) == json.loads(
            format_json((d for d in diags.sorted() if d.path == example.path), DANISH))


def test_the_bibtex_examples_parse_without_any_message(tmp_path: Path):
    for block in BIBTEX:
        path = tmp_path / "references.bib"
        path.write_text(block.text, encoding="utf-8")
        diags = Diagnostics(tmp_path)
        bibliography = load_bibliography(path, diags)
        assert [d.format() for d in diags.sorted()] == [], f"guide line {block.line}"
        assert sorted(bibliography.references) == sorted(BIB_KEY.findall(block.text))


@pytest.mark.parametrize("block", [pytest.param(b, id=f"linje-{b.line}") for b in BLOCKS if b.info == "bibtex fejl"])
def test_a_bibtex_error_example_prints_exactly_the_messages_shown(make_site, block: Block):
    follower = BLOCKS[BLOCKS.index(block) + 1]
    assert follower.info == "text"
    root = make_site({"references.bib": block.text, INDEX: DEFAULT_INDEX, SECTION: DEFAULT_SECTION,
                      "content/test/index.md": None, "content/test/01-foerste.md": None})
    ok, lines = build_lines(root)
    assert not ok
    assert lines == expected_after(block, follower.text.rstrip("\n").split("\n"), lines)


@pytest.mark.parametrize("block", [pytest.param(b, id=f"linje-{b.line}") for b in BLOCKS if b.info == "yaml site.yml"])
def test_a_site_yml_example_builds_and_passes_check(make_site, block: Block):
    settings = yaml.safe_load(SITE_YML)
    settings.update(yaml.safe_load(block.text))
    root = make_site({"site.yml": yaml.safe_dump(settings, allow_unicode=True, sort_keys=False),
                      INDEX: DEFAULT_INDEX, SECTION: DEFAULT_SECTION})
    ok, lines = build_lines(root)
    assert ok, "\n".join(lines)
    diags, _ = check_site(root, TODAY)
    assert [d.format() for d in diags.sorted() if d.path == "site.yml"] == []


# --- the section on messages -------------------------------------------------------------------

def guide_codes() -> list[str]:
    """The headings of the section 'Fejl og advarsler': one per code, the code itself."""
    text = GUIDE.read_text(encoding="utf-8")
    section = text.split("\n## Fejl og advarsler\n", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"^### (.+)$", section, re.MULTILINE)


def test_every_code_has_a_section_in_the_guide_and_every_section_a_code():
    codes = {key.split("/")[0] for key in MESSAGES}
    headings = guide_codes()
    assert len(headings) == len(set(headings)), "a code has two sections"
    assert sorted(codes - set(headings)) == [], "codes without a section in 'Fejl og advarsler'"
    assert sorted(set(headings) - codes) == [], "sections in 'Fejl og advarsler' without a code"


def test_a_code_is_its_own_anchor():
    for code in guide_codes():
        assert slugify(code) == code, code  # the preview banner links to /_vejledning/#code
