"""A build that finds nothing changed since the last one (every file it could read, every file it
wrote, its options and the date) leaves the site alone and says again what that build said; a
change on either side builds (write/build_record.py)."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from iskias_site import cli
from iskias_site.diagnostics import ENGLISH
from iskias_site.messages import render
from iskias_site.pipeline import site as site_module
from iskias_site.pipeline.site import build_site
from iskias_site.write import build_record

from conftest import INDEX
from test_parallel_and_cache import snapshot

OLD = 1_600_000_000_000_000_000  # a modification time long past, in ns
TODAY = dt.date(2027, 2, 1)  # after the article's next review (2027-01-01): a warning to say again
PAGE = "test/index.html"


def aged(root: Path) -> Path:
    """The site as an editor's files are: saved long before the build (not "just now")."""
    for path in [root, *root.rglob("*")]:
        os.utime(path, ns=(OLD, OLD), follow_symlinks=False)
    return root


def files_of(out: Path) -> dict[str, tuple[int, int, int]]:
    return {p.relative_to(out).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns, p.stat().st_size)
            for p in out.rglob("*") if p.is_file()}


def test_nothing_changed_leaves_the_site_alone_and_says_the_same_again(make_site, tmp_path):
    root, out = aged(make_site()), tmp_path / "out"
    first = build_site(root, out, today=TODAY, jobs=1)
    assert first.ok and not first.unchanged
    assert any("review" in d.message for d in first.diagnostics.items)
    written, spare = files_of(out), out.with_name(".out.spare")
    spared = files_of(spare)  # the first site leaves a copy of links as the spare (test_warm_build.py)
    again = build_site(root, out, today=TODAY, jobs=1)
    assert again.ok and again.unchanged and again.built == 0
    assert again.diagnostics.sorted() == first.diagnostics.sorted()
    assert [d.code for d in again.diagnostics.sorted()] == [d.code for d in first.diagnostics.sorted()]
    assert again.pages == first.pages
    assert render(again.notes[-1], ENGLISH) == f"Nothing changed since the last build: {out} was left as it was."
    assert files_of(out) == written  # not one file replaced, not even by an equal one
    assert files_of(spare) == spared  # no staging folder was made and recycled


def test_the_records_the_first_build_writes_do_not_stop_the_second_from_finding_nothing_changed(make_site, tmp_path):
    root, out = aged(make_site()), tmp_path / "out"
    first = build_site(root, out, jobs=1)
    assert any("new anchor" in render(note, ENGLISH) for note in first.notes)  # published-anchors.txt written
    again = build_site(root, out, jobs=1)
    assert again.unchanged
    assert not any("new anchor" in render(note, ENGLISH) for note in again.notes)  # said once, when it happened


def test_a_changed_source_file_builds_even_with_the_same_size(make_site, tmp_path):
    root, out = aged(make_site()), tmp_path / "out"
    build_site(root, out, jobs=1)
    section = root / "content/test/01-foerste.md"
    section.write_text(section.read_text(encoding="utf-8").replace("Tekst", "Tegst"), encoding="utf-8")
    os.utime(section, ns=(OLD + 1, OLD + 1))
    again = build_site(root, out, jobs=1)
    assert not again.unchanged and again.built == 1
    assert "Tegst" in (out / PAGE).read_text(encoding="utf-8")


def test_a_new_file_anywhere_in_the_site_builds(make_site, tmp_path):
    root, out = aged(make_site()), tmp_path / "out"
    build_site(root, out, jobs=1)
    (root / "static/ny.txt").write_text("ny", encoding="utf-8")
    os.utime(root / "static/ny.txt", ns=(OLD, OLD))
    again = build_site(root, out, jobs=1)
    assert not again.unchanged
    assert (out / "static/ny.txt").read_text(encoding="utf-8") == "ny"


def test_a_page_removed_from_the_site_is_written_again(make_site, tmp_path):
    root, out = aged(make_site()), tmp_path / "out"
    build_site(root, out, jobs=1)
    page = (out / PAGE).read_bytes()
    (out / PAGE).unlink()
    again = build_site(root, out, jobs=1)
    assert not again.unchanged
    assert (out / PAGE).read_bytes() == page


