"""The site's articles: front matter and Markdown per file, with the line each body starts at.

An article is a folder `content/<slug>/` (`index.md` with front matter and introduction, then
`NN-name.md` sections in number order), or a single file `content/<slug>.md`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from iskias_site.diagnostics import Diagnostics
from iskias_site.load.textfile import read_text
from iskias_site.source.notes import EditorNote, take_notes
from iskias_site.load.yamlsource import FieldSpec, Value, as_date, check_fields, load_mapping
from iskias_site.messages import N_

SLUG = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,80}[a-z0-9])?$")
SECTION_FILE = re.compile(r"^(\d+)-[a-z0-9][a-z0-9-]*\.md$")
FENCE = re.compile(r"^(?:---|\.\.\.)[ \t]*$")

META_SCHEMA = {
    "title": FieldSpec(str, required=True),
    "description": FieldSpec(str, required=True, hint=N_("one sentence for search results and link previews")),
    "author": FieldSpec(str, required=True, hint=N_("who wrote the text, e.g. Redaktionen")),
    "author_credentials": FieldSpec(str),
    "reviewer": FieldSpec(str),
    "reviewer_credentials": FieldSpec(str),
    "reviewed": FieldSpec(dt.date),
    "based_on": FieldSpec(str),
    "about": FieldSpec(str),
    "published": FieldSpec(dt.date, required=True, hint=N_("the date first published, YYYY-MM-DD")),
    "last_reviewed": FieldSpec(dt.date, required=True, hint=N_("the date the content was last updated, YYYY-MM-DD")),
    "next_review": FieldSpec(dt.date, required=True, hint=N_("the date of the next content review, YYYY-MM-DD")),
    "anchor_aliases": FieldSpec(dict, hint=N_("old-anchor: new-anchor, for links published before a heading changed")),
    "topics": FieldSpec((list, str), hint=N_("the slugs of its topics in site.yml, e.g. [ryg-og-nerver]")),
    "related": FieldSpec((list, str), hint=N_("the slugs of related articles, e.g. [rygsmerter]")),
    "draft": FieldSpec(bool, hint=N_("true while the article is not ready; `build` leaves it out")),
    "moved_from": FieldSpec((list, str), hint=N_("the article's earlier addresses (slugs), e.g. [gammel-adresse]")),
}


@dataclass(frozen=True)
class SourceFile:
    """Markdown from one file; `first_line` is the file line where `text` begins."""

    path: Path
    text: str  # without the editors' notes, which stand in `notes` with their file lines
    first_line: int
    notes: tuple[EditorNote, ...] = ()


@dataclass(frozen=True)
class ArticleMeta:
    title: str
    description: str
    author: str
    author_credentials: str
    reviewer: str
    reviewer_credentials: str
    reviewed: dt.date | None
    based_on: str
    about: str
    published: dt.date
    last_reviewed: dt.date
    next_review: dt.date
    anchor_aliases: dict[str, str]
    lines: dict[str, int]  # the line of each front-matter key, for messages about one value
    line: int = 1  # the front matter's opening fence, for messages about the whole article
    topics: tuple[str, ...] = ()  # slugs of topics in site.yml, the first one the article's main topic
    related: tuple[str, ...] = ()  # slugs of articles the editor chose to show at the end
    draft: bool = False  # built by `serve` only
    moved_from: tuple[str, ...] = ()  # earlier slugs, which get a redirect page


@dataclass(frozen=True)
class Article:
    slug: str
    meta_path: Path
    meta: ArticleMeta
    parts: tuple[SourceFile, ...]  # the introduction first, then the sections in order
    folder: Path | None  # where data files (CSV) of a folder article live

    @property
    def files(self) -> tuple[Path, ...]:
        return tuple(p.path for p in self.parts)


@dataclass(frozen=True)
class LoadedContent:
    """The articles that loaded, and the readable parts of those that did not (still worth checking)."""

    articles: list[Article]
    loose_parts: list[tuple[SourceFile, Path | None]]  # with the folder their data files live in
    complete: bool  # every content file loaded


def article_entries(content: Path, diags: Diagnostics) -> list[Path]:
    """The folders and .md files under `content/` that are articles, in name order."""
    if not content.is_dir():
        diags.error(content, 0, "site-file-missing/content")
        return []
    entries, pages = [], {}
    for entry in sorted(content.iterdir()):
        if entry.name.startswith((".", "_")):
            continue
        slug = entry.stem if entry.suffix == ".md" else entry.name
        if slug in pages:  # e.g. rygsmerter.md beside rygsmerter/: one address, two articles
            diags.error(entry, 0, "article-address-twice", slug=slug, name=pages[slug].name)
        elif slug == "static":
            diags.error(entry, 0, "article-address-reserved/static")
        else:
            pages[slug] = entry
            entries.append(entry)
    return entries


def load_articles(content: Path, diags: Diagnostics) -> LoadedContent:
    """Every article under `content/`, in slug order; problems are reported and the article skipped."""
    loaded = LoadedContent([], [], True)
    for entry in article_entries(content, diags):
        loaded = load_entry(entry, loaded, diags)
    return loaded


def load_entry(entry: Path, loaded: LoadedContent, diags: Diagnostics) -> LoadedContent:
    """`loaded` with one more entry of `content/` added: as an article, or as loose parts."""
    slug = entry.stem if entry.suffix == ".md" else entry.name
    if entry.is_symlink():
        diags.error(entry, 0, "symbolic-link/content")
    elif entry.is_file() and entry.suffix != ".md":
        diags.warning(entry, 0, "file-ignored")
        return loaded
    elif not SLUG.match(slug):
        diags.error(entry, 0, "article-not-address", slug=slug)
    else:
        article, parts = (_load_folder_article if entry.is_dir() else _load_file_article)(entry, slug, diags)
        if article is not None:
            return LoadedContent([*loaded.articles, article], loaded.loose_parts, loaded.complete)
        folder = entry if entry.is_dir() else None
        return LoadedContent(loaded.articles, [*loaded.loose_parts, *((p, folder) for p in parts)], False)
    return LoadedContent(loaded.articles, loaded.loose_parts, False)


def _load_file_article(path: Path, slug: str, diags: Diagnostics) -> tuple[Article | None, list[SourceFile]]:
    meta, body = _read_with_meta(path, diags)
    if meta is None or body is None:
        return None, [body] if body else []
    return Article(slug, path, meta, (body,), None), []


def _load_folder_article(folder: Path, slug: str,
                         diags: Diagnostics) -> tuple[Article | None, list[SourceFile]]:
    index = folder / "index.md"
    if index.is_file():
        meta, intro = _read_with_meta(index, diags)
    else:
        diags.error(index, 0, "article-without-index")
        meta, intro = None, None
    sections, sections_ok = _load_sections(folder, diags)
    parts = ([intro] if intro else []) + sections
    if meta is None or intro is None or not sections_ok:
        return None, parts
    return Article(slug, index, meta, tuple(parts), folder), []


def _load_sections(folder: Path, diags: Diagnostics) -> tuple[list[SourceFile], bool]:
    numbered: dict[int, Path] = {}
    ok = True
    for path in sorted(folder.glob("*.md")):
        if path.name == "index.md":
            continue
        match = SECTION_FILE.match(path.name)
        if not match:
            diags.error(path, 0, "section-file-name")
            ok = False
        elif int(match.group(1)) in numbered:
            other = numbered[int(match.group(1))].name
            diags.error(path, 0, "section-number-twice", other=other)
            ok = False
        else:
            numbered[int(match.group(1))] = path
    sections = [_read_section(numbered[n], diags) for n in sorted(numbered)]
    readable = [s for s in sections if s is not None]
    return readable, ok and len(readable) == len(sections)


def _read_section(path: Path, diags: Diagnostics) -> SourceFile | None:
    text = read_text(path, diags)
    if text is None:
        return None
    text, notes = _without_notes(path, text, 1, diags)
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        if not line.startswith("## "):
            diags.error(path, number, "section-without-heading/text")
            return None
        return SourceFile(path, text, 1, notes)
    diags.error(path, 1, "section-without-heading/empty")
    return None


def _read_with_meta(path: Path, diags: Diagnostics) -> tuple[ArticleMeta | None, SourceFile | None]:
    """The front matter and the body; the body even when the front matter is wrong, to check it too."""
    text = read_text(path, diags)
    if text is None:
        return None, None
    split = split_front_matter(text)
    if split is None:
        diags.error(path, 1, "front-matter-missing")
        return None, None
    if split == "unclosed":
        diags.error(path, 1, "front-matter-unclosed")
        return None, None
    yaml_text, body, body_line = split
    body, notes = _without_notes(path, body, body_line, diags)
    source = SourceFile(path, body, body_line, notes)
    values = load_mapping(yaml_text, path, 2, diags)
    if values is None or not check_fields(values, META_SCHEMA, path, 1, diags):
        return None, source
    if not _aliases_are_anchors(values.get("anchor_aliases"), path, diags):
        return None, source
    return _meta_from(values), source


def _aliases_are_anchors(aliases: Value | None, path: Path, diags: Diagnostics) -> bool:
    """Both sides of every `anchor_aliases` pair must be an anchor as a heading can have one."""
    ok = True
    for old, entry in ((aliases.children or {}) if aliases is not None else {}).items():
        for name in (old, entry.value):
            if not isinstance(name, str) or not ANCHOR.match(name):
                diags.error(path, entry.line, "anchor-alias-not-anchor", name=name)
                ok = False
    return ok


def _without_notes(path: Path, text: str, first_line: int,
                   diags: Diagnostics) -> tuple[str, tuple[EditorNote, ...]]:
    """The text without its editors' notes, and the notes with their lines in the file."""
    taken = take_notes(text)
    if taken.unclosed is not None:
        diags.error(path, first_line + taken.unclosed,
                    "note-unclosed")
    return taken.text, tuple(EditorNote(first_line + n.line, n.text) for n in taken.notes)


