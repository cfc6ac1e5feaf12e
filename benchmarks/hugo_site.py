"""The same pages as a minimal Hugo site, so a benchmark can run Hugo beside iskias-site
(`python hugo_site.py SITE HUGO_SOURCE`).

Each article folder becomes one Hugo page bundle: its index.md (front matter included) followed by
its section files in name order, with its images beside it (hard links). The layouts are as
trivial as the floor's template. Hugo's Markdown (Goldmark) knows neither our citations nor our
`:::` blocks: they stay as text on Hugo's pages, so Hugo does a little less work per page than we
do; that is fine for a ratio meant as "a fast generator building the same Markdown".
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

CONFIG = """baseURL = "https://example.org/"
languageCode = "da"
title = "Benchmark"
disableKinds = ["taxonomy", "term", "RSS"]
buildFuture = true
[markup.goldmark.renderer]
unsafe = false
"""
SINGLE = "<!doctype html><html lang=da><title>{{ .Title }}</title><body>{{ .Content }}</body></html>\n"
LIST = ("<!doctype html><html lang=da><title>{{ .Title }}</title><body><ul>{{ range .Pages }}"
        "<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a></li>{{ end }}</ul></body></html>\n")


def hugo_site(site: Path, target: Path) -> Path:
    """Write the Hugo source folder for the site in `site`; returns `target`."""
    if target.exists():
        shutil.rmtree(target)
    layouts = target / "layouts" / "_default"
    layouts.mkdir(parents=True)
    (target / "config.toml").write_text(CONFIG, encoding="utf-8")
    (layouts / "single.html").write_text(SINGLE, encoding="utf-8")
    (layouts / "list.html").write_text(LIST, encoding="utf-8")
    for entry in sorted(p for p in (site / "content").iterdir() if p.is_dir()):
        bundle = target / "content" / entry.name
        bundle.mkdir(parents=True)
        sections = sorted(p for p in entry.glob("*.md") if p.name != "index.md")
        text = (entry / "index.md").read_text(encoding="utf-8")
        text += "".join("\n" + p.read_text(encoding="utf-8") for p in sections)
        (bundle / "index.md").write_text(text, encoding="utf-8")
        for other in entry.iterdir():
            if other.suffix != ".md":
                os.link(other, bundle / other.name)
    return target


if __name__ == "__main__":
    hugo_site(Path(sys.argv[1]), Path(sys.argv[2]))
