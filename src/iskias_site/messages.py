"""The catalogue of every diagnostic: a stable code (`unknown-citation-key`) and its English text with
named placeholders, the msgid that the gettext catalogues in locale/ translate.

The pipeline records a code and its values (a `Message`); the text is made in a language only when
it is shown (`render`), so one build can be reported in Danish in the terminal and in English in a
test. A code with several wordings that mean the same to an editor is written `code/variant`; the
code is the part before the slash, and the guide (docs/redaktoervejledning.md) has one section per code.
"""

from __future__ import annotations

from dataclasses import dataclass
from gettext import NullTranslations


def N_(text: str) -> str:
    """Marks a msgid for `pybabel extract` (keyword N_); translated later, where it is shown."""
    return text


def N_plural(singular: str, plural: str) -> tuple[str, str]:
    """Marks a msgid with its plural (keyword N_plural:1,2); the value `n` chooses the form."""
    return singular, plural


@dataclass(frozen=True)
class Message:
    """A code (a key of MESSAGES or PHRASES) and the values of its placeholders."""

    key: str
    values: tuple[tuple[str, object], ...] = ()

    @property
    def code(self) -> str:
        return self.key.split("/")[0]


@dataclass(frozen=True)
class Msgid:
    """A piece of English text defined elsewhere (marked with N_), translated where it is shown."""

    text: str


def message(key: str | Message, /, **values: object) -> Message:
    if isinstance(key, Message):
        assert not values, "a ready Message takes no more values"
        return key
    assert key in MESSAGES, f"no message '{key}' in messages.py"
    return Message(key, tuple(values.items()))


def phrase(key: str, /, **values: object) -> Message:
    """A piece of a message (a did-you-mean, a hint), from PHRASES."""
    assert key in PHRASES or key in PLURALS, f"no phrase '{key}' in messages.py"
    return Message(key, tuple(values.items()))


def or_list(items: list[object]) -> object:
    """'a or b or c', in the reader's language: one item as it is, more as nested `or-list` phrases."""
    if len(items) == 1:
        return items[0]
    return phrase("or-list", first=items[0], rest=or_list(items[1:]))


def words(key: str, /, **values: object) -> Message:
    """A line for the terminal, from TERMINAL (or PLURALS, chosen by the value `n`)."""
    assert key in TERMINAL or key in PLURALS, f"no terminal text '{key}' in messages.py"
    return Message(key, tuple(values.items()))


def render(value: object, translation: NullTranslations) -> str:
    """`value` as text in the language of `translation`, its pieces translated too."""
    if isinstance(value, Message) and value.key in PLURALS:
        singular, plural = PLURALS[value.key]
        values = dict(value.values)
        return translation.ngettext(singular, plural, values["n"]).format(**values)
    if isinstance(value, Message):
        template = translation.gettext(MESSAGES.get(value.key) or PHRASES.get(value.key) or TERMINAL[value.key])
        return template.format(**{name: _value(v, translation) for name, v in value.values})
    if isinstance(value, Msgid):
        return translation.gettext(value.text)
    return str(value)


def _value(value: object, translation: NullTranslations) -> object:
    """A placeholder's value: a number stays a number (`{code:04X}`), a piece of text is translated."""
    return render(value, translation) if isinstance(value, (Message, Msgid)) else value


def to_json(value: object) -> object:
    """A Message as JSON can hold it (the build cache keeps the diagnostics of an article)."""
    if isinstance(value, Message):
        return {"key": value.key, "values": [[name, to_json(v)] for name, v in value.values]}
    if isinstance(value, Msgid):
        return {"msgid": value.text}
    return value


def from_json(value: object) -> object:
    if isinstance(value, dict) and "key" in value:
        return Message(value["key"], tuple((name, from_json(v)) for name, v in value["values"]))
    if isinstance(value, dict):
        return Msgid(value["msgid"])
    return value


