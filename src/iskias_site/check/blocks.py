"""The rules of fenced blocks (`::: type …` / `:::`): callout boxes, care cards, data figures,
videos and the handout's list, checked on the raw text with line numbers.

The fence grammar itself is `source/fences.py`, shared with the converter (`convert/blocks.py`),
which renders what passed; a chart's CSV file is read by `load/tables.py`, a video's address by
`load/videos.py`.
"""

from __future__ import annotations

import re
from pathlib import Path

from iskias_site.load.content import SourceFile
from iskias_site.diagnostics import Diagnostics
from iskias_site.source.citations import scan
from iskias_site.source.code import code_lines
from iskias_site.source.fences import BLOCK_TYPES, CARD_LEVELS, HANDOUT, VIDEO, Opening, fence_lines
from iskias_site.load.tables import DataTable, load_table
from iskias_site.load.videos import Video, check_video

MAX_SIGNS = 5
MAX_HANDOUT_POINTS = 6  # the handout must fit on one A4 page

LIST_ITEM = re.compile(r"^[-*+] +\S")
LINK = re.compile(r"\]\(|<https?:|https?://")


def check_blocks(part: SourceFile, folder: Path | None, diags: Diagnostics,
                 handouts: list[SourceFile] | None = None,
                 videos: dict[str, Video] | None = None) -> dict[str, DataTable]:
    """Report every problem with the fenced blocks of one file; return the data tables they use.
    The body of each `::: handout` block is added to `handouts`, with its lines; each video that
    passed to `videos`, by its address."""
    tables: dict[str, DataTable] = {}
    if ":::" not in part.text:
        return tables
    lines = part.text.split("\n")
    open_at: tuple[int, Opening] | None = None
    body_from, nested = 0, set()
    for fence in fence_lines(part.text, code_lines(part.text)):
        number = part.first_line + fence.offset
        if fence.opening is not None:
            if open_at is not None:
                diags.error(part.path, number, "block-nested", open_at=open_at[0])
                nested.add(fence.offset)
                continue
            open_at, body_from, nested = (number, fence.opening), fence.offset + 1, set()
            _check_opening(part.path, number, open_at[1], diags)
            if fence.opening.kind == VIDEO:
                video = check_video(part.path, number, fence.opening, folder, diags)
                if video is not None and videos is not None:
                    videos[fence.opening.argument] = video
        elif open_at is None:
            diags.error(part.path, number, "block-close-without-open")
        else:
            body = [lines[i] for i in range(body_from, fence.offset) if i not in nested]
            _check_body(part.path, open_at, body, folder, tables, diags)
            if open_at[1].kind == HANDOUT and handouts is not None:
                handouts.append(SourceFile(part.path, "\n".join(body), open_at[0] + 1))
            open_at = None
    if open_at is not None:
        diags.error(part.path, open_at[0], "block-unclosed", kind=open_at[1].kind)
    return tables


def _check_opening(path: Path, line: int, opening: Opening, diags: Diagnostics) -> None:
    if opening.kind not in BLOCK_TYPES:
        diags.error(path, line, "unknown-block-type", kind=opening.kind, value=', '.join(BLOCK_TYPES))
    elif opening.kind == "card" and opening.argument not in CARD_LEVELS:
        diags.error(path, line, "unknown-card-level", argument=opening.argument, value=', '.join(CARD_LEVELS))
    elif opening.kind == "quote" and opening.title:
        diags.error(path, line, "block-title-not-allowed/quote")
    elif opening.kind == HANDOUT and opening.title:
        diags.error(path, line, "block-title-not-allowed/handout")
    elif opening.kind == "chart" and not opening.argument.endswith(".csv"):
        diags.error(path, line, "chart-without-file")


def _check_body(path: Path, open_at: tuple[int, Opening], body: list[str], folder: Path | None,
                tables: dict[str, DataTable], diags: Diagnostics) -> None:
    line, opening = open_at
    if opening.kind == VIDEO:
        return  # its text (a description, a poster image) is optional
    if not any(text.strip() for text in body):
        diags.error(path, line, "block-empty", kind=opening.kind)
    elif opening.kind == "card" and opening.argument in CARD_LEVELS:
        _check_card(path, line, opening.argument, body, diags)
    elif opening.kind == "chart" and opening.argument.endswith(".csv"):
        table = load_table(path, line, folder, opening.argument, diags)
        if table is not None:
            tables[opening.argument] = table
    elif opening.kind == HANDOUT:
        _check_handout(path, line, body, diags)


def _check_card(path: Path, line: int, level: str, body: list[str], diags: Diagnostics) -> None:
    signs = [text for text in body if LIST_ITEM.match(text)]
    allowed = MAX_SIGNS + (1 if level == "urgent" else 0)
    if not signs:
        diags.error(path, line, "card-without-list")
    elif len(signs) > allowed:
        article = "an" if level[0] in "aeiou" else "a"
        diags.error(path, line, "card-too-many-signs", article=article, level=level, count=len(signs), allowed=allowed)
    others = [text for text in body if text.strip() and not LIST_ITEM.match(text) and not text.startswith("  ")]
    if others:
        diags.error(path, line, "card-other-text")
    if level == "emergency" and any(LINK.search(text) for text in body):
        diags.error(path, line, "emergency-card-link")


def _check_handout(path: Path, line: int, body: list[str], diags: Diagnostics) -> None:
    points = [text for text in body if LIST_ITEM.match(text)]
    others = [text for text in body if text.strip() and not LIST_ITEM.match(text) and not text.startswith("  ")]
    if not points or others:
        diags.error(path, line, "handout-without-list")
    elif len(points) > MAX_HANDOUT_POINTS:
        diags.error(path, line, "handout-too-many-points", count=len(points), MAX_HANDOUT_POINTS=MAX_HANDOUT_POINTS)
    for citation in scan("\n".join(body), line + 1):
        diags.error(path, citation.line, "handout-citation")
