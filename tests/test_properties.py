"""Properties that must hold for any input, checked with Hypothesis on generated input.

Bad input never breaks the site, leaks into a page or hangs the build:

- the citation scanner and `parse_items`: any text, no exception; every citation on a line of the text;
  a citation written correctly is found with its keys and locator on its line;
- `compress` / `expand`: a round trip for any set of positive numbers; spans sorted, apart, of one
  number or of three or more, and as long as they can be;
- `split_front_matter`: any text gives None, "unclosed", or parts that rebuild the text;
- `slugify`: never empty, only a-z, 0-9 and single inner hyphens, idempotent;
- `parse_bibliography` on generated entries: never an exception, only diagnostics; Danish letters
  written in LaTeX come out as æ ø å (and Æ Ø Å);
- `build_site` on a site whose section is arbitrary text: never raises, never runs away, and either
  builds or reports every problem as `path:line: severity: message` with a line in the file;
  what it builds holds no script and no `javascript:` address, and a heading reads the same in the
  contents list as on the page.

Each property is bounded (at most 100 examples, no deadline) so the file runs in well under a minute.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import signal
from pathlib import Path

import pytest
from conftest import BIB, INDEX, SITE_YML, write_files
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from iskias_site.messages import Message
from iskias_site.source.anchors import slugify
from iskias_site.load.bibliography import parse_bibliography
from iskias_site.pipeline.site import build_site
from iskias_site.source.citations import KEY, compress, expand, parse_items, scan
from iskias_site.load.content import FENCE, split_front_matter
from iskias_site.diagnostics import Diagnostics

REPO = Path(__file__).resolve().parent.parent
QUICK = settings(max_examples=100, deadline=None)
BUILDS = settings(max_examples=40, deadline=None,
                  suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

# Text: anything (no surrogates: they cannot be written as UTF-8), or made of the characters that matter.
MARKDOWN_ALPHABET = list("[]@;,.:\\`~ \n\t-_/+(){}#*!<>|=\"'0123456789abcxyzæøåÆØÅ") + ["\u00a0", "\u200b", "–"]
ANY_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=300)
MARKDOWNISH = st.text(st.sampled_from(MARKDOWN_ALPHABET), max_size=300)
TEXT = st.one_of(ANY_TEXT, MARKDOWNISH)


# --- citations ---------------------------------------------------------------------------------

@QUICK
@given(TEXT, st.integers(min_value=1, max_value=10_000))
@example("[@a]\n```\n[@b]\n```\n`[@c]` [@d]", 1)
@example("\\[@a] [@] [@a;] [@a, ] [@a; @b, s. 1]", 7)
def test_scan_never_fails_and_lines_are_in_the_text(text, first_line):
    last_line = first_line + text.count("\n")
    for citation in scan(text, first_line):
        assert first_line <= citation.line <= last_line, (citation, first_line, last_line)
        assert bool(citation.cites) != bool(citation.problem), citation
        for cite in citation.cites:
            assert re.fullmatch(KEY, cite.key), cite


@QUICK
@given(TEXT)
@example("@")
@example(" ; ")
@example("@a;;@b")
def test_parse_items_never_fails(inside):
    cites, problem = parse_items(inside)
    assert isinstance(problem, (str, Message))
    assert (cites == ()) == bool(problem), (cites, problem)


KEYS = st.from_regex(r"\A[A-Za-z0-9_][A-Za-z0-9_]{0,15}\Z")
LOCATORS = st.one_of(st.just(""), st.from_regex(r"\As\. [0-9]{1,3}(–[0-9]{1,3})?\Z"))


@QUICK
@given(st.lists(st.tuples(KEYS, LOCATORS), min_size=1, max_size=4),
       st.lists(st.text(st.sampled_from(list("abc æø.,")), max_size=20), max_size=5), st.integers(0, 5))
def test_a_written_citation_is_found_on_its_line(items, lines, where):
    written = "[" + "; ".join(f"@{key}" + (f", {locator}" if locator else "") for key, locator in items) + "]"
    where = min(where, len(lines))
    text = "\n".join([*lines[:where], f"Tekst {written}.", *lines[where:]])
    found = [c for c in scan(text) if c.cites]
    assert [(c.line, [(x.key, x.locator) for x in c.cites]) for c in found] == [(where + 1, list(items))]


# --- compression -------------------------------------------------------------------------------

@QUICK
@given(st.lists(st.integers(min_value=1, max_value=10**6), max_size=60)
       | st.lists(st.integers(min_value=1, max_value=40), max_size=40))
@example([1, 2, 3, 5])
@example([8, 9])
def test_compress_round_trips_and_spans_are_proper(numbers):
    spans = compress(numbers)
    assert expand(spans) == sorted(set(numbers))
    present = set(numbers)
    for (first, last), following in zip(spans, spans[1:] + [None]):
        assert first == last or last - first >= 2, f"a span of two: {(first, last)}"
        if following is not None:
            assert last < following[0], f"spans out of order or overlapping: {(first, last)}, {following}"
        if last > first:  # a range is as long as it can be
            assert first - 1 not in present and last + 1 not in present, (first, last, sorted(present))
    singles = {first for first, last in spans if first == last}
    assert not any(n in singles and n + 1 in singles and n + 2 in singles for n in singles), spans


# --- front matter ------------------------------------------------------------------------------

FRONT_MATTER_LINES = st.lists(st.one_of(
    st.sampled_from(["---", "...", "--- ", "---\t", " ---", "----", "title: x", "", "a: [1, 2]", "#"]),
    st.text(st.sampled_from(list("-. :ab\t")), max_size=6)), max_size=12).map("\n".join)


@QUICK
@given(st.one_of(TEXT, FRONT_MATTER_LINES))
@example("---\n---")
@example("---\n\n---\nbody")
@example("---\nunclosed")
@example("...\n---\n")
def test_front_matter_split_rebuilds_the_text(text):
    lines = text.split("\n")
    result = split_front_matter(text)
    if result is None:
        assert not FENCE.match(lines[0]) or lines[0].startswith("...")
        return
    assert FENCE.match(lines[0]) and not lines[0].startswith("...")
    if result == "unclosed":
        assert not any(FENCE.match(line) for line in lines[1:])
        return
    yaml_text, body, body_line = result
    closing = body_line - 2  # index of the closing fence
    assert 1 <= closing < len(lines) and FENCE.match(lines[closing])
    assert not any(FENCE.match(line) for line in lines[1:closing]), "not the first closing fence"
    yaml_lines = yaml_text.split("\n") if closing > 1 else []
    assert len(yaml_lines) == closing - 1
    rebuilt = "\n".join([lines[0], *yaml_lines, lines[closing]])
    if closing + 1 < len(lines):  # a body, possibly empty, after the closing fence's line end
        rebuilt += "\n" + body
    else:
        assert body == ""
    assert rebuilt == text
    assert "\n".join(lines[body_line - 1:]) == body, "the body does not start on the line given"


# --- anchors -----------------------------------------------------------------------------------

SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


@QUICK
@given(TEXT)
@example("")
@example("---")
@example("Hvornår skal du søge læge?")
@example("ÆØÅ æøå ß ﬁ ²")
def test_slugify_gives_a_clean_stable_anchor(text):
    slug = slugify(text)
    assert slug, "empty anchor"
    assert SLUG.fullmatch(slug), f"{text!r} -> {slug!r}"
    assert slugify(slug) == slug, f"not idempotent: {slug!r} -> {slugify(slug)!r}"


# --- LaTeX in the bibliography -----------------------------------------------------------------

# (LaTeX as an editor may write it, the letter it must become)
BRACED_LETTERS = [(r"{\ae}", "æ"), (r"{\o}", "ø"), (r"{\aa}", "å"), (r"{\AE}", "Æ"), (r"{\O}", "Ø"),
                  (r"{\AA}", "Å")]
PLAIN_MACRO_LETTERS = [(r"\ae{}", "æ"), (r"\o{}", "ø"), (r"\aa{}", "å"), (r"\AE{}", "Æ"), (r"\O{}", "Ø"),
                       (r"\AA{}", "Å")]
ASCII = [(c, c) for c in "abcdefghijklmnoprstuvy"]


def name_pieces(letters):
    """A surname from ASCII and Danish letters: (LaTeX, expected text); it starts with a capital."""
    first = st.sampled_from([(c.upper(), c.upper()) for c, _ in ASCII] + [x for x in letters if x[1].isupper()])
    rest = st.lists(st.sampled_from(ASCII + letters), min_size=1, max_size=8)
    return st.tuples(first, rest).map(lambda p: ("".join(x for x, _ in [p[0], *p[1]]),
                                                 "".join(y for _, y in [p[0], *p[1]])))


def authors(letters):
    return st.lists(st.tuples(name_pieces(letters), st.sampled_from(["P", "L", "JM", "Å", "Ø"])),
                    min_size=1, max_size=5)


def entry(author_field: str, title: str = "T") -> str:
    return f"@article{{key1,\n  author = {{{author_field}}},\n  title = {{{title}}},\n  journal = {{J}},\n  year = {{2020}},\n}}\n"


def latex_initial(initial: str) -> str:
    return {"Å": r"{\AA}", "Ø": r"{\O}"}.get(initial, initial)


def check_names(people) -> None:
    field = " and ".join(f"{latex}, {latex_initial(initial)}" for (latex, _), initial in people)
    diags = Diagnostics()
    bibliography = parse_bibliography(entry(field), Path("references.bib"), diags)
    assert not diags.errors, [d.format() for d in diags.items]
    got = [(p.last, p.initials) for p in bibliography.references["key1"].authors]
    assert got == [(text, initial) for (_, text), initial in people], field


@QUICK
@given(authors(BRACED_LETTERS))
@example([((r"Kj{\ae}r", "Kjær"), "P"), ((r"Hestb{\ae}k", "Hestbæk"), "L")])
@example([((r"{\O}stergaard", "Østergaard"), "N"), ((r"{\AA}se", "Åse"), "Ø")])
def test_danish_letters_in_braces_decode_in_names(people):
    check_names(people)


@QUICK
@given(authors(PLAIN_MACRO_LETTERS))
@example([((r"Kj\ae{}r", "Kjær"), "P"), ((r"\O{}stergaard", "Østergaard"), "N")])
def test_danish_letters_as_plain_macros_decode_in_names(people):
    """`\\O{}stergaard` is as good LaTeX as `{\\O}stergaard` and as common in exported files."""
    check_names(people)


@QUICK
@given(st.lists(st.sampled_from(BRACED_LETTERS + PLAIN_MACRO_LETTERS + ASCII + [(" ", " ")]), max_size=20))
def test_danish_letters_decode_in_titles(pieces):
    latex, text = "".join(x for x, _ in pieces), "".join(y for _, y in pieces)
    assume(latex.strip())
    diags = Diagnostics()
    bibliography = parse_bibliography(entry("Hansen, P", latex), Path("references.bib"), diags)
    assert not diags.errors, [d.format() for d in diags.items]
    assert bibliography.references["key1"].get("title") == " ".join(text.split())


BIB_NOISE = st.lists(st.sampled_from(list("@{}\"=,#%\\ \nabc{}0123") + [" and ", "@string", "@article", "\\o", "~"]),
                     max_size=80).map("".join)


@QUICK
@given(st.one_of(TEXT, BIB_NOISE, BIB_NOISE.map(entry), BIB_NOISE.map(lambda t: entry("Hansen, P", t))))
@example("@article{a, author = {{\\o} and }, title={x}}")
@example("@string{x = {y}} @article{a, title = x # {z}, author = {\\}}")
def test_parse_bibliography_reports_instead_of_raising(text):
    diags = Diagnostics()
    parse_bibliography(text, Path("references.bib"), diags)  # must not raise
    for diagnostic in diags.items:
        assert diagnostic.path == "references.bib" and diagnostic.line >= 0, diagnostic
        assert diagnostic.line <= text.count("\n") + 1, (diagnostic.format(), text.count("\n") + 1)


# --- the whole build ---------------------------------------------------------------------------

DIAGNOSTIC = re.compile(r"^(?P<path>[^:\n]+):(?P<line>[1-9][0-9]*): (?:error|warning): \S.*$")
SECTION = "content/test/01-foerste.md"
BLOCKS = st.sampled_from([
    "[@alpha2020]", "[@alpha2020; @beta2021, s. 3]", "[@ukendt]", "[@]", "\\[@alpha2020]", "::: tip Prøv selv",
    "::: card urgent", "::: card emergency", "::: chart x.csv", "::: summary", ":::", "- har feber", "1. et",
    "| a | b |", "| --- | --- |", "<b>", "</b>", "<i>fed</i>", "<script>alert(1)</script>", "<span lang=\"en\">",
    "[link](javascript:alert(1))", "[link](https://example.org)", "![](x.png)", "```", "`kode`", "### Under",
    "## Andet", "## Første afsnit", "{#eget}", "> citat", "&amp;", "&", "<", "*", "**", "\\", "æøå", "",
])
SECTION_TEXT = st.one_of(
    ANY_TEXT,
    MARKDOWNISH,
    st.tuples(st.text(st.sampled_from(MARKDOWN_ALPHABET[:-3] + list("abc ")), max_size=40),
              st.lists(st.one_of(BLOCKS, MARKDOWNISH.map(lambda t: t[:60])), max_size=25))
    .map(lambda p: f"## {p[0]}\n\n" + "\n".join(p[1]) + "\n"),
)


class _Runaway(Exception):
    pass


def _alarm(signum, frame):
    raise _Runaway("the build ran for more than 60 s on this input")


@pytest.fixture
def build_root(make_site):
    return make_site()


def _build(root: Path, section: str, out: Path):
    (root / SECTION).write_text(section, encoding="utf-8")
    (root / "published-anchors.txt").unlink(missing_ok=True)  # each example stands alone
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(60)
    try:
        return build_site(root, out, today=dt.date(2026, 6, 1), use_cache=False, jobs=1)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@BUILDS
@given(SECTION_TEXT)
@example("## Afsnit\n\n::: card urgent\n- a\n- b\n- c\n- d\n- e\n- f\n:::\n")
@example("## Afsnit\n\n" + "[" * 400 + "\n")
@example("## Afsnit\n\n" + "> " * 50 + "dybt\n")
@example("tekst uden overskrift\n")
@example("")
@example("## Afsnit\n\nTekst <b>ulukket [@alpha2020].\n")
@example("## Afsnit\n\n```\nkode\n\n[@ukendt]\n```\n")
@example("## Afsnit\n\n    [@ukendt]\n")
@example("## Afsnit\n\n````\n```\n````\n\nTekst.\n{: style=\"color:red\"}\n")
@example("## Afsnit\n\n- punkt\n\n    [@ukendt]\n")
@example("## Afsnit\n\nTekst <!-- note [@ukendt] --> [@alpha2020].\n")
@example("## \n\n>#\n")  # a heading in a block quote: its messages name its line
def test_build_on_any_section_text_reports_or_builds(build_root, tmp_path, section):
    result = _build(build_root, section, tmp_path / "out")
    section_lines = section.replace("\r\n", "\n").replace("\r", "\n").count("\n") + 1  # as the build reads it
    problems = []
    for diagnostic in result.diagnostics.sorted():
        text = diagnostic.format()
        if not DIAGNOSTIC.match(text):
            problems.append(f"not `path:line: severity: message` with a 1-based line: {text}")
        elif diagnostic.path == SECTION and diagnostic.line > section_lines:
            problems.append(f"line {diagnostic.line} is past the file's {section_lines} lines: {text}")
    assert not problems, "\n".join(problems)
    if result.ok:
        page = (tmp_path / "out" / "test" / "index.html").read_text(encoding="utf-8")
        scripts = re.findall(r"<script\b[^>]*>", page, re.IGNORECASE)
        assert scripts == ['<script type="application/ld+json">'], scripts
        main = page[page.index("<main"):page.index("</main>")]  # the head's icon is a harmless data: URL
        assert not re.search(r"""(?:href|src)\s*=\s*["']?\s*(?:javascript|data|vbscript):""", main, re.IGNORECASE)
        assert not re.search(r"<[a-z][^>]*\son[a-z]+\s*=", main, re.IGNORECASE), "an event-handler attribute"
        assert not re.search(r"<[a-z][^>]*\sstyle\s*=", main, re.IGNORECASE), "a style attribute"
        assert "[?]" not in page, "a citation the build could not resolve was published"
    else:
        assert result.diagnostics.errors or result.strict


