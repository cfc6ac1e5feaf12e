"""A data figure's CSV file, read from the article's folder: a label column and numeric columns."""

from __future__ import annotations

import csv
import io
import math
import textwrap
from dataclasses import dataclass
from pathlib import Path

from iskias_site.diagnostics import Diagnostics
from iskias_site.load.textfile import read_text


# A chart panel's label (convert/charts.py draws it): up to two lines of about 25 characters, the
# same room in every panel, so their bottoms line up. A row name that needs more is cut short in
# the drawing (the table under it shows it whole) and warned of here.
CHART_LABEL_LINES = 2
CHART_LABEL_CHARACTERS = 25


def chart_label_lines(name: str) -> list[str]:
    """A row name in lines of a chart panel's label, broken between words: all of them, however many."""
    return textwrap.wrap(name, CHART_LABEL_CHARACTERS) or [""]


@dataclass(frozen=True)
class DataTable:
    """A small CSV: a label column and numeric columns, e.g. findings by age."""

    label: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, tuple[float, ...]], ...]


def load_table(path: Path, line: int, folder: Path | None, name: str,
               diags: Diagnostics) -> DataTable | None:
    """The table `name` of a `::: chart` block opened at `path:line`, or None (reported)."""
    source = (folder / name) if folder is not None else None
    if source is None or "/" in name or "\\" in name or not source.is_file():
        diags.error(path, line, "chart-file-missing", name=name)
        return None
    text = read_text(source, diags)
    if text is None:
        return None
    return parse_table(text, source, diags)


def parse_table(text: str, source: Path, diags: Diagnostics) -> DataTable | None:
    """CSV with `#` comment lines, a header row, a label column and numbers in the others."""
    lines = [(n, t) for n, t in enumerate(text.split("\n"), start=1) if t.strip() and not t.startswith("#")]
    if len(lines) < 2:
        diags.error(source, 0, "chart-data-invalid/empty")
        return None
    rows = list(csv.reader(io.StringIO("\n".join(t for _, t in lines))))
    header = rows[0]
    parsed = []
    for (number, _), row in zip(lines[1:], rows[1:]):
        if len(row) != len(header):
            diags.error(source, number, "chart-data-invalid/columns", count=len(row), count2=len(header))
            return None
        try:
            values = tuple(float(v.replace(",", ".")) for v in row[1:])
        except ValueError:
            values = (math.nan,)
        if not all(math.isfinite(v) for v in values):
            diags.error(source, number, "chart-data-invalid/number")
            return None
        name = row[0].strip()
        if len(chart_label_lines(name)) > CHART_LABEL_LINES:
            diags.warning(source, number, "chart-row-name-long", name=name,
                          limit=CHART_LABEL_LINES * CHART_LABEL_CHARACTERS)
        parsed.append((name, values))
    return DataTable(header[0].strip(), tuple(h.strip() for h in header[1:]), tuple(parsed))
