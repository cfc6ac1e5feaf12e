"""One article, from its files to its page: load, check, convert, render, write.

Each article is independent of the others (citation numbers, anchors, its page), so the build
runs this step in worker processes, and the cache can stand in for it. What the site-level
steps need (the front page, the sitemap, never-cited references, the anchor record) comes back
as a small `ArticleSummary`; the page itself is written straight into the staging folder.
"""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field
from collections.abc import Sequence
from pathlib import Path
from typing import Any, ContextManager, NamedTuple

import jinja2
from markupsafe import Markup

from iskias_site.load.bibliography import Bibliography
from iskias_site.load.config import SiteConfig
from iskias_site.load.glossary import Glossary
from iskias_site.check.glossary import check_marks
from iskias_site.load.content import Article, ArticleMeta, LoadedContent, SourceFile, load_entry
from iskias_site.convert.converter import ArticleConverter, ConvertedArticle
from iskias_site.convert.chart_files import publish_charts
from iskias_site.convert.kept_files import AS_IS, folder_for, keep_copy
from iskias_site.convert.responsive_images import PublishedImage, publish_images
from iskias_site.load.videos import video_files
from iskias_site.diagnostics import Diagnostic, Diagnostics
from iskias_site.render.metadata import medical_web_page
from iskias_site.render.templates import make_environment, render_page
from iskias_site.check.article import ArticleChecks, check_article, check_parts
from iskias_site.check.handout import check_handout
from iskias_site.check.headings import article_anchors, check_aliases, check_headings
from iskias_site.check.markup import MAX_NESTING, nesting_depth
from iskias_site.check.links import OutgoingLink, outgoing_links
from iskias_site.check.placeholders import check_placeholders
from iskias_site.render.handout import Handout, HandoutRenderer, handout_paths
from iskias_site.render.pdf import Pdf, PdfUnavailable
from iskias_site.pipeline.time_limit import ArticleTimeout, report_timeout
from iskias_site.render.references import ListedReference, list_reference


@dataclass(frozen=True)
class BuildContext:
    """What every article's build reads and nothing changes: shared by all workers."""

    root: Path
    config: SiteConfig | None  # None when site.yml has errors: articles are then only checked
    bibliography: Bibliography
    strings: dict[str, Any]
    compiled_templates: Path | None = None  # where compiled templates are cached between builds
    glossary: Glossary = Glossary()  # ordbog.yml; empty when the site has none
    image_cache: Path | None = None  # where resized images are kept between builds (by content)
    drafts: bool = False  # build articles marked `draft: true` too (the preview does)
    pdfs: bool = True  # draw the handouts' PDFs (a check writes nothing, so it draws none)


@dataclass(frozen=True)
class ArticleSummary:
    """What the site-level steps need of one article; cached together with its page."""

    entry: str  # the name in content/, e.g. 'iskiassmerter' or 'rygsmerter.md'
    slug: str
    meta: ArticleMeta | None  # None when the article has errors
    meta_path: Path
    diagnostics: tuple[Diagnostic, ...]
    cited: frozenset[str]
    anchors: frozenset[str]  # heading anchors and aliases, as published
    complete: bool  # every file of it could be read, so `cited` is all it cites
    images: tuple[tuple[str, Path], ...]  # (path in the site, source file)
    terms: tuple[str, ...] = ()  # the glossary's terms it uses, by headword (for the Ordbog page)
    links: tuple[OutgoingLink, ...] = ()  # to pages of the site, resolved once every article is built
    sections: tuple[tuple[str, str], ...] = ()  # (section file's name, its heading's anchor), for the preview
    handout_pdf: tuple[str, int] = ()  # (its PDF's key, pages), so a later build can take the PDF again
    handout: str = "pdf"  # the handout's forms (site.yml's `handouts`): which files of `ArticleFiles` it has

    @property
    def page(self) -> str:
        return f"{self.slug}/index.html"

    @property
    def outputs(self) -> tuple[str, ...]:
        """Where the article's files go in the site, in the order of `ArticleFiles` (the first of them:
        a handout only as a page has no PDF, a site without handouts only the page)."""
        return (self.page, *handout_paths(self.slug))[:{"pdf": 3, "html": 2, "none": 1}[self.handout]]


