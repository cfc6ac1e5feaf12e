"""The time limit on each article's build (pipeline/time_limit.py, issue 13): an input that makes
the converter work without end is one error naming the article, in one process and in the
workers, and the other articles are built as usual."""

from __future__ import annotations

import datetime as dt
import signal
import time

import pytest
from conftest import INDEX, SITE_YML

from iskias_site.convert.converter import ArticleConverter
from iskias_site.pipeline import site as pipeline
from iskias_site.language import translation
from iskias_site.pipeline.site import build_site

TODAY = dt.date(2026, 6, 1)
# Python-Markdown looks for the end of an HTML tag from every '<a ' it meets: thousands of them
# unclosed take time growing faster than their number (4,000: about 5 s on a loaded 2-core
# machine, 8,000: 11 s); the checks let it through (it is shown as text).
SLOW = "<a " * 20_000 + "\n"
MESSAGE = ("content/{}/index.md: error: the article took longer than 1 s to convert; something in it makes the "
           "Markdown converter work without end (thousands of '[' or '*' without their partners, or lists nested "
           "very deep): move its sections out one at a time to find the part, or, for a really long article, "
           "raise 'timeout' in site.yml")


DANISH = ("content/{}/index.md: fejl: det tog mere end 1 s at omsætte artiklen til en side; noget i den får "
          "Markdown-omsætteren til at arbejde uden ende (tusindvis af '[' eller '*' uden deres modstykke, eller "
          "lister i mange niveauer): flyt afsnittene ud ét ad gangen for at finde stedet, eller hæv 'timeout' i "
          "site.yml, hvis artiklen virkelig er meget lang [article-timeout]")


def _site(make_site, slow: str, count: int = 1) -> dict[str, str]:
    files = {"site.yml": SITE_YML + "timeout: 1\n"}
    for n in range(count):
        name = f"artikel-{n}"
        files[f"content/{name}/index.md"] = INDEX.replace("Testartikel", f"Artikel {n}")
        files[f"content/{name}/01-afsnit.md"] = "## Afsnit\n\nTekst [@alpha2020].\n\n" + (slow if n == 3 else "")
    return make_site(files)


def _errors(result) -> list[str]:
    return [d.format() for d in result.diagnostics.sorted() if d.severity == "error"]


def test_a_slow_article_in_one_process_is_an_error_naming_it(make_site, tmp_path):
    root = _site(make_site, SLOW, count=4)
    result = build_site(root, tmp_path / "out", today=TODAY, jobs=1)
    assert _errors(result) == [MESSAGE.format("artikel-3")]
    assert [d.format(translation("da"), code=True) for d in result.diagnostics.errors] == [DANISH.format("artikel-3")]
    assert result.built == 5 and not (tmp_path / "out").exists()  # the four and the fixture's own


def test_a_slow_article_in_the_workers_is_an_error_naming_it(make_site, tmp_path):
    root = _site(make_site, SLOW, count=pipeline.PARALLEL_FROM)
    result = build_site(root, tmp_path / "out", today=TODAY, jobs=2)
    assert _errors(result) == [MESSAGE.format("artikel-3")]
    # every other article was built and kept: once the slow one is fixed, only it is built
    (root / "content/artikel-3/01-afsnit.md").write_text("## Afsnit\n\nTekst [@alpha2020].\n", encoding="utf-8")
    again = build_site(root, tmp_path / "out", today=TODAY, jobs=2)
    assert again.ok and again.built == 1


def test_a_worker_that_does_not_stop_by_itself_is_killed(make_site, tmp_path, monkeypatch):
    """Code that never returns to Python (a C library in a loop) cannot be stopped by the timer:
    the parent kills its worker and builds the other articles again. Stood in for here by an
    article whose conversion blocks the timer's signal and sleeps (the workers are forked, so they
    convert with this test's stand-in)."""
    convert = ArticleConverter.convert

    def stuck(self, article, *args):
        if article.slug == "artikel-3":
            signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
            time.sleep(60)
        return convert(self, article, *args)

    monkeypatch.setattr(ArticleConverter, "convert", stuck)
    root = _site(make_site, "", count=pipeline.PARALLEL_FROM)
    result = build_site(root, tmp_path / "out", today=TODAY, jobs=2)
    assert _errors(result) == [MESSAGE.format("artikel-3")]  # not killed: it would build, after 60 s, with no error
    assert sum(1 for s in result.summaries if s.meta is not None) == pipeline.PARALLEL_FROM  # all but it, and the fixture's own


@pytest.mark.parametrize(("value", "message"), [
    ("0", "site.yml:16: error: timeout must be 1 second or more (it is 0); leave it out for the default of 60"),
    ("-5", "site.yml:16: error: timeout must be 1 second or more (it is -5); leave it out for the default of 60"),
])
def test_a_timeout_below_one_second(make_site, tmp_path, value, message):
    root = make_site({"site.yml": SITE_YML + f"timeout: {value}\n"})
    assert _errors(build_site(root, tmp_path / "out", today=TODAY)) == [message]


def test_the_preview_stops_a_slow_article_too(make_site, tmp_path):
    """`iskias-site serve` rebuilds on its server's own loop, in the main thread, so the timer
    stops a slow conversion there as in a build (run as an editor runs it: a process of its own)."""
    import subprocess
    import sys
    import threading
    import urllib.request

    from test_serve import free_port

    root = _site(make_site, "", count=1)
    port = free_port()
    preview = subprocess.Popen([sys.executable, "-m", "iskias_site", "serve", "--site", str(root), "--port", str(port),
                                "--lang", "en"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    last_resort = threading.Timer(120, preview.kill)  # a preview that hangs ends the test, failing it
    last_resort.start()
    try:
        deadline = time.monotonic() + 60  # a wait for the server, not a measurement
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2)
                break
            except OSError:
                assert time.monotonic() < deadline and preview.poll() is None, "the preview did not start"
                time.sleep(0.2)
        with open(root / "content/artikel-0/01-afsnit.md", "a", encoding="utf-8") as section:
            section.write(SLOW)
        for line in preview.stderr:  # ends when the process does
            if "longer than 1 s" in line:
                break
        else:
            pytest.fail("the preview never reported the slow article")
        assert line.strip() == MESSAGE.format("artikel-0") + " [article-timeout]"
    finally:
        last_resort.cancel()
        preview.terminate()
        preview.wait(10)
