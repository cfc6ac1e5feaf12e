"""What the preview keeps between rebuilds while only Markdown files change: the loaded site, the
build cache's key, the converter and renderer, each file's conversion, and the handout's PDF.

A rebuild after a saved section builds the article again with the same set-up as the last one: the
same engine, templates, static files, references, glossary and site.yml. Loading those again (the
glossary stems every form of every term), hashing the engine and templates for the cache's key,
making the converter and renderer again (forgetting the word stems and rendered reference entries
they remember), converting every file of the article and making the handout's PDF (WeasyPrint:
about half a second for the sciatica handout) took most of a rebuild, for a save of one section.

- The loaded site and the cache's shared key are kept; the diagnostics found loading it are
  reported again each time, as a fresh load would report them.
- A file of the article is converted again only when its conversion can differ (`KeptConverter`).
- The handout's blocks and QR code are kept per part and address, and its PDF is made again only
  when the handout's page changed: a PDF is WeasyPrint's rendering of that HTML and of the files
  it loads (the stylesheet, fonts, images), and none of those is Markdown. (Made lazily instead,
  the article's link could not say how many pages the PDF has.)

Everything kept is dropped (`forget`) when any file other than Markdown in content/ changes; the
tools are made again too when the loaded site differs from the one they were made for. The
engine's own Python and its strings (locale/) are the running process's: a change to them needs
a new `serve`, as before.
"""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import markdown
from markupsafe import Markup

from iskias_site.convert.converter import ArticleConverter, ContentsEntry, Part, Problem
from iskias_site.pipeline.article import BuildContext, PageRenderer, renderer_for
from iskias_site.diagnostics import Diagnostic, Diagnostics
from iskias_site.load.bibliography import Bibliography
from iskias_site.load.content import SourceFile
from iskias_site.pipeline.site import load_context
from iskias_site.render.handout import HandoutRenderer, PartBlocks
from iskias_site.render.pdf import Pdf, PdfWriter
from iskias_site.write.cache import BuildCache

Converted = tuple[Part, tuple[ContentsEntry, ...], tuple[Problem, ...]]
KEPT_PARTS = 256  # parts whose handout blocks are remembered (the newest)


