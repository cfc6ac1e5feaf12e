"""The inside of a bracketed citation, by Pandoc's grammar: items with their prefix, key, locator and suffix.

`[se @jensen2019, s. 12; jf. @a, kap. 2 og flere]`: items are split at `;`; each has an optional
prefix (text before `@`), an optional `-` (Pandoc's "suppress author"), the key (`@key` or
`@{key}`), and after it either `, locator suffix` or ` suffix`. A locator is a label from
`LABELS` (Danish or Pandoc's English terms) and a value; a value without a label is a page, as in
Pandoc. Labels are shown in Danish (`p. 12` -> `s. 12`).
"""

from __future__ import annotations

from iskias_site.messages import Message, message
import re
from dataclasses import dataclass

KEY = r"[A-Za-z0-9_][\w:.\-/+]*(?<![.:/\-])"
ITEM = re.compile(rf"^(?P<prefix>[^@]*?)(?P<minus>-?)@(?:\{{(?P<braced>[^{{}}]+)\}}|(?P<key>{KEY}))(?P<rest>.*)$",
                  re.DOTALL)
# term (lower case, as written) -> the Danish label shown
LABELS = {
    **dict.fromkeys(("s.", "s", "side", "sider", "p.", "p", "pp.", "pp", "page", "pages"), "s."),
    **dict.fromkeys(("kap.", "kap", "kapitel", "chap.", "chap", "chapter", "chapters"), "kap."),
    **dict.fromkeys(("afsn.", "afsnit", "sec.", "sect.", "section", "sections"), "afsn."),
    **dict.fromkeys(("§", "§§"), "§"),
    **dict.fromkeys(("fig.", "figur", "figure", "figures"), "fig."),
    **dict.fromkeys(("tab.", "tabel", "table", "tables"), "tabel"),
    **dict.fromkeys(("bd.", "vol.", "vols.", "volume", "volumes"), "bd."),
    **dict.fromkeys(("nr.", "no.", "number", "numbers"), "nr."),
    **dict.fromkeys(("l.", "linje", "line", "lines"), "l."),
    **dict.fromkeys(("note", "n.", "nn."), "note"),
    **dict.fromkeys(("bilag", "app.", "appendix"), "bilag"),
    **dict.fromkeys(("stk.", "para.", "paragraph"), "stk."),
}
_NUMBER = r"[0-9]+[a-z]?|[ivxlcdm]+|[IVXLCDM]+"
_VALUE = rf"(?:{_NUMBER})(?:\s*(?:-{{1,2}}|–)\s*(?:{_NUMBER}))?(?:f{{1,2}}\.)?"
_VALUES = re.compile(rf"^(?:{_VALUE})(?:\s*,\s*(?:{_VALUE})(?![\w]))*(?![\w])")
_LABEL = re.compile(r"^(§§?|[A-Za-zæøåÆØÅ]+\.?)\s*")
_RANGE_DASH = re.compile(r"\s*-{1,2}\s*")


@dataclass(frozen=True)
class Cite:
    """One item of a citation. `locator` is as shown ('s. 12'); `suffix` keeps its own separator
    (', og flere' or ' og flere'); `suppress_author` is Pandoc's `-@key`."""

    key: str
    locator: str = ""
    prefix: str = ""
    suffix: str = ""
    suppress_author: bool = False

    @property
    def affixed(self) -> bool:
        """Whether it has more than its number (such items are not drawn into a range)."""
        return bool(self.locator or self.prefix or self.suffix)

    @property
    def note(self) -> str:
        """The affixes without the number, as the preview shows them: 'se, s. 12 og flere'."""
        words = ", ".join(part for part in (self.prefix, self.locator) if part)
        return (words + self.suffix if words else self.suffix.lstrip(", ")).strip()


def split_items(inside: str) -> list[str]:
    """The items, split at `;` outside braces."""
    items, depth, start = [], 0, 0
    for index, char in enumerate(inside):
        depth += {"{": 1, "}": -1}.get(char, 0)
        if char == ";" and depth <= 0:
            items.append(inside[start:index])
            start = index + 1
    items.append(inside[start:])
    return [item.strip() for item in items]


def parse_items(inside: str) -> tuple[tuple[Cite, ...], str]:
    """'se @a; @b, s. 12' -> (Cite(a, prefix='se'), Cite(b, 's. 12')), or () and what is wrong."""
    cites = []
    for item in split_items(inside):
        cite, problem = _item(item, inside)
        if problem:
            return (), problem
        cites.append(cite)
    return tuple(cites), ""


def _item(item: str, inside: str) -> tuple[Cite | None, Message | str]:
    match = ITEM.match(item)
    if not match:
        if item.rstrip().endswith("@") or item == "":
            return None, message("citation-empty")
        if "@" not in item:
            return None, (message("citation-unreadable/no-key", inside=inside, item=item))
        return None, message("citation-unreadable/form", inside=inside)
    key = match.group("braced") or match.group("key")
    prefix, rest = match.group("prefix").strip(), match.group("rest")
    if "@" in rest:
        return None, (message("citation-unreadable/two-keys", inside=inside))
    cite = Cite(key, prefix=prefix, suppress_author=bool(match.group("minus")))
    if not rest.strip():
        return cite, ""
    if rest.strip() == ",":  # a comma with nothing after it: a page was meant and forgotten
        return None, message("citation-unreadable/form", inside=inside)
    if rest.lstrip().startswith(","):
        locator, suffix = _locator(rest.lstrip()[1:].strip())
        return Cite(key, locator, prefix, suffix, cite.suppress_author), ""
    if not rest[:1].isspace():
        return None, message("citation-unreadable/form", inside=inside)
    label = _LABEL.match(rest.strip())
    if label and label.group(1).lower() in LABELS and _VALUES.match(rest.strip()[label.end():]):
        return None, (message("citation-unreadable/comma", inside=inside, key=key, rest=rest.strip()))
    return Cite(key, prefix=prefix, suffix=" " + rest.strip(), suppress_author=cite.suppress_author), ""


def _locator(text: str) -> tuple[str, str]:
    """'s. 12 og flere' -> ('s. 12', ' og flere'); '12' -> ('s. 12', ''); 'og flere' -> ('', ', og flere')."""
    label, rest = "s.", text
    match = _LABEL.match(text)
    if match and match.group(1).lower() in LABELS:
        label, rest = LABELS[match.group(1).lower()], text[match.end():]
    elif match or not text:
        return "", f", {text}" if text else ""
    values = _VALUES.match(rest)
    if not values:
        return "", f", {text}"
    value = _RANGE_DASH.sub("–", values.group(0))
    suffix = rest[values.end():]
    return f"{label} {value}", (suffix if suffix[:1] in (",", "") else " " + suffix.strip()) if suffix else ""
