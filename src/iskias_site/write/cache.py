"""The build cache: an article's page and summary, kept under a key made from everything it depends on.

The key is a SHA-256 of the generator's own code, the templates, `site.yml`, `ordbog.yml`, every file of the
article (its Markdown and its data files) and the bibliography entries it cites. A change to any
of them gives a new key, so exactly the articles it affects are built again. Only articles
without errors are kept; their warnings are stored and shown again on every build.

Pages are stored under their key (`<key>.html`, and the handout's page `<key>.handout` and PDF
`<key>.pdf`): a stored file is never rewritten, so one linked into a built site never changes after. One index (`index.json`) maps each article to its key and
summary; the build writes it whole at the end, and drops pages no article uses any more. It is
one JSON object written a record a line, so a build keeps each record as its line of text and
parses it only when that article is asked about: the parsed index of a big site would be held by
the build and by each of its worker processes (40 MB at 4,000 articles), its text is a fifth of that.
A record read unchanged is written back as the line it was; each holds a digest of its summary as
the site's own pages use it (`shown_digest`), so their key costs a digest per changed article.
"""

from __future__ import annotations

import dataclasses
import functools
import datetime as dt
import hashlib
import json
import os
import re
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

from iskias_site.diagnostics import Diagnostic
from iskias_site.check.links import OutgoingLink
from iskias_site.pipeline.article import ArticleFiles, ArticleSummary
from iskias_site.render.handout import STYLESHEET as HANDOUT_STYLESHEET
from iskias_site.render.pdf import Pdf
from iskias_site.load.bibliography import Bibliography
from iskias_site.load.content import ArticleMeta
from iskias_site.load.glossary import GLOSSARY_FILE
from iskias_site.load.images import SHARED
from iskias_site.write.build_record import ENGINE, RECORD, SETTLED_NS
from iskias_site.write.search_index import CACHE_SUBFOLDER
from iskias_site.write.staging import inside

CACHE_FOLDER = ".iskias-cache"


INDEX = "index.json"
RELATED = "related"  # article pages with their related articles filled in (render/site_pages.py)
SITE_PAGES = "site"  # the site's own pages and the related-articles blocks, under the key of their inputs
# The endings of what is stored of an article under its key, in the order of `ArticleFiles`.
STORED = (".html", ".handout", ".pdf")