class KeptConverter(ArticleConverter):
    """An ArticleConverter that converts only the files of an article whose conversion can differ
    from the last one: a file is converted again unless its text, its place in the article, the
    article's images, tables and anchor aliases, and what the files before it left behind (the
    citation numbers so far, the glossary terms already explained) are all as they were. After a
    file taken from the last conversion, that state is as that conversion left it."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kept: dict[Path, tuple[tuple[Any, ...], State, Converted, State]] = {}  # file -> (inputs, before, out, after)
        self.converted = 0  # files converted (not taken from the last conversion), for the tests

    def convert_part(self, md: markdown.Markdown, index: int, source: SourceFile) -> Converted:
        state = self.current.state
        live = (state.numbers, state.terms)
        inputs = (index, source.first_line, source.text, state.aliases, state.tables, state.images)
        last = self.kept.get(source.path)
        if last is not None and last[0] == inputs and _same(live, last[1]):
            _restore(live, last[3])
            return last[2]
        before = _snapshot(live)
        converted = super().convert_part(md, index, source)
        self.converted += 1
        self.kept[source.path] = (inputs, before, converted, _snapshot(live))
        return converted


# The state one file of an article leaves for the next (its citation numbers, its glossary uses):
# each object's fields, their dicts, lists and sets copied (what they hold is immutable: strings,
# numbers, frozen dataclasses).
State = tuple[dict[str, Any], ...]


def _snapshot(live: tuple[Any, ...]) -> State:
    return tuple({f.name: _copied(getattr(obj, f.name)) for f in dataclasses.fields(obj)} for obj in live)


def _same(live: tuple[Any, ...], state: State) -> bool:
    return all(getattr(obj, name) == value for obj, fields in zip(live, state) for name, value in fields.items())


def _restore(live: tuple[Any, ...], state: State) -> None:
    for obj, fields in zip(live, state):
        for name, value in fields.items():
            setattr(obj, name, _copied(value))


def _copied(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _copied(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_copied(item) for item in value]
    if isinstance(value, set):
        return set(value)
    if isinstance(value, (str, int, float, tuple, frozenset, type(None))) or _frozen(value):
        return value
    return copy.deepcopy(value)  # anything else: copied whole


def _frozen(value: Any) -> bool:
    return dataclasses.is_dataclass(value) and value.__dataclass_params__.frozen


@dataclass
class KeptHandoutRenderer(HandoutRenderer):
    """A HandoutRenderer that remembers what it found in each part (the summary, the care cards) and
    each page's QR code: both are made from the part's HTML and the address alone."""

    found: dict[tuple[str, str], PartBlocks] = field(default_factory=dict)
    codes: dict[str, Markup] = field(default_factory=dict)

    def part_blocks(self, html: str, url: str) -> PartBlocks:
        key = (html, url)
        if key not in self.found:
            while len(self.found) >= KEPT_PARTS:
                del self.found[next(iter(self.found))]  # the oldest
            self.found[key] = super().part_blocks(html, url)
        return self.found[key]

    def qr_code(self, url: str) -> Markup:
        if url not in self.codes:
            self.codes[url] = super().qr_code(url)
        return self.codes[url]


@dataclass
class KeptPdfWriter(PdfWriter):
    """A PdfWriter that gives back the PDF it made last for the same page, if its HTML is unchanged."""

    kept: dict[str, tuple[str, Pdf]] = field(default_factory=dict)  # base URL (one per handout) -> (HTML, PDF)
    made: int = 0

    def write(self, html: str, base_url: str) -> Pdf:
        last = self.kept.get(base_url)
        if last is not None and last[0] == html:
            return last[1]
        pdf = super().write(html, base_url)
        self.made += 1
        self.kept[base_url] = (html, pdf)
        return pdf


@dataclass
class KeptTools:
    """A `tools` and a `read_context` for `build_site`: the last rebuild's loaded site (with the
    problems found loading it, reported again each time), and its converter and renderer if made
    for an equal site."""

    kept: tuple[BuildContext, ArticleConverter | None, PageRenderer] | None = None
    loaded: tuple[BuildContext, tuple[Diagnostic, ...]] | None = None
    shared_key: str | None = None  # the build cache's (the engine, templates, site.yml, glossary, handout.css)
    made: int = 0
    loads: int = 0

    def context(self, root: Path, diags: Diagnostics, use_cache: bool, drafts: bool,
                read_bibliography: Callable[[Path, Diagnostics], Bibliography]) -> BuildContext:
        if self.loaded is not None and self.loaded[0].root == root and self.loaded[0].drafts == drafts \
                and (self.loaded[0].image_cache is not None) == use_cache:
            diags.items.extend(self.loaded[1])
            return self.loaded[0]
        before = len(diags.items)
        context = load_context(root, diags, use_cache, drafts, read_bibliography)
        self.loads += 1
        self.loaded = context, tuple(diags.items[before:])
        return context

    def __call__(self, context: BuildContext) -> tuple[ArticleConverter | None, PageRenderer]:
        if self.kept is not None and self.kept[0] == context:
            return self.kept[1], self.kept[2]
        converter = KeptConverter(set(context.bibliography.references), context.config, context.strings,
                                  context.glossary) if context.config else None
        renderer = renderer_for(context)
        renderer.handouts = KeptHandoutRenderer(context.root, renderer.env, pdf=KeptPdfWriter())
        self.made += 1
        self.kept = (context, converter, renderer)
        return converter, renderer

    def open_cache(self, root: Path) -> BuildCache:
        """The build cache, its shared key found again only after `forget` (the engine is the one running)."""
        cache = BuildCache.open(root, self.shared_key)
        self.shared_key = cache.shared_key
        return cache

    def forget(self) -> None:
        self.kept = self.loaded = self.shared_key = None

    def saved(self, changed: Iterable[Path], content: Path) -> None:
        """After these changes: keep the tools only if every one is a Markdown file in `content`."""
        if not all(path.suffix == ".md" and path.is_relative_to(content) for path in changed):
            self.forget()
