"""Data figures drawn at build time: a small table as SVG bar charts (an image file beside the
page, so its elements are not the page's) plus an HTML table with the same numbers.

One small bar chart per row ("small multiples"): every panel has its own label and values,
so nothing depends on telling colours apart; on a narrow screen the panels stand one under
another (one drawing), on a wider one two side by side (another).
"""

from __future__ import annotations

import textwrap
import xml.etree.ElementTree as etree
from dataclasses import dataclass
from typing import Any

from iskias_site.source.anchors import slugify
from iskias_site.load.tables import CHART_LABEL_CHARACTERS, CHART_LABEL_LINES, DataTable, chart_label_lines

PANEL_WIDTH = 240
PLOT_TOP = 16
PLOT_HEIGHT = 100
AXIS_SPACE = 36
PAD = 8  # inside a panel's border
LINE = 18
GAP = 16  # between panels
BOX_WIDTH = PANEL_WIDTH + 2 * PAD
BOX_HEIGHT = PAD + CHART_LABEL_LINES * LINE + PLOT_TOP + PLOT_HEIGHT + AXIS_SPACE + PAD
WIDE_COLUMNS = 2  # the panels side by side on a wider screen (style.css's grid gave two there too)
WIDE_FROM = "(min-width: 35rem)"  # where two panels of 16rem and a gap fit in the page's column

# The image's own colours (it cannot read the page's style sheet): the page's background, text,
# border and bar colours, light and dark. Each panel is drawn on its own background, so the
# chart reads whatever scheme the image is drawn in, on screen and on paper (a browser may draw
# an image in the dark scheme while it prints the page in its light print colours).
STYLE = """
text{font:13px system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;fill:#1d1d1b;text-anchor:middle}
.label{font-size:15px;font-weight:600;text-anchor:start}
.box{fill:#fff;stroke:#aeb7bd}.bar{fill:#005eb8}.baseline{stroke:#1d1d1b}
@media (prefers-color-scheme:dark){text{fill:#eef0f2}.box{fill:#15191c;stroke:#5d6870}.bar{fill:#8cc8ff}.baseline{stroke:#eef0f2}}
"""


@dataclass(frozen=True)
class ChartFile:
    """One drawing of a chart, as a file beside the article's page."""

    name: str  # e.g. 'figur-fund-uden-smerter.svg', the address from the page
    svg: bytes
    width: int
    height: int


def number_text(value: float) -> str:
    """37.0 -> '37', 3.5 -> '3,5' (Danish decimal comma)."""
    return str(int(value)) if value == int(value) else f"{value:.1f}".replace(".", ",")


def chart_files(table: DataTable, name: str, strings: dict[str, Any]) -> tuple[ChartFile, ChartFile]:
    """The chart of `name` as two SVG files: its panels one under another (narrow screens, the
    `<img>`'s own) and two side by side (wider screens, the `<source>`)."""
    stem = f"figur-{slugify(name.removesuffix('.csv'))}"
    return (_drawing(table, strings, 1, f"{stem}.svg"),
            _drawing(table, strings, WIDE_COLUMNS, f"{stem}-bred.svg"))


def data_figure(table: DataTable, name: str, strings: dict[str, Any]) -> etree.Element:
    """The figure: the chart as an image (its files from `chart_files`, written with the page), and
    the numbers as a table, which is the accessible form of the chart (the image's alt text says so)."""
    narrow, wide = chart_files(table, name, strings)
    figure = etree.Element("figure", {"class": "data-figure", "id": narrow.name.removesuffix(".svg")})
    picture = etree.SubElement(figure, "picture")
    etree.SubElement(picture, "source", {"media": WIDE_FROM, "srcset": wide.name,
                                         "width": str(wide.width), "height": str(wide.height)})
    etree.SubElement(picture, "img", {
        "src": narrow.name, "width": str(narrow.width), "height": str(narrow.height),
        "alt": strings["chart_alt"].format(label=table.label, table=strings["table_caption"]),
    })
    figure.append(_table(table, strings))
    return figure


