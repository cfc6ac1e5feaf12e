"""A site of 30 articles in three topics, for the tests of the site as a whole.

It holds what a real site of many articles has: topics (and two articles in none), titles that
begin with æ, ø, å and 'Aa', articles that link to each other, related articles chosen in the
front matter, a draft, and an article that moved from an old address (recorded as published).
"""

from __future__ import annotations

from pathlib import Path

from conftest import BIB, SITE_YML

TOPICS = {"ryg-og-nerver": "Ryg og nerver", "genoptraening": "Genoptræning", "smerte": "Smerte"}

# slug, title, topics, published, last_reviewed
ARTICLES = [
    ("iskias", "Iskias", ["ryg-og-nerver"], "2026-01-05", "2026-09-01"),
    ("diskusprolaps", "Diskusprolaps", ["ryg-og-nerver"], "2026-02-01", "2026-02-01"),
    ("spinalstenose", "Spinalstenose", ["ryg-og-nerver"], "2026-02-10", "2026-02-10"),
    ("hekseskud", "Hekseskud", ["ryg-og-nerver", "smerte"], "2026-03-01", "2026-03-01"),
    ("nakkesmerter", "Nakkesmerter", ["ryg-og-nerver"], "2026-03-05", "2026-03-05"),
    ("oeresus", "Øresus og nakken", ["ryg-og-nerver"], "2026-03-06", "2026-03-06"),
    ("aarhus-modellen", "Aarhus-modellen for rygpatienter", ["ryg-og-nerver"], "2026-03-07", "2026-03-07"),
    ("aabent-brev", "Åbent brev om rygscanninger", ["ryg-og-nerver"], "2026-03-08", "2026-03-08"),
    ("zoneterapi", "Zoneterapi", ["ryg-og-nerver"], "2026-03-09", "2026-03-09"),
    ("aeldre-og-ryg", "Ældre og rygsmerter", ["ryg-og-nerver"], "2026-03-10", "2026-03-10"),
    ("kroniske-smerter", "Kroniske smerter", ["smerte"], "2026-04-01", "2026-04-01"),
    ("hvad-er-smerte", "Hvad er smerte?", ["smerte"], "2026-04-02", "2026-10-01"),
    ("smertestillende", "Smertestillende medicin", ["smerte"], "2026-04-03", "2026-04-03"),
    ("soevn", "Søvn og smerter", ["smerte"], "2026-04-04", "2026-04-04"),
    ("stress", "Stress og smerter", ["smerte"], "2026-04-05", "2026-04-05"),
    ("varme-og-kulde", "Varme og kulde", ["smerte"], "2026-04-06", "2026-04-06"),
    ("angst-for-bevaegelse", "Angst for bevægelse", ["smerte"], "2026-04-07", "2026-04-07"),
    ("emile", "Émile og smerten – en fortælling", ["smerte"], "2026-04-08", "2026-04-08"),
    ("genoptraening", "8 principper for genoptræning", ["genoptraening"], "2026-05-01", "2026-05-01"),
    ("gang", "Gang som træning", ["genoptraening"], "2026-05-02", "2026-05-02"),
    ("styrke", "Styrketræning", ["genoptraening"], "2026-05-03", "2026-05-03"),
    ("pause", "Pauser i træningen", ["genoptraening"], "2026-05-04", "2026-05-04"),
    ("svoemning", "Svømning", ["genoptraening"], "2026-05-05", "2026-05-05"),
    ("yoga", "Yoga", ["genoptraening"], "2026-05-06", "2026-05-06"),
    ("cykling", "Cykling", ["genoptraening"], "2026-05-07", "2026-05-07"),
    ("loeb", "Løb efter iskias", ["genoptraening"], "2026-05-08", "2026-05-08"),
    ("bjerget", "Genoptræningsbjerget", ["genoptraening"], "2026-05-09", "2026-05-09"),
    ("arbejde", "Tilbage på arbejde", [], "2026-06-01", "2026-06-01"),
    ("kontakt", "Kontakt til sundhedsvæsenet", [], "2026-06-02", "2026-06-02"),
    ("ny-artikel", "En artikel under arbejde", ["smerte"], "2026-06-03", "2026-06-03"),  # the draft
]
DRAFT = "ny-artikel"
MOVED = ("iskiassmerter", "iskias")  # the old address, and the article that has it now
RELATED = {"iskias": ["genoptraening", "hvad-er-smerte"]}
LINKS = {"gang": "../iskias/#hvad-er-iskias", "bjerget": "/iskias/", "kroniske-smerter": "../hvad-er-smerte/"}


def article_text(slug: str, title: str, topics: list[str], published: str, reviewed: str) -> str:
    lines = ["---", f"title: {title}", f"description: Om {title.lower()}.", "author: Redaktionen",
             f"published: {published}", f"last_reviewed: {reviewed}", "next_review: 2027-12-01"]
    if topics:
        lines.append(f"topics: [{', '.join(topics)}]")
    if slug in RELATED:
        lines.append(f"related: [{', '.join(RELATED[slug])}]")
    if slug == DRAFT:
        lines.append("draft: true")
    if slug == MOVED[1]:
        lines.append(f"moved_from: [{MOVED[0]}]")
    lines += ["---", "", f"Kort om {title.lower()} [@alpha2020; @beta2021; @gamma2022].", "",
              f"## Hvad er {title.lower()}?", "", "En forklaring i hverdagsord."]
    if slug in LINKS:
        lines += ["", f"Læs mere i [artiklen om emnet]({LINKS[slug]})."]
    return "\n".join(lines) + "\n"


def write_fixture_site(root: Path, templates: Path, static: Path) -> Path:
    """Write the site into `root` (templates and static files copied from the repository)."""
    import shutil

    shutil.copytree(templates, root / "templates", dirs_exist_ok=True)
    shutil.copytree(static, root / "static", dirs_exist_ok=True)
    topics = "".join(f"  {slug}: {title}\n" for slug, title in TOPICS.items())
    (root / "site.yml").write_text(SITE_YML + "topics:\n" + topics, encoding="utf-8")
    (root / "references.bib").write_text(BIB, encoding="utf-8")
    content = root / "content"
    content.mkdir(parents=True, exist_ok=True)
    for slug, title, topics_of, published, reviewed in ARTICLES:
        (content / f"{slug}.md").write_text(article_text(slug, title, topics_of, published, reviewed),
                                            encoding="utf-8")
    published_pages = sorted({f"{a[0]}/" for a in ARTICLES if a[0] != DRAFT} - {"iskias/"} | {f"{MOVED[0]}/"})
    (root / "published-pages.txt").write_text("".join(f"{p}\n" for p in published_pages), encoding="utf-8")
    return root
