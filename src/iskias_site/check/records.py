"""The published records checked against what this build publishes: no section anchor and no
article address a clinician may have linked to disappears without the article saying where it
went (`anchor_aliases`, `moved_from`). The records are read and written by `write/anchor_record.py`
and `write/page_record.py`.
"""

from __future__ import annotations

from pathlib import Path

from iskias_site.check.site import on_site
from iskias_site.diagnostics import Diagnostics, closest
from iskias_site.messages import Msgid, N_
from iskias_site.pipeline.article import ArticleSummary
from iskias_site.write import anchor_record, page_record
from iskias_site.write.anchor_record import AnchorRecord
from iskias_site.write.page_record import PageRecord


def check_anchors_kept(root: Path, summaries: list[ArticleSummary], moved: dict[str, str],
                       diags: Diagnostics) -> tuple[AnchorRecord, set[str]]:
    """Published anchors that vanished; the record and the anchors it holds after this build."""
    record = anchor_record.read_record(root)
    summaries = [s for s in summaries if s.meta is None or not s.meta.draft]  # a draft publishes no anchor
    built = {s.slug: (s.meta_path, s.anchors) for s in summaries if s.meta is not None}
    if len(built) < len(summaries):  # an article with errors has no anchors to compare yet
        return record, set(record.anchors)
    built.update({old: built[new] for old, new in moved.items()})  # its old address: the same anchors
    return record, check_anchor_record(record, built, diags)


def check_pages_kept(root: Path, summaries: list[ArticleSummary], moved: dict[str, str],
                     diags: Diagnostics) -> tuple[PageRecord, set[str]]:
    """Published article addresses that vanished; the record and its new addresses."""
    record = page_record.read_record(root)
    published_now = on_site(summaries, drafts=False)
    if len(published_now) < sum(1 for s in summaries if s.meta is None or not s.meta.draft):
        return record, set(record.pages)  # an article with errors: its address is not gone
    return record, check_page_record(record, {s.slug for s in published_now}, moved, diags)


def check_anchor_record(record: AnchorRecord, published_now: dict[str, tuple[Path, frozenset[str]]],
                        diags: Diagnostics) -> set[str]:
    """Report recorded anchors that vanished without an alias; return the new record's anchors.

    `published_now` maps each article's slug to its front-matter file and the anchors it has now
    (headings and aliases).
    """
    current = {f"{slug}#{anchor}" for slug, (_, anchors) in published_now.items() for anchor in anchors}
    for gone in sorted(record.anchors - current):
        slug, _, anchor = gone.partition("#")
        if slug not in published_now:
            diags.error(record.path, 0, "published-page-gone/anchors", gone=gone, slug=slug, RECORD=anchor_record.RECORD)
        else:
            diags.error(published_now[slug][0], 1, "published-anchor-gone", anchor=anchor)
    return current | set(record.anchors)


def check_page_record(record: PageRecord, articles: set[str], moved: dict[str, str], diags: Diagnostics) -> set[str]:
    """Report recorded addresses that no article has now and none says it moved from; return the
    new record's addresses. `articles`: the slugs published now; `moved`: old slug -> new slug."""
    current = {f"{slug}/" for slug in articles} | {f"{old}/" for old in moved}
    for gone in sorted(set(record.pages) - current):
        slug = gone.rstrip("/")
        close = closest(slug, articles)
        where = f"'{close}'" if close else Msgid(N_("the article that replaced it"))
        diags.error(record.path, record.pages[gone], "published-page-gone/pages", gone=gone, slug=slug, where=where,
                    RECORD=page_record.RECORD)
    return current | set(record.pages)