class ArticleFiles(NamedTuple):
    """An article's files: its page, and its printable handout as a page and as a PDF."""

    page: bytes
    handout: bytes
    handout_pdf: bytes


def build_article(entry: Path, context: BuildContext, converter: ArticleConverter | None,
                  renderer: PageRenderer, converting: Callable[[], ContextManager[None]] = contextlib.nullcontext,
                  ) -> tuple[ArticleSummary, ArticleFiles | None, Article | None]:
    """Build one entry of content/: its summary, its files unless it has errors, and the loaded
    article. The converter and the renderer are the calling process's own (None: no site.yml, so
    only check); the conversion runs inside `converting()` (the build's time limit)."""
    diags = Diagnostics(context.root)
    loaded = load_entry(entry, LoadedContent([], [], True), diags)
    slug = entry.stem if entry.suffix == ".md" else entry.name
    meta_path = entry / "index.md" if entry.is_dir() else entry
    if not loaded.articles:
        cited = _check_loose(loaded, context.bibliography, converter, diags)
        return ArticleSummary(entry.name, slug, None, meta_path, tuple(diags.items), cited, frozenset(),
                              False, ()), None, None
    article = loaded.articles[0]
    if article.meta.draft and not context.drafts:  # `build` publishes no draft, so it checks none either
        return ArticleSummary(entry.name, slug, article.meta, meta_path, tuple(diags.items), frozenset(),
                              frozenset(), True, ()), None, article
    checks = check_article(article, context.bibliography, diags)
    check_marks(article.parts, context.glossary, diags)
    if not article.meta.draft:
        check_placeholders(article, diags)
    summary = ArticleSummary(entry.name, slug, None, meta_path, (), checks.cited, frozenset(), True, (),
                             links=outgoing_links(article.parts))
    if converter is None:  # without site.yml there is nothing to convert or render with
        return _with(summary, diags), None, article
    if diags.has_errors():  # not safe to convert; its headings are still checked, on their own
        _check_headings(converter, article.parts, None, diags)
        return _with(summary, diags), None, article
    images = publish_images(checks.images, slug, context.image_cache)
    published_files = {(v.site_path, v.source) for image in images.values() for v in image.variants}
    as_is = folder_for(context.image_cache, AS_IS)  # as they are, with their captions: kept copies, never the sources
    published_files |= {(name, keep_copy(as_is, source)) for name, source in video_files(checks.videos.values(), slug)}
    published_files |= publish_charts(checks.tables, slug, context.image_cache, context.strings["figure"])
    summary = dataclasses.replace(summary, images=tuple(sorted(published_files)))
    converted = _convert(converter, article, checks, diags, images, converting)
    if converted is None:
        return _with(summary, diags), None, article
    _check_headings(converter, article.parts, converted, diags)
    for problem in converted.problems:  # what only the converter met: the checks' last line of defence
        diags.error(problem.path, problem.line, problem.message)
    anchors = _published_anchors(converted, diags)
    form = context.config.handouts
    if form != "none":
        check_handout(article, checks, diags)
    handout = renderer.handout(converted, checks, diags) if form != "none" else Handout(b"", b"", 0)
    page = renderer.render(converted, diags, handout.pages if handout else 1)  # its link says how many pages
    if page is None or handout is None or diags.has_errors():
        return _with(summary, diags), None, article
    sections = _section_anchors(converted)
    files = ArticleFiles(page, handout.html, handout.pdf)
    pdf = (handout.pdf_key, handout.pages) if handout.pdf_key else ()
    return (_with(summary, diags, meta=article.meta, anchors=anchors, terms=converted.terms, sections=sections,
                  handout_pdf=pdf, handout=form), files, article)


