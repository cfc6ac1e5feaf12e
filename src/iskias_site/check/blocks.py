"""Fenced blocks `::: type …` / `:::`: callout boxes, care cards, data figures and the handout's list.

This module owns the syntax and its rules, checked on the raw text with line numbers; the
Markdown extension in `convert/blocks.py` renders what passed.
"""

from __future__ import annotations

import csv
import io
import math
import re
from dataclasses import dataclass
from pathlib import Path

from iskias_site.load.content import SourceFile
from iskias_site.diagnostics import Diagnostics
from iskias_site.source.citations import scan
from iskias_site.source.code import code_lines
from iskias_site.load.textfile import read_text

CALLOUT_TYPES = ("summary", "info", "tip", "important", "quote")
CARD_LEVELS = ("emergency", "urgent", "non-urgent")
HANDOUT = "handout"  # the printable handout's "Det kan du selv gøre" list; not shown on the page
BLOCK_TYPES = (*CALLOUT_TYPES, "card", "chart", HANDOUT)
MAX_SIGNS = 5
MAX_HANDOUT_POINTS = 6  # the handout must fit on one A4 page

FENCE = re.compile(r"^:::(?:[ \t]+(.*?))?[ \t]*$")
LIST_ITEM = re.compile(r"^[-*+] +\S")
LINK = re.compile(r"\]\(|<https?:|https?://")


@dataclass(frozen=True)
class Opening:
    kind: str  # a callout type, "card" or "chart"
    argument: str  # the card level or the chart's file name
    title: str  # an optional title written after the type (or after the level)


@dataclass(frozen=True)
class DataTable:
    """A small CSV: a label column and numeric columns, e.g. findings by age."""

    label: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, tuple[float, ...]], ...]


def parse_opening(rest: str) -> Opening:
    kind, _, tail = rest.strip().partition(" ")
    tail = tail.strip()
    if kind in ("card", "chart"):
        argument, _, title = tail.partition(" ")
        return Opening(kind, argument, title.strip())
    return Opening(kind, "", tail)


def check_blocks(part: SourceFile, folder: Path | None, diags: Diagnostics,
                 handouts: list[SourceFile] | None = None) -> dict[str, DataTable]:
    """Report every problem with the fenced blocks of one file; return the data tables they use.
    The body of each `::: handout` block is added to `handouts`, with its lines."""
    tables: dict[str, DataTable] = {}
    if ":::" not in part.text:
        return tables
    open_at: tuple[int, Opening] | None = None
    body: list[str] = []
    code = code_lines(part.text)
    for offset, line in enumerate(part.text.split("\n")):
        number = part.first_line + offset
        fence = None if offset in code else FENCE.match(line)
        if fence is None:
            body.append(line)
            continue
        if fence.group(1):  # an opening fence
            if open_at is not None:
                diags.error(part.path, number, f"a block opens inside the block opened on line {open_at[0]}; "
                                               "close that one with ':::' first")
                continue
            open_at, body = (number, parse_opening(fence.group(1))), []
            _check_opening(part.path, number, open_at[1], diags)
        elif open_at is None:
            diags.error(part.path, number, "':::' closes no block; remove it or add the opening line")
        else:
            _check_body(part.path, open_at, body, folder, tables, diags)
            if open_at[1].kind == HANDOUT and handouts is not None:
                handouts.append(SourceFile(part.path, "\n".join(body), open_at[0] + 1))
            open_at = None
    if open_at is not None:
        diags.error(part.path, open_at[0], f"the '::: {open_at[1].kind}' block opened here is never closed; "
                                           "add a line ':::' where it ends")
    return tables


def _check_opening(path: Path, line: int, opening: Opening, diags: Diagnostics) -> None:
    if opening.kind not in BLOCK_TYPES:
        diags.error(path, line, f"unknown block type '{opening.kind}' (expected: {', '.join(BLOCK_TYPES)})")
    elif opening.kind == "card" and opening.argument not in CARD_LEVELS:
        diags.error(path, line, f"unknown card level '{opening.argument}' (expected: {', '.join(CARD_LEVELS)})")
    elif opening.kind == "quote" and opening.title:
        diags.error(path, line, "a quote has no title; write who said it in the quote itself")
    elif opening.kind == HANDOUT and opening.title:
        diags.error(path, line, "a handout block has no title; the handout heads it 'Det kan du selv gøre'")
    elif opening.kind == "chart" and not opening.argument.endswith(".csv"):
        diags.error(path, line, "a chart names its CSV file: '::: chart findings.csv'")


