"""The build cache: an article's page and summary, kept under a key made from everything it depends on.

The key is a SHA-256 of the generator's own code, the templates, `site.yml`, every file of the
article (its Markdown and its data files) and the bibliography entries it cites. A change to any
of them gives a new key, so exactly the articles it affects are built again. Only articles
without errors are kept; their warnings are stored and shown again on every build.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import os
import re
from pathlib import Path
from typing import Any

from .article_build import ArticleSummary
from .bibliography import Bibliography
from .content import ArticleMeta
from .diagnostics import Diagnostic

CACHE_FOLDER = ".iskias-cache"


@dataclasses.dataclass(frozen=True)
class BuildCache:
    folder: Path
    shared_key: str  # the generator, the templates and site.yml

    @classmethod
    def open(cls, root: Path) -> BuildCache:
        engine = Path(__file__).parent
        digest = hashlib.sha256()
        for folder, pattern in ((engine, "*.py"), (engine, "mdext/*.py"), (engine, "locale/*.yml"),
                                (root / "templates", "**/*")):
            _add_files(digest, sorted(p for p in folder.glob(pattern) if p.is_file()), folder)
        _add_files(digest, [root / "site.yml"], root)
        return cls(root / CACHE_FOLDER, digest.hexdigest())

    def key(self, entry: Path, references: dict[str, str]) -> str:
        """The key of one article; `references` holds each bibliography entry's digest."""
        digest = hashlib.sha256(self.shared_key.encode())
        files = sorted(p for p in entry.iterdir() if p.is_file()) if entry.is_dir() else [entry]
        contents = [path.read_bytes() for path in files]
        for path, content in zip(files, contents):
            digest.update(path.name.encode() + b"\0" + content + b"\0")
        for key in sorted(_cited_keys(files, contents)):
            digest.update(f"{key}={references.get(key, '(unknown)')}\n".encode())
        return digest.hexdigest()

    def load(self, entry: Path, key: str) -> tuple[ArticleSummary, Path] | None:
        """The summary and the stored page of an article whose key is current, else None."""
        stored = self.folder / f"{entry.name}.json"
        try:
            data = json.loads(stored.read_text(encoding="utf-8"))
            page = self.folder / f"{entry.name}.html"
            if data["key"] != key or not page.is_file():
                return None
            return _summary_from(data["summary"]), page
        except (OSError, ValueError, KeyError, TypeError):
            return None  # no entry, or one from another version: build the article again

    def store(self, entry: Path, key: str, summary: ArticleSummary, page: bytes) -> Path:
        """Keep an article and return where its page is. Each file is replaced whole (never
        rewritten in place), so a page linked into a built site from here never changes after."""
        self.folder.mkdir(exist_ok=True)
        record = {"key": key, "summary": _summary_to(summary)}
        stored = self.folder / f"{entry.name}.html"
        _replace(stored, page)
        _replace(self.folder / f"{entry.name}.json", json.dumps(record, ensure_ascii=False).encode("utf-8"))
        return stored


def _replace(path: Path, data: bytes) -> None:
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_bytes(data)
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


def reference_digests(bibliography: Bibliography) -> dict[str, str]:
    """A digest of each entry as the pages use it (not its line), computed once per build."""
    return {key: hashlib.sha256(repr((r.entry_type, r.authors, r.more_authors, r.corporate_author, r.editors,
                                      sorted(r.fields.items()))).encode()).hexdigest()[:16]
            for key, r in bibliography.references.items()}


def _summary_to(summary: ArticleSummary) -> dict[str, Any]:
    meta = None
    if summary.meta:  # flat but for dicts of text: no need for the deep copy of dataclasses.asdict
        meta = {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in vars(summary.meta).items()}
    return {
        "entry": summary.entry, "slug": summary.slug, "meta": meta, "meta_path": str(summary.meta_path),
        "diagnostics": [dataclasses.astuple(d) for d in summary.diagnostics],
        "cited": sorted(summary.cited), "anchors": sorted(summary.anchors), "complete": summary.complete,
        "images": [[name, str(source)] for name, source in summary.images],
    }


def _summary_from(data: dict[str, Any]) -> ArticleSummary:
    meta = data["meta"]
    if meta is not None:
        dates = ("reviewed", "published", "last_reviewed", "next_review")
        meta = ArticleMeta(**{k: dt.date.fromisoformat(v) if k in dates and v else v for k, v in meta.items()})
    return ArticleSummary(
        entry=data["entry"], slug=data["slug"], meta=meta, meta_path=Path(data["meta_path"]),
        diagnostics=tuple(Diagnostic(*d) for d in data["diagnostics"]), cited=frozenset(data["cited"]),
        anchors=frozenset(data["anchors"]), complete=data["complete"],
        images=tuple((name, Path(source)) for name, source in data["images"]),
    )
