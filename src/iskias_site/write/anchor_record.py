"""The record of published anchors, so a clinician's link to a section keeps working.

`published-anchors.txt` (committed with the site) lists every `slug#anchor` a build has published.
A build fails when one of them is gone, unless the article's front matter says where it went:
`anchor_aliases: {old-anchor: new-anchor}`; the old id is then kept on the new heading.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from iskias_site.convert.converter import ContentsEntry, ConvertedArticle
from iskias_site.diagnostics import Diagnostics

RECORD = "published-anchors.txt"
HEADER = ("# Every section anchor this site has published, as slug#anchor. Kept by the build: new anchors\n"
          "# are added; one that disappears fails the build until the article declares where it went\n"
          "# (front matter: anchor_aliases: {old-anchor: new-anchor}). Commit this file.\n")


@dataclass(frozen=True)
class AnchorRecord:
    path: Path
    anchors: frozenset[str]


def read_record(root: Path) -> AnchorRecord:
    path = root / RECORD
    lines = path.read_text(encoding="utf-8").splitlines() if path.is_file() else []
    return AnchorRecord(path, frozenset(l.strip() for l in lines if l.strip() and not l.startswith("#")))


def article_anchors(article: ConvertedArticle) -> set[str]:
    """The heading anchors of an article, as slug#anchor."""
    anchors: set[str] = set()
    stack: list[ContentsEntry] = list(article.contents)
    while stack:
        entry = stack.pop()
        anchors.add(f"{article.article.slug}#{entry.anchor}")
        stack.extend(entry.children)
    return anchors


def check_record(record: AnchorRecord, published_now: dict[str, tuple[Path, frozenset[str]]],
                 diags: Diagnostics) -> set[str]:
    """Report recorded anchors that vanished without an alias; return the new record's anchors.

    `published_now` maps each article's slug to its front-matter file and the anchors it has now
    (headings and aliases).
    """
    current = {f"{slug}#{anchor}" for slug, (_, anchors) in published_now.items() for anchor in anchors}
    for gone in sorted(record.anchors - current):
        slug, _, anchor = gone.partition("#")
        if slug not in published_now:
            diags.error(record.path, 0, "published-page-gone/anchors", gone=gone, slug=slug, RECORD=RECORD)
        else:
            diags.error(published_now[slug][0], 1,
                        "published-anchor-gone", anchor=anchor)
    return current | set(record.anchors)


def check_aliases(article: ConvertedArticle, diags: Diagnostics) -> None:
    own = {a.partition("#")[2] for a in article_anchors(article)}
    for old, new in article.article.meta.anchor_aliases.items():
        if new not in own:
            diags.error(article.article.meta_path, 1,
                        "anchor-alias-unknown", old=old, new=new)


def write_record(record: AnchorRecord, anchors: set[str]) -> int:
    """Write the record if it grew; return how many anchors were added."""
    added = anchors - record.anchors
    if added or not record.path.exists():
        record.path.write_text(HEADER + "".join(f"{a}\n" for a in sorted(anchors)), encoding="utf-8")
    return len(added)
