"""LaTeX in a `.bib` field -> text a reader sees, as styled spans; never gives up on a whole field.

pylatexenc parses (its walker, with biblatex's formatting macros added to its macro specs) and
turns accents, letters and symbols into Unicode (`LatexNodes2Text`). What pylatexenc cannot know is
done here, node by node: biblatex's quotes and emphasis, sub- and superscripts, `\\relax`. A macro
nobody knows is dropped and its argument kept, and the caller is told its name and place. No `{`,
`}`, `\\` or `$` is left in the text: emphasis and scripts travel as `Span` styles, never as HTML.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pylatexenc import latexwalker, macrospec
from pylatexenc.latex2text import LatexNodes2Text, get_default_latex_context_db

EMPHASIS = "em"
SUBSCRIPT = "sub"
SUPERSCRIPT = "sup"

# Macros whose argument is shown in a style (or plainly: bold and small caps are not Vancouver's).
STYLED = {
    "emph": EMPHASIS, "mkbibemph": EMPHASIS, "textit": EMPHASIS, "mkbibitalic": EMPHASIS, "textsl": EMPHASIS,
    "textsubscript": SUBSCRIPT, "mkbibsubscript": SUBSCRIPT,
    "textsuperscript": SUPERSCRIPT, "mkbibsuperscript": SUPERSCRIPT,
    "textbf": "", "mkbibbold": "", "textsc": "", "textup": "", "textnormal": "", "textrm": "", "textsf": "",
    "texttt": "", "NoCaseChange": "", "nocase": "", "MakeUppercase": "", "mbox": "", "hbox": "",
}
QUOTED = frozenset({"mkbibquote", "enquote", "textquote"})
VERBATIM_ARGUMENT = frozenset({"url", "path", "nolinkurl"})
# Macros with a fixed text that pylatexenc does not have.
TEXTS = {"relax": "", "hyphen": "-", "TeX": "TeX", "LaTeX": "LaTeX", "LaTeXe": "LaTeX2e", "BibTeX": "BibTeX",
         "nobreakspace": " ", "textnbhyphen": "-", "adddot": ".", "addcomma": ",", "addspace": " ",
         "addcolon": ":", "addsemicolon": ";", "allowbreak": "", "break": "", "newline": " ", "noindent": "",
         "protect": "", "ignorespaces": "", "unskip": "", "nopunct": "", "bibrangedash": "–",
         "textquotedbl": '"', "dots": "…", "texorpdfstring": "", "par": " ", "slash": "/", "\\": " "}
ONE_ARGUMENT = sorted(set(STYLED) | QUOTED | {"texorpdfstring"})
QUOTES = ("»", "«")  # Danish quotation marks

_BARE = re.compile(r"(?<!\\)([&%#])")
_MATH = re.compile(r"(?<!\\)\$(?:[^$\\]|\\.)+?(?<!\\)\$")
_BARE_OUTSIDE_MATH = re.compile(r"(?<!\\)([_$])")
_SPACE = re.compile(r"\s+")
_LEFTOVER = re.compile(r"[{}\\$]")


@dataclass(frozen=True)
class Span:
    """A run of text in one style: '' (plain), 'em', 'sub' or 'sup'."""

    text: str
    style: str = ""


@dataclass(frozen=True)
class Decoded:
    """A decoded field: its spans, and the macros nobody knows as (name, offset in the value)."""

    spans: tuple[Span, ...]
    unknown: tuple[tuple[str, int], ...]

    @property
    def text(self) -> str:
        return "".join(span.text for span in self.spans)


class LatexDecoder:
    """One per bibliography: pylatexenc's context databases are built once."""

    def __init__(self) -> None:
        self._walker_context = latexwalker.get_default_latex_context_db()
        self._walker_context.add_context_category(
            "biblatex", prepend=True, macros=[macrospec.MacroSpec(name, "{") for name in ONE_ARGUMENT])
        self._text_context = get_default_latex_context_db()
        self._to_text = LatexNodes2Text(latex_context=self._text_context, strict_latex_spaces=True)

    def decode(self, value: str) -> Decoded:
        """The field's text in spans. Bare `&`, `%`, `#`, `_` are the characters themselves (exports
        write them unescaped); a `$…$` pair is math, a lone `$` a dollar sign."""
        if not any(c in value for c in "\\{}$~-_^"):
            return Decoded(_normalise([Span(value)]), ())
        walker = latexwalker.LatexWalker(_escape_bare(value), latex_context=self._walker_context,
                                         tolerant_parsing=True)
        try:
            nodes, _, _ = walker.get_latex_nodes()
        except latexwalker.LatexWalkerError:  # tolerant parsing still gives up on some input: keep the letters
            return Decoded(_normalise([Span(_LEFTOVER.sub("", value))]), ())
        spans: list[Span] = []
        unknown: list[tuple[str, int]] = []
        self._nodes(nodes, "", spans, unknown)
        return Decoded(_normalise(spans), tuple(unknown))

    def _nodes(self, nodes, style: str, spans: list[Span], unknown: list[tuple[str, int]]) -> None:
        for node in nodes or ():
            if node is not None:
                self._node(node, style, spans, unknown)

    def _node(self, node, style: str, spans: list[Span], unknown: list[tuple[str, int]]) -> None:
        if node.isNodeType(latexwalker.LatexGroupNode) or node.isNodeType(latexwalker.LatexEnvironmentNode):
            self._nodes(node.nodelist, style, spans, unknown)  # protective braces vanish
        elif node.isNodeType(latexwalker.LatexMathNode):
            self._math(node.nodelist, style, spans, unknown)
        elif node.isNodeType(latexwalker.LatexMacroNode):
            self._macro(node, style, spans, unknown)
        elif node.isNodeType(latexwalker.LatexCommentNode):
            return
        else:
            spans.append(Span(self._to_text.node_to_text(node), style))

    def _macro(self, node, style: str, spans: list[Span], unknown: list[tuple[str, int]]) -> None:
        name = node.macroname
        arguments = [a for a in (node.nodeargd.argnlist if node.nodeargd else []) if a is not None]
        if name in STYLED:
            self._nodes(arguments, STYLED[name] or style, spans, unknown)
        elif name in QUOTED:
            spans.append(Span(QUOTES[0], style))
            self._nodes(arguments, style, spans, unknown)
            spans.append(Span(QUOTES[1], style))
        elif name == "texorpdfstring":
            self._nodes(arguments, style, spans, unknown)
        elif name in TEXTS:
            # a word (\TeX book) keeps the space after it; a sign (\hyphen, \adddot) does not
            space = node.macro_post_space if TEXTS[name][-1:].isalpha() else ""
            spans.append(Span(TEXTS[name] + space, style))
        elif name in VERBATIM_ARGUMENT:
            spans.append(Span("".join(a.latex_verbatim().strip("{}") for a in arguments), style))
        elif self._text_context.get_macro_spec(name) is None:
            unknown.append((name, node.pos))  # dropped; a braced argument after it is its own group and stays
            spans.append(Span(node.macro_post_space, style))
        else:
            spans.append(Span(self._to_text.node_to_text(node), style))

    def _math(self, nodes, style: str, spans: list[Span], unknown: list[tuple[str, int]]) -> None:
        """`$_2$`, `$^{+}$`, `$\\alpha$`: scripts as styles, the rest as pylatexenc's text."""
        script = ""
        for node in nodes or ():
            if node is None:
                continue
            if node.isNodeType(latexwalker.LatexCharsNode) or node.isNodeType(latexwalker.LatexSpecialsNode):
                text = node.latex_verbatim()
                for char in text:
                    if char in "_^":
                        script = SUBSCRIPT if char == "_" else SUPERSCRIPT
                    elif script:
                        spans.append(Span(char, script))
                        script = ""
                    else:
                        spans.append(Span(char, style))
            else:
                before = len(spans)
                self._node(node, script or style, spans, unknown)
                if script:  # `_{…}` or `_\alpha`: the whole group or macro is the script
                    spans[before:] = [Span(s.text, script) for s in spans[before:]]
                script = ""


