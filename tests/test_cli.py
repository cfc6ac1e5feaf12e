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