# Pieces of messages: hints, did-you-means, words that a message takes as a value.
PHRASES: dict[str, str] = {
    "did-you-mean": N_(" (did you mean {value}?)"),
    "expected-one-of": N_(" (expected one of: {values})"),
    "or-list": N_("{first} or {rest}"),
    "at-line": N_("line {line}"),
    "in-article": N_("in the article '{slug}'"),
    "topics-listed": N_("{hint}; site.yml lists: {topics}"),
    "topics-none": N_("; site.yml lists no topics yet: add it under 'topics:' there"),
    "due-today": N_("today"),
    "article-file-folder": N_("the folder of the article's file"),
    "names-other-type": N_("names @{entry_type} '{key}', not an @xdata entry"),
    "term-forms": N_("'{word}': forms"),
    "term-related": N_("'{word}': related"),
    "key-hint": N_(": {hint}"),
    # load/images.py, load/videos.py
    "article-folder": N_("the article's folder"),
    "shared-folder": N_("the site's {SHARED}/ folder"),
    # load/inheritance.py
    "crossref-circle": N_("goes round in a circle ({value}); remove one of the crossref fields"),
    "crossref-chain": N_("names an entry that has a crossref itself; point it to the book's key, or copy the fields into the entry"),
    "names-no-entry": N_("names no entry"),
    # load/yamlsource.py
    "yaml-colon": N_("{problem} (a value holding ': ' must be in quotes)"),
    "yaml-tab": N_("{problem} (YAML does not allow tabs for indentation; use spaces)"),
    # load/bibliography.py
    "month-hint": N_(" (a month? write jan, feb, … dec)"),
    "xref-gives-no-fields": N_("; its xref '{get}' gives it no fields (biblatex's rule): write crossref = {{{get}}} to take the book's title, editors and publisher"),
}

# Phrases with a plural form, chosen by their value `n`.
PLURALS: dict[str, tuple[str, str]] = {
    "due-in-days": N_plural("in {n} day", "in {n} days"),
    "cli.built": N_plural("Built {n} page into {out}", "Built {n} pages into {out}"),
    "note.anchors": N_plural("{record}: {n} new anchor recorded; commit the file",
                             "{record}: {n} new anchors recorded; commit the file"),
    "note.addresses": N_plural("{record}: {n} new address recorded; commit the file",
                               "{record}: {n} new addresses recorded; commit the file"),
    "note.drafts": N_plural("{n} draft not published (draft: true): {names}",
                            "{n} drafts not published (draft: true): {names}"),
}

