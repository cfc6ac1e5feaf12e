"""An article's `::: handout` list, across its files: at most one.

The shape of each block (a short `- ` list, no citations) is checked with the other blocks in
`check/blocks.py`; an article without one is warned by `iskias-site check` (`lint/lints.py`).
"""

from __future__ import annotations

from iskias_site.check.article import ArticleChecks
from iskias_site.diagnostics import Diagnostics
from iskias_site.load.content import Article
from iskias_site.messages import phrase


def check_handout(article: Article, checks: ArticleChecks, diags: Diagnostics) -> None:
    if not checks.handouts:
        return
    first = checks.handouts[0]
    for block in checks.handouts[1:]:
        where = phrase("at-line", line=first.first_line - 1) if block.path == first.path else \
            f"{first.path.name}:{first.first_line - 1}"
        diags.error(block.path, block.first_line - 1,
                    "handout-twice", where=where)
