"""A published article holds none of the text `iskias-site new` wrote for the editor to replace."""

from __future__ import annotations

from iskias_site.diagnostics import Diagnostics
from iskias_site.load.content import Article
from iskias_site.scaffold import DESCRIPTION, PLACEHOLDERS
from iskias_site.source.code import blank_code
from iskias_site.messages import Msgid, N_

ADVICE = Msgid(N_("write your own text, or keep 'draft: true' in the front matter until the article is ready"))


def check_placeholders(article: Article, diags: Diagnostics) -> None:
    """Report, at its line, every placeholder of the new-article scaffold left in a published article."""
    meta = article.meta
    if meta.description == DESCRIPTION:
        diags.error(article.meta_path, meta.lines.get("description", meta.line),
                    "placeholder-text/description", ADVICE=ADVICE)
    for part in article.parts:
        for offset, line in enumerate(blank_code(part.text).split("\n")):
            placeholder = next((p for p in PLACEHOLDERS if p in line), None)
            if placeholder:
                diags.error(part.path, part.first_line + offset,
                            "placeholder-text/text", placeholder=placeholder, ADVICE=ADVICE)