def _convert(converter: ArticleConverter, article: Article, checks: ArticleChecks, diags: Diagnostics,
             images: dict[str, PublishedImage],
             converting: Callable[[], ContextManager[None]] = contextlib.nullcontext) -> ConvertedArticle | None:
    """The conversion, with its last line of defence: input the checks let through but
    Python-Markdown cannot hold (it recurses once per level, or works without end) is one error
    naming the file, never a traceback. The file named is the one nested deepest."""
    try:
        with converting():
            return converter.convert(article, checks, images)
    except ArticleTimeout as timeout:
        report_timeout(article.meta_path, timeout.seconds, diags)
        return None
    except (RecursionError, MemoryError):
        deepest = max(article.parts, key=lambda part: max(map(nesting_depth, part.text.split("\n")), default=0))
        diags.error(deepest.path, 0, "nesting-too-deep/article", MAX_NESTING=MAX_NESTING)
        return None


def _check_loose(loaded: LoadedContent, bibliography: Bibliography, converter: ArticleConverter | None,
                 diags: Diagnostics) -> frozenset[str]:
    """Check the files of an article that did not load, so every problem shows at once."""
    if not loaded.loose_parts:
        return frozenset()
    folder = loaded.loose_parts[0][1]
    parts = [part for part, _ in loaded.loose_parts]
    cited = check_parts(parts, folder, bibliography, diags).cited
    if converter is not None:
        _check_headings(converter, parts, None, diags)
    return cited


def _check_headings(converter: ArticleConverter, parts: Sequence[SourceFile], converted: ConvertedArticle | None,
                    diags: Diagnostics) -> None:
    """The heading anchors of an article's files, as the converter gave them: from the converted
    tree, or (for an article not safe to convert whole) from its `#` lines converted on their own."""
    seen: dict[str, tuple[Path, int]] = {}
    for index, source in enumerate(parts):
        try:
            headings = converted.parts[index].headings if converted else converter.headings_alone(source)
        except (RecursionError, MemoryError):  # a heading line Python-Markdown cannot hold
            continue
        check_headings(source, headings, seen, diags)


def _with(summary: ArticleSummary, diags: Diagnostics, **changes: Any) -> ArticleSummary:
    return dataclasses.replace(summary, diagnostics=tuple(diags.items), **changes)


def _section_anchors(converted: ConvertedArticle) -> tuple[tuple[str, str], ...]:
    """Each section file's name and the anchor Python-Markdown gave its `##` heading."""
    pairs = zip(converted.article.parts[1:], converted.parts[1:])  # the introduction comes first
    return tuple((source.path.name, part.anchor) for source, part in pairs if part.anchor)


def _published_anchors(converted: ConvertedArticle, diags: Diagnostics) -> frozenset[str]:
    check_aliases(converted, diags)
    own = {anchor.partition("#")[2] for anchor in article_anchors(converted)}
    return frozenset(own | set(converted.article.meta.anchor_aliases))


