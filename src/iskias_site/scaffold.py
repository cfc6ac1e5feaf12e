"""`iskias-site new <slug>`: a new article folder with its front matter filled in and a first section."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from iskias_site.load.content import SLUG
from iskias_site.messages import message

# The text `new` writes for the editor to replace: a published article still holding any of it
# is an error (check/placeholders.py), so none of it reaches readers.
DESCRIPTION = "Skriv én sætning om, hvad siden hjælper læseren med."
PLACEHOLDERS = (
    DESCRIPTION,
    "Det vigtigste i én sætning.",
    "Hvad læseren selv kan gøre.",
    "Skriv indledningen her: hvem siden er til, og hvad den handler om.",
    "Forklar tilstanden med hverdagsord først og det faglige ord bagefter.",
    "Sæt en kildehenvisning efter hver faglig påstand",
)

INDEX = """\
---
title: {title}
description: "{description}"
draft: true               # slet linjen, når artiklen er klar til at blive udgivet
author: Redaktionen
author_credentials: ""
reviewer: ""              # udfyldes først, når en kliniker har gennemgået teksten
reviewer_credentials: ""
reviewed: ""
based_on: ""
published: {today}
last_reviewed: {today}
next_review: {next_review}
---

::: summary
- Det vigtigste i én sætning.
- Hvad læseren selv kan gøre.
:::

Skriv indledningen her: hvem siden er til, og hvad den handler om.
"""

FIRST_SECTION = """\
## Hvad er {title_lower}?

Forklar tilstanden med hverdagsord først og det faglige ord bagefter.
Sæt en kildehenvisning efter hver faglig påstand (se docs/redaktoervejledning.md).
"""


def new_article(content: Path, slug: str, today: dt.date) -> list[Path]:
    """Create content/<slug>/ with index.md and 01-indledning.md, as a draft; return the files written.

    Raises ValueError (with a message for the editor) for a bad slug or an existing article.
    """
    if not SLUG.match(slug):
        raise ValueError(message("article-not-address/new", slug=slug))
    folder = content / slug
    if folder.exists() or (content / f"{slug}.md").exists():
        raise ValueError(message("article-exists", slug=slug, content=content))
    title = slug.replace("-", " ").capitalize()
    next_review = today.replace(year=today.year + 1) if not (today.month == 2 and today.day == 29) \
        else today.replace(year=today.year + 1, day=28)
    folder.mkdir(parents=True)
    index = folder / "index.md"
    index.write_text(INDEX.format(title=title, description=DESCRIPTION, today=today.isoformat(), next_review=next_review.isoformat()),
                     encoding="utf-8")
    section = folder / "01-indledning.md"
    section.write_text(FIRST_SECTION.format(title_lower=title.lower()), encoding="utf-8")
    return [index, section]
