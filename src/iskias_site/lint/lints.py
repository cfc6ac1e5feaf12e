"""The editor's lints for `iskias-site check`, on the loaded site: readability, link texts, images, governance.

Every finding is a warning (`--strict` makes warnings fail). What loading already reports is not
repeated here: the shape of care cards and callouts (`blocks.check_blocks`), images without alt
text (`images.check_images`), references never cited and a review date already past
(`build.load_site`), links to no page or heading (`check.links`, errors of the build).
"""

from __future__ import annotations

import calendar
import datetime as dt
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from gettext import NullTranslations
from pathlib import Path

from iskias_site.check.links import LINK
from iskias_site.load.bibliography import Bibliography
from iskias_site.pipeline.site import BuildProgress, Site, build_site
from iskias_site.load.config import SiteConfig
from iskias_site.load.content import Article, SourceFile
from iskias_site.diagnostics import ENGLISH, Diagnostic, Diagnostics
from iskias_site.lint.terms import EverydayDanish, check_unexplained
from iskias_site.load.glossary import GLOSSARY_FILE, load_glossary
from iskias_site.lint.lix import Block, Counts, count_blocks, prose_blocks
from iskias_site.check.blocks import check_blocks
from iskias_site.source.code import blank_code
from iskias_site.messages import Message, message, Msgid, N_, phrase, render, words

MAX_SENTENCE_WORDS = 25
MAX_PARAGRAPH_SENTENCES = 5
REVIEW_NOTICE_DAYS = 30
PHONE_MAX_AGE_MONTHS = 12
VAGUE_LINK_TEXTS = frozenset({"her", "klik her", "læs mere"})
IDENTIFIER_FIELDS = ("doi", "pmid", "url", "isbn")

PLAIN_HTTP = re.compile(r"(?<![\w.+-])http://[^\s)>\]\"']+")
TRAILING_PUNCTUATION = ".,:;!?…"


@dataclass(frozen=True)
class LintSettings:
    """What `site.yml` may set for the lints."""

    lix_max: int = 40


@dataclass(frozen=True)
class PartReadability:
    path: str  # relative to the site, e.g. content/iskiassmerter/02-symptomer.md
    counts: Counts


@dataclass(frozen=True)
class ReadabilityReport:
    """LIX of one article as a whole and of each of its files (introduction first)."""

    slug: str
    path: str  # the article's folder, or its file for a one-file article
    counts: Counts
    parts: tuple[PartReadability, ...]


def check_site(root: Path, today: dt.date, notes: list[str] | None = None,
               progress: Callable[[BuildProgress], None] | None = None,
               ) -> tuple[Diagnostics, list[ReadabilityReport]]:
    """Everything the build checks (without writing; its progress to `progress`), then the lints on
    what it loaded. With a `notes` list, the editors' notes of every article are added to it as
    `path:line: text`."""
    result = build_site(root, None, today=today, use_cache=False, keep_articles=True, progress=progress)
    diags, site = result.diagnostics, result.site
    if site is None:
        return diags, []
    if notes is not None:
        notes.extend(editor_notes(site))
    return diags, run_lints(site, today, LintSettings(site.config.lix_max), diags)


def run_lints(site: Site, today: dt.date, settings: LintSettings, diags: Diagnostics) -> list[ReadabilityReport]:
    """Run every lint on the loaded site; findings land in `diags`, readability figures are returned."""
    reports = []
    for article in site.articles:
        reports.append(check_readability(article, site.root, settings.lix_max, diags))
        for part in article.parts:
            check_link_texts(part, diags)
            check_images(part, (article.meta.title, site.config.title), diags)
        check_review(article, today, diags)
        if site.config.handouts != "none":  # a site without handouts needs no list for them
            check_handout_list(article, diags)
    check_phones(site.config, site.root / "site.yml", today, diags)
    check_references(site.bibliography, diags)
    check_glossary_words(site, diags)
    return reports


def editor_notes(site: Site) -> list[str]:
    """Every `<!-- … -->` note of the site's articles, as `path:line: text`, in reading order."""
    return [f"{_relative(site.root, part.path)}:{note.line}: {note.text}"
            for article in site.articles for part in article.parts for note in part.notes]


