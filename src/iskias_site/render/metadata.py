"""Machine-readable metadata: schema.org JSON-LD for an article, sitemap.xml and robots.txt."""

from __future__ import annotations

import datetime as dt
from typing import Any
from xml.sax.saxutils import escape

from iskias_site.load.config import SiteConfig
from iskias_site.load.content import ArticleMeta
from iskias_site.render.references import ListedReference


def medical_web_page(meta: ArticleMeta, url: str, config: SiteConfig,
                     references: list[ListedReference]) -> dict[str, Any]:
    """schema.org MedicalWebPage with the same values the page shows; no reviewer until there is one."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "MedicalWebPage",
        "name": meta.title,
        "headline": meta.title,
        "description": meta.description,
        "url": url,
        "inLanguage": config.language,
        "about": {"@type": "MedicalCondition", "name": meta.about or meta.title},
        "audience": {"@type": "MedicalAudience", "audienceType": "Patient"},
        "author": {"@type": "Organization", "name": meta.author},
        "publisher": {"@type": "Organization", "name": config.title},
        "datePublished": meta.published.isoformat(),
        "dateModified": meta.last_reviewed.isoformat(),
        "lastReviewed": meta.last_reviewed.isoformat(),
    }
    if meta.based_on:
        data["isBasedOn"] = {"@type": "CreativeWork", "name": meta.based_on}
    if meta.reviewer:
        data["reviewedBy"] = {"@type": "Person", "name": meta.reviewer}
        if meta.reviewer_credentials:
            data["reviewedBy"]["description"] = meta.reviewer_credentials
    citations = [_citation(r) for r in references]
    if citations:
        data["citation"] = citations
    return data


def _citation(reference: ListedReference) -> dict[str, Any]:
    work: dict[str, Any] = {"@type": "CreativeWork", "name": reference.title.rstrip(".")}
    if reference.doi:
        work["sameAs"] = f"https://doi.org/{reference.doi}"
    elif reference.url:
        work["url"] = reference.url
    return work


def sitemap(entries: list[tuple[str, dt.date | None]]) -> str:
    """sitemap.xml for (absolute URL, last modified) pairs."""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for url, modified in entries:
        lastmod = f"<lastmod>{modified.isoformat()}</lastmod>" if modified else ""
        lines.append(f"  <url><loc>{escape(url)}</loc>{lastmod}</url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def robots(config: SiteConfig) -> str:
    return f"User-agent: *\nAllow: /\n\nSitemap: {config.base_url}sitemap.xml\n"
