"""The record of published article addresses, so a clinician's link to a page keeps working.

`published-pages.txt` (committed with the site, beside `published-anchors.txt`) lists the address
of every article a build has published, as `slug/`. A build fails when one of them has no page
any more, unless an article's front matter says it lives there now (`moved_from: [old-slug]`);
the old address then gets a redirect page and a 301 in the web server's configuration.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path

from iskias_site.diagnostics import Diagnostics
from iskias_site.messages import Msgid, N_

RECORD = "published-pages.txt"
HEADER = ("# Every article address this site has published, as slug/. Kept by the build: new addresses\n"
          "# are added; one that disappears fails the build until an article declares it moved\n"
          "# (front matter: moved_from: [old-slug]). Commit this file.\n")


@dataclass(frozen=True)
class PageRecord:
    path: Path
    pages: dict[str, int]  # 'slug/' -> its line in the file


def read_record(root: Path) -> PageRecord:
    path = root / RECORD
    lines = path.read_text(encoding="utf-8").splitlines() if path.is_file() else []
    return PageRecord(path, {line.strip(): number for number, line in enumerate(lines, start=1)
                             if line.strip() and not line.startswith("#")})


def check_record(record: PageRecord, articles: set[str], moved: dict[str, str], diags: Diagnostics) -> set[str]:
    """Report recorded addresses that no article has now and none says it moved from; return the
    new record's addresses. `articles`: the slugs published now; `moved`: old slug -> new slug."""
    current = {f"{slug}/" for slug in articles} | {f"{old}/" for old in moved}
    for gone in sorted(set(record.pages) - current):
        slug = gone.rstrip("/")
        close = difflib.get_close_matches(slug, sorted(articles), n=1, cutoff=0.6)
        where = f"'{close[0]}'" if close else Msgid(N_("the article that replaced it"))
        diags.error(record.path, record.pages[gone], "published-page-gone/pages", gone=gone, slug=slug, where=where, RECORD=RECORD)
    return current | set(record.pages)


def write_record(record: PageRecord, pages: set[str]) -> int:
    """Write the record if it grew; return how many addresses were added."""
    added = pages - set(record.pages)
    if added or not record.path.exists():
        record.path.write_text(HEADER + "".join(f"{p}\n" for p in sorted(pages)), encoding="utf-8")
    return len(added)
