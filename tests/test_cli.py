"""The command line: `new`, `check` and their exit codes."""

from __future__ import annotations

import datetime as dt
import json

from iskias_site.pipeline.site import build_site
from iskias_site.cli import main
from iskias_site.diagnostics import ENGLISH
from iskias_site.messages import render


def test_new_creates_an_article_that_builds(make_site, tmp_path, capsys):
    root = make_site()
    assert main(["new", "rygsmerter", "--site", str(root)]) == 0
    index = (root / "content/rygsmerter/index.md").read_text(encoding="utf-8")
    today = dt.date.today()
    assert f"published: {today.isoformat()}" in index and "title: Rygsmerter" in index
    assert (root / "content/rygsmerter/01-indledning.md").read_text(encoding="utf-8").startswith(
        "## Hvad er rygsmerter?")
    assert "oprettede" in capsys.readouterr().out  # Danish: the site's language
    assert "draft: true" in index  # a draft: the preview shows it, `build` leaves it out
    result = build_site(root, tmp_path / "out")
    assert result.ok, [d.format() for d in result.diagnostics.sorted()]
    assert not (tmp_path / "out/rygsmerter").exists()
    assert render(result.notes[-1], ENGLISH) == "1 draft not published (draft: true): rygsmerter"
    preview = build_site(root, tmp_path / "preview", drafts=True)
    assert preview.ok, [d.format() for d in preview.diagnostics.sorted()]
    assert 'class="draft-banner"' in (tmp_path / "preview/rygsmerter/index.html").read_text(encoding="utf-8")


def test_new_refuses_a_bad_slug_and_an_existing_article(make_site, capsys):
    root = make_site()
    assert main(["new", "Ryg Smerter", "--site", str(root), "--lang", "en"]) == 2
    assert main(["new", "test", "--site", str(root), "--lang", "en"]) == 2
    assert main(["new", "test", "--site", str(root)]) == 2
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith("iskias-site: error: 'Ryg Smerter' cannot be a web address")
    assert err[1].startswith("iskias-site: error: an article 'test' exists already")
    assert err[2].startswith("iskias-site: fejl: der findes allerede en artikel 'test'")


def test_check_prints_sorted_diagnostics_a_count_and_readability(make_site, capsys):
    root = make_site()
    assert main(["check", "--site", str(root), "--lang", "en"]) == 0
    out = capsys.readouterr().out.splitlines()
    count = next(i for i, line in enumerate(out) if " in " in line and "warning" in line)
    assert out[:count] == sorted(out[:count], key=lambda line: (line.split(":")[0], int(line.split(":")[1])))
    assert any(line.startswith("content/test/01-foerste.md: LIX") for line in out[count + 1:])
    assert not (root / "_site").exists()  # check writes nothing


def test_check_strict_fails_on_warnings(make_site, capsys):
    root = make_site()
    assert main(["check", "--strict", "--site", str(root)]) == 1  # e.g. 'gamma2022' is never cited


def test_check_json_lists_each_problem(make_site, capsys):
    root = make_site({"content/test/01-foerste.md": "## Et\n\n[@nope]\n"})
    assert main(["check", "--format", "json", "--site", str(root), "--lang", "en"]) == 1
    items = json.loads(capsys.readouterr().out)
    assert {"path": "content/test/01-foerste.md", "line": 3, "severity": "error",
            "message": "unknown citation key 'nope'", "code": "unknown-citation-key"} in items
    assert main(["check", "--format", "json", "--site", str(root)]) == 1
    items = json.loads(capsys.readouterr().out)
    assert {"path": "content/test/01-foerste.md", "line": 3, "severity": "error",
            "message": "ukendt kildenøgle 'nope'", "code": "unknown-citation-key"} in items


def _usage_error(argv: list[str], capsys) -> str:
    try:
        main(argv)
    except SystemExit as stop:
        assert stop.code == 2
    else:
        raise AssertionError("argparse did not refuse the arguments")
    return capsys.readouterr().err


def test_argparse_refuses_in_the_editors_language(make_site, capsys):
    root = make_site()
    assert _usage_error(["check", "--site", str(root), "--format", "yaml", "--lang", "da"], capsys).splitlines()[-1] == (
        "iskias-site check: fejl: argumentet --format: ugyldigt valg: 'yaml' (vælg mellem 'text', 'json')")
    assert _usage_error(["build", "--site", str(root), "--jobs", "x", "--lang", "da"], capsys).splitlines()[-1] == (
        "iskias-site build: fejl: argumentet --jobs: ugyldig værdi af typen int: 'x'")
    # `iskias-site buld` (a typo) is the build command with an argument it does not know
    refused = _usage_error(["buld", "--site", str(root), "--lang", "da"], capsys).splitlines()
    assert refused[0].startswith("brug: iskias-site ") and refused[-1] == "iskias-site: fejl: ukendte argumenter: buld"
    # the site's language decides when nothing else does (the fixture's site.yml says da)
    assert _usage_error(["check", "--site", str(root), "--format", "yaml"], capsys).splitlines()[-1].startswith(
        "iskias-site check: fejl: ")
    assert _usage_error(["check", "--site", str(root), "--format", "yaml", "--lang", "en"], capsys).splitlines()[-1] == (
        "iskias-site check: error: argument --format: invalid choice: 'yaml' (choose from 'text', 'json')")
    # '--lang' without its value is refused by the real parse, in the site's language, not by the first look
    assert _usage_error(["check", "--site", str(root), "--lang"], capsys).splitlines()[-1] == (
        "iskias-site check: fejl: argumentet --lang: skal have én værdi")
    import argparse
    import gettext
    assert argparse._ is gettext.gettext  # put back after each parse


def test_help_is_danish_throughout(capsys, monkeypatch):
    from iskias_site.messages import TERMINAL

    monkeypatch.delenv("LANGUAGE", raising=False)
    for command in ("build", "serve", "check", "new"):
        try:
            main([command, "--help", "--lang", "da"])
        except SystemExit as stop:
            assert stop.code == 0
        shown = " ".join(capsys.readouterr().out.split())  # argparse wraps the lines
        assert shown.startswith(f"brug: iskias-site {command} ") and "vis denne hjælp og afslut" in shown
        english = [text for key, text in TERMINAL.items() if key.startswith("help.") and text in shown]
        assert english == [], command


def test_argparse_still_uses_each_of_its_words_we_translate():
    """The catalogue holds argparse's own msgids (messages.ARGPARSE): a Python whose argparse
    words one differently would show it in English, so this fails first."""
    import argparse
    import inspect

    from iskias_site.messages import ARGPARSE

    source = inspect.getsource(argparse)
    assert [word for word in ARGPARSE if repr(word) not in source and f'"{word}"' not in source] == []
