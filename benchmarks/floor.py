"""The reference floor: read each Markdown file, convert it with Python-Markdown (tables, toc),
render a trivial Jinja2 template, write it. `python floor.py SITE OUT PROCESSES`."""

from __future__ import annotations

import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import jinja2
import markdown

TEMPLATE = jinja2.Template("<!doctype html><html lang=da><title>{{ title }}</title><body>{{ body }}</body></html>")


def convert(job: tuple[Path, Path]) -> None:
    source, target = job
    html = markdown.markdown(source.read_text(encoding="utf-8"), extensions=["tables", "toc"])
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(TEMPLATE.render(title=source.stem, body=html), encoding="utf-8")


def main(site: Path, out: Path, processes: int) -> None:
    jobs = [(p, out / p.relative_to(site).with_suffix(".html")) for p in sorted((site / "content").rglob("*.md"))]
    if processes == 1:
        for job in jobs:
            convert(job)
    else:
        with ProcessPoolExecutor(processes) as pool:
            # the same chunking as iskias-site's own pool, so neither side gets a longer tail
            list(pool.map(convert, jobs, chunksize=max(1, len(jobs) // (processes * 32))))


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3]))