def _escape_bare(value: str) -> str:
    value = _BARE.sub(r"\\\1", value)
    pieces, last = [], 0
    for match in _MATH.finditer(value):
        pieces.append(_BARE_OUTSIDE_MATH.sub(r"\\\1", value[last:match.start()]))
        pieces.append(match.group(0))
        last = match.end()
    pieces.append(_BARE_OUTSIDE_MATH.sub(r"\\\1", value[last:]))
    return "".join(pieces)


def _normalise(spans: list[Span]) -> tuple[Span, ...]:
    """One space for any run of white space (within and across spans), none at the ends, adjacent
    spans of one style merged, and nothing left of LaTeX's syntax."""
    merged: list[Span] = []
    for span in spans:
        text = _SPACE.sub(" ", _LEFTOVER.sub("", span.text).replace("\xa0", " "))
        if not text:
            continue
        if merged and merged[-1].text.endswith(" ") and text.startswith(" "):
            text = text[1:]
        if merged and merged[-1].style == span.style:
            merged[-1] = Span(merged[-1].text + text, span.style)
        elif text:
            merged.append(Span(text, span.style))
    if merged:
        merged[0] = Span(merged[0].text.lstrip(), merged[0].style)
        merged[-1] = Span(merged[-1].text.rstrip(), merged[-1].style)
    return tuple(s for s in merged if s.text)
