"""Where an article's time goes, without the disk: each stage of the build against the floor's
conversion, in one process, taking turns. `python benchmarks/stages.py SITE [ARTICLES] [ROUNDS]`.

Each round converts the same articles with the floor (Python-Markdown with `tables` and `toc`,
a trivial template, one file at a time) and then with iskias-site's stages (load, check,
convert, render), nothing written; the table gives each stage's milliseconds per article and the
median of its per-round ratio to the floor. What `run.py` adds on top is the disk (the floor
writes a file per Markdown file, iskias-site a page per article and its cache) and the processes.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

import jinja2
import markdown

from iskias_site.pipeline.article import BuildContext, PageRenderer, converter_for, renderer_for
from iskias_site.pipeline.site import load_context
from iskias_site.convert.converter import ArticleConverter
from iskias_site.load.content import LoadedContent, load_entry
from iskias_site.diagnostics import Diagnostics
from iskias_site.check.article import check_article

TEMPLATE = jinja2.Template("<!doctype html><html lang=da><title>{{ title }}</title><body>{{ body }}</body></html>")


def floor_round(entries: list[Path]) -> float:
    start = time.perf_counter()
    for entry in entries:
        for path in sorted(entry.glob("*.md")):
            html = markdown.markdown(path.read_text(encoding="utf-8"), extensions=["tables", "toc"])
            TEMPLATE.render(title=path.stem, body=html)
    return time.perf_counter() - start


def stages_round(entries: list[Path], context: BuildContext, converter: ArticleConverter,
                 renderer: PageRenderer) -> dict[str, float]:
    diags = Diagnostics(context.root)
    spent = dict.fromkeys(("load", "check", "convert", "render"), 0.0)
    for entry in entries:
        t0 = time.perf_counter()
        article = load_entry(entry, LoadedContent([], [], True), diags).articles[0]
        t1 = time.perf_counter()
        checks = check_article(article, context.bibliography, diags)
        t2 = time.perf_counter()
        converted = converter.convert(article, checks)
        t3 = time.perf_counter()
        renderer.render(converted, diags)
        t4 = time.perf_counter()
        for name, seconds in zip(spent, (t1 - t0, t2 - t1, t3 - t2, t4 - t3)):
            spent[name] += seconds
    if diags.has_errors():
        sys.exit("the site has errors: " + diags.errors[0].format())
    return spent


def main(root: Path, count: int, rounds: int) -> None:
    entries = sorted(p for p in (root / "content").iterdir() if p.is_dir())[:count]
    context = load_context(root, Diagnostics(root))
    converter, renderer = converter_for(context), renderer_for(context)  # as a worker keeps them
    stages_round(entries, context, converter, renderer)  # templates compiled, each work rendered once
    per_round = []
    for _ in range(rounds):
        floor = floor_round(entries)
        per_round.append((floor, stages_round(entries, context, converter, renderer)))
    print(f"| stage | ms per article | × floor |\n| --- | ---: | ---: |")
    print(f"| floor (convert + template) | {1000 * statistics.median(f for f, _ in per_round) / len(entries):.2f} | 1.00 |")
    for name in per_round[0][1]:
        ms = 1000 * statistics.median(s[name] for _, s in per_round) / len(entries)
        print(f"| {name} | {ms:.2f} | {statistics.median(s[name] / f for f, s in per_round):.2f} |")
    total = statistics.median(sum(s.values()) / f for f, s in per_round)
    print(f"| all four | | {total:.2f} |")


if __name__ == "__main__":
    main(Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 100,
         int(sys.argv[3]) if len(sys.argv) > 3 else 10)
