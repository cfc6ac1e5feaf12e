"""Editors' notes in Markdown: `<!-- … -->` outside code, taken out before anything else reads
the text, so a note never reaches a page; `iskias-site check --notes` lists them."""

from __future__ import annotations

import re
from dataclasses import dataclass

from iskias_site.source.code import blank_code

NOTE = re.compile(r"<!--(.*?)-->", re.DOTALL)
OPENING = "<!--"


@dataclass(frozen=True)
class EditorNote:
    line: int  # 0-based within the text it was taken from
    text: str


@dataclass(frozen=True)
class Notes:
    """The text without its notes (every line kept in place), the notes, and the line of a note
    that never closes (or None)."""

    text: str
    notes: tuple[EditorNote, ...]
    unclosed: int | None


def take_notes(text: str) -> Notes:
    """Take every note outside code out of `text`, keeping its line breaks so lines stay numbered."""
    if OPENING not in text:
        return Notes(text, (), None)
    readable = blank_code(text)  # the same positions as `text`, with code blanked
    pieces, notes, last = [], [], 0
    for match in NOTE.finditer(readable):
        pieces.append(text[last:match.start()])
        pieces.append("\n" * match.group(0).count("\n"))
        notes.append(EditorNote(readable.count("\n", 0, match.start()), " ".join(match.group(1).split())))
        last = match.end()
    pieces.append(text[last:])
    rest = readable[last:]
    unclosed = readable.count("\n", 0, last + rest.index(OPENING)) if OPENING in rest else None
    return Notes("".join(pieces), tuple(notes), unclosed)