@dataclass
class PageRenderer:
    """Renders article pages in one process. A work reads the same in every article that cites
    it, so its entry in the reference list is formatted and rendered once per build."""

    context: BuildContext
    env: jinja2.Environment
    works: dict[str, tuple[ListedReference, Markup, Markup]] = field(default_factory=dict)  # entry, in full, brief
    handouts: HandoutRenderer | None = None  # made with the first handout
    earlier_pdfs: Callable[[str], Pdf | None] = lambda key: None  # the cache's PDFs, by key

    def render(self, converted: ConvertedArticle, diags: Diagnostics, handout_pages: int = 1) -> bytes | None:
        config, meta = self.context.config, converted.article.meta
        url = f"{config.base_url}{converted.article.slug}/"
        try:
            references = self.listed_references(converted)
            html = render_page(self.env, "article.html", site=config, page=converted,
                               meta=meta, references=references, url=url,
                               reference_html={key: self.works[key][1] for key in converted.numbers.numbers},
                               brief_html={key: self.works[key][2] for key in converted.numbers.numbers},
                               jsonld=medical_web_page(meta, url, config, references),
                               handout=_handout_link(config.handouts, converted.article.slug, handout_pages))
        except jinja2.TemplateError as exc:
            report_template_error(self.context.root, exc, diags)
            return None
        return html.encode("utf-8")

    def handout(self, converted: ConvertedArticle, checks: ArticleChecks, diags: Diagnostics) -> Handout | None:
        """The article's printable handout, page and PDF (render/handout.py)."""
        if self.handouts is None:
            self.handouts = HandoutRenderer(self.context.root, self.env, earlier=self.earlier_pdfs)
        try:
            with_pdf = self.context.pdfs and self.context.config.handouts == "pdf"
            return self.handouts.render(converted, checks, self.context.config, with_pdf=with_pdf)
        except jinja2.TemplateError as exc:
            report_template_error(self.context.root, exc, diags)
        except PdfUnavailable as exc:
            diags.error(converted.article.meta_path, 0, exc.args[0])
        return None

    def listed_references(self, converted: ConvertedArticle) -> list[ListedReference]:
        numbers = converted.numbers
        return [dataclasses.replace(self.work(key), number=numbers.numbers[key],
                                    places=tuple(numbers.places.get(key, ())))
                for key in numbers.in_order()]

    def work(self, key: str) -> ListedReference:
        """The work's entry without its number and places, rendering it the first time."""
        if key not in self.works:
            listed = list_reference(self.context.bibliography.references[key], 0, [], self.context.strings,
                                    self.context.config.language)
            template = self.env.get_template("_reference.html")
            html = Markup(template.render(r=listed).strip())
            brief = Markup(template.render(r=listed, brief=True).strip())
            self.works[key] = listed, html, brief
        return self.works[key][0]


def _handout_link(form: str, slug: str, pages: int) -> dict[str, Any] | None:
    """What the article's page links of its handout (templates/_handout_link.html)."""
    if form == "none":
        return None
    return {"pdf": f"{slug}.pdf" if form == "pdf" else "", "pages": pages}


def report_template_error(root: Path, exc: jinja2.TemplateError, diags: Diagnostics) -> None:
    """One error at the template file and line: from the exception for a syntax error, else from
    the innermost frame of the traceback that Jinja2 rewrote to point into the template."""
    name = getattr(exc, "filename", None) or getattr(exc, "name", None) or ""
    line = getattr(exc, "lineno", 0) or 0
    if not line:
        templates = (root / "templates").resolve()
        frame = exc.__traceback__
        while frame is not None:
            filename = Path(frame.tb_frame.f_code.co_filename)
            if filename.is_absolute() and filename.resolve().is_relative_to(templates):
                name, line = str(filename), frame.tb_lineno
            frame = frame.tb_next
    path = Path(name) if name and Path(name).is_absolute() else root / "templates" / (name or "")
    diags.error(path, line, "template-error", message=exc.message)


def converter_for(context: BuildContext) -> ArticleConverter:
    return ArticleConverter(set(context.bibliography.references), context.config, context.strings, context.glossary)


def renderer_for(context: BuildContext, earlier_pdfs: Callable[[str], Pdf | None] | None = None) -> PageRenderer:
    """`earlier_pdfs`: the handout PDFs the cache kept, by key (see render/handout.py)."""
    if earlier_pdfs is None:
        return PageRenderer(context, environment_for(context))
    return PageRenderer(context, environment_for(context), earlier_pdfs=earlier_pdfs)


def environment_for(context: BuildContext) -> jinja2.Environment:
    if context.compiled_templates is not None:
        context.compiled_templates.mkdir(parents=True, exist_ok=True)
    return make_environment(context.root / "templates", context.strings, context.compiled_templates)
