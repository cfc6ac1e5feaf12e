"""The record of published article addresses, read and written: `published-pages.txt`.

The file (committed with the site, beside `published-anchors.txt`) lists the address of every
article a build has published, as `slug/`, so a clinician's link to a page keeps working:
`check/records.py` fails the build when one of them has no page any more, unless an article's front
matter says it lives there now (`moved_from: [old-slug]`); the old address then gets a redirect
page and a 301 in the web server's configuration.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


RECORD = "published-pages.txt"
HEADER = ("# Every article address this site has published, as slug/. Kept by the build: new addresses\n"
          "# are added; one that disappears fails the build until an article declares it moved\n"
          "# (front matter: moved_from: [old-slug]). Commit this file.\n")


@dataclass(frozen=True)
class PageRecord:
    path: Path
    pages: dict[str, int]  # 'slug/' -> its line in the file


def read_record(root: Path) -> PageRecord:
    """The site's record (empty when there is none yet), with each address's line."""
    path = root / RECORD
    lines = path.read_text(encoding="utf-8").splitlines() if path.is_file() else []
    return PageRecord(path, {line.strip(): number for number, line in enumerate(lines, start=1)
                             if line.strip() and not line.startswith("#")})


def write_record(record: PageRecord, pages: set[str]) -> tuple[int, bool]:
    """Write the record if it grew (or is not there yet); return how many addresses were added,
    and whether it was written."""
    added = pages - set(record.pages)
    if added or not record.path.exists():
        record.path.write_text(HEADER + "".join(f"{p}\n" for p in sorted(pages)), encoding="utf-8")
        return len(added), True
    return 0, False
