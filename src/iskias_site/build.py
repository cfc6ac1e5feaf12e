"""The build, step by step: load, check, convert, render, write. Returns diagnostics; never prints."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from .bibliography import Bibliography, load_bibliography
from .config import SiteConfig, load_config
from .content import Article, load_articles
from .convert import ConvertedArticle, convert_article
from .diagnostics import Diagnostics
from .locale import load_strings
from .output import SiteWriter
from .render import make_environment, render_page
from .resolve import ArticleChecks, check_article
from .vancouver import ListedReference, list_reference


@dataclass
class BuildResult:
    diagnostics: Diagnostics
    pages: list[str] = field(default_factory=list)  # paths written, relative to the output folder

    @property
    def ok(self) -> bool:
        return not self.diagnostics.has_errors()


@dataclass(frozen=True)
class Site:
    """Everything loaded and checked, ready to convert."""

    root: Path
    config: SiteConfig
    bibliography: Bibliography
    articles: list[Article]
    checks: dict[str, ArticleChecks]


def build_site(root: Path, out: Path, today: dt.date | None = None) -> BuildResult:
    """Build the site in `root` into `out`; on any error `out` is left exactly as it was."""
    diags = Diagnostics(root)
    site = load_site(root, diags)
    if site is None or diags.has_errors():
        return BuildResult(diags)
    strings = load_strings(site.config.language)
    converted = [convert_article(a, site.bibliography, site.config, strings, site.checks[a.slug])
                 for a in site.articles]
    try:
        env = make_environment(root / "templates", strings)
        pages = render_site(env, site, converted, strings)
    except jinja2.TemplateError as exc:
        diags.error(_template_path(root, exc), getattr(exc, "lineno", 0) or 0, f"template error: {exc.message}")
        return BuildResult(diags)
    writer = SiteWriter(out)
    try:
        for path, html in pages.items():
            writer.write(path, html)
        writer.copy_tree(root / "static", "static")
        for article in site.articles:
            for image in site.checks[article.slug].images.values():
                writer.write(f"{article.slug}/{image.name}", image.path.read_bytes())
        writer.commit()
    except BaseException:
        writer.discard()
        raise
    return BuildResult(diags, sorted(pages))


def load_site(root: Path, diags: Diagnostics) -> Site | None:
    """Load and check the whole site; every problem lands in `diags`."""
    config = load_config(root, diags)
    bibliography = load_bibliography(root / "references.bib", diags)
    articles = load_articles(root / "content", diags)
    if config is None:
        return None
    checks = {a.slug: check_article(a, bibliography, diags) for a in articles}
    cited = set().union(*(c.cited for c in checks.values())) if checks else set()
    for key, reference in bibliography.references.items():
        if key not in cited:
            diags.warning(bibliography.path, reference.line, f"entry '{key}' is never cited")
    if not (root / "templates").is_dir():
        diags.error(root / "templates", 0, "the templates/ folder is missing")
    return Site(root, config, bibliography, articles, checks)


def render_site(env: jinja2.Environment, site: Site, converted: list[ConvertedArticle],
                strings: dict) -> dict[str, str]:
    pages = {}
    for article in converted:
        references = listed_references(article, site.bibliography, strings, site.config.language)
        pages[f"{article.article.slug}/index.html"] = render_page(
            env, "article.html", site=site.config, page=article, meta=article.article.meta,
            references=references, by_key={r.key: r for r in references},
            url=f"{site.config.base_url}{article.article.slug}/",
        )
    pages["index.html"] = render_page(env, "index.html", site=site.config,
                                      articles=[a.article for a in converted], url=site.config.base_url)
    pages["404.html"] = render_page(env, "404.html", site=site.config, url=f"{site.config.base_url}404.html")
    return pages


def listed_references(article: ConvertedArticle, bibliography: Bibliography, strings: dict,
                      language: str) -> list[ListedReference]:
    numbers = article.numbers
    return [list_reference(bibliography.references[key], numbers.numbers[key], numbers.places.get(key, []),
                           strings, language) for key in numbers.in_order()]


def _template_path(root: Path, exc: jinja2.TemplateError) -> Path:
    name = getattr(exc, "filename", None) or getattr(exc, "name", None) or ""
    return Path(name) if name and Path(name).is_absolute() else root / "templates" / (name or "")
