"""The pages that show the site as a whole, in memory: the front page by topic, a page per topic,
the A–Z list, "Nyt og opdateret" with its Atom feed, redirect pages for moved articles (and the
matching nginx rules), and the related articles at the end of each article.

Articles are built on their own (in parallel, or from the cache), so what depends on the other
articles (which ones link here, which share a topic) is only known afterwards: each article page
carries a marker where `related_block` is put once every article is known. That rewrites each
article page in the staging folder once per build (a read and a write, never the cached file).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import feedgenerator
import jinja2

from iskias_site.check.links import linked_slug
from iskias_site.load.config import SiteConfig, Topic
from iskias_site.pipeline.article import ArticleSummary
from iskias_site.render.collation import danish_key, first_letter
from iskias_site.render.templates import render_page
from iskias_site.write.staging import link_into, replace_into

if TYPE_CHECKING:
    from iskias_site.write.cache import BuildCache

RELATED_MARKER = "<!--iskias:related-->"  # in templates/article.html, where the related articles go
MAX_RELATED = 6
REDIRECTS = "redirects.nginx.conf"  # included by deploy/nginx.conf; never served (see there)
FEED = "feed.xml"
FEED_ENTRIES = 50  # the newest in the feed: a reader polls it often, and a big site has thousands


@dataclass(frozen=True)
class GlossaryTerm:
    """A term of the site's glossary, for the A–Z page (the glossary's own page makes them)."""

    term: str
    href: str  # from the site's root, e.g. 'ordbog/#diskusprolaps'


@dataclass(frozen=True)
class Entry:
    """One line of a list of pages: its title, where it is (from the site's root) and what it is."""

    title: str
    href: str
    description: str = ""
    kind: str = "article"  # or 'term'


def site_page_paths(config: SiteConfig, glossary: bool = False) -> frozenset[str]:
    """The site's own pages, as a link from an article may name them ('a-z/', 'emne/ryg/')."""
    pages = {"a-z/", "nyt/", "soeg/", FEED, "404.html", "sitemap.xml"} | {f"emne/{t.slug}/" for t in config.topics}
    return frozenset(pages | ({"ordbog/"} if glossary else set()))


def by_title(articles: Sequence[ArticleSummary]) -> list[ArticleSummary]:
    return sorted(articles, key=lambda a: danish_key(a.meta.title))


def entry(article: ArticleSummary) -> Entry:
    return Entry(article.meta.title, f"{article.slug}/", article.meta.description)


def render_site_pages(env: jinja2.Environment, config: SiteConfig, articles: list[ArticleSummary],
                      moved: dict[str, str], glossary: Sequence[GlossaryTerm] = ()) -> dict[str, str]:
    """Every page of the site that is not an article, by its path in the site."""
    base = config.base_url
    glossary_href = "ordbog/" if glossary else ""
    common = {"site": config, "glossary_href": glossary_href}
    groups = topic_groups(config, articles)
    pages = {
        "index.html": render_page(env, "index.html", url=base, articles=[entry(a) for a in by_title(articles)],
                                  groups=groups, others=without_topic(config, articles), **common),
        "a-z/index.html": render_page(env, "a-z.html", url=f"{base}a-z/", letters=a_z(articles, glossary),
                                      **common),
        "nyt/index.html": render_page(env, "nyt.html", url=f"{base}nyt/", news=newest_first(articles), **common),
        "404.html": render_page(env, "404.html", url=f"{base}404.html", **common),
    }
    for topic, members in groups:
        pages[f"emne/{topic.slug}/index.html"] = render_page(
            env, "topic.html", url=f"{base}emne/{topic.slug}/", topic=topic, articles=members, **common)
    by_slug = {a.slug: a for a in articles}
    for old, new in moved.items():
        pages[f"{old}/index.html"] = render_page(env, "redirect.html", url=f"{base}{new}/",
                                                 target=entry(by_slug[new]), **common)
    pages[REDIRECTS] = nginx_redirects(moved)
    pages[FEED] = atom_feed(config, articles)
    return pages


def topic_groups(config: SiteConfig, articles: list[ArticleSummary]) -> list[tuple[Topic, list[Entry]]]:
    """Each topic of site.yml (in its order) with its articles (in Danish order); a topic without
    articles has no page. Articles without a topic are listed on the front page on their own."""
    groups, ordered = [], by_title(articles)
    for topic in config.topics:
        members = [entry(a) for a in ordered if topic.slug in a.meta.topics]
        if members:
            groups.append((topic, members))
    return groups


def without_topic(config: SiteConfig, articles: list[ArticleSummary]) -> list[Entry]:
    """The articles in none of site.yml's topics, in Danish order."""
    known = {t.slug for t in config.topics}
    return [entry(a) for a in by_title(articles) if not known & set(a.meta.topics)]


def a_z(articles: list[ArticleSummary], glossary: Sequence[GlossaryTerm]) -> list[tuple[str, list[Entry]]]:
    """Articles and glossary terms in Danish alphabetical order, under their first letters."""
    entries = [entry(a) for a in articles] + [Entry(g.term, g.href, kind="term") for g in glossary]
    letters: dict[str, list[Entry]] = {}
    for item in sorted(entries, key=lambda e: danish_key(e.title)):
        letters.setdefault(first_letter(item.title), []).append(item)
    return list(letters.items())


@dataclass(frozen=True)
class News:
    """An article on "Nyt og opdateret": when it was published or last reviewed, and which."""

    entry: Entry
    date: dt.date
    kind: str  # 'published' or 'updated'
    reviewed: dt.date  # the date the content was last reviewed (last_reviewed)


def newest_first(articles: list[ArticleSummary]) -> list[News]:
    news = []
    for article in articles:
        meta = article.meta
        updated = max(meta.published, meta.last_reviewed)
        kind = "updated" if updated > meta.published else "published"
        news.append(News(entry(article), updated, kind, meta.last_reviewed))
    return sorted(news, key=lambda n: (-n.date.toordinal(), danish_key(n.entry.title)))


def atom_feed(config: SiteConfig, articles: list[ArticleSummary]) -> str:
    """An Atom feed of the newest articles (`FEED_ENTRIES`), newest first: one entry per article,
    updated when reviewed. ("Nyt og opdateret" lists every article.)"""
    news = newest_first(articles)[:FEED_ENTRIES]
    by_href = {f"{a.slug}/": a for a in articles}
    feed = feedgenerator.Atom1Feed(
        title=config.title, link=config.base_url, description=config.description,
        language=config.language, feed_url=f"{config.base_url}{FEED}", feed_guid=config.base_url,
        author_name=config.contact_name or config.title)
    for item in news:
        article = by_href[item.entry.href]
        url = f"{config.base_url}{item.entry.href}"
        feed.add_item(title=item.entry.title, link=url, description=item.entry.description, unique_id=url,
                      pubdate=_midnight(article.meta.published), updateddate=_midnight(item.date),
                      author_name=article.meta.author)
    return feed.writeString("utf-8")


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.timezone.utc)


