"""The files of an article's charts (`convert/charts.py` draws them): kept in the build cache by
content, and published beside the article's page as its resized images are (linked into the
staging folder with the page, so they appear with the site's swap and go with the article).

Named by their content (`convert/kept_files.py`), like resized images
(`convert/responsive_images.py`), so a kept file is never stale. This runs in the worker that
builds the article.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from iskias_site.convert.charts import chart_files
from iskias_site.convert.kept_files import CHARTS, folder_for, keep_data
from iskias_site.load.tables import DataTable


def publish_charts(tables: Mapping[str, DataTable], slug: str, cache: Path | None,
                   strings: dict[str, Any]) -> set[tuple[str, Path]]:
    """(path in the site, file) for every drawing of the article's charts."""
    folder = folder_for(cache, CHARTS)
    published = set()
    for name, table in tables.items():
        for drawing in chart_files(table, name, strings):
            published.add((f"{slug}/{drawing.name}", keep_data(folder, drawing.svg, ".svg")))
    return published