def check_glossary_words(site: Site, diags: Diagnostics) -> None:
    """Rare words used without an explanation (`lint.terms`), for a site with an `ordbog.yml`."""
    if not (site.root / GLOSSARY_FILE).is_file():
        return
    glossary = load_glossary(site.root, site.bibliography, Diagnostics(site.root))  # the build reported its problems
    check_unexplained(site.articles, glossary, EverydayDanish(), diags)


# --- readability -------------------------------------------------------------------------------

def check_readability(article: Article, root: Path, lix_max: int, diags: Diagnostics) -> ReadabilityReport:
    """LIX per file and for the article; warnings for hard files, long sentences and long paragraphs."""
    parts = []
    for part in article.parts:
        blocks = prose_blocks(part.text, part.first_line)
        counts = count_blocks(blocks)
        parts.append(PartReadability(_relative(root, part.path), counts))
        if counts.lix > lix_max:
            diags.warning(part.path, blocks[0].line,
                          "lix-too-high", lix=counts.lix, band=counts.band, lix_max=lix_max)
        _check_lengths(part.path, blocks, diags)
    total = sum((p.counts for p in parts), Counts())
    where = article.folder if article.folder is not None else article.meta_path
    return ReadabilityReport(article.slug, _relative(root, where), total, tuple(parts))


def _check_lengths(path: Path, blocks: list[Block], diags: Diagnostics) -> None:
    for block in blocks:
        for sentence in block.sentences:
            if sentence.words > MAX_SENTENCE_WORDS:
                diags.warning(path, sentence.line, "sentence-too-long", words=sentence.words, MAX_SENTENCE_WORDS=MAX_SENTENCE_WORDS)
        if block.kind == "paragraph" and len(block.sentences) > MAX_PARAGRAPH_SENTENCES:
            diags.warning(path, block.line, "paragraph-too-long", count=len(block.sentences), MAX_PARAGRAPH_SENTENCES=MAX_PARAGRAPH_SENTENCES)


def format_readability(reports: list[ReadabilityReport], translation: NullTranslations = ENGLISH) -> str:
    """One line per file and one per article, e.g. `content/a/02-b.md: LIX 38 (middel), 212 words, …`."""
    lines = []
    for report in reports:
        for part in report.parts:
            lines.append(f"{part.path}: {_figures(part.counts, translation)}")
        whole = render(words("lix.article", figures=_figures(report.counts, translation)), translation)
        lines.append(f"{report.path}: {whole}")
    return "\n".join(lines)


def _figures(counts: Counts, translation: NullTranslations) -> str:
    return render(words("lix.figures", lix=counts.lix, band=counts.band, words=counts.words,
                        sentences=counts.sentences, long_words=counts.long_words), translation)


# --- links and images --------------------------------------------------------------------------

def check_link_texts(part: SourceFile, diags: Diagnostics) -> None:
    """Link text says where it leads, and no address is plain http://. Where a link leads is the
    build's check (check/links.py), whose errors `check` shows too."""
    text = blank_code(part.text)
    for link in LINK.finditer(text):
        if link.group("image"):
            continue
        problem = _text_problem(link.group("text"))
        if problem:
            diags.warning(part.path, part.first_line + text.count("\n", 0, link.start()), problem)
    for address in PLAIN_HTTP.finditer(text):
        line = part.first_line + text.count("\n", 0, address.start())
        secure = "https://" + address.group()[len("http://"):]
        diags.warning(part.path, line, "link-not-encrypted", group=address.group(), secure=secure)


def _text_problem(text: str) -> Message | None:
    plain = _plain(text)
    if not plain:
        return message("link-text/missing")
    if plain.casefold() in VAGUE_LINK_TEXTS:
        return message("link-text/vague", plain=plain)
    return None


