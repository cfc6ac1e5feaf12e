"""The `:::` fence grammar: which line opens a block (and what it says), which line closes one.

One answer for every reader of the source: the block check (`check/blocks.py`) walks the raw text
with it for line numbers, the converter (`convert/blocks.py`) finds openings and closings with it,
and the lints ask it too. Lines that `source.code` calls code are never fences; callers that walk
lines pass those lines' numbers in.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

CALLOUT_TYPES = ("summary", "info", "tip", "important", "quote")
CARD_LEVELS = ("emergency", "urgent", "non-urgent")
HANDOUT = "handout"  # the printable handout's "Det kan du selv gøre" list; not shown on the page
VIDEO = "video"  # `::: video <address> <title>`: a link to YouTube or Vimeo, or a video file of our own
BLOCK_TYPES = (*CALLOUT_TYPES, "card", "chart", HANDOUT, VIDEO)
# Block types whose first word after the type is an argument (a card's level, a chart's file, a video's address).
_WITH_ARGUMENT = ("card", "chart", VIDEO)

_FENCE = re.compile(r"^:::(?:[ \t]+(.*?))?[ \t]*$")
# A closing fence anywhere in a multi-line block of text (the converter's view of a fence).
CLOSING_FENCE = re.compile(r"^:::[ \t]*$", re.MULTILINE)


@dataclass(frozen=True)
class Opening:
    """What an opening fence says: `::: card urgent Ring i dag` -> kind 'card', argument 'urgent',
    title 'Ring i dag'."""

    kind: str  # a callout type, "card", "chart", "handout" or "video" (or an unknown word, for the check)
    argument: str  # the card level, the chart's file name or the video's address; empty for other kinds
    title: str  # an optional title written after the type (or after the argument)


@dataclass(frozen=True)
class FenceLine:
    """One `:::` line: an opening (with what it says) or a closing fence (`opening` is None)."""

    offset: int  # 0-based line number in the text it was found in
    opening: Opening | None


def parse_opening(rest: str) -> Opening:
    """The words after `:::` on an opening fence."""
    kind, _, tail = rest.strip().partition(" ")
    tail = tail.strip()
    if kind in _WITH_ARGUMENT:
        argument, _, title = tail.partition(" ")
        return Opening(kind, argument, title.strip())
    return Opening(kind, "", tail)


def read_fence(line: str) -> Opening | None | bool:
    """`Opening` for an opening fence, True for a closing fence, None for any other line."""
    match = _FENCE.match(line)
    if match is None:
        return None
    return parse_opening(match.group(1)) if match.group(1) else True


def opening_fence(line: str) -> Opening | None:
    """The opening a line holds, or None (a closing fence or an ordinary line)."""
    fence = read_fence(line)
    return fence if isinstance(fence, Opening) else None


def fence_lines(text: str, code: frozenset[int] = frozenset()) -> Iterator[FenceLine]:
    """Every `:::` line of `text` outside the code lines `code` (0-based), in order."""
    if ":::" not in text:
        return
    for offset, line in enumerate(text.split("\n")):
        if offset in code or not line.startswith(":::"):
            continue
        fence = read_fence(line)
        if fence is not None:
            yield FenceLine(offset, fence if isinstance(fence, Opening) else None)