# What the commands print besides the diagnostics.
TERMINAL: dict[str, str] = {
    "cli.no-site": N_("iskias-site: error: the site folder '{site}' does not exist"),
    "cli.jobs": N_("iskias-site: error: --jobs must be 1 or more"),
    "cli.not-written": N_("Nothing was written; the previous site is unchanged."),
    "cli.waiting": N_("Waiting for another build of {site} to finish …"),
    "note.unchanged": N_("Nothing changed since the last build: {out} was left as it was."),
    "cli.no-notes": N_("no editors' notes"),
    "cli.new-refused": N_("iskias-site: error: {problem}"),
    "cli.created": N_("created {path}"),
    "cli.next": N_("Next: fill in the front matter, write the text, and run `iskias-site serve` to see it."),
    "cli.cannot-listen": N_("iskias-site: error: cannot listen on {host}:{port}: {reason}"),
    "progress.build": N_("Building articles: {done} of {total} ({cached} unchanged, {built} built now)"),
    "progress.check": N_("Checking articles: {done} of {total}"),
    "preview.serving": N_("Previewing {site} at {url} (stop with Ctrl+C)"),
    "preview.rebuilt": N_("Rebuilt"),
    "preview.has-errors": N_("The site has errors; the browser shows them"),
    "preview.shows": N_("; the browser shows {address}"),
    "preview.open-to-network": N_("warning: the preview listens on {host}, so everyone on that network can read it"),
    "preview.stopped": N_("Stopped."),
    "preview.failed": N_("The page could not be built. You are seeing the last version that worked."),
    "preview.fix": N_("Fix these errors:"),
    "preview.guide": N_("what it means"),
    "lix.figures": N_("LIX {lix} ({band}), {words} words, {sentences} sentences, {long_words} long words"),
    "lix.article": N_("{figures} for the whole article"),
    # the commands' --help
    "help.description": N_("Build the Danish patient-information site."),
    "help.build": N_("build the site into _site/ (the default)"),
    "help.out": N_("write the site here instead of SITE/_site"),
    "help.strict": N_("fail on warnings too"),
    "help.jobs": N_("worker processes (default: one per core)"),
    "help.no-cache": N_("convert every article again"),
    "help.serve": N_("preview the site on a local address, reloading on every save"),
    "help.host": N_("address to listen on (default: 127.0.0.1)"),
    "help.port": N_("port to listen on (default: 8000)"),
    "help.poll": N_("look for saves by polling, where file events do not arrive (network drives)"),
    "help.check": N_("run every build check and the editors' lints; write nothing"),
    "help.format": N_("output format"),
    "help.notes": N_("list the editors' notes (<!-- … -->) instead of the problems"),
    "help.new": N_("start a new article: content/SLUG/ with front matter and a first section"),
    "help.slug": N_("the article's web address, e.g. rygsmerter"),
    "help.site": N_("the site folder (default: here)"),
    "help.lang": N_("the language of the messages (default: from LANGUAGE, LC_MESSAGES or LANG, else the "
                    "site's language, else da)"),
    "help.quiet": N_("no progress line while the articles are built"),
}