@dataclasses.dataclass(frozen=True)
class BuildCache:
    folder: Path
    shared_key: str  # the generator, the templates and site.yml
    index: Mapping[str, Any]  # entry name -> {"key": …, "summary": …}, as the last build left it

    @classmethod
    def open(cls, root: Path, shared_key: str | None = None) -> BuildCache:
        """The cache of the site in `root`; `shared_key`: the one an earlier `open` found, when the
        caller knows none of its files changed since (the preview, while only Markdown changes)."""
        if shared_key is not None:
            return cls(root / CACHE_FOLDER, shared_key, _read_index(root / CACHE_FOLDER / INDEX))
        digest = hashlib.sha256()
        for folder, pattern in ((ENGINE, "**/*"), (root / "templates", "**/*")):
            _add_files(digest, sorted(p for p in folder.glob(pattern)
                                      if p.is_file() and "__pycache__" not in p.parts), folder)
        # the glossary, and the handout stylesheet the PDFs are drawn with
        _add_files(digest, [root / "site.yml", root / GLOSSARY_FILE, root / HANDOUT_STYLESHEET], root)
        folder = root / CACHE_FOLDER
        return cls(folder, digest.hexdigest(), _read_index(folder / INDEX))

    def key(self, entry: Path, references: dict[str, str]) -> ArticleKey:
        """The key of one article; `references` holds each bibliography entry's digest.

        The article's files are read and hashed only when one of them differs in size or
        modification time from what the last build recorded (or was added or removed); equal size
        and time are trusted, as make and Hugo trust them. When they differ, the content decides:
        a file touched but not changed keeps its key."""
        files = sorted(p for p in entry.iterdir() if p.is_file()) if entry.is_dir() else [entry]
        record = self.index.get(entry.name)
        outside = _recorded_outside(record)  # shared images (and their .yml) named when it was last read
        stats = [_stat(path) for path in files] + [_stat(Path(path), str(path)) for path in outside]
        known = _known_content(record, stats)
        if known is not None:
            content, cited = known
        else:
            content, cited, outside = _content_digest(entry, files)
            stats = [_stat(path) for path in files] + [_stat(Path(path), path) for path in outside]
        digest = hashlib.sha256(f"{self.shared_key}\0{entry.name}\0{content}\0".encode())  # the name: its addresses
        for key in cited:
            digest.update(f"{key}={references.get(key, '(unknown)')}\n".encode())
        trusted, page_key = _trusted(stats), digest.hexdigest()
        as_recorded = (known is not None and trusted == stats and isinstance(record, dict)
                       and record.get("key") == page_key and isinstance(record.get("shown"), str))
        return ArticleKey(page_key, content, cited, tuple(trusted), tuple(outside), as_recorded)

    def load(self, entry: Path, key: ArticleKey) -> tuple[ArticleSummary, tuple[Path, ...], str] | None:
        """The summary, the stored files and the summary's `shown_digest` of an article whose key
        is current, else None."""
        record = self.index.get(entry.name)
        stored = self.stored(key.key)
        try:
            if record is None or record["key"] != key.key or not all(path.is_file() for path in stored):
                return None
            summary = _summary_from(record["summary"])
            if not all(source.is_file() for _, source in summary.images):
                return None  # an image of it dropped from the cache (`drop_edited`): made again
            shown = record.get("shown")
            return summary, stored, shown if isinstance(shown, str) else shown_digest(summary)
        except (ValueError, KeyError, TypeError, AttributeError):
            return None  # an index from another version: build the article again

    def earlier_pdfs(self) -> Callable[[str], Pdf | None]:
        """The PDFs the last build kept, by the key of what draws them (render/pdf.py): an article
        built again whose handout is drawn from the same inputs takes its PDF from here. The index
        is read for them at the first PDF asked for (a site without PDFs never asks)."""

        @functools.cache
        def kept() -> dict[str, tuple[Path, int]]:
            found = {}
            for record in self.index.values():
                try:
                    pdf_key, pages = record["summary"]["handout_pdf"]
                    found[str(pdf_key)] = self.folder / f"{record['key']}{STORED[2]}", int(pages)
                except (KeyError, TypeError, ValueError):
                    continue  # no PDF recorded (an older index, or a build without PDFs)
            return found

        def earlier(key: str) -> Pdf | None:
            path, pages = kept().get(key, (None, 0))
            try:
                return Pdf(path.read_bytes(), pages) if path is not None else None
            except OSError:
                return None  # removed since: draw it again
        return earlier

    def stored(self, key: str) -> tuple[Path, ...]:
        return tuple(self.folder / f"{key}{ending}" for ending in STORED)

    def store(self, key: str, files: ArticleFiles) -> tuple[Path, ...]:
        """Keep an article's files under its key and return where they are."""
        self.folder.mkdir(exist_ok=True)
        stored = self.stored(key)
        for path, data in zip(stored, files, strict=True):
            try:
                with open(path, "xb") as file:  # new: nothing can have linked it yet
                    os.fchmod(file.fileno(), 0o644)  # linked into the site: readable by a web server
                    file.write(data)
            except FileExistsError:  # left by a build that stopped before writing its index
                _replace(path, data)
        return stored

    def with_related(self, page_key: str, block: str, page: Callable[[], str]) -> Path:
        """The article page kept under `page_key` with its related-articles `block` in place, kept
        under the digest of the two: made from `page()` only the first time, so a build in which
        neither changed links it again instead of writing the page anew."""
        folder = self.folder / RELATED
        digest = hashlib.sha256(f"{page_key}\0{block}".encode()).hexdigest()
        path = folder / f"{digest}.html"
        if not path.is_file():
            folder.mkdir(parents=True, exist_ok=True)
            _replace(path, page().encode("utf-8"))
        return path

    def site_key(self, summaries: list[ArticleSummary], more: object, shown: Mapping[str, str]) -> str:
        """The key of the site's own pages: the generator, templates and site.yml (the shared key),
        every published article's summary as the cache keeps it, less its messages (by its
        `shown_digest`: `shown` holds those known, by slug), and `more` (what else they are made
        from, as its repr)."""
        digest = hashlib.sha256(f"{self.shared_key}\0".encode())
        for summary in summaries:
            digest.update(f"{summary.slug}\0{shown.get(summary.slug) or shown_digest(summary)}\n".encode())
        digest.update(repr(more).encode())
        return digest.hexdigest()

    def kept_site_pages(self, key: str) -> tuple[dict[str, Path], dict[str, str]] | None:
        """The site's own pages (name in the site -> file) and the related-articles blocks (slug ->
        HTML) kept under `key`, or None."""
        folder = self.folder / SITE_PAGES / key
        try:
            listing = json.loads((folder / INDEX).read_text(encoding="utf-8"))
            pages = {name: folder / "pages" / name for name in listing["pages"]}
            related = {str(slug): str(block) for slug, block in listing["related"].items()}
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None
        return (pages, related) if all(path.is_file() for path in pages.values()) else None

    def keep_site_pages(self, key: str, pages: dict[str, str], related: dict[str, str]) -> dict[str, Path]:
        """Keep the site's own pages and the blocks under `key`, whole (a folder renamed into place),
        dropping those kept before; returns where each page is kept."""
        parent = self.folder / SITE_PAGES
        parent.mkdir(parents=True, exist_ok=True)
        temporary = Path(tempfile.mkdtemp(prefix=f".{key}.", dir=parent))
        for name, text in pages.items():
            target = inside(temporary / "pages", name)
            target.parent.mkdir(parents=True, exist_ok=True)
            _replace(target, text.encode("utf-8"))
        (temporary / INDEX).write_text(json.dumps({"pages": sorted(pages), "related": related}, ensure_ascii=False),
                                       encoding="utf-8")
        final = parent / key
        try:
            os.rename(temporary, final)
        except OSError:  # kept already (another build with the same inputs)
            shutil.rmtree(temporary, ignore_errors=True)
        for older in parent.iterdir():
            if older != final:
                shutil.rmtree(older, ignore_errors=True) if older.is_dir() else older.unlink(missing_ok=True)
        return {name: final / "pages" / name for name in pages}

    def drop_related_except(self, kept: set[Path]) -> None:
        """Remove the filled-in pages no article uses any more (kept: those this build linked)."""
        for path in (self.folder / RELATED).glob("*.html"):
            if path not in kept:
                path.unlink(missing_ok=True)

    def save(self, articles: dict[str, tuple[ArticleKey, ArticleSummary]], from_index: set[str]) -> None:
        """Write the index of the articles kept this build (name -> key, summary), replacing the
        last one whole, and remove the pages it no longer names. `from_index`: the articles whose
        summary this build took from this index; each whose key it records as it is keeps its
        line as it was, unparsed (one section changed in a big site writes one record anew)."""
        lines = {name: self.index.line(name) if isinstance(self.index, _Records) and name in from_index
                 and key.as_recorded else None for name, (key, _) in articles.items()}
        if set(articles) == set(self.index) and None not in lines.values():
            return  # the same articles under the same keys and file times, all read from it: nothing to write
        for name, line in lines.items():
            if line is None:
                key, summary = articles[name]
                lines[name] = json.dumps({"key": key.key, "content": key.content, "cited": list(key.cited),
                                          "files": [list(stat) for stat in key.files], "outside": list(key.outside),
                                          "summary": _summary_to(summary), "shown": key.shown or shown_digest(summary)},
                                         ensure_ascii=False)
        self.folder.mkdir(exist_ok=True)
        _replace(self.folder / INDEX, _index_text(lines).encode("utf-8"))
        wanted = {f"{key.key}{ending}" for key, _ in articles.values() for ending in STORED} | {INDEX, RECORD}
        for stale in os.scandir(self.folder):  # one listing of a folder of three files an article
            if stale.name.endswith((*STORED, ".json")) and stale.name not in wanted and stale.is_file():
                Path(stale.path).unlink(missing_ok=True)  # .json: an older cache's


