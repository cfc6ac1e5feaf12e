"""What an editor's Markdown may contain, checked on the raw text before Python-Markdown sees it.

- Raw HTML: a small allow-list of inline tags; scripts, frames, event handlers, style attributes and
  `javascript:`/`data:`/`vbscript:` links are errors naming the line. `nh3` cleans what passes
  (see `convert/sanitize.py`), so a pattern missed here still cannot reach a reader.
- Limits that keep Python-Markdown fast and in memory: nesting depth of lists and quotes (deep
  nesting raises RecursionError) and `[` per paragraph (many unmatched brackets take minutes).
"""

from __future__ import annotations

import html
import re

from iskias_site.load.content import SourceFile
from iskias_site.diagnostics import Diagnostics
from iskias_site.source.code import CODE_SPAN, blank_code, code_lines

ALLOWED_TAGS = frozenset({"abbr", "b", "br", "em", "i", "kbd", "mark", "small", "strong", "sub", "sup", "span"})
ALLOWED_ATTRIBUTES = {"abbr": {"title"}, "span": {"lang"}}
MAX_NESTING = 8
MAX_BRACKETS = 300

TAG = re.compile(r"<(/?)([A-Za-z][\w:-]*)((?:\s+[^<>]*?)?)\s*/?>")
ATTRIBUTE = re.compile(r"([^\s=/]+)(?:\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s>]+))?")
ATTRIBUTE_LIST = re.compile(r"\{:?([^{}\n]*)\}")
BAD_URL = re.compile(r"^\s*(javascript|data|vbscript)\s*:", re.IGNORECASE)
LIST_OR_QUOTE = re.compile(r"^\s*(?:[-*+]|\d+[.)]|>)(?=\s|$)")


UNCLOSED_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
VOID_TAGS = frozenset({"br"})
BLOCK_START = re.compile(r"^(?:\s*(?:[-*+]|\d+[.)])\s|#{1,6}(?:\s|$)|:::|\s*\|)")
ONE_LINE_BLOCK = re.compile(r"^(?:#{1,6}(?:\s|$)|:::|\s*\|)")


def check_text(part: SourceFile, diags: Diagnostics) -> None:
    """Report raw HTML outside the allow-list and input beyond the limits. Each check runs only
    where the text has what it looks for: most files have no '<' and far fewer than 300 '['."""
    lines = _prose_lines(part)
    if "<" in part.text or "](" in part.text:
        _check_raw_html(part, lines, diags)
    if "{" in part.text:
        _check_attribute_lists(part, lines, diags)
    if part.text.count("[") > MAX_BRACKETS:
        _check_brackets(part, lines, diags)
    for number, line in lines:
        _check_nesting(part, number, line, diags)
    if "```" in part.text or "~~~" in part.text:
        _check_code_fences(part, diags)


def _prose_lines(part: SourceFile) -> list[tuple[int, str]]:
    """(line number, line) of every line outside code blocks."""
    code = code_lines(part.text)
    return [(part.first_line + offset, line) for offset, line in enumerate(part.text.split("\n"))
            if offset not in code]


def _check_code_fences(part: SourceFile, diags: Diagnostics) -> None:
    """A fence line that opens no code block (it never closes with the same fence) would show as
    text on the page."""
    for offset, line in enumerate(blank_code(part.text).split("\n")):
        fence = UNCLOSED_FENCE.match(line)
        if fence:
            diags.error(part.path, part.first_line + offset,
                        "code-block-unclosed", group=fence.group(1))


def _check_raw_html(part: SourceFile, lines: list[tuple[int, str]], diags: Diagnostics) -> None:
    open_tags: list[tuple[str, int]] = []
    for number, line in lines:
        if not line.strip() or BLOCK_START.match(line):
            _report_unclosed(part, open_tags, diags)
        if not line.strip():
            continue
        plain = CODE_SPAN.sub("", line) if "`" in line else line
        if "<" in plain or "](" in plain:
            _check_html(part, number, plain, diags)
            _track_tags(plain, number, open_tags)
        if ONE_LINE_BLOCK.match(line):  # a heading, a table row, a block fence: nothing carries over
            _report_unclosed(part, open_tags, diags)
    _report_unclosed(part, open_tags, diags)