def split_front_matter(text: str) -> tuple[str, str, int] | str | None:
    """(front matter, body, the body's first line), 'unclosed', or None when there is no front matter."""
    lines = text.split("\n")
    if not lines or not FENCE.match(lines[0]) or lines[0].startswith("..."):
        return None
    for index in range(1, len(lines)):
        if FENCE.match(lines[index]):
            return "\n".join(lines[1:index]), "\n".join(lines[index + 1:]), index + 2
    return "unclosed"


ANCHOR = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")


def _meta_from(values: dict[str, Value]) -> ArticleMeta:
    def text(key: str) -> str:
        value = values.get(key)
        return "" if value is None or value.value is None else str(value.value).strip()

    def date(key: str) -> dt.date | None:
        value = values.get(key)
        return None if value is None else as_date(value.value)

    return ArticleMeta(
        title=text("title"), description=text("description"), author=text("author"),
        author_credentials=text("author_credentials"), reviewer=text("reviewer"),
        reviewer_credentials=text("reviewer_credentials"), reviewed=date("reviewed"),
        based_on=text("based_on"), about=text("about"), published=date("published"),  # type: ignore[arg-type]
        last_reviewed=date("last_reviewed"), next_review=date("next_review"),  # type: ignore[arg-type]
        anchor_aliases={str(k): str(v) for k, v in (values["anchor_aliases"].value or {}).items()}
        if "anchor_aliases" in values else {},
        lines={key: value.line for key, value in values.items()},
        topics=_slugs(values.get("topics")), related=_slugs(values.get("related")),
        draft=bool(values["draft"].value) if "draft" in values else False,
        moved_from=_slugs(values.get("moved_from")),
    )


def _slugs(value: Value | None) -> tuple[str, ...]:
    """A list of slugs, or one slug on its own, as text."""
    if value is None or value.value is None or value.value == "":
        return ()
    items = value.value if isinstance(value.value, list) else [value.value]
    return tuple(str(item).strip() for item in items)
