"""`site.yml` -> a frozen, typed `SiteConfig`. Unknown keys and wrong types are diagnostics."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from iskias_site.diagnostics import Diagnostics, did_you_mean
from iskias_site.load.strings import available_languages
from iskias_site.load.content import SLUG
from iskias_site.load.textfile import read_text
from iskias_site.load.yamlsource import FieldSpec, Value, as_date, check_fields, load_mapping
from iskias_site.messages import N_

CITATION_STYLES = ("parenthetical", "superscript")
LANGUAGES = available_languages()


@dataclass(frozen=True)
class Phone:
    """A phone number a care card may show: where it was read, when someone last checked it there,
    and the date after which it must be checked again (a region merging, say)."""

    key: str
    number: str
    label: str
    verified: dt.date | None
    line: int  # in site.yml, for messages about the number
    verified_line: int = 0  # the line of its 'verified' key
    region: str = ""  # the region whose out-of-hours number it is; empty for the national 112
    source: str = ""  # the public page the number was read from
    check_by: dt.date | None = None
    check_by_line: int = 0

    @property
    def digits(self) -> str:
        """The number as a `tel:` link dials it: '70 11 07 07' -> '70110707'."""
        return "".join(ch for ch in self.number if ch.isdigit() or ch == "+")


@dataclass(frozen=True)
class Topic:
    """A topic articles can belong to: its page is /emne/<slug>/."""

    slug: str
    title: str
    line: int  # in site.yml


@dataclass(frozen=True)
class SiteConfig:
    title: str
    base_url: str
    language: str
    description: str
    contact_name: str
    contact_email: str
    contact_url: str
    citation_style: str
    phones: tuple[Phone, ...]
    lix_max: int = 40  # the highest LIX a section may have before `check` warns
    timeout: int = 60  # seconds one article may take to build (pipeline/time_limit.py)
    handouts: str = "pdf"  # each article's printable handout: 'pdf' (page and PDF), 'html' (page only), 'none'

    topics: tuple[Topic, ...] = ()  # in the order site.yml lists them, which the front page keeps

    def phone(self, key: str) -> Phone | None:
        return next((p for p in self.phones if p.key == key), None)

    def topic(self, slug: str) -> Topic | None:
        return next((t for t in self.topics if t.slug == slug), None)


# The printable handout of each article (render/handout.py): its page and PDF, its page only (no
# WeasyPrint: a build as quick as without handouts but for one small page more), or none.
HANDOUT_FORMS = ("pdf", "html", "none")

SCHEMA = {
    "title": FieldSpec(str, required=True),
    "base_url": FieldSpec(str, required=True, hint=N_("the address the site is published at, e.g. https://example.dk/")),
    "language": FieldSpec(str, required=True),
    "description": FieldSpec(str),
    "contact_name": FieldSpec(str),
    "contact_email": FieldSpec(str),
    "contact_url": FieldSpec(str),
    "citation_style": FieldSpec(str),
    "phones": FieldSpec(dict),
    "lix_max": FieldSpec(int, hint=N_("the highest LIX a section may have, e.g. 40")),
    "timeout": FieldSpec(int, hint=N_("the seconds one article may take to build, e.g. 60")),
    "handouts": FieldSpec(str, hint=N_("pdf, html or none (not off: YAML reads that as false)")),
    "topics": FieldSpec(dict, hint=N_("one line per topic, 'slug: Titel', e.g. 'ryg-og-nerver: Ryg og nerver'")),
}

PHONE_SCHEMA = {
    "number": FieldSpec(str, required=True),
    "label": FieldSpec(str, required=True),
    "verified": FieldSpec(dt.date),
    "region": FieldSpec(str),
    "source": FieldSpec(str, hint=N_("the address of the public page the number was read from")),
    "check_by": FieldSpec(dt.date),
}


def load_config(site: Path, diags: Diagnostics) -> SiteConfig | None:
    """Read and validate `site.yml` in the site folder."""
    path = site / "site.yml"
    if not path.is_file():
        diags.error(path, 0, "site-file-missing/site-yml")
        return None
    text = read_text(path, diags)
    if text is None:
        return None
    values = load_mapping(text, path, 1, diags)
    if values is None or not check_fields(values, SCHEMA, path, 1, diags):
        return None
    return _config_from(values, path, diags)


def _config_from(values: dict[str, Value], path: Path, diags: Diagnostics) -> SiteConfig | None:
    get = lambda key: values[key].value if key in values and values[key].value is not None else ""  # noqa: E731
    style = get("citation_style") or "parenthetical"
    ok = True
    if style not in CITATION_STYLES:
        diags.error(path, values["citation_style"].line,
                    "unknown-citation-style", style=style, value=', '.join(CITATION_STYLES))
        ok = False
    if get("language") not in LANGUAGES:
        diags.error(path, values["language"].line, "unknown-language", get=get('language'), hint=did_you_mean(get('language'), LANGUAGES, expected=True))
        ok = False
    if not get("base_url").startswith(("https://", "http://")):
        diags.error(path, values["base_url"].line, "base-url-not-web-address")
        ok = False
    handouts = get("handouts") or "pdf"
    if handouts not in HANDOUT_FORMS:
        diags.error(path, values["handouts"].line, "unknown-handouts", handouts=handouts,
                    hint=did_you_mean(handouts, HANDOUT_FORMS, expected=True))
        ok = False
    if "timeout" in values and (get("timeout") or 0) < 1:
        diags.error(path, values["timeout"].line, "timeout-too-short", timeout=get("timeout"))
        ok = False
    phones = _phones(values.get("phones"), path, diags)
    topics = _topics(values.get("topics"), path, diags)
    if not ok or phones is None or topics is None:
        return None
    return SiteConfig(
        title=get("title"),
        base_url=get("base_url").rstrip("/") + "/",
        language=get("language"),
        description=get("description"),
        contact_name=get("contact_name"),
        contact_email=get("contact_email"),
        contact_url=get("contact_url"),
        citation_style=style,
        phones=phones,
        lix_max=get("lix_max") or 40,
        timeout=get("timeout") or 60,
        handouts=handouts,
        topics=topics,
    )


def _topics(value: Value | None, path: Path, diags: Diagnostics) -> tuple[Topic, ...] | None:
    if value is None or not value.children:
        return ()
    topics, ok = [], True
    for slug, entry in value.children.items():
        if not SLUG.match(slug):
            diags.error(path, entry.line, "topic-invalid/not-address", slug=slug)
            ok = False
        elif not isinstance(entry.value, str) or not entry.value.strip():
            diags.error(path, entry.line, "topic-invalid/title", slug=slug)
            ok = False
        else:
            topics.append(Topic(slug, entry.value.strip(), entry.line))
    return tuple(topics) if ok else None


def _phones(value: Value | None, path: Path, diags: Diagnostics) -> tuple[Phone, ...] | None:
    if value is None or not value.children:
        return ()
    phones, ok = [], True
    for key, entry in value.children.items():
        if entry.children is None:
            diags.error(path, entry.line, "phone-fields-missing", key=key)
            ok = False
        elif check_fields(entry.children, PHONE_SCHEMA, path, entry.line, diags):
            fields = entry.children
            verified, check_by = fields.get("verified"), fields.get("check_by")
            text = lambda name: fields[name].value if name in fields and fields[name].value else ""  # noqa: E731
            phones.append(Phone(key, str(fields["number"].value), fields["label"].value,
                                as_date(verified.value) if verified else None, entry.line,
                                verified.line if verified else entry.line,
                                region=text("region"), source=text("source"),
                                check_by=as_date(check_by.value) if check_by else None,
                                check_by_line=check_by.line if check_by else entry.line))
        else:
            ok = False
    return tuple(phones) if ok else None