def _check_attribute_lists(part: SourceFile, lines: list[tuple[int, str]], diags: Diagnostics) -> None:
    """`{: …}` after a heading, a paragraph or a word sets attributes: never an event handler or a
    style, and never a citation (it would end up inside the attribute)."""
    for number, line in lines:
        for match in ATTRIBUTE_LIST.finditer(CODE_SPAN.sub("", line) if "`" in line else line):
            if "[@" in match.group(1):
                diags.error(part.path, number, "attribute-citation")
            for name, value in ATTRIBUTE.findall(match.group(1)):
                if value and (name.lower().startswith("on") or name.lower() == "style"):
                    diags.error(part.path, number, "attribute-not-allowed", name=name)


def _check_brackets(part: SourceFile, lines: list[tuple[int, str]], diags: Diagnostics) -> None:
    brackets, paragraph_line = 0, part.first_line
    for number, line in lines:
        if not line.strip():
            brackets, paragraph_line = 0, number + 1
            continue
        brackets += (CODE_SPAN.sub("", line) if "`" in line else line).count("[")
        if brackets > MAX_BRACKETS:
            diags.error(part.path, paragraph_line, "too-many-brackets", MAX_BRACKETS=MAX_BRACKETS)
            brackets = -10**9  # one message per paragraph


def _track_tags(line: str, number: int, open_tags: list[tuple[str, int]]) -> None:
    """Follow the allowed inline tags opened and closed on a line."""
    for match in TAG.finditer(line):
        name = match.group(2).lower()
        if name not in ALLOWED_TAGS or name in VOID_TAGS or match.group(0).endswith("/>"):
            continue
        if not match.group(1):
            open_tags.append((name, number))
        elif any(tag == name for tag, _ in open_tags):
            while open_tags and open_tags.pop()[0] != name:
                pass


def _report_unclosed(part: SourceFile, open_tags: list[tuple[str, int]], diags: Diagnostics) -> None:
    for name, number in open_tags:
        diags.error(part.path, number, "html-unclosed", name=name)
    open_tags.clear()


def _check_html(part: SourceFile, number: int, line: str, diags: Diagnostics) -> None:
    for match in TAG.finditer(line):
        if match.group(1):
            continue  # a closing tag: its opening tag has been judged
        name = match.group(2).lower()
        if name not in ALLOWED_TAGS:
            diags.error(part.path, number, "html-not-allowed/tag", name=name, value=', '.join(sorted(ALLOWED_TAGS)))
            continue
        for attribute, value in ATTRIBUTE.findall(match.group(3) or ""):
            _check_attribute(part, number, name, attribute.lower(), value.strip("\"'"), diags)
    for url in re.findall(r"\]\(\s*<?([^)\s>]*)", line):
        if BAD_URL.match(html.unescape(url)):
            diags.error(part.path, number, "html-not-allowed/link", url=url[:30])


def _check_attribute(part: SourceFile, number: int, tag: str, attribute: str, value: str,
                     diags: Diagnostics) -> None:
    if attribute.startswith("on") or attribute == "style":
        diags.error(part.path, number, "html-not-allowed/attribute", attribute=attribute)
    elif attribute not in ALLOWED_ATTRIBUTES.get(tag, set()):
        diags.error(part.path, number, "html-not-allowed/attribute-of-tag", tag=tag, attribute=attribute)
    elif BAD_URL.match(value):
        diags.error(part.path, number, "html-not-allowed/value", value=value[:30])


def _check_nesting(part: SourceFile, number: int, line: str, diags: Diagnostics) -> None:
    if not LIST_OR_QUOTE.match(line):
        return
    depth = nesting_depth(line)
    if depth > MAX_NESTING:
        diags.error(part.path, number, "nesting-too-deep/line", depth=depth, MAX_NESTING=MAX_NESTING)


_PREFIX_PART = re.compile(r"[ \t]+|>|(?:[-*+]|\d{1,9}[.)])(?=[ \t]|$)")


def nesting_depth(line: str) -> int:
    """How deep a line's list items and quotes go, counting every kind of indentation: each `>`
    and each list marker is a level, and so is each tab and each two spaces, whatever their mix.
    The one space after a marker only separates it from what follows."""
    depth, position, after_marker = 0, 0, False
    while match := _PREFIX_PART.match(line, position):
        part = match.group(0)
        if part[0] in " \t":
            spaces = part.count(" ") - (1 if after_marker and part[0] == " " else 0)
            depth += part.count("\t") + spaces // 2
            after_marker = False
        else:
            depth += 1
            after_marker = True
        position = match.end()
    return depth
