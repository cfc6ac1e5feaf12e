"""Checks that need every article at once: references never cited, overdue reviews, topics,
related articles, moved addresses and links.

They run on the articles' summaries after all articles are built (or taken from the cache), and
report at the line of the front-matter key or the link, with a did-you-mean.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path

from iskias_site.check.links import LinkTargets, check_links, page_anchors
from iskias_site.diagnostics import Diagnostics, did_you_mean
from iskias_site.load.config import SiteConfig
from iskias_site.load.content import SLUG
from iskias_site.pipeline.article import ArticleSummary, BuildContext
from iskias_site.render.site_pages import site_page_paths
from iskias_site.messages import Msgid, N_, phrase


def on_site(summaries: Iterable[ArticleSummary], drafts: bool) -> list[ArticleSummary]:
    """The articles that have a page in this build: built without errors, drafts only if asked."""
    return [s for s in summaries if s.meta is not None and (drafts or not s.meta.draft)]


def check_site_wide(context: BuildContext, summaries: list[ArticleSummary], today: dt.date,
                    diags: Diagnostics) -> dict[str, str]:
    """What no single article can tell: references never cited, overdue reviews, topics, related
    articles, moved addresses and links between articles; returns the moved addresses (old slug ->
    slug). The published records are checked by `check/records.py`."""
    moved = {}
    if context.config is not None:
        moved = check_articles_together(summaries, context.config, context.root,
                                        site_page_paths(context.config, bool(context.glossary.terms)),
                                        context.drafts, diags)
    if all(s.complete for s in summaries):  # otherwise the citations of an unreadable file are unknown
        cited = set().union(*(s.cited for s in summaries)) if summaries else set()
        for key, reference in context.bibliography.references.items():
            if key not in cited:
                diags.warning(context.bibliography.path, reference.line, "entry-never-cited", key=key)
    for summary in summaries:
        if summary.meta is not None and summary.meta.next_review < today:
            diags.warning(summary.meta_path, 1, "review-due/overdue", next_review=summary.meta.next_review.isoformat())
    return moved


def check_articles_together(summaries: list[ArticleSummary], config: SiteConfig, root: Path,
                            site_pages: frozenset[str], drafts: bool, diags: Diagnostics) -> dict[str, str]:
    """Report unknown topics and related articles, clashing old addresses and links that lead
    nowhere; return the moved addresses (old slug -> the article's slug now)."""
    articles = on_site(summaries, drafts)
    entries = {s.slug for s in summaries}
    unpublished = {s.slug: Msgid(N_("is a draft, which `build` does not publish")) for s in summaries
                   if s.meta is not None and s.meta.draft and not drafts}
    moved = _check_moved(articles, entries, diags)
    unpublished.update({old: f"has moved to '{new}'; link to '../{new}/'" for old, new in moved.items()})
    for article in articles:
        _check_topics(article, config, diags)
        _check_related(article, entries, unpublished, diags)
    targets = LinkTargets(
        anchors={s.slug: page_anchors(s.anchors, s.cited) for s in articles},
        pages=site_pages, static=root / "static", unpublished=unpublished,
        unknown=frozenset(s.slug for s in summaries if s.meta is None))
    for article in articles:
        check_links(article.slug, article.links, targets, diags)
    return moved


def _check_topics(article: ArticleSummary, config: SiteConfig, diags: Diagnostics) -> None:
    meta = article.meta
    known = [t.slug for t in config.topics]
    for topic in meta.topics:
        if topic not in known:
            listed = (phrase("topics-listed", hint=did_you_mean(topic, known), topics=", ".join(known)) if known
                      else phrase("topics-none"))
            diags.error(article.meta_path, meta.lines.get("topics", meta.line), "unknown-topic", topic=topic, listed=listed)


def _check_related(article: ArticleSummary, entries: set[str], unpublished: dict[str, str],
                   diags: Diagnostics) -> None:
    meta = article.meta
    line = meta.lines.get("related", meta.line)
    for slug in meta.related:
        if slug == article.slug:
            diags.error(article.meta_path, line, "related-unknown/self", slug=slug)
        elif slug in unpublished:
            diags.error(article.meta_path, line, "related-unknown/draft", slug=slug, unpublished=unpublished[slug])
        elif slug not in entries:
            diags.error(article.meta_path, line, "related-unknown/missing", slug=slug, hint=did_you_mean(slug, entries))


def _check_moved(articles: list[ArticleSummary], entries: set[str], diags: Diagnostics) -> dict[str, str]:
    moved: dict[str, str] = {}
    for article in articles:
        meta = article.meta
        line = meta.lines.get("moved_from", meta.line)
        for old in meta.moved_from:
            if not SLUG.match(old):
                diags.error(article.meta_path, line, "moved-from-invalid/not-address", old=old)
            elif old in entries:
                diags.error(article.meta_path, line, "moved-from-invalid/article", old=old)
            elif old in moved:
                diags.error(article.meta_path, line, "moved-from-invalid/twice", old=old, moved=moved[old])
            else:
                moved[old] = article.slug
    return moved

