"""Links to pages of the site: found in an article's text, then resolved against every page built.

One reading for both commands: the build reports a link to no article, no heading or no page as an
error at its line (with a did-you-mean), and `iskias-site check` shows the build's messages. An
article's own headings and every other article's are known only once all articles are built, so
each article's check only gathers its links (`outgoing_links`, kept in its summary and its cache
entry) and the whole site resolves them at once (`check_links`).

A destination may be relative to the article's page (`#anker`, `../slug/#anker`, `../`) or to the
site (`/slug/#anker`, `/emne/ryg/`, `/`); addresses with a scheme (`https:`, `mailto:`) are not ours.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from iskias_site.diagnostics import Diagnostics, did_you_mean
from iskias_site.load.content import SourceFile
from iskias_site.source.code import blank_code
from iskias_site.messages import Message, message, Msgid, N_, phrase

# An inline link or image: `[text](destination "title")`, its text over several lines of a paragraph.
LINK = re.compile(
    r"(?P<image>!?)\[(?P<text>(?:[^\[\]\n]|\n(?![ \t]*\n)|\[[^\[\]\n]*\])*)\]"
    r"\(\s*(?P<dest><[^>\n]*>|[^\s()]*)(?:\s+(?:\"[^\"\n]*\"|'[^'\n]*'))?\s*\)"
)
SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
ARTICLE_PATH = re.compile(r"^(?P<slug>[a-z0-9-]+)(?:/|/index\.html)?$")
# anchors every article page has, besides its headings: the template's boxes
PAGE_ANCHORS = frozenset({"kilder", "om-siden"})


@dataclass(frozen=True)
class OutgoingLink:
    """A link from an article to a page of the site, where the editor wrote it."""

    path: str  # the Markdown file
    line: int
    dest: str  # as written, e.g. '../rygsmerter/#behandling'


@dataclass(frozen=True)
class LinkTargets:
    """What a link may lead to: every article's anchors, and the site's own pages."""

    anchors: dict[str, frozenset[str]]  # slug -> every anchor its page has
    pages: frozenset[str]  # the site's own pages, as paths: '', 'a-z/', 'emne/ryg/', 'feed.xml'
    static: Path  # the site's static/ folder
    unpublished: dict[str, str]  # slug -> why no page has it ('is a draft', 'has moved to …')
    unknown: frozenset[str] = frozenset()  # articles with errors: their anchors are not known yet


def outgoing_links(parts: Iterable[SourceFile]) -> tuple[OutgoingLink, ...]:
    """Every link (not image) of the article's files that leads to a page of this site."""
    links = []
    for part in parts:
        text = blank_code(part.text)
        for link in LINK.finditer(text):
            dest = link.group("dest").strip("<>")
            if link.group("image") or SCHEME.match(dest) or dest.startswith("//"):
                continue
            links.append(OutgoingLink(str(part.path), part.first_line + text.count("\n", 0, link.start()), dest))
    return tuple(links)


def linked_slug(dest: str) -> str | None:
    """The article a destination names, if it names one (for 'articles that link here')."""
    path, _, _ = dest.partition("#")
    if path.startswith("/"):
        path = path[1:]
    elif path.startswith("../"):
        path = path[3:]
    else:
        return None
    match = ARTICLE_PATH.match(path)
    return match.group("slug") if match else None


def check_links(slug: str, links: Iterable[OutgoingLink], targets: LinkTargets, diags: Diagnostics) -> None:
    """Report every link of the article `slug` that leads nowhere, at its line."""
    for link in links:
        problem = link_problem(link.dest, slug, targets)
        if problem:
            diags.error(link.path, link.line, problem)


def link_problem(dest: str, slug: str, targets: LinkTargets) -> Message | str:
    """Why the destination leads nowhere, or '' when it leads to a page (and heading) of the site."""
    path, hashed, anchor = dest.partition("#")
    if not path:
        return _anchor_problem(dest, anchor, targets.anchors.get(slug, frozenset()), Msgid(N_("in this article")))
    if path.startswith("/"):
        path = path[1:]
    elif path.startswith("../"):
        path = path[3:]
    else:
        return message("link-unknown-page/relative", dest=dest)
    if path in ("", "index.html") or path in targets.pages:
        return ""
    if path.startswith("static/"):
        name = path[len("static/"):]
        return "" if (targets.static / name).is_file() else message("link-unknown-page/file", dest=dest, name=name)
    match = ARTICLE_PATH.match(path)
    if match is None or match.group("slug") == "emne":
        return message("link-unknown-page/page", dest=dest, hint=did_you_mean(path, targets.pages))
    target = match.group("slug")
    if target in targets.unknown:
        return ""  # the article's own errors are reported; its headings are checked once it builds
    if target in targets.unpublished:
        return message("link-unknown-page/draft", dest=dest, target=target, unpublished=targets.unpublished[target])
    if target not in targets.anchors:
        pages = sorted(targets.anchors) + sorted(p.rstrip("/") for p in targets.pages)
        return message("link-unknown-page/article", dest=dest, target=target, hint=did_you_mean(target, pages))
    if not hashed:
        return ""
    return _anchor_problem(dest, anchor, targets.anchors[target], phrase("in-article", slug=target))


def _anchor_problem(dest: str, anchor: str, known: frozenset[str], where: object) -> Message | str:
    if anchor in known:
        return ""
    hint = did_you_mean(anchor, known, shown="'#{}'")
    return message("link-unknown-anchor", dest=dest, anchor=anchor, where=where, hint=hint)



def page_anchors(own: Iterable[str], cited: Iterable[str]) -> frozenset[str]:
    """Every anchor a link may name on an article's page: its headings and their old names, the
    boxes every page has, and the entries of the works it cites."""
    return frozenset(own) | PAGE_ANCHORS | {f"ref-{key}" for key in cited}