# Python's argparse reads its own words through gettext (its how-to, "How to translate the argparse
# output"); the CLI hands it our catalogue, so these are here to be extracted and translated. The
# msgids are argparse's own, exactly (tests/test_cli.py checks that argparse still uses each).
ARGPARSE: tuple[str, ...] = (
    N_("usage: "),
    N_("positional arguments"),
    N_("options"),
    N_("show this help message and exit"),
    N_("%(prog)s: error: %(message)s\n"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("invalid %(type)s value: %(value)r"),
    N_("unrecognized arguments: %s"),
    N_("the following arguments are required: %s"),
    N_("expected one argument"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("ignored explicit argument %r"),
)

# Every diagnostic, by code. Filled in below, grouped by the stage that reports it.
MESSAGES: dict[str, str] = {
    # check/article.py
    "unknown-citation-key": N_("unknown citation key '{key}'{hint}"),
    "citation-link-definition": N_("a link definition '[@…]:' would swallow citations; rename its label"),
    "heading-level-one": N_("'#' is the page title, made from the front matter; use '##' for a section"),
    "heading-anchor-taken/page": N_("heading gets the anchor '#{anchor}', which the page already uses for {what}; reword it, or give it its own anchor with {{#new-anchor}}"),
    "heading-anchor-taken/heading": N_("heading gets the anchor '#{anchor}', as does the heading at {where}; reword one, or give it its own anchor with {{#new-anchor}}"),
    # check/blocks.py
    "card-other-text": N_("a care card holds only its list of signs; move other text out of the card"),
    "emergency-card-link": N_("an emergency card has no links: its one action is the phone number"),
    "handout-without-list": N_("a handout block holds only a '- ' list of short things the reader can do"),
    "handout-too-many-points": N_("the handout lists {count} points; at most {MAX_HANDOUT_POINTS}, so it fits on one printed page"),
    "handout-citation": N_("a handout point cites no source (the handout has no reference list); cite it in the article's text instead"),
    "block-nested": N_("a block opens inside the block opened on line {open_at}; close that one with ':::' first"),
    "block-close-without-open": N_("':::' closes no block; remove it or add the opening line"),
    "block-unclosed": N_("the '::: {kind}' block opened here is never closed; add a line ':::' where it ends"),
    "unknown-block-type": N_("unknown block type '{kind}' (expected: {value})"),
    "unknown-card-level": N_("unknown card level '{argument}' (expected: {value})"),
    "block-title-not-allowed/quote": N_("a quote has no title; write who said it in the quote itself"),
    "block-title-not-allowed/handout": N_("a handout block has no title; the handout heads it 'Det kan du selv gøre'"),
    "chart-without-file": N_("a chart names its CSV file: '::: chart findings.csv'"),
    "block-empty": N_("the '::: {kind}' block is empty"),
    "card-without-list": N_("a care card lists its signs as '- ' items"),
    "card-too-many-signs": N_("{article} {level} card lists {count} signs; at most {allowed} (split it, or move the less urgent signs to another card)"),
    # check/glossary.py
    "unknown-term": N_("'{written}' is no term in the glossary{hint}"),
    # check/handout.py
    "handout-twice": N_("a second '::: handout' block (the first is at {where}); keep one list"),
    # check/links.py
    "link-unknown-page/page": N_("link to '{dest}' leads to no page of the site{hint}"),
    "link-unknown-page/draft": N_("link to '{dest}' leads to no published page: the article '{target}' {unpublished}"),
    "link-unknown-page/article": N_("link to '{dest}' leads to no article; there is no content/{target}{hint}"),
    "link-unknown-page/relative": N_("link to '{dest}' leads to no page of the site; link to a heading with '#anchor', or to another article with '../slug/#anchor'"),
    "link-unknown-page/file": N_("link to '{dest}' finds no file static/{name}"),
    "link-unknown-anchor": N_("link to '{dest}' finds no heading '#{anchor}' {where}{hint}"),
    # check/markup.py
    "too-many-brackets": N_("this paragraph has more than {MAX_BRACKETS} '[' characters; split it, or write \\[ for a literal bracket"),
    "html-unclosed": N_("<{name}> is opened here but not closed in the same paragraph; add </{name}> where it should end"),
    "html-not-allowed/tag": N_("raw HTML <{name}> is not allowed; use Markdown (allowed tags: {value})"),
    "html-not-allowed/link": N_("link to '{url}' is not allowed; links go to https:, mailto:, tel: or a page of this site"),
    "html-not-allowed/attribute": N_("the attribute '{attribute}' is not allowed in raw HTML"),
    "html-not-allowed/attribute-of-tag": N_("<{tag}> may not have the attribute '{attribute}'"),
    "html-not-allowed/value": N_("'{value}' is not allowed in raw HTML"),
    "nesting-too-deep/line": N_("lists or quotes nested {depth} deep; at most {MAX_NESTING} levels"),
    "code-block-unclosed": N_("the code block opened here is never closed; add a line '{group}' where it ends"),
    "attribute-citation": N_("a citation cannot stand inside {{…}}; put it in the text"),
    "attribute-not-allowed": N_("the attribute '{name}' is not allowed in {{…}}"),
    # check/placeholders.py
    "placeholder-text/description": N_("the description is still the placeholder of 'iskias-site new'; {ADVICE}"),
    "placeholder-text/text": N_("'{placeholder}' is placeholder text from 'iskias-site new'; {ADVICE}"),
    # check/site.py
    "unknown-topic": N_("unknown topic '{topic}'{listed}"),
    "related-unknown/self": N_("related: '{slug}' is this article itself; name other articles"),
    "related-unknown/draft": N_("related: the article '{slug}' {unpublished}"),
    "related-unknown/missing": N_("related: there is no article '{slug}' in content/{hint}"),
    "moved-from-invalid/not-address": N_("moved_from: '{old}' cannot have been an address; write the old slug, e.g. 'gammel-adresse' for /gammel-adresse/"),
    "moved-from-invalid/article": N_("moved_from: '{old}' is the address of the article content/{old} now; an address can lead to one page only"),
    "moved-from-invalid/twice": N_("moved_from: '{old}' is claimed by '{moved}' too; an old address can lead to one article only"),
    # convert/converter.py
    "citation-unresolved": N_("cannot resolve the citation '[{text}]'; check its keys"),
    # lint/lints.py
    "lix-too-high": N_("LIX {lix} ({band}) is above the site's limit of {lix_max}; shorter sentences and shorter words bring it down"),
    "sentence-too-long": N_("a sentence of {words} words; split it (at most {MAX_SENTENCE_WORDS})"),
    "paragraph-too-long": N_("a paragraph of {count} sentences; split it (at most {MAX_PARAGRAPH_SENTENCES})"),
    "link-not-encrypted": N_("'{group}' is not encrypted; link to '{secure}' instead"),
    "alt-text-repeats-title": N_("the alt text of image '{src}' only repeats the {which} title; describe what the image shows"),
    "review-due/soon": N_("the next review is due {next_review} ({when}); plan it"),
    "no-clinical-review": N_("no clinical review yet: the page shows 'Afventer faglig gennemgang'"),
    "handout-missing": N_("the printable handout has no 'Det kan du selv gøre' list; add a '::: handout' block with 3 to 6 short points the reader can do"),
    "phone-not-verified/missing": N_("phone '{key}' ({number}) has no verified date; check the number against the official source and set verified: YYYY-MM-DD"),
    "phone-not-verified/old": N_("phone '{key}' ({number}) was last verified {verified}, more than {PHONE_MAX_AGE_MONTHS} months ago; check it again and update verified"),
    "phone-not-verified/check-by": N_("phone '{key}' ({number}) had to be checked again by {check_by}; check it against its source, then update verified and check_by"),
    "entry-without-identifier": N_("entry '{key}' has no doi, pmid, url or isbn; add one so a reader can find the source"),
    "link-text/missing": N_("a link without text; write where it leads between the brackets"),
    "link-text/vague": N_("link text '{plain}' does not say where the link leads (screen readers list links on their own); name the destination instead"),
    # lint/terms.py
    "term-unexplained": N_("explain '{word}' or add it to the glossary"),
    # load/bibliography.py
    "site-file-missing/references": N_("references.bib is missing; create it (it may be empty)"),
    "duplicate-entry-key/case": N_("duplicate key '{key}' (also '{key2}' on line {line}); keys must differ in more than upper/lower case"),
    "duplicate-entry-key/same": N_("duplicate key '{key}'; every entry needs its own key"),
    "entry-without-key": N_("entry has no key; write one after the opening brace, e.g. @article{{hansen2020, …"),
    "entry-unreadable/reason": N_("entry could not be parsed: {lower_first}"),
    "entry-unreadable/braces": N_("entry could not be parsed; check that its braces and quotes are closed"),
    "field-missing-comma": N_("field '{key}' swallows the next field; a comma is probably missing at its end"),
    "names-unreadable": N_("the names in '{field}' cannot be read ({reason}); write them as 'Last, First and Last, First'"),
    "latex-command-unknown": N_("'{name}' of '{key}' uses the LaTeX command \\{macro}, which has no meaning here; it is left out and its text kept: write the text without it"),
    "entry-date-unreadable": N_("'{name}' of '{key}' is not a date: {fields}; write {DATE_FORMS}"),
    "string-macro-unknown": N_("field '{key}' uses '{part}', which is no @string defined above it{hint}; define it with @string or put the value in braces"),
    "entry-type-unknown": N_("@{entry_type} '{key}' is an entry type with no Vancouver form; it is shown as {FORM_NAMES} (title, publisher, year): use @book, @article, @online or @misc"),
    "entry-missing-fields": N_("@{entry_type} '{key}' has no {value}; a reader cannot find the source without it{hint}"),
    # scaffold.py (`iskias-site new`; the first is load/content.py's too)
    "article-not-address/new": N_("'{slug}' cannot be a web address; use lowercase a-z, 0-9 and hyphens (æ→ae, ø→oe, å→aa), e.g. 'rygsmerter'"),
    "article-exists": N_("an article '{slug}' exists already in {content}"),
    # load/config.py
    "site-file-missing/site-yml": N_("site.yml is missing; every site folder needs one (copy it from the iskias-site repository)"),
    "unknown-citation-style": N_("citation_style '{style}' is unknown (expected: {value})"),
    "unknown-language": N_("language '{get}' has no strings in the generator{hint}"),
    "base-url-not-web-address": N_("base_url must start with https://"),
    "topic-invalid/not-address": N_("topics: '{slug}' cannot be a web address; use lowercase a-z, 0-9 and hyphens (æ→ae, ø→oe, å→aa)"),
    "topic-invalid/title": N_("topics: '{slug}' needs its title as text, e.g. '{slug}: Ryg og nerver'"),
    "phone-fields-missing": N_("phones: '{key}' must hold number, label and verified"),
    # load/content.py
    "site-file-missing/content": N_("the content/ folder is missing"),
    "article-address-twice": N_("makes the same page '{slug}/' as content/{name}; rename one of them"),
    "article-address-reserved/static": N_("'static' is where the site's own files go; give the article another name"),
    "symbolic-link/content": N_("is a symbolic link; content must be real files inside content/"),
    "file-ignored": N_("is not a Markdown file and is ignored; articles are folders or .md files"),
    "article-not-address": N_("'{slug}' cannot be a web address; use lowercase a-z, 0-9 and hyphens (æ→ae, ø→oe, å→aa)"),
    "article-without-index": N_("the article folder has no index.md; it holds the front matter and the introduction"),
    "section-file-name": N_("section files are named NN-name.md (e.g. 03-symptomer.md); rename it"),
    "section-number-twice": N_("has the same number as {other}; give each section its own number"),
    "section-without-heading/text": N_("a section must open with its '## ' heading, e.g. '## Symptomer'"),
    "section-without-heading/empty": N_("the section is empty; it must open with its '## ' heading"),
    "front-matter-missing": N_("the file must start with front matter: a '---' line, 'key: value' lines, and a closing '---'"),
    "front-matter-unclosed": N_("the front matter opened here is never closed; add a '---' line after it"),
    "anchor-alias-not-anchor": N_("anchor_aliases: '{name}' is not an anchor; an anchor has only letters, digits and hyphens, e.g. gammelt-anker: nyt-anker"),
    "note-unclosed": N_("the editor's note opened here with '<!--' is never closed; end it with '-->'"),
    # load/glossary.py
    "term-fields/words": N_("{what} must be a list of words, e.g. [diskusprolapsen, diskusprolapser]"),
    "term-related-unknown": N_("'{word}': related term '{other}' is not in the glossary{hint}"),
    "term-form-twice": N_("'{word}' and '{word2}' share a form; a word can belong to one term only"),
    "term-fields/explanation": N_("term '{word}' must hold 'explanation:' (and perhaps 'forms:', 'related:')"),
    # load/images.py
    "image-credit/unreadable": N_("is not valid YAML; put the credit in quotes: credit: \"Foto: name\""),
    "image-credit/missing": N_("needs a line 'credit: \"…\"' with the image's credit, e.g. credit: \"Foto: name\""),
    "image-without-alt-text": N_("image '{name}' has no alt text; describe what it shows: ![Beskrivelse]({name})"),
    "image-on-other-site": N_("image '{name}' is on another site; put the file in the article's folder"),
    "image-missing/shared": N_("image '{name}' is not in the site's {SHARED}/ folder"),
    "image-missing/article": N_("image '{name}' is not in {where}; put it there, or use a shared image from {SHARED}/ as '/{SHARED}/{rsplit}'"),
    "image-type-unknown": N_("'{name}' is not an image this site can show ({value})"),
    "image-unreadable": N_("cannot read the size of image '{name}'; is the file a valid image?"),
    # load/config.py: the handouts and the time limit
    "unknown-handouts": N_("handouts '{handouts}' is unknown{hint}"),
    "timeout-too-short": N_("timeout must be 1 second or more (it is {timeout}); leave it out for the default of 60"),
    # pipeline/time_limit.py
    "article-timeout": N_("the article took longer than {seconds} s to convert; something in it makes the Markdown converter work without end (thousands of '[' or '*' without their partners, or lists nested very deep): move its sections out one at a time to find the part, or, for a really long article, raise 'timeout' in site.yml"),
    # load/videos.py
    "video-invalid/no-address": N_("a video block names the video's address and its title: {example}"),
    "video-invalid/no-title": N_("the video '{address}' has no title; write it after the address: '::: video {address} Titel'"),
    "video-invalid/insecure": N_("the video address '{address}' is not secure; write it with https://"),
    "video-unknown-address/youtube": N_("'{address}' names no YouTube video; copy the address from the video's 'Del' (Share) button: https://youtu.be/…"),
    "video-unknown-address/vimeo": N_("'{address}' names no Vimeo video; write it as https://vimeo.com/<number>"),
    "video-unknown-address/site": N_("'{address}' is not a video this site can show; link to YouTube (https://www.youtube.com/watch?v=…) or Vimeo (https://vimeo.com/…), or put an '.mp4' or '.webm' file with its captions beside the article"),
    "video-file-type": N_("'{name}' is not a video file this site can show ({types}); save it as MP4 or WebM, or link to YouTube or Vimeo"),
    "video-missing": N_("video '{name}' is not in {where}{hint}"),
    "video-without-captions": N_("video '{name}' needs captions: add {captions} beside it (a WebVTT file, the text of everything said in the video)"),
    "video-captions-not-webvtt": N_("'{captions}' is not a WebVTT caption file: its first line must be 'WEBVTT'"),
    # load/inheritance.py
    "xdata-unknown/circle": N_("xdata of '{key}' goes round in a circle ({circle}); remove one of the xdata fields"),
    "crossref-unknown/missing": N_("crossref '{parent_key}' of '{key}' names no entry; point it to the book's key, or copy the fields into the entry"),
    "crossref-unknown/why": N_("crossref '{parent_key}' of '{key}' {why}"),
    "crossref-unknown/xref": N_("xref '{key}' of '{key2}' names no entry; point it to the book's key, or remove it"),
    "entry-set": N_("@set '{key}' is not shown: cite {members} one by one instead"),
    "xdata-unknown/missing": N_("xdata '{key}' of '{key2}' {why}; point it to an @xdata entry's key, or copy the fields into the entry"),
    # load/tables.py
    "chart-file-missing": N_("the chart's file '{name}' is not in the article's folder"),
    "chart-data-invalid/empty": N_("a chart's CSV needs a header row and at least one row of numbers"),
    "chart-data-invalid/columns": N_("has {count} columns; the header has {count2}"),
    "chart-data-invalid/number": N_("every value after the first column must be a number"),
    "chart-row-name-long": N_("the row name '{name}' is longer than the chart's labels hold (two lines, about {limit} characters), so the chart cuts it short; shorten it (the table under the chart shows it whole)"),
    # load/textfile.py
    "file-too-large": N_("file is {size} KB; the limit is {MAX_FILE_BYTES} KB; split it"),
    "file-unreadable": N_("cannot be read: {strerror}"),
    "file-not-utf8": N_("is not UTF-8 text (Latin-1?); save the file as UTF-8"),
    "file-control-character": N_("contains the control character U+{ord:04X}; delete it"),
    # load/yamlsource.py
    "wrong-type/plain": N_("'{key}' must be {wanted}, but YAML read it as {type} {shown}"),
    "wrong-type/quote": N_("'{key}' must be {wanted}, but YAML read it as {type} {shown}; put the value in quotes"),
    "yaml-key-twice": N_("'{key}' is given twice (first on line {line}); keep one"),
    "yaml-alias": N_("'{key}' uses a YAML alias or anchor (& or *); write the value out"),
    "yaml-comment-in-value": N_("'{key}': the text after ' #' is read as a comment, not as part of the value; if it belongs to the value, put the whole value in quotes"),
    "date-not-real": N_("'{key}' is not a real date: {value}; write YYYY-MM-DD, with a month from 01 to 12 and a day that month has"),
    "yaml-value-unreadable/tag": N_("'{key}' uses the YAML tag '{tag}', which is not allowed here; write the value without it"),
    "yaml-value-unreadable/value": N_("'{key}' could not be read: {value}; check the value, or put it in quotes"),
    "yaml-value-unreadable/plain": N_("'{key}' could not be read; check the value, or put it in quotes"),
    "unknown-key": N_("unknown key '{key}'{hint}"),
    "missing-key": N_("missing required key '{key}'{value}"),
    "yaml-unreadable": N_("YAML could not be read: {yaml_problem}"),
    "yaml-not-mapping": N_("expected 'key: value' lines"),
    # pipeline/article.py
    "nesting-too-deep/article": N_("too deeply nested; the limit is {MAX_NESTING} levels of lists and quotes: make the list flatter, or split it"),
    "template-error": N_("template error: {message}"),
    # pipeline/site.py
    "site-file-missing/templates": N_("the templates/ folder is missing"),
    "symbolic-link/static": N_("is a symbolic link; put the file itself in static/"),
    "entry-never-cited": N_("entry '{key}' is never cited"),
    "review-due/overdue": N_("the next review date {next_review} has passed; review the content and set new dates"),
    "article-address-reserved/search": N_("'soeg' is the address of the search page; give the article another name"),
    "article-address-reserved/glossary": N_("'ordbog' is the address of the glossary page (ordbog.yml); give the article another name"),
    # render/pdf.py
    "pdf-unavailable/libraries": N_("the PDF handouts need WeasyPrint's system libraries (Pango); on Debian: apt-get install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 (see the README)"),
    "pdf-unavailable/font": N_("the PDF handouts need the font {missing} in {font_folder}; on Debian: apt-get install fonts-liberation2"),
    # source/citation_items.py
    "citation-unreadable/form": N_("cannot read citation '[{inside}]'; write [@key], [@key1; @key2] or [@key, s. 12]"),
    "citation-unreadable/comma": N_("cannot read citation '[{inside}]': put a comma between the key and the page, as in [@{key}, {rest}]"),
    "citation-empty": N_("empty citation; write a key after '@', e.g. [@brinjikji2015]"),
    "citation-unreadable/no-key": N_("cannot read citation '[{inside}]': the part '{item}' has no key; write @key in every part between the semicolons"),
    "citation-unreadable/two-keys": N_("cannot read citation '[{inside}]': two keys in one part; put a semicolon between them, e.g. [@a; @b]"),
    # source/citations.py
    "citation-suppress-author": N_("'-@{key}' asks for the year without the author, but a numbered citation shows neither; write @{key}"),
    # write/anchor_record.py
    "published-page-gone/anchors": N_("'{gone}' was published, but there is no article '{slug}' now; links to it break. Restore it, or delete its lines from {RECORD}"),
    "published-anchor-gone": N_("the anchor '#{anchor}' was published and no heading has it now; clinicians' links would break. Add to the front matter: anchor_aliases: {{{anchor}: new-anchor}}"),
    "anchor-alias-unknown": N_("anchor_aliases: '{old}' points to '#{new}', which no heading has"),
    # write/page_record.py
    "published-page-gone/pages": N_("'{gone}' was published, but no article has that address now; links to it break. Add 'moved_from: [{slug}]' to the front matter of {where}, or delete its line from {RECORD}"),
    # write/search_index.py
    "search-index-failed/missing": N_("the search index cannot be built: Pagefind is not installed; run: python -m pip install -e ."),
    "search-index-failed/pagefind": N_("the search index could not be built (Pagefind said: {value})"),
    "search-page-without-bundles": N_("the search page does not load the search index's other parts ({missing}), "
                                      "so a search finds only the articles in the first of its {parts} parts; give "
                                      "its search box data-bundles, as the standard templates/search.html does"),
}
