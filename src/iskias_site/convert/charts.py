"""Data figures drawn at build time: a small table as inline SVG bar charts plus an HTML table.

One small bar chart per row ("small multiples"): every panel has its own label and values,
so nothing depends on telling colours apart, and each reflows on a narrow screen.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from typing import Any

from iskias_site.source.anchors import slugify
from iskias_site.load.tables import DataTable

PANEL_WIDTH = 240
PLOT_TOP = 16
PLOT_HEIGHT = 100
AXIS_SPACE = 36


def number_text(value: float) -> str:
    """37.0 -> '37', 3.5 -> '3,5' (Danish decimal comma)."""
    return str(int(value)) if value == int(value) else f"{value:.1f}".replace(".", ",")


def data_figure(table: DataTable, name: str, strings: dict[str, Any]) -> etree.Element:
    figure = etree.Element("figure", {"class": "data-figure", "id": f"figur-{slugify(name.removesuffix('.csv'))}"})
    panels = etree.SubElement(figure, "div", {"class": "data-figure-panels"})
    largest = max((v for _, values in table.rows for v in values), default=0)
    top = 100.0 if largest <= 100 else largest  # percentages are drawn on a 0–100 scale
    for label, values in table.rows:
        panels.append(_panel(label, table.columns, values, top, strings))
    figure.append(_table(table, strings))
    return figure


def _panel(label: str, columns: tuple[str, ...], values: tuple[float, ...], top: float,
           strings: dict[str, Any]) -> etree.Element:
    panel = etree.Element("div", {"class": "data-figure-panel"})
    heading = etree.SubElement(panel, "p", {"class": "data-figure-label", "aria-hidden": "true"})
    heading.text = label
    slot = PANEL_WIDTH / max(len(values), 1)
    height = PLOT_TOP + PLOT_HEIGHT + AXIS_SPACE
    spoken = ", ".join(f"{c} {strings['years']}: {number_text(v)} %" for c, v in zip(columns, values))
    svg = etree.SubElement(panel, "svg", {
        "xmlns": "http://www.w3.org/2000/svg", "viewBox": f"0 0 {PANEL_WIDTH} {height}",
        "role": "img", "aria-label": f"{label}. {spoken}", "class": "data-figure-chart",
    })
    baseline = PLOT_TOP + PLOT_HEIGHT
    bars = []  # the panel's bars as one path (one element, not one per bar): up, across, down, closed
    for index, (column, value) in enumerate(zip(columns, values)):
        bar_height = value / top * PLOT_HEIGHT
        x = index * slot + slot * 0.15
        width = slot * 0.7
        bars.append(f"M{_n(x)} {baseline}v{_n(-bar_height)}h{_n(width)}v{_n(bar_height)}z")
        _text(svg, x + width / 2, baseline - bar_height - 4, f"{number_text(value)} %", "value")
        _text(svg, x + width / 2, baseline + 14, column, "axis")
    _text(svg, PANEL_WIDTH / 2, baseline + 31, f"{strings['age']} ({strings['years']})", "axis-title")
    svg.insert(0, etree.Element("path", {"d": "".join(bars), "class": "bar"}))
    etree.SubElement(svg, "line", {"x1": "0", "x2": str(PANEL_WIDTH), "y1": str(baseline),
                                   "y2": str(baseline), "class": "baseline"})
    return panel


def _text(svg: etree.Element, x: float, y: float, text: str, css: str) -> None:
    element = etree.SubElement(svg, "text", {"x": _n(x), "y": _n(y), "class": css})  # centred by the style sheet
    element.text = text


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
