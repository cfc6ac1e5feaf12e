"""Stable ASCII anchors for headings, so a clinician's link to a section survives; and where a
file's `#` headings are, for messages about them.

The anchor a heading gets on the page is the converter's (`toc` with `slugify`, read back from the
converted tree by `convert/headings.py`); `heading_lines` only finds the lines, so a message can
name the line of the heading the converter anchored.
"""

from __future__ import annotations

import re
import unicodedata

from iskias_site.source.code import code_lines

_DANISH = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "ae", "Ø": "oe", "Å": "aa", "ß": "ss"})
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")


def slugify(text: str, separator: str = "-") -> str:
    """'Hvornår skal du søge læge?' -> 'hvornaar-skal-du-soege-laege'. Empty text gives 'afsnit'."""
    text = text.translate(_DANISH)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    slug = _NOT_ALNUM.sub(separator, text).strip(separator)
    return slug or "afsnit"


# Python-Markdown's `HashHeaderProcessor` rule: one to six `#` at the start of a line make a heading,
# with or without a space after them, wherever the line is in a block; in a block quote, after its
# `>` markers (its `BlockQuoteProcessor` takes up to three spaces, `>` and one space off each line).
_ATX_HEADING = re.compile(r"^(#{1,6})")
_QUOTE_MARKER = re.compile(r"^ {0,3}> ?")


def heading_lines(text: str) -> list[tuple[int, int]]:
    """(0-based line, level) of every `#` heading outside code, in order (in block quotes too)."""
    code = code_lines(text)
    found = []
    for offset, line in enumerate(text.split("\n")):
        while (marker := _QUOTE_MARKER.match(line)) is not None:
            line = line[marker.end():]
        match = None if offset in code or not line.startswith("#") else _ATX_HEADING.match(line)
        if match:
            found.append((offset, len(match.group(1))))
    return found
