"""Which parts of an editor's Markdown are code: the one answer every scanner and the converter share.

Inside code nothing is ours to read: a citation, a heading, a `:::` fence, raw HTML or an attribute
list there is shown as written. Python-Markdown decides what is code in two places, and this module
asks the same questions the same way:

- fenced blocks (```` ``` ```` and `~~~`): the `fenced_code` extension's own pattern, so a fence that
  never closes, or closes with a fence of another length, is code here exactly when it is on the page;
- indented blocks: four spaces or a tab after a blank line, unless they continue a list (the rule of
  Python-Markdown's `CodeBlockProcessor` and `ListIndentProcessor`);
- code spans: a run of backticks closed by the same run, on one line.

`blank_code` returns the text with every code character replaced by a space (line breaks kept), so a
scanner keeps its line and column numbers and simply finds nothing inside code.
"""

from __future__ import annotations

import re

from markdown.extensions.fenced_code import FencedBlockPreprocessor

# Python-Markdown's own pattern for a fenced code block (a public class attribute of the extension
# we convert with); tests/test_source_code.py pins that it still reads fences as we expect.
FENCED_BLOCK = FencedBlockPreprocessor.FENCED_BLOCK_RE
# An inline code span.
CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1")
INDENTED = re.compile(r"^(?: {4}|\t)")
LIST_ITEM = re.compile(r"^ {0,3}(?:[*+-]|\d+\.)[ \t]+")
BLANK = re.compile(r"^[ \t]*$")


def code_lines(text: str) -> frozenset[int]:
    """The 0-based numbers of the lines that are code: fenced blocks (with their fence lines) and
    indented code blocks."""
    if "```" not in text and "~~~" not in text and "    " not in text and "\t" not in text:
        return frozenset()
    lines = text.split("\n")
    fenced = _fenced_lines(text)
    return frozenset(fenced | _indented_lines(lines, fenced))


def blank_code(text: str) -> str:
    """The text with every character of code (blocks and spans) replaced by a space."""
    code = code_lines(text)
    if not code and "`" not in text:
        return text
    lines = text.split("\n")
    for number in code:
        lines[number] = " " * len(lines[number])
    if "`" in text:
        lines = [CODE_SPAN.sub(lambda m: " " * len(m.group()), line) if "`" in line else line for line in lines]
    return "\n".join(lines)


def _fenced_lines(text: str) -> set[int]:
    if "```" not in text and "~~~" not in text:
        return set()
    numbers: set[int] = set()
    for match in FENCED_BLOCK.finditer(text):
        first = text.count("\n", 0, match.start())
        numbers.update(range(first, first + match.group(0).count("\n") + 1))
    return numbers


def _indented_lines(lines: list[str], fenced: set[int]) -> set[int]:
    """Indented code blocks, read block by block as Python-Markdown's block parser does: a block
    that starts indented is a list's continuation right after a list, else code, up to its first
    line that is not indented (the rest of the block is read anew)."""
    code: set[int] = set()
    after_list = False
    number = 0
    while number < len(lines):
        if number in fenced:
            after_list, number = False, number + 1
            continue
        if BLANK.match(lines[number]):
            number += 1
            continue
        start = number
        while number < len(lines) and number not in fenced and not BLANK.match(lines[number]):
            number += 1
        if not INDENTED.match(lines[start]):
            after_list = bool(LIST_ITEM.match(lines[start]))
        elif not after_list:
            end = next((n for n in range(start, number) if not INDENTED.match(lines[n])), number)
            code.update(range(start, end))
            number = end  # a line that is not indented starts a block of its own
    return code