def _drawing(table: DataTable, strings: dict[str, Any], columns: int, name: str) -> ChartFile:
    count = max(len(table.rows), 1)
    columns = min(columns, count)
    rows = -(-count // columns)
    width = columns * BOX_WIDTH + (columns - 1) * GAP
    height = rows * BOX_HEIGHT + (rows - 1) * GAP
    svg = etree.Element("svg", {"xmlns": "http://www.w3.org/2000/svg", "viewBox": f"0 0 {width} {height}",
                                "width": str(width), "height": str(height)})
    etree.SubElement(svg, "style").text = STYLE
    largest = max((v for _, values in table.rows for v in values), default=0)
    top = 100.0 if largest <= 100 else largest  # percentages are drawn on a 0–100 scale
    for index, (label, values) in enumerate(table.rows):
        x, y = (index % columns) * (BOX_WIDTH + GAP), (index // columns) * (BOX_HEIGHT + GAP)
        _panel(svg, x, y, label, table.columns, values, top, strings)
    data = b'<?xml version="1.0" encoding="UTF-8"?>\n' + etree.tostring(svg, encoding="utf-8", xml_declaration=False)
    return ChartFile(name, data, width, height)


def _panel(svg: etree.Element, left: float, top_y: float, label: str, columns: tuple[str, ...],
           values: tuple[float, ...], top: float, strings: dict[str, Any]) -> None:
    etree.SubElement(svg, "rect", {"x": _n(left + 0.5), "y": _n(top_y + 0.5), "width": str(BOX_WIDTH - 1),
                                   "height": str(BOX_HEIGHT - 1), "class": "box"})
    heading = etree.SubElement(svg, "text", {"class": "label"})
    for number, line in enumerate(_lines(label)):
        etree.SubElement(heading, "tspan", {"x": _n(left + PAD), "y": _n(top_y + PAD + 14 + number * LINE)}).text = line
    x0 = left + PAD
    slot = PANEL_WIDTH / max(len(values), 1)
    baseline = top_y + PAD + CHART_LABEL_LINES * LINE + PLOT_TOP + PLOT_HEIGHT
    bars = []  # the panel's bars as one path: up, across, down, closed
    for index, (column, value) in enumerate(zip(columns, values)):
        bar_height = value / top * PLOT_HEIGHT
        x = x0 + index * slot + slot * 0.15
        width = slot * 0.7
        bars.append(f"M{_n(x)} {_n(baseline)}v{_n(-bar_height)}h{_n(width)}v{_n(bar_height)}z")
        _text(svg, x + width / 2, baseline - bar_height - 4, f"{number_text(value)} %")
        _text(svg, x + width / 2, baseline + 14, column)
    _text(svg, x0 + PANEL_WIDTH / 2, baseline + 31, f"{strings['age']} ({strings['years']})")
    etree.SubElement(svg, "path", {"d": "".join(bars), "class": "bar"})
    etree.SubElement(svg, "line", {"x1": _n(x0), "x2": _n(x0 + PANEL_WIDTH), "y1": _n(baseline),
                                   "y2": _n(baseline), "class": "baseline"})


def _lines(label: str) -> list[str]:
    """The label in at most `CHART_LABEL_LINES` lines, broken between words; a longer one is cut
    short with '…' (load/tables.py warns of it; the table under the chart shows it whole)."""
    lines = chart_label_lines(label)
    if len(lines) <= CHART_LABEL_LINES:
        return lines
    kept = lines[:CHART_LABEL_LINES]
    kept[-1] = textwrap.shorten(f"{kept[-1]} {lines[CHART_LABEL_LINES]}", CHART_LABEL_CHARACTERS, placeholder=" …")
    return kept


def _text(svg: etree.Element, x: float, y: float, text: str) -> None:
    etree.SubElement(svg, "text", {"x": _n(x), "y": _n(y)}).text = text


def _n(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _table(table: DataTable, strings: dict[str, Any]) -> etree.Element:
    details = etree.Element("details", {"class": "data-figure-table"})
    summary = etree.SubElement(details, "summary")
    summary.text = strings["table_caption"]
    wrapper = etree.SubElement(details, "div", {"class": "table-scroll", "tabindex": "0",
                                                "role": "region", "aria-label": strings["table_caption"]})
    element = etree.SubElement(wrapper, "table")
    head = etree.SubElement(etree.SubElement(element, "thead"), "tr")
    first = etree.SubElement(head, "th", {"scope": "col"})
    first.text = table.label[:1].upper() + table.label[1:]
    for column in table.columns:
        cell = etree.SubElement(head, "th", {"scope": "col"})
        cell.text = f"{column} {strings['years']}"
    body = etree.SubElement(element, "tbody")
    for label, values in table.rows:
        row = etree.SubElement(body, "tr")
        header = etree.SubElement(row, "th", {"scope": "row"})
        header.text = label
        for value in values:
            cell = etree.SubElement(row, "td")
            cell.text = f"{number_text(value)} %"
    return details
