"""Stable ASCII anchors for headings, so a clinician's link to a section survives."""

from __future__ import annotations

import re
import unicodedata

_DANISH = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "ae", "Ø": "oe", "Å": "aa", "ß": "ss"})
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")


def slugify(text: str, separator: str = "-") -> str:
    """'Hvornår skal du søge læge?' -> 'hvornaar-skal-du-soege-laege'. Empty text gives 'afsnit'."""
    text = text.translate(_DANISH)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    slug = _NOT_ALNUM.sub(separator, text).strip(separator)
    return slug or "afsnit"