@dataclasses.dataclass(frozen=True)
class ArticleKey:
    key: str  # what the page is kept under
    content: str  # the digest of the article's files
    cited: tuple[str, ...]  # every key its Markdown may cite, sorted
    files: tuple[tuple[str, int, int], ...]  # (name, size, mtime_ns) of each file, as recorded for the next build
    outside: tuple[str, ...] = ()  # files outside the article it depends on: shared images and their .yml
    as_recorded: bool = False  # the index records this key, content and file times as they are
    shown: str = ""  # the summary's `shown_digest`, once the summary is known




def _stat(path: Path, name: str | None = None) -> tuple[str, int, int]:
    try:
        stat = path.stat()
    except FileNotFoundError:
        return name or path.name, -1, 0
    return name or path.name, stat.st_size, stat.st_mtime_ns


def _recorded_outside(record: Any) -> list[str]:
    try:
        return [str(path) for path in record["outside"]]
    except (KeyError, TypeError):
        return []


def _trusted(stats: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """The file times worth recording: all of them, unless one was modified a moment ago."""
    now = time.time_ns()
    return [] if any(now - mtime < SETTLED_NS for _, _, mtime in stats) else stats


def _known_content(record: Any, stats: list[tuple[str, int, int]]) -> tuple[str, tuple[str, ...]] | None:
    """The content digest and cited keys the last build recorded, if every file is as it recorded."""
    try:
        if stats and [tuple(f) for f in record["files"]] == stats:
            return str(record["content"]), tuple(record["cited"])
    except (KeyError, TypeError, ValueError):
        pass  # no record, or one from another version
    return None


def _content_digest(entry: Path, files: list[Path]) -> tuple[str, tuple[str, ...], list[str]]:
    """The digest of the article's files and the images outside it that it names, the keys it may
    cite, and those outside files (each image and its .yml beside it)."""
    digest = hashlib.sha256()
    contents = [path.read_bytes() for path in files]
    for path, content in zip(files, contents):
        digest.update(path.name.encode() + b"\0" + content + b"\0")
    outside = []
    for image in _images_outside(entry, files, contents):  # shared images, or beside a one-file article
        digest.update(image.name.encode() + b"\0" + (image.read_bytes() if image.is_file() else b"(missing)"))
        sidecar = image.with_name(image.name + ".yml")
        digest.update(sidecar.read_bytes() if sidecar.is_file() else b"\0")
        outside += [str(image), str(sidecar)]
    return digest.hexdigest(), tuple(sorted(_cited_keys(files, contents))), outside


class _Records(Mapping[str, Any]):
    """The index's records by entry name, each kept as its line of the file and parsed when asked for."""

    def __init__(self, lines: dict[str, str]) -> None:
        self._lines = lines
        self._last: tuple[str, Any] = ("", None)  # the record asked for last: keying and loading an article ask twice

    def line(self, name: str) -> str:
        """The record's JSON text, as the file holds it."""
        return self._lines[name]

    def __getitem__(self, name: str) -> Any:
        if self._last[0] == name:
            return self._last[1]
        try:
            record = json.loads(self._lines[name])
        except ValueError:
            record = None  # a damaged line: that article is built again
        self._last = (name, record)
        return record

    def __iter__(self) -> Iterator[str]:
        return iter(self._lines)

    def __len__(self) -> int:
        return len(self._lines)


def _index_text(lines: dict[str, str]) -> str:
    """The index as one JSON object, a record (each given as its JSON text) a line: what
    `_read_index` reads back lazily."""
    return "{\n" + ",\n".join(f"{json.dumps(name, ensure_ascii=False)}: {line}" for name, line in lines.items()) + "\n}\n"


def _read_index(path: Path) -> Mapping[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return {}  # no cache yet: everything is built
    lines = text.split("\n")
    if lines[:1] != ["{"] or lines[-2:] != ["}", ""]:
        return _parsed_index(text)  # written otherwise (by an older version): read it whole
    records = {}
    decoder = json.JSONDecoder()
    try:
        for line in lines[1:-2]:
            name, end = decoder.raw_decode(line)
            if not isinstance(name, str) or line[end:end + 2] != ": ":
                return _parsed_index(text)
            records[name] = line[end + 2:].removesuffix(",")
    except ValueError:
        return _parsed_index(text)
    return _Records(records)


def _parsed_index(text: str) -> dict[str, Any]:
    try:
        index = json.loads(text)
    except ValueError:
        return {}  # a damaged index: everything is built again
    return index if isinstance(index, dict) else {}


def _replace(path: Path, data: bytes) -> None:
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_bytes(data)
    os.chmod(temporary, 0o644)  # pages and images are linked into the site: readable by a web server
    os.replace(temporary, path)


def _add_files(digest: Any, files: list[Path], base: Path) -> None:
    for path in files:
        digest.update(path.relative_to(base).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() if path.is_file() else b"(missing)")
        digest.update(b"\0")


# Every `@word` of a Markdown file: all the keys it cites, and perhaps a few words that are no key
# (an e-mail address); those only make the key a little wider, never wrong.
_AT_WORD = re.compile(rb"@([A-Za-z0-9_][\w:.\-/+]*)")


def _cited_keys(files: list[Path], contents: list[bytes]) -> set[str]:
    keys: set[str] = set()
    for path, content in zip(files, contents):
        if path.suffix == ".md":
            keys.update(word.decode("utf-8", "replace").rstrip(".:/-") for word in _AT_WORD.findall(content))
    return keys


_IMAGE = re.compile(rb"!\[[^\]]*\]\(\s*<?([^)\s>]+)")
_VIDEO = re.compile(rb"^:::[ \t]+video[ \t]+([^\s:]+\.\w+)", re.MULTILINE)  # a video file, not an address


def _images_outside(entry: Path, files: list[Path], contents: list[bytes]) -> list[Path]:
    """The image and video files an article names that are not among its own files: shared ones
    (`/billeder/x.jpg`) and, for an article in one file, those beside it; a video's captions too."""
    root = entry.parent.parent
    found = set()
    for path, content in zip(files, contents):
        if path.suffix != ".md":
            continue
        videos = [m.decode("utf-8", "replace") for m in _VIDEO.findall(content)]
        names = [m.decode("utf-8", "replace") for m in _IMAGE.findall(content)]
        for name in names + videos + [video.rsplit(".", 1)[0] + ".vtt" for video in videos]:
            if name.startswith(f"/{SHARED}/"):
                found.add(root / name.lstrip("/"))
            elif entry.is_file() and "/" not in name and ":" not in name:
                found.add(entry.parent / name)
    return sorted(found)


def reference_digests(bibliography: Bibliography) -> dict[str, str]:
    """A digest of each entry as the pages use it (not its line), computed once per build."""
    return {key: hashlib.sha256(repr((r.entry_type, r.authors, r.more_authors, r.corporate_author, r.editors,
                                      sorted(r.fields.items()))).encode()).hexdigest()[:16]
            for key, r in bibliography.references.items()}


def drop_edited(folder: Path, inodes: frozenset[int]) -> None:
    """Remove each file of the cache in `folder` that is one of `inodes`: a file of the site that
    was written into since the last build, not replaced (write/build_record.py's
    `compare_with_last`). The site's files are links to the cached ones, so the cached copy
    changed with it; what it was made from makes it again (an article whose page, handout or
    image is gone from the cache is built again; a filled-in page is filled in again). A search
    shard's bundle and the site's own pages are kept as folders whose files belong together: one
    such file edited, the folder goes whole."""
    if not inodes:
        return
    found = [os.path.join(at, name) for at, _, names in os.walk(folder) for name in names
             if os.lstat(os.path.join(at, name)).st_ino in inodes]
    for path in found:
        parts = Path(path).relative_to(folder).parts
        if parts[0] in (CACHE_SUBFOLDER, SITE_PAGES) and len(parts) > 2:  # a search bundle, the site's pages
            shutil.rmtree(folder / parts[0] / parts[1], ignore_errors=True)
        else:
            Path(path).unlink(missing_ok=True)


def shown_digest(summary: ArticleSummary) -> str:
    """A digest of what the site's own pages are made from of an article: its summary as the cache
    keeps it, less its messages (on no page). Kept in the index, so a build in which one article
    changed digests one summary, not every one."""
    shown = json.dumps(_summary_to(summary, diagnostics=False), ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(shown.encode()).hexdigest()


def _summary_to(summary: ArticleSummary, diagnostics: bool = True) -> dict[str, Any]:
    """The summary as JSON data; without its `diagnostics`, for a key of what pages show."""
    meta = None
    if summary.meta:  # flat but for dicts of text: no need for the deep copy of dataclasses.asdict
        meta = {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in vars(summary.meta).items()}
    return {
        "entry": summary.entry, "slug": summary.slug, "meta": meta, "meta_path": str(summary.meta_path),
        "diagnostics": [d.to_data() for d in summary.diagnostics]
        if diagnostics else [],
        "cited": sorted(summary.cited), "anchors": sorted(summary.anchors), "complete": summary.complete,
        "images": [[name, str(source)] for name, source in summary.images], "terms": list(summary.terms),
        "links": [[link.path, link.line, link.dest] for link in summary.links],
        "sections": [list(pair) for pair in summary.sections],
        "handout_pdf": list(summary.handout_pdf), "handout": summary.handout,
    }


def _summary_from(data: dict[str, Any]) -> ArticleSummary:
    meta = data["meta"]
    if meta is not None:
        dates = ("reviewed", "published", "last_reviewed", "next_review")
        lists = ("topics", "related", "moved_from")  # tuples, which JSON keeps as lists
        meta = ArticleMeta(**{k: dt.date.fromisoformat(v) if k in dates and v else tuple(v) if k in lists else v
                              for k, v in meta.items()})
    return ArticleSummary(
        entry=data["entry"], slug=data["slug"], meta=meta, meta_path=Path(data["meta_path"]),
        diagnostics=tuple(Diagnostic.from_data(d) for d in data["diagnostics"]), cited=frozenset(data["cited"]),
        anchors=frozenset(data["anchors"]), complete=data["complete"],
        images=tuple((name, Path(source)) for name, source in data["images"]), terms=tuple(data["terms"]),
        links=tuple(OutgoingLink(*link) for link in data.get("links", ())),  # an older index has none
        sections=tuple((name, anchor) for name, anchor in data.get("sections", ())),
        handout_pdf=tuple(data.get("handout_pdf", ())), handout=data.get("handout", "pdf"),
    )
