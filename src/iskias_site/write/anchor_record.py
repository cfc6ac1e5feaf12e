"""The record of published anchors, read and written: `published-anchors.txt`.

The file (committed with the site) lists every `slug#anchor` a build has published, so a
clinician's link to a section keeps working: `check/records.py` fails the build when one of them is
gone, unless the article's front matter says where it went (`anchor_aliases: {old-anchor:
new-anchor}`; the old id is then kept on the new heading, `convert/aliases.py`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


RECORD = "published-anchors.txt"
HEADER = ("# Every section anchor this site has published, as slug#anchor. Kept by the build: new anchors\n"
          "# are added; one that disappears fails the build until the article declares where it went\n"
          "# (front matter: anchor_aliases: {old-anchor: new-anchor}). Commit this file.\n")


@dataclass(frozen=True)
class AnchorRecord:
    """The record as read: where it is, and the `slug#anchor`s in it."""

    path: Path
    anchors: frozenset[str]


def read_record(root: Path) -> AnchorRecord:
    """The site's record (empty when there is none yet)."""
    path = root / RECORD
    lines = path.read_text(encoding="utf-8").splitlines() if path.is_file() else []
    return AnchorRecord(path, frozenset(l.strip() for l in lines if l.strip() and not l.startswith("#")))


def write_record(record: AnchorRecord, anchors: set[str]) -> tuple[int, bool]:
    """Write the record if it grew (or is not there yet); return how many anchors were
    added, and whether it was written."""
    added = anchors - record.anchors
    if added or not record.path.exists():
        record.path.write_text(HEADER + "".join(f"{a}\n" for a in sorted(anchors)), encoding="utf-8")
        return len(added), True
    return 0, False