def _check_body(path: Path, open_at: tuple[int, Opening], body: list[str], folder: Path | None,
                tables: dict[str, DataTable], diags: Diagnostics) -> None:
    line, opening = open_at
    if not any(text.strip() for text in body):
        diags.error(path, line, f"the '::: {opening.kind}' block is empty")
    elif opening.kind == "card" and opening.argument in CARD_LEVELS:
        _check_card(path, line, opening.argument, body, diags)
    elif opening.kind == "chart" and opening.argument.endswith(".csv"):
        table = _load_table(path, line, folder, opening.argument, diags)
        if table is not None:
            tables[opening.argument] = table
    elif opening.kind == HANDOUT:
        _check_handout(path, line, body, diags)


def _check_card(path: Path, line: int, level: str, body: list[str], diags: Diagnostics) -> None:
    signs = [text for text in body if LIST_ITEM.match(text)]
    allowed = MAX_SIGNS + (1 if level == "urgent" else 0)
    if not signs:
        diags.error(path, line, "a care card lists its signs as '- ' items")
    elif len(signs) > allowed:
        article = "an" if level[0] in "aeiou" else "a"
        diags.error(path, line, f"{article} {level} card lists {len(signs)} signs; at most {allowed} "
                                "(split it, or move the less urgent signs to another card)")
    others = [text for text in body if text.strip() and not LIST_ITEM.match(text) and not text.startswith("  ")]
    if others:
        diags.error(path, line, "a care card holds only its list of signs; move other text out of the card")
    if level == "emergency" and any(LINK.search(text) for text in body):
        diags.error(path, line, "an emergency card has no links: its one action is the phone number")


def _check_handout(path: Path, line: int, body: list[str], diags: Diagnostics) -> None:
    points = [text for text in body if LIST_ITEM.match(text)]
    others = [text for text in body if text.strip() and not LIST_ITEM.match(text) and not text.startswith("  ")]
    if not points or others:
        diags.error(path, line, "a handout block holds only a '- ' list of short things the reader can do")
    elif len(points) > MAX_HANDOUT_POINTS:
        diags.error(path, line, f"the handout lists {len(points)} points; at most {MAX_HANDOUT_POINTS}, "
                                "so it fits on one printed page")
    for citation in scan("\n".join(body), line + 1):
        diags.error(path, citation.line, "a handout point cites no source (the handout has no reference list); "
                                         "cite it in the article's text instead")


def _load_table(path: Path, line: int, folder: Path | None, name: str,
                diags: Diagnostics) -> DataTable | None:
    source = (folder / name) if folder is not None else None
    if source is None or "/" in name or "\\" in name or not source.is_file():
        diags.error(path, line, f"the chart's file '{name}' is not in the article's folder")
        return None
    text = read_text(source, diags)
    if text is None:
        return None
    return parse_table(text, source, diags)


def parse_table(text: str, source: Path, diags: Diagnostics) -> DataTable | None:
    """CSV with `#` comment lines, a header row, a label column and numbers in the others."""
    lines = [(n, t) for n, t in enumerate(text.split("\n"), start=1) if t.strip() and not t.startswith("#")]
    if len(lines) < 2:
        diags.error(source, 0, "a chart's CSV needs a header row and at least one row of numbers")
        return None
    rows = list(csv.reader(io.StringIO("\n".join(t for _, t in lines))))
    header = rows[0]
    parsed = []
    for (number, _), row in zip(lines[1:], rows[1:]):
        if len(row) != len(header):
            diags.error(source, number, f"has {len(row)} columns; the header has {len(header)}")
            return None
        try:
            values = tuple(float(v.replace(",", ".")) for v in row[1:])
        except ValueError:
            values = (math.nan,)
        if not all(math.isfinite(v) for v in values):
            diags.error(source, number, "every value after the first column must be a number")
            return None
        parsed.append((row[0].strip(), values))
    return DataTable(header[0].strip(), tuple(h.strip() for h in header[1:]), tuple(parsed))