def test_a_page_put_in_place_of_one_the_build_wrote_is_written_again(make_site, tmp_path):
    root, out = aged(make_site()), tmp_path / "out"
    build_site(root, out, jobs=1)
    page = (out / PAGE).read_bytes()
    stat = (out / PAGE).stat()
    replaced = out / "replaced"  # another file of the same size and time: its inode tells it apart
    replaced.write_bytes(b"X" + page[1:])
    os.utime(replaced, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    os.replace(replaced, out / PAGE)
    again = build_site(root, out, jobs=1)
    assert not again.unchanged
    assert (out / PAGE).read_bytes() == page


def test_other_options_or_another_day_build(make_site, tmp_path):
    root, out = aged(make_site()), tmp_path / "out"
    build_site(root, out, today=TODAY, jobs=1)
    aged(root)  # the records of anchors and addresses it wrote, too new to be trusted by their time
    assert not build_site(root, out, today=TODAY + dt.timedelta(days=1), jobs=1).unchanged
    assert not build_site(root, out, today=TODAY + dt.timedelta(days=1), jobs=1, drafts=True).unchanged
    assert not build_site(root, out, today=TODAY + dt.timedelta(days=1), jobs=1, strict=True).ok  # the warning
    assert not build_site(root, out, today=TODAY + dt.timedelta(days=1), jobs=1).unchanged  # strict wrote nothing
    assert build_site(root, out, today=TODAY + dt.timedelta(days=1), jobs=1).unchanged


def test_a_file_saved_just_before_the_build_is_not_trusted_by_its_time(make_site, tmp_path):
    root, out = aged(make_site()), tmp_path / "out"
    (root / "content/test/01-foerste.md").touch()  # now: a save within the same time step could follow
    assert build_site(root, out, jobs=1).ok
    assert not build_site(root, out, jobs=1).unchanged  # nothing was recorded
    aged(root)
    build_site(root, out, jobs=1)
    assert build_site(root, out, jobs=1).unchanged


def test_a_build_with_errors_or_without_the_cache_keeps_no_record(make_site, tmp_path):
    root, out = aged(make_site()), tmp_path / "out"
    build_site(root, out, jobs=1)
    build_site(root, out, jobs=1, use_cache=False)  # replaces the site: the record went with the old one
    assert not build_site(root, out, jobs=1).unchanged
    (root / "content/test/index.md").write_text(INDEX + "\nFejl [@ukendt].\n", encoding="utf-8")
    aged(root)
    assert not build_site(root, out, jobs=1).ok
    assert not build_site(root, out, jobs=1).unchanged


def test_a_file_saved_while_the_build_ran_is_looked_at_by_the_next_build(make_site, tmp_path, monkeypatch):
    root, out = aged(make_site()), tmp_path / "out"
    section = root / "content/test/01-foerste.md"
    write_site_pages = site_module.write_site_pages

    def saving_meanwhile(*args, **kwargs):  # the editor saves after the article was read
        section.write_text("## Første afsnit\n\nÆndret mens der blev bygget.\n", encoding="utf-8")
        os.utime(section, ns=(OLD + 1, OLD + 1))
        return write_site_pages(*args, **kwargs)

    monkeypatch.setattr(site_module, "write_site_pages", saving_meanwhile)
    build_site(root, out, jobs=1)
    assert "Ændret" not in (out / PAGE).read_text(encoding="utf-8")
    monkeypatch.setattr(site_module, "write_site_pages", write_site_pages)
    again = build_site(root, out, jobs=1)
    assert not again.unchanged
    assert "Ændret mens der blev bygget" in (out / PAGE).read_text(encoding="utf-8")


def test_what_a_build_could_read_is_the_whole_site_but_its_dot_folders_and_output_and_the_engine(make_site, tmp_path):
    root = aged(make_site())
    (root / ".git").mkdir()
    (root / ".git/HEAD").write_text("x", encoding="utf-8")
    (root / "_site").mkdir()
    (root / "_site/index.html").write_text("x", encoding="utf-8")
    found = build_record.walk_inputs(root, root / "_site")
    assert found.complete
    assert {"site.yml", "references.bib", "content/test/index.md", "templates/base.html"} <= set(found.files)
    assert "(engine)/pipeline/site.py" in found.files
    assert not any(name.startswith((".git", "_site")) for name in found.files)
    assert not any("__pycache__" in name for name in found.files)


def test_a_folder_linked_into_the_site_is_never_trusted(make_site, tmp_path):
    root = aged(make_site())
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (root / "content/linked").symlink_to(elsewhere, target_is_directory=True)
    assert not build_record.walk_inputs(root, root / "_site").complete


def test_the_command_says_nothing_changed_in_danish(make_site, capsys):
    root = aged(make_site())
    assert cli.main(["build", "--site", str(root), "--quiet"]) == 0
    capsys.readouterr()
    assert cli.main(["build", "--site", str(root), "--quiet"]) == 0
    printed = capsys.readouterr().out.splitlines()
    assert printed[-1] == f"Intet er ændret siden sidste kørsel: {root / '_site'} er ikke rørt."
    assert not any(line.startswith("Byggede") for line in printed)  # nothing was built


def test_a_record_of_published_anchors_edited_while_the_build_ran_is_looked_at_again(make_site, tmp_path,
                                                                                      monkeypatch):
    root, out = aged(make_site()), tmp_path / "out"
    build_site(root, out, jobs=1)  # writes published-anchors.txt
    aged(root)
    build_site(root, out, jobs=1)  # the record: anchors file as it is
    record = root / "published-anchors.txt"
    write_site_pages = site_module.write_site_pages

    def editing_meanwhile(*args, **kwargs):  # the build will not write the anchors file: nothing new
        record.write_text(record.read_text(encoding="utf-8") + "test#borte\n", encoding="utf-8")
        return write_site_pages(*args, **kwargs)

    (root / "content/test/01-foerste.md").write_text("## Første afsnit\n\nTekst.\n", encoding="utf-8")
    os.utime(root / "content/test/01-foerste.md", ns=(OLD + 1, OLD + 1))
    monkeypatch.setattr(site_module, "write_site_pages", editing_meanwhile)
    build_site(root, out, jobs=1)
    monkeypatch.setattr(site_module, "write_site_pages", write_site_pages)
    again = build_site(root, out, jobs=1)
    assert not again.unchanged
    assert not again.ok  # '#borte' is in the record and on no page: what a full build says


def test_a_new_empty_folder_in_the_site_builds(make_site, tmp_path):
    root, out = aged(make_site()), tmp_path / "out"
    build_site(root, out, jobs=1)
    (root / "content/ny").mkdir()
    again = build_site(root, out, jobs=1)
    assert not again.unchanged
    assert any(d.code == "article-without-index" for d in again.diagnostics.items)


def test_permissions_changed_in_the_site_are_put_right(make_site, tmp_path):
    root, out = aged(make_site()), tmp_path / "out"
    build_site(root, out, jobs=1)
    (out / PAGE).chmod(0o600)
    out.chmod(0o700)
    again = build_site(root, out, jobs=1)
    assert not again.unchanged
    assert (out / PAGE).stat().st_mode & 0o777 == 0o644 and out.stat().st_mode & 0o777 == 0o755


def test_an_output_folder_inside_the_site_leaves_its_staging_folders_out_of_the_inputs(make_site):
    root = aged(make_site())
    out = root / "public/site"
    build_site(root, out, jobs=1)
    aged(root)  # the site written too: the next build writes it again
    build_site(root, out, jobs=1)  # with a spare folder beside the output (public/.site.spare) from now on
    assert (root / "public/.site.spare").is_dir()
    assert build_site(root, out, jobs=1).unchanged


def test_a_failed_build_leaves_the_record_in_place(make_site, tmp_path):
    root, out = aged(make_site()), tmp_path / "out"
    build_site(root, out, jobs=1)
    (root / "content/test/01-foerste.md").write_text("## Første afsnit\n\nTekst [@ukendt].\n", encoding="utf-8")
    assert not build_site(root, out, jobs=1).ok
    assert (root / ".iskias-cache" / build_record.RECORD).is_file()


def test_another_package_installed_or_a_pagefind_variable_builds(make_site, tmp_path, monkeypatch):
    root, out = aged(make_site()), tmp_path / "out"
    build_site(root, out, jobs=1)
    aged(root)
    packages = tmp_path / "packages"
    (packages / "markdown-9.9.dist-info").mkdir(parents=True)
    monkeypatch.syspath_prepend(str(packages))
    assert not build_site(root, out, jobs=1).unchanged
    assert build_site(root, out, jobs=1).unchanged
    monkeypatch.setenv("PAGEFIND_SOURCE", "andetsteds")
    assert not build_site(root, out, jobs=1).unchanged


# The site's files are hard links into the build cache: one written into (not replaced) changes
# the cached copy too. Each kind of file the cache shares with the site: an article page filled in
# with its related articles, a handout page, a resized image, a video published as it is, the
# front page, a file of the search index.
@pytest.mark.parametrize("edited", [PAGE, "test/udskrift/index.html", "test/ryg-3.png", "test/rejs.mp4",
                                    "index.html", "pagefind/pagefind-entry.json"])
def test_a_file_of_the_site_written_into_is_made_again_and_the_cache_copy_it_shares_dropped(
        make_site, tmp_path, edited):
    from test_images import PNG
    from test_video import MP4, VTT

    root = make_site({"content/test/01-foerste.md": "## Et\n\nTekst [@alpha2020].\n\n![Tegning af ryggen](ryg.png)\n\n"
                                                    "::: video rejs.mp4 Rejs dig\nSådan rejser du dig.\n:::\n"})
    sources = {"ryg.png": PNG, "rejs.mp4": MP4, "rejs.vtt": VTT.encode()}
    for name, data in sources.items():
        (root / "content/test" / name).write_bytes(data)
    root, out, clean = aged(root), tmp_path / "out", tmp_path / "clean"
    assert build_site(root, clean, jobs=1, use_cache=False).ok  # first: any build that writes forgets the record
    aged(root)  # (the records of published anchors and addresses it wrote, too)
    assert build_site(root, out, jobs=1).ok
    assert snapshot(out) == snapshot(clean)
    with open(out / edited, "ab") as file:  # as `echo >>` or an editor that writes in place does
        file.write(b"\nEDITED IN PLACE\n")
    cached = [p for p in (root / ".iskias-cache").rglob("*")
              if p.is_file() and os.path.samestat(p.stat(), (out / edited).stat())]
    assert cached and b"EDITED IN PLACE" in cached[0].read_bytes()  # the cache's copy changed with it
    assert {name: (root / "content/test" / name).read_bytes() for name in sources} == sources  # never a source
    again = build_site(root, out, jobs=1)
    assert again.ok and not again.unchanged
    assert snapshot(out) == snapshot(clean)  # as a build from nothing makes it
    assert not any(b"EDITED IN PLACE" in p.read_bytes() for p in (root / ".iskias-cache").rglob("*") if p.is_file())
    assert build_site(root, out, jobs=1).unchanged
