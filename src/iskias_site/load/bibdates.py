"""biblatex's date fields (`date`, `urldate`, `eventdate`, `origdate`): ISO 8601 dates and ranges.

The forms of the biblatex manual (§2.3.8): `YYYY`, `YYYY-MM`, `YYYY-MM-DD`, a range `start/end` of
any two of them, and an open range `start/` or `start/..`. EDTF's uncertainty marks (`?`, `~`, `%`)
are accepted and not shown: Vancouver has no way to say "about".
"""

from __future__ import annotations

from iskias_site.messages import N_
import datetime as dt
import re
from dataclasses import dataclass

FORMS = N_("YYYY, YYYY-MM, YYYY-MM-DD or a range such as 2016/2018")
_POINT = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?[?~%]?$")


@dataclass(frozen=True)
class BibDate:
    """A date or a range: the year as a reader sees it ('2016', '2016–2018', '2016–'), and the
    first day when it is known to the day."""

    year: str
    month: str  # '' or '1'..'12', of the start
    day: dt.date | None


def parse_bib_date(value: str) -> BibDate | None:
    """The date, or None when it is not one of biblatex's forms or not a real day."""
    value = value.strip()
    start_text, slash, end_text = value.partition("/")
    start = _point(start_text)
    if start is None:
        return None
    if not slash:
        return BibDate(start[0], start[1], start[2])
    end_text = end_text.strip()
    if end_text in ("", ".."):
        return BibDate(f"{start[0]}–", start[1], start[2])
    end = _point(end_text)
    if end is None or (end[0], end[3]) < (start[0], start[3]):
        return None
    year = start[0] if end[0] == start[0] else f"{start[0]}–{end[0]}"
    return BibDate(year, start[1], start[2])


def _point(text: str) -> tuple[str, str, dt.date | None, tuple[int, int]] | None:
    match = _POINT.match(text.strip())
    if not match:
        return None
    year, month, day = match.groups()
    if month and not 1 <= int(month) <= 12:
        return None
    if day:
        try:
            when = dt.date(int(year), int(month), int(day))
        except ValueError:  # 2026-02-30: not a day of the calendar
            return None
        return year, str(int(month)), when, (int(month), int(day))
    return year, str(int(month)) if month else "", None, (int(month or 0), 0)
