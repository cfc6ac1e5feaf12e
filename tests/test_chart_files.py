"""A chart's drawings as files beside the article's page (convert/chart_files.py): written with
the site, kept by the cache like the page, gone when the chart is."""

from __future__ import annotations

import re
from pathlib import Path

from iskias_site.pipeline.site import build_site

CSV = "fund,20,30\nDiskusprolaps,29,31\nSlid på disken,37,52\n"
CHART = "## Første afsnit\n\nTekst [@alpha2020].\n\n::: chart fund.csv\nFund efter alder.\n:::\n"
FILES = ("figur-fund.svg", "figur-fund-bred.svg")


def _site(make_site, text: str = CHART) -> Path:
    return make_site({"content/test/01-foerste.md": text, "content/test/fund.csv": CSV})


def test_the_charts_drawings_are_written_beside_the_page_it_links_them_from(make_site, tmp_path):
    out = tmp_path / "out"
    assert build_site(_site(make_site), out).ok
    page = (out / "test/index.html").read_text(encoding="utf-8")
    assert re.findall(r'(?:src|srcset)="([^"]+\.svg)"', page) == ["figur-fund-bred.svg", "figur-fund.svg"]
    for name in FILES:
        svg = (out / "test" / name).read_text(encoding="utf-8")
        assert svg.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" ')
        assert ">Diskusprolaps</tspan>" in svg and ">52 %</text>" in svg
    assert "figur-fund" not in (out / "test/udskrift/index.html").read_text(encoding="utf-8")  # no chart on paper


def test_a_warm_build_keeps_the_drawings_and_a_removed_chart_takes_them_away(make_site, tmp_path):
    root, out = _site(make_site), tmp_path / "out"
    assert build_site(root, out).ok
    first = {name: (out / "test" / name).read_bytes() for name in FILES}
    assert build_site(root, out).ok  # from the cache
    assert {name: (out / "test" / name).read_bytes() for name in FILES} == first
    (root / "content/test/01-foerste.md").write_text("## Første afsnit\n\nTekst [@alpha2020].\n", encoding="utf-8")
    assert build_site(root, out).ok
    assert not any((out / "test" / name).exists() for name in FILES)


def test_changed_numbers_change_the_drawing(make_site, tmp_path):
    root, out = _site(make_site), tmp_path / "out"
    assert build_site(root, out).ok
    (root / "content/test/fund.csv").write_text(CSV.replace("29,31", "29,44"), encoding="utf-8")
    assert build_site(root, out).ok
    assert ">44 %</text>" in (out / "test/figur-fund.svg").read_text(encoding="utf-8")