def check_images(part: SourceFile, titles: tuple[str, str], diags: Diagnostics) -> None:
    """An image's alt text says more than the page or site title (missing alt text fails the build)."""
    text = blank_code(part.text)
    page, site = (_plain(t).casefold() for t in titles)
    for image in LINK.finditer(text):
        if not image.group("image"):
            continue
        line = part.first_line + text.count("\n", 0, image.start())
        src, alt = image.group("dest").strip("<>"), _plain(image.group("text")).casefold()
        if alt and alt in (page, site):
            which = Msgid(N_("page")) if alt == page else Msgid(N_("site"))
            diags.warning(part.path, line, "alt-text-repeats-title", src=src, which=which)


def _plain(text: str) -> str:
    """Link or alt text without emphasis, surrounding punctuation or extra spaces."""
    words = " ".join(re.sub(r"[*_`]", "", text).split())
    return words.strip(TRAILING_PUNCTUATION + " ")


# --- governance --------------------------------------------------------------------------------

def check_review(article: Article, today: dt.date, diags: Diagnostics) -> None:
    """Warn when the next review is near, and while no clinician has reviewed the text.

    A review date already past is warned by the build (`load_site`), so it is not repeated here.
    """
    meta, path = article.meta, article.meta_path
    days = (meta.next_review - today).days
    line = meta.lines.get("next_review", meta.line)
    if 0 <= days <= REVIEW_NOTICE_DAYS:
        when = phrase("due-today") if days == 0 else phrase("due-in-days", n=days)
        diags.warning(path, line, "review-due/soon", next_review=meta.next_review.isoformat(), when=when)
    if not meta.reviewer:
        diags.warning(path, meta.lines.get("reviewer", meta.line),
                      "no-clinical-review")


def check_handout_list(article: Article, diags: Diagnostics) -> None:
    """Warn when the printable handout has no "Det kan du selv gøre" list to show."""
    handouts: list[SourceFile] = []
    for part in article.parts:  # the blocks' own problems are the build's, reported already
        check_blocks(part, article.folder, Diagnostics(), handouts)
    if not handouts:
        diags.warning(article.meta_path, article.meta.line,
                      "handout-missing")



def check_phones(config: SiteConfig, path: Path, today: dt.date, diags: Diagnostics) -> None:
    """Every phone number has been checked against its official source within the last 12 months."""
    oldest = _months_before(today, PHONE_MAX_AGE_MONTHS)
    for phone in config.phones:
        line = phone.verified_line
        if phone.verified is None:
            diags.warning(path, line, "phone-not-verified/missing", key=phone.key, number=phone.number)
        elif phone.verified < oldest:
            diags.warning(path, line, "phone-not-verified/old", key=phone.key, number=phone.number, verified=phone.verified.isoformat(), PHONE_MAX_AGE_MONTHS=PHONE_MAX_AGE_MONTHS)
        if phone.check_by is not None and phone.check_by <= today:
            diags.warning(path, phone.check_by_line,
                          "phone-not-verified/check-by", key=phone.key, number=phone.number, check_by=phone.check_by.isoformat())


def _months_before(day: dt.date, months: int) -> dt.date:
    """The same day `months` earlier, or the month's last day if it is shorter (31 March -> 28 February)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def check_references(bibliography: Bibliography, diags: Diagnostics) -> None:
    """Every reference can be found online: it has a DOI, a PubMed id or a web address."""
    for key, reference in bibliography.references.items():
        if not any(reference.get(name) for name in IDENTIFIER_FIELDS):
            diags.warning(bibliography.path, reference.line,
                          "entry-without-identifier", key=key)


# --- output ------------------------------------------------------------------------------------

def format_json(diagnostics: Iterable[Diagnostic], translation: NullTranslations = ENGLISH) -> str:
    """`--format json`: a sorted list of {path, line, severity, message, code}; `severity` is
    'error' or 'warning' in any language, `message` is in the language of `translation`."""
    ordered = sorted(set(diagnostics), key=lambda d: (d.path, d.line, d.severity, d.message))
    items = [{"path": d.path, "line": d.line, "severity": d.severity, "message": d.text(translation), "code": d.code}
             for d in ordered]
    return json.dumps(items, ensure_ascii=False, indent=2)


def _relative(root: Path, path: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()
