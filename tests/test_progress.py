"""The progress line of a long build: one line on a terminal, erased at the end; nothing otherwise."""

from __future__ import annotations

import io

from iskias_site.cli import _parser
from iskias_site.language import translation
from iskias_site.messages import TERMINAL
from iskias_site.pipeline.site import BuildProgress, build_site
from iskias_site.progress import ERASE, ProgressLine

TEMPLATE = translation("da").gettext(TERMINAL["progress.build"])  # the catalogue, as the CLI reads it


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def run(stream: io.StringIO, steps: list[tuple[float, BuildProgress]], quiet: bool = False) -> str:
    clock = Clock()
    with ProgressLine(stream, TEMPLATE, quiet=quiet, clock=clock) as line:
        for at, progress in steps:
            clock.now = at
            line(progress)
    return stream.getvalue()


LONG = [(0.5, BuildProgress(1, 3, 1)), (1.2, BuildProgress(2, 3, 1)), (1.25, BuildProgress(3, 3, 1))]


def test_a_long_build_shows_one_line_and_leaves_nothing_behind():
    out = run(FakeTerminal(), LONG)
    assert out == (ERASE + "Bygger artikler: 2 af 3 (1 uændrede, 1 bygget nu)"
                   + ERASE + "Bygger artikler: 3 af 3 (1 uændrede, 2 bygget nu)"
                   + ERASE)
    assert "\n" not in out and out.endswith("\r\x1b[K")


def test_a_build_of_less_than_a_second_shows_nothing():
    assert run(FakeTerminal(), [(0.2, BuildProgress(1, 2, 0)), (0.9, BuildProgress(2, 2, 0))]) == ""


def test_redraws_at_most_ten_times_a_second_but_always_the_last():
    steps = [(1.0 + i / 100, BuildProgress(i + 1, 20, 0)) for i in range(20)]
    out = run(FakeTerminal(), steps)
    assert out.count(ERASE) == 4  # drawn at 1.00, 1.10 and the last (20 of 20), then erased
    assert "20 af 20" in out


def test_nothing_when_the_output_is_not_a_terminal():
    assert run(io.StringIO(), LONG) == ""


def test_nothing_under_quiet():
    assert run(FakeTerminal(), LONG, quiet=True) == ""


def test_the_build_reports_each_article_as_it_is_done(make_site):
    root = make_site({"content/anden/index.md": open_index("Anden")})
    seen: list[BuildProgress] = []
    assert build_site(root, root / "_site", progress=seen.append).ok
    assert seen == [BuildProgress(1, 2, 0), BuildProgress(2, 2, 0)]
    seen.clear()
    assert build_site(root, root / "_site", progress=seen.append).ok  # nothing changed: both from the cache
    assert seen == [BuildProgress(1, 2, 1), BuildProgress(2, 2, 2)]


def open_index(title: str) -> str:
    return ("---\ntitle: " + title + "\ndescription: En artikel.\nauthor: Redaktionen\npublished: 2026-01-01\n"
            "last_reviewed: 2026-01-01\nnext_review: 2027-01-01\n---\n\nIndledning [@gamma2022].\n")


def test_quiet_is_an_option_of_build_check_and_serve():
    parser = _parser(lambda key: TERMINAL[key])
    for words in (["build", "--quiet"], ["check", "--quiet"], ["serve", "--quiet", "--poll"]):
        assert parser.parse_args(words).quiet
