"""Shared fixtures: a small site built in a temporary folder, from files given as text."""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import textwrap
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

SITE_YML = """\
title: Testsite
base_url: https://test.example/
language: da
contact_name: Redaktionen
contact_email: redaktion@test.example
citation_style: parenthetical
phones:
  emergency:
    number: "112"
    label: Alarm 112
    verified: 2026-11-01
  region-hovedstaden:
    number: "1813"
    label: Akuttelefonen 1813
    verified: 2026-11-01
"""

BIB = """\
@article{alpha2020,
  author = {Kjær, P and Hestbæk, L},
  title = {Alpha study},
  journal = {Journal of Tests},
  shortjournal = {J Tests},
  year = {2020},
  volume = {1},
  number = {2},
  pages = {10--20},
  doi = {10.1000/alpha},
}

@article{beta2021,
  author = {Schjølberg, T},
  title = {Beta study},
  journal = {Journal of Tests},
  year = {2021},
}

@article{gamma2022,
  author = {Gjerstad, J},
  title = {Gamma study},
  journal = {Journal of Tests},
  year = {2022},
}
"""

INDEX = """\
---
title: Testartikel
description: En artikel til test.
author: Redaktionen
published: 2026-01-01
last_reviewed: 2026-01-01
next_review: 2027-01-01
---

Indledning [@beta2021].
"""


def skip_or_fail(message: str, install: str) -> None:
    """A missing outside tool: skip locally, but fail under CI=true, where every test must run."""
    if os.environ.get("CI", "").strip().lower() == "true":
        pytest.fail(f"{message}. CI=true: these tests must run in CI, so this is a failure, not a skip; "
                    f"{install}.", pytrace=False)
    pytest.skip(message)


def write_files(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text) if not text.startswith("---") else text, encoding="utf-8")


@pytest.fixture(autouse=True)
def no_language_from_the_environment(monkeypatch):
    """The messages' language is the site's (Danish) unless a test asks for one: whatever the
    locale of the machine running the tests (LANG=en_US.UTF-8 would otherwise make them English)."""
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def make_site(tmp_path: Path):
    """make_site({'content/a/01-x.md': '## X\\n'}) -> the site folder, with the repository's templates."""

    def make(files: dict[str, str] | None = None, *, defaults: bool = True) -> Path:
        root = tmp_path / "site"
        root.mkdir(exist_ok=True)
        shutil.copytree(REPO / "templates", root / "templates", dirs_exist_ok=True)
        shutil.copytree(REPO / "static", root / "static", dirs_exist_ok=True)
        base = {
            "site.yml": SITE_YML,
            "references.bib": BIB,
            "content/test/index.md": INDEX,
            "content/test/01-foerste.md": "## Første afsnit\n\nTekst [@alpha2020].\n",
        } if defaults else {}
        base.update(files or {})
        write_files(root, {k: v for k, v in base.items() if v is not None})
        return root

    return make


# --- the browser: one Chromium for every browser test of the session ---------------------------
# (Playwright's sync API runs one event loop: two browsers started apart in one session clash.)

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def require_chromium() -> Path:
    """Skip without Chromium, but fail under CI=true (a CI run must not silently skip these)."""
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        skip_or_fail(f"Chromium is not installed at {CHROMIUM}; the browser tests cannot run",
                     "install Debian's 'chromium' package")
    return CHROMIUM


@pytest.fixture(scope="session")
def chromium_path() -> Path:
    return require_chromium()  # the other tests error out at setup under CI, and skip locally


@pytest.fixture(scope="session")
def browser(chromium_path: Path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(chromium_path), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args) -> None:  # noqa: A002 (the standard library's name)
        pass


@contextlib.contextmanager
def serving(folder: Path) -> Iterator[str]:
    """A local web server for a built site, on a free port, for the browser tests: its address."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, name=f"serving {folder.name}", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="module")
def base_url(site_dir: Path) -> Iterator[str]:
    """The test module's built site (its own `site_dir` fixture), served for the browser tests."""
    with serving(site_dir) as url:
        yield url


@pytest.fixture(scope="session")
def axe():
    """axe-core, injected into pages by the browser tests."""
    from axe_playwright_python.sync_playwright import Axe

    return Axe()