HEADING_TEXT = st.lists(st.sampled_from(list("abcæøå ABC&\"'?-.,:") + ["&amp;", "1 < 2", "x > y"]), min_size=1,
                        max_size=20).map("".join).filter(lambda t: t.strip() and not t.strip().startswith("#"))


def _plain(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", fragment)).split())


@BUILDS
@given(HEADING_TEXT)
@example("Ryg & ben")
@example("Hvad er \"iskias\"?")
def test_a_heading_reads_the_same_in_the_contents_list(build_root, tmp_path, heading):
    result = _build(build_root, f"## {heading}\n\nTekst.\n", tmp_path / "out")
    assume(result.ok)
    page = (tmp_path / "out" / "test" / "index.html").read_text(encoding="utf-8")
    shown = re.search(r'<h2 id="([^"]+)">(.*?)</h2>', page.split('<section class="article-section"', 1)[1], re.S)
    assert shown, "no section heading"
    listed = re.search(rf'<li><a href="#{re.escape(shown.group(1))}">(.*?)</a>', page, re.S)
    assert listed, "the heading is not in the contents list"
    assert _plain(listed.group(1)) == _plain(shown.group(2)), (
        f"the heading reads {_plain(shown.group(2))!r} on the page but {_plain(listed.group(1))!r} in the "
        f"contents list (HTML: {listed.group(1)!r})")


def test_repository_templates_are_used(build_root):
    """The build properties run against the repository's own templates (make_site copies them)."""
    assert (build_root / "templates" / "article.html").read_bytes() == (REPO / "templates" / "article.html").read_bytes()


# --- issue 13: biblatex entries, front matter and nested Markdown -------------------------------

from iskias_site.load.bibliography import FORMS  # noqa: E402
from iskias_site.load.strings import load_strings  # noqa: E402
from iskias_site.render.references import list_reference  # noqa: E402

LATEX_PIECES = st.sampled_from([
    "a", "b", "Ryg", " ", "{", "}", "\\", "$", "$_2$", "H{$_2$}O", "\\emph{", "\\mkbibquote{", "\\enquote{",
    "\\textsubscript{", "\\relax", "\\relax ", "{\\o}", "\\'e", "\\\"{u}", "\\foo", "\\foo{x}", "--", "~", "%", "&",
    "#", "_", "^", "\\TeX", "\\hyphen", "\\url{a_b}", "\\\\", "\\{", "$x^{2}$", "\\par", "æ",
])
LATEX_VALUE = st.lists(LATEX_PIECES, max_size=12).map("".join)
DATE_VALUE = st.one_of(st.sampled_from(["2016", "2016-05", "2016-05-03", "2016/2018", "2016/", "2016/..",
                                        "2026-02-30", "2016-13", "../2016", "2016-05-03/2016-01"]),
                       st.text(st.sampled_from(list("0123456789-/.?~")), max_size=12))
BIB_FIELDS = st.dictionaries(
    st.sampled_from(["title", "subtitle", "booktitle", "maintitle", "journaltitle", "journal", "publisher",
                     "location", "eventtitle", "edition", "pages", "volume", "number", "type", "note"]),
    LATEX_VALUE, max_size=6)
ENTRY_TYPES = st.sampled_from(sorted(FORMS) + ["xdata", "set", "video", "inreference"])
LINKS = st.dictionaries(st.sampled_from(["crossref", "xref", "xdata", "ids"]),
                        st.sampled_from(["k0", "k1", "k2", "k0, k1", "missing"]), max_size=2)


@st.composite
def biblatex_files(draw):
    entries = []
    for index in range(draw(st.integers(min_value=1, max_value=4))):
        fields = {**draw(BIB_FIELDS), **draw(LINKS)}
        if draw(st.booleans()):
            fields["date"] = draw(DATE_VALUE)
        if draw(st.booleans()):
            fields["author"] = draw(st.sampled_from(["Hansen, A", "{\\relax MA} Bunge", "{Sundhedsstyrelsen}",
                                                     "A and others", "Kj{\\ae}r, P and {\\O}st, L"]))
        if draw(st.booleans()):
            fields["eprint"], fields["eprinttype"] = "123", draw(st.sampled_from(["pubmed", "arxiv", "jstor", "x"]))
        body = "".join(f"  {name} = {{{value}}},\n" for name, value in fields.items())
        entries.append(f"@{draw(ENTRY_TYPES)}{{k{index},\n{body}}}\n")
    return "".join(entries)


@QUICK
@given(biblatex_files())
@example("@book{k0, title={\\mkbibquote{x}}, crossref={k1}}\n@book{k1, crossref={k0}}\n")
@example("@xdata{k0, xdata={k0}}\n@book{k1, xdata={k0}}\n")
def test_any_biblatex_entry_is_read_or_reported_and_no_latex_reaches_a_reader(text):
    diags = Diagnostics()
    bibliography = parse_bibliography(text, Path("references.bib"), diags)  # must not raise
    for diagnostic in diags.items:
        assert 1 <= diagnostic.line <= text.count("\n") + 1, diagnostic.format()
    strings = load_strings()
    for reference in bibliography.references.values():
        listed = list_reference(reference, 1, [], strings, "da")
        shown = " ".join([listed.authors, listed.title, listed.details, *(s.text for s in listed.title_spans)])
        assert not re.search(r"[{}\\$]", shown), (text, shown)


FRONT_VALUES = st.one_of(
    st.sampled_from(["2026-02-30", "2026-13-45", "'2026-02-30'", "0000-00-00", "2026-2-3", "!!python/name:os.system ''",
                     "[a, b", "{a: b}", "ja: nej", "|", "&a x", "*a", "2026-01-01T10:00:00", "1e400", "~", "\"\\x\""]),
    st.text(st.sampled_from(list("0123456789-:!&*[]{}'\" abcæ#|>")), max_size=20),
)
FRONT_KEYS = st.sampled_from(["title", "description", "published", "last_reviewed", "next_review", "reviewed",
                              "author", "anchor_aliases", "ukendt"])


@BUILDS
@given(st.lists(st.tuples(FRONT_KEYS, FRONT_VALUES), min_size=1, max_size=4))
@example([("published", "2026-02-30")])
def test_any_front_matter_is_read_or_reported_in_our_words(build_root, tmp_path, pairs):
    index = build_root / "content" / "test" / "index.md"
    original = index.read_text(encoding="utf-8")
    head, _, rest = original.partition("\n---\n")
    lines = "".join(f"{key}: {value}\n" for key, value in pairs)
    index.write_text(head.replace("published:", lines + "published:", 1) + "\n---\n" + rest, encoding="utf-8")
    try:
        result = _build(build_root, "## Afsnit\n\nTekst.\n", tmp_path / "out")
    finally:
        index.write_text(original, encoding="utf-8")
    for diagnostic in result.diagnostics.items:
        text = diagnostic.format()
        assert DIAGNOSTIC.match(text), text
        for python_words in ("out of range", "must be in 1", "could not determine a constructor", "Traceback"):
            assert python_words not in text, text


NESTING_PIECES = st.sampled_from(["\t", " ", "  ", "    ", "> ", "- ", "* ", "1. ", "+ ", ">", "\t> ", "- > "])


@BUILDS
@given(st.lists(st.lists(NESTING_PIECES, max_size=40).map(lambda p: "".join(p) + "x"), min_size=1, max_size=30))
@example(["\t" * depth + "- x" for depth in range(60)])
@example(["> " * depth + "- x" for depth in range(60)])
def test_nested_markdown_of_any_kind_builds_or_is_reported(build_root, tmp_path, lines):
    result = _build(build_root, "## Afsnit\n\n" + "\n".join(lines) + "\n", tmp_path / "out")  # must not raise
    for diagnostic in result.diagnostics.items:
        assert DIAGNOSTIC.match(diagnostic.format()) or diagnostic.line == 0, diagnostic.format()
