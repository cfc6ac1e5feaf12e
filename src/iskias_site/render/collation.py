"""Danish alphabetical order (æ, ø, å after z), for the A–Z page, the topic lists and the front page.

No maintained pure-Python library collates Danish: PyICU (the reference) needs the ICU C++ library
and a compiler, as it ships no wheels; pyuca implements only the root order, in which æ, ø and å
sort beside a and o; Babel has no collation; `locale.strxfrm` depends on a da_DK locale being
installed on the machine. So the rules of ICU's Danish tailoring that titles meet are kept here:

- letters after z in the order æ, ø, å; ä sorts as æ, ö as ø, ü as y;
- 'aa' sorts as 'å' (Aabenraa after Ø), as in Danish dictionaries and ICU;
- other accents are ignored at first (é as e), then break ties, then capitals come first;
- spaces and punctuation come before digits, digits before letters.
"""

from __future__ import annotations

import functools
import unicodedata

ALPHABET = "abcdefghijklmnopqrstuvwxyzæøå"
_FOLD = {"ä": "æ", "ö": "ø", "ü": "y", "ø": "ø", "æ": "æ", "å": "å"}
_RANK = {letter: 20 + index for index, letter in enumerate(ALPHABET)}
OTHER = "0–9"  # the A–Z page's heading for titles that begin with a digit or a sign


@functools.lru_cache(maxsize=1 << 16)  # a pure function of the text: every list of a build sorts the same titles
def danish_key(text: str) -> tuple:
    """A sort key putting `text` in Danish alphabetical order."""
    letters = _letters(text)
    primary = tuple(_rank(c) for c in letters)
    accents = unicodedata.normalize("NFD", text.casefold())
    case = tuple(0 if c.isupper() else 1 for c in text)  # Danish: capitals first
    return primary, accents, case, text


def first_letter(text: str) -> str:
    """The heading `text` is listed under on the A–Z page: 'A' … 'Z', 'Æ', 'Ø', 'Å', or '0–9'."""
    letters = [c for c in _letters(text) if c in _RANK]
    return letters[0].upper() if letters and not text.lstrip()[:1].isdigit() else OTHER


def _letters(text: str) -> str:
    """The text's letters as Danish sorts them: folded case, 'aa' as 'å', accents off but æ, ø, å."""
    folded = text.casefold().replace("aa", "å")
    out = []
    for char in folded:
        if char in _FOLD:
            out.append(_FOLD[char])
            continue
        base = unicodedata.normalize("NFD", char)[0]
        out.append(base)
    return "".join(out)


def _rank(char: str) -> int:
    if char in _RANK:
        return _RANK[char]
    if char.isdigit():
        return 10 + int(char) if char in "0123456789" else 10
    if char.isalpha():
        return 20 + len(ALPHABET) + ord(char)  # letters of other alphabets: after å
    return 0
