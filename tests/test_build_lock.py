"""One build of a site at a time (write/build_lock.py): a build that finds another build of the
same site running says so and waits for it, as the preview's rebuilds and `build` share the cache."""

from __future__ import annotations

import os
import subprocess
import sys
import threading

from iskias_site.write.build_lock import one_build_at_a_time


def test_a_second_build_waits_until_the_first_is_done(tmp_path):
    events: list[str] = []
    inside = threading.Event()

    def second() -> None:
        with one_build_at_a_time(tmp_path, waiting=lambda: (events.append("waits"), inside.set())):
            events.append("second builds")

    with one_build_at_a_time(tmp_path, waiting=lambda: events.append("first waited")):
        thread = threading.Thread(target=second)
        thread.start()
        inside.wait(timeout=60)
        events.append("first done")
    thread.join(timeout=60)
    assert events == ["waits", "first done", "second builds"]


def test_builds_of_two_sites_do_not_wait_for_each_other(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    waited: list[str] = []
    with one_build_at_a_time(tmp_path / "a", waiting=lambda: waited.append("a")):
        with one_build_at_a_time(tmp_path / "b", waiting=lambda: waited.append("b")):
            pass
    assert waited == []


def test_the_command_line_says_it_waits_and_builds_when_the_other_build_is_done(make_site, tmp_path):
    root = make_site()
    with one_build_at_a_time(root):
        build = subprocess.Popen([sys.executable, "-m", "iskias_site", "build", "--site", str(root), "--out",
                                  str(tmp_path / "out"), "--lang", "da", "--quiet"],
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                 env={**os.environ, "LANGUAGE": "da"})
        assert build.stderr.readline() == f"Venter på, at en anden kørsel af {root} bliver færdig …\n"
        assert not (tmp_path / "out").exists()  # it waits: nothing built yet
    out, _ = build.communicate(timeout=300)
    assert build.returncode == 0 and out.splitlines()[-1].startswith("Byggede 6 sider i ")


def test_a_site_folder_that_cannot_be_written_into_is_built_without_the_lock(tmp_path):
    (tmp_path / ".iskias-cache").write_text("no folder can be made here", encoding="utf-8")
    with one_build_at_a_time(tmp_path):
        built = True
    assert built