def nginx_redirects(moved: dict[str, str]) -> str:
    """nginx `location` rules sending each old address to the article's new one, with a 301."""
    lines = ["# Made by the build from the articles' `moved_from:`; deploy/nginx.conf includes this file.\n"]
    for old, new in sorted(moved.items()):
        for path in (f"/{old}", f"/{old}/", f"/{old}/index.html"):
            lines.append(f"location = {path} {{ return 301 /{new}/; }}\n")
    return "".join(lines)


def related_articles(articles: list[ArticleSummary]) -> dict[str, list[Entry]]:
    """What the end of each article points to: the articles its front matter names, then those
    that link to it, then others of its topics (each in Danish order), at most MAX_RELATED."""
    by_slug = {a.slug: a for a in articles}
    ordered = by_title(articles)
    linking: dict[str, list[ArticleSummary]] = {}
    for source in ordered:
        for target in dict.fromkeys(linked_slug(link.dest) for link in source.links):
            if target in by_slug and target != source.slug:
                linking.setdefault(target, []).append(source)
    members: dict[str, list[ArticleSummary]] = {}
    for article in ordered:
        for topic in article.meta.topics:
            members.setdefault(topic, []).append(article)
    related = {}
    for article in articles:
        candidates = [by_slug[s] for s in article.meta.related if s in by_slug]
        candidates += linking.get(article.slug, [])
        for topic in article.meta.topics:
            candidates += members[topic][:MAX_RELATED * 2]
        chosen = list({c.slug: c for c in candidates if c.slug != article.slug}.values())[:MAX_RELATED]
        related[article.slug] = [entry(c) for c in chosen]
    return related


def related_block(env: jinja2.Environment, config: SiteConfig, related: list[Entry]) -> str:
    return render_page(env, "_related.html", site=config, related=related) if related else ""


def related_blocks(env: jinja2.Environment, config: SiteConfig, articles: list[ArticleSummary]) -> dict[str, str]:
    """Each article's related-articles block, by slug ('' for none)."""
    blocks: dict[tuple[Entry, ...], str] = {}  # many articles share a list (a topic's first few)
    by_slug = {}
    for slug, related in related_articles(articles).items():
        chosen = tuple(related)
        if chosen not in blocks:
            blocks[chosen] = related_block(env, config, related)
        by_slug[slug] = blocks[chosen]
    return by_slug


def write_related(blocks: dict[str, str], staging: Path, cache: BuildCache | None = None,
                  page_keys: dict[str, str] | None = None) -> None:
    """Put each article's related-articles block where its page has the marker (replaced even by
    nothing: no comment of ours reaches a reader). With the `cache` and the article pages' keys,
    each page is filled in from the one kept under its key, kept there under that key and its
    block, and linked into the staging folder (a page already linked there, as in the site before
    last, is left alone); else the page the staging folder holds is filled in, as a new file,
    since it may be a link to the cached one."""
    kept: set[Path] = set()
    for slug, block in blocks.items():
        name = f"{slug}/index.html"
        key = (page_keys or {}).get(slug)
        if cache is not None and key is not None:
            filled = cache.with_related(key, block, lambda: _filled(cache.stored(key)[0], block))
            link_into(staging, name, filled)
            kept.add(filled)
        else:
            page = (staging / name).read_text(encoding="utf-8")
            if RELATED_MARKER in page:
                replace_into(staging, name, page.replace(RELATED_MARKER, block, 1))
    if cache is not None:
        cache.drop_related_except(kept)


def _filled(page: Path, block: str) -> str:
    return page.read_text(encoding="utf-8").replace(RELATED_MARKER, block, 1)


def site_sitemap_entries(pages: dict[str, str], config: SiteConfig) -> list[tuple[str, dt.date | None]]:
    """The sitemap's lines for the topic pages, the A–Z page and the news page."""
    lists = sorted(name for name in pages if name.endswith("/index.html")
                   and (name.startswith("emne/") or name in ("a-z/index.html", "nyt/index.html")))
    return [(f"{config.base_url}{name.removesuffix('index.html')}", None) for name in lists]
