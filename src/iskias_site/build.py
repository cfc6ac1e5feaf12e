"""The build, step by step: load, check, convert, render, write. Returns diagnostics; never prints."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from . import published
from .bibliography import Bibliography, load_bibliography
from .config import SiteConfig, load_config
from .content import Article, SourceFile, load_articles
from .convert import ConvertedArticle, convert_article
from .diagnostics import Diagnostics
from .locale import load_strings
from .metadata import medical_web_page, robots, sitemap
from .output import SiteWriter
from .render import make_environment, render_page
from .resolve import ArticleChecks, check_article, check_parts
from .vancouver import ListedReference, list_reference


@dataclass
class BuildResult:
    diagnostics: Diagnostics
    pages: list[str] = field(default_factory=list)  # paths written, relative to the output folder
    notes: list[str] = field(default_factory=list)  # things the editor should know, e.g. a record grew
    strict: bool = False

    @property
    def ok(self) -> bool:
        if self.strict:
            return not self.diagnostics.items
        return not self.diagnostics.has_errors()


@dataclass(frozen=True)
class Site:
    """Everything loaded and checked, ready to convert."""

    root: Path
    config: SiteConfig
    bibliography: Bibliography
    articles: list[Article]
    checks: dict[str, ArticleChecks]


@dataclass(frozen=True)
class RenderedSite:
    """Every page in memory, and the anchors to record once the pages are written."""

    site: Site
    pages: dict[str, str]
    record: published.AnchorRecord
    anchors: set[str]


def build_site(root: Path, out: Path, today: dt.date | None = None, strict: bool = False) -> BuildResult:
    """Build the site in `root` into `out`; on any error (or warning, if strict) `out` is left as it was."""
    result, rendered = render_whole_site(root, today or dt.date.today(), strict)
    if rendered is None:
        return result
    _write(out, rendered.site, rendered.pages)
    added = published.write_record(rendered.record, rendered.anchors)
    if added:
        noun = "anchor" if added == 1 else "anchors"
        result.notes.append(f"{published.RECORD}: {added} new {noun} recorded; commit the file")
    result.pages = sorted(rendered.pages)
    return result


def render_whole_site(root: Path, today: dt.date, strict: bool = False) -> tuple[BuildResult, RenderedSite | None]:
    """Every step of the build but writing: load, check, convert, render. None when it fails."""
    result = BuildResult(Diagnostics(root), strict=strict)
    site = load_site(root, result.diagnostics, today)
    if site is None or not result.ok:
        return result, None
    strings = load_strings(site.config.language)
    converted = [convert_article(a, site.bibliography, site.config, strings, site.checks[a.slug])
                 for a in site.articles]
    record = published.read_record(root)
    anchors = _check_anchors(record, converted, result.diagnostics)
    pages = _render(root, site, [published.with_aliases(a) for a in converted], strings, result.diagnostics)
    if pages is None or not result.ok:
        return result, None
    return result, RenderedSite(site, pages, record, anchors)


def load_site(root: Path, diags: Diagnostics, today: dt.date) -> Site | None:
    """Load and check the whole site; every problem lands in `diags`."""
    config = load_config(root, diags)
    bibliography = load_bibliography(root / "references.bib", diags)
    content = load_articles(root / "content", diags)
    articles = content.articles
    checks = {a.slug: check_article(a, bibliography, diags) for a in articles}
    for folder, parts in _by_article(content.loose_parts):
        check_parts(parts, folder, bibliography, diags)
    if content.complete:  # otherwise the citations of an unreadable file are unknown
        _warn_uncited(bibliography, checks, diags)
    for article in articles:
        if article.meta.next_review < today:
            diags.warning(article.meta_path, 1, f"the next review date {article.meta.next_review.isoformat()} "
                                                "has passed; review the content and set new dates")
    if not (root / "templates").is_dir():
        diags.error(root / "templates", 0, "the templates/ folder is missing")
    for link in (p for p in (root / "static").rglob("*") if p.is_symlink()):
        diags.error(link, 0, "is a symbolic link; put the file itself in static/")
    if config is None:
        return None
    return Site(root, config, bibliography, articles, checks)


def _by_article(parts: list[tuple[SourceFile, Path | None]]) -> list[tuple[Path | None, list[SourceFile]]]:
    """Loose parts grouped per article (a folder, or a single file), in reading order."""
    grouped: dict[Path, tuple[Path | None, list[SourceFile]]] = {}
    for part, folder in parts:
        grouped.setdefault(folder or part.path, (folder, []))[1].append(part)
    return list(grouped.values())


def _warn_uncited(bibliography: Bibliography, checks: dict[str, ArticleChecks], diags: Diagnostics) -> None:
    cited = set().union(*(c.cited for c in checks.values())) if checks else set()
    for key, reference in bibliography.references.items():
        if key not in cited:
            diags.warning(bibliography.path, reference.line, f"entry '{key}' is never cited")


def _check_anchors(record: published.AnchorRecord, converted: list[ConvertedArticle],
                   diags: Diagnostics) -> set[str]:
    for article in converted:
        published.check_aliases(article, diags)
    return published.check_record(record, converted, diags)


def _render(root: Path, site: Site, converted: list[ConvertedArticle], strings: dict,
            diags: Diagnostics) -> dict[str, str] | None:
    try:
        env = make_environment(root / "templates", strings)
        return render_site(env, site, converted, strings)
    except jinja2.TemplateError as exc:
        diags.error(_template_path(root, exc), getattr(exc, "lineno", 0) or 0, f"template error: {exc.message}")
        return None


def render_site(env: jinja2.Environment, site: Site, converted: list[ConvertedArticle],
                strings: dict) -> dict[str, str]:
    config = site.config
    pages = {}
    for article in converted:
        meta = article.article.meta
        url = f"{config.base_url}{article.article.slug}/"
        references = listed_references(article, site.bibliography, strings, config.language)
        pages[f"{article.article.slug}/index.html"] = render_page(
            env, "article.html", site=config, page=article, meta=meta, references=references,
            by_key={r.key: r for r in references}, url=url,
            jsonld=medical_web_page(meta, url, config, references),
        )
    pages["index.html"] = render_page(env, "index.html", site=config,
                                      articles=[a.article for a in converted], url=config.base_url)
    pages["404.html"] = render_page(env, "404.html", site=config, url=f"{config.base_url}404.html")
    pages["sitemap.xml"] = sitemap(_sitemap_entries(config, converted))
    pages["robots.txt"] = robots(config)
    return pages


def _sitemap_entries(config: SiteConfig, converted: list[ConvertedArticle]) -> list[tuple[str, dt.date | None]]:
    dates = [a.article.meta.last_reviewed for a in converted]
    entries = [(config.base_url, max(dates) if dates else None)]
    entries += [(f"{config.base_url}{a.article.slug}/", a.article.meta.last_reviewed) for a in converted]
    return entries


def listed_references(article: ConvertedArticle, bibliography: Bibliography, strings: dict,
                      language: str) -> list[ListedReference]:
    numbers = article.numbers
    return [list_reference(bibliography.references[key], numbers.numbers[key], numbers.places.get(key, []),
                           strings, language) for key in numbers.in_order()]


def _write(out: Path, site: Site, pages: dict[str, str]) -> None:
    writer = SiteWriter(out)
    try:
        for path, html in pages.items():
            writer.write(path, html)
        writer.copy_tree(site.root / "static", "static")
        for article in site.articles:
            for image in site.checks[article.slug].images.values():
                writer.write(f"{article.slug}/{image.name}", image.path.read_bytes())
        writer.commit()
    except BaseException:
        writer.discard()
        raise


def _template_path(root: Path, exc: jinja2.TemplateError) -> Path:
    name = getattr(exc, "filename", None) or getattr(exc, "name", None) or ""
    return Path(name) if name and Path(name).is_absolute() else root / "templates" / (name or "")
