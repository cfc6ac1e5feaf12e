"""The files of an article's charts (`convert/charts.py` draws them): kept in the build cache by
content, and published beside the article's page as its resized images are (linked into the
staging folder with the page, so they appear with the site's swap and go with the article).

Named by their content, like resized images (`convert/responsive_images.py`), so a kept file is
never stale; without a build cache they go to a folder of their own in the system's temporary
folder. This runs in the worker that builds the article.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from iskias_site.convert.charts import chart_files
from iskias_site.load.tables import DataTable

SUBFOLDER = "charts"


def publish_charts(tables: Mapping[str, DataTable], slug: str, cache: Path | None,
                   strings: dict[str, Any]) -> set[tuple[str, Path]]:
    """(path in the site, file) for every drawing of the article's charts."""
    folder = cache / SUBFOLDER if cache is not None else Path(tempfile.gettempdir()) / f"iskias-charts-{os.getuid()}"
    published = set()
    for name, table in tables.items():
        for drawing in chart_files(table, name, strings):
            published.add((f"{slug}/{drawing.name}", _kept(folder, drawing.svg)))
    return published


def _kept(folder: Path, data: bytes) -> Path:
    target = folder / f"{hashlib.sha256(data).hexdigest()}.svg"
    if target.is_file():
        return target
    folder.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")  # workers may write the same file
    temporary.write_bytes(data)
    os.chmod(temporary, 0o644)  # linked into the site: readable by a web server
    os.replace(temporary, target)
    return target
