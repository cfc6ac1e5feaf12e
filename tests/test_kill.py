"""A build killed at any moment leaves the previous site exactly as it was, and the next build
recovers: the promise of "built in a fresh folder beside _site/, swapped in only when complete".

A generated site of 300 articles (a few seconds to build) is built once; then its text changes and
`python build.py --site SITE --out OUT --no-cache` is started again and SIGKILLed (the build and
its worker processes, as an out-of-memory kill or a lost machine would) after delays spread over a
whole build and around its end. After every kill OUT must be, byte for byte and name for name,
either the previous site or the complete new one: never missing, never a mixture. Then a normal
build must succeed, give the new site and leave no staging folders (`.OUT.new-*`, `.OUT.old-*`).

Timed kills rarely land inside the few microseconds of the swap itself, so a small site is also
killed at fixed points inside the build (between pages, before the swap, between its two renames,
after it) by a wrapper that SIGKILLs the build from within. Also: a build whose main process alone
is killed must not leave its worker processes running, and killed builds must not poison the cache.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from conftest import BIB, SITE_YML, write_files

REPO = Path(__file__).resolve().parent.parent
ARTICLES = 40  # each makes a page, a handout and its PDF (WeasyPrint, ~0.4 s): a build of some seconds
KILL_FRACTIONS = (0.05, 0.2, 0.35, 0.5, 0.65, 0.8, 0.9, 0.97, 1.0, 1.03, 1.1)  # of one build's duration

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(sys.platform != "linux", reason="SIGKILL and /proc: Linux only")]

PARAGRAPH = ("Tekst om ryggen og benet, som bliver bedre med tiden [@alpha2020]. "
             "Bevægelse hjælper de fleste [@beta2021; @gamma2022]. ")


def generate_site(root: Path, articles: int) -> Path:
    """A deterministic site of `articles` folder articles, three sections each."""
    root.mkdir(parents=True)
    shutil.copytree(REPO / "templates", root / "templates")
    shutil.copytree(REPO / "static", root / "static")
    files = {"site.yml": SITE_YML, "references.bib": BIB}
    for n in range(articles):
        folder = f"content/artikel-{n:03d}"
        files[f"{folder}/index.md"] = (
            f"---\ntitle: Artikel {n}\ndescription: Artikel nummer {n}.\nauthor: Redaktionen\n"
            "published: 2026-01-01\nlast_reviewed: 2026-01-01\nnext_review: 2099-01-01\n---\n\n"
            f"::: summary\n- Kort om artikel {n}.\n:::\n\n{PARAGRAPH}\n")
        for s in (1, 2, 3):
            files[f"{folder}/0{s}-afsnit.md"] = (
                f"## Afsnit {s}\n\n{PARAGRAPH * 2}\n\n### Mere {s}\n\n- et\n- to\n\n{PARAGRAPH}\n\n"
                "| A | B |\n| --- | --- |\n| 1 | 2 |\n")
    write_files(root, files)
    return root


def change_text(root: Path) -> None:
    """New words in every page (headings and anchors stay, so the build still succeeds)."""
    for path in (root / "content").rglob("*.md"):
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("Tekst om ryggen", "Ny tekst om ryggen"), encoding="utf-8")
    site = root / "site.yml"
    site.write_text(site.read_text(encoding="utf-8").replace("title: Testsite", "title: Testsite ny"),
                    encoding="utf-8")


# --- snapshots ---------------------------------------------------------------------------------

Snapshot = dict[str, bytes | None]  # relative path -> bytes (None: a folder)


def snapshot(folder: Path) -> Snapshot | None:
    if not folder.exists():
        return None
    taken: Snapshot = {}
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder).as_posix()
        taken[relative] = None if path.is_dir() else path.read_bytes()
    return taken


def describe(now: Snapshot | None, old: Snapshot, new: Snapshot) -> str:
    """'old', 'new', 'missing', or what makes it a mixture."""
    if now is None:
        return "missing"
    if now == old:
        return "old"
    if now == new:
        return "new"
    details = []
    for name in sorted(set(now) | set(old) | set(new)):
        if now.get(name, "absent") not in (old.get(name, "absent"), new.get(name, "absent")):
            details.append(f"{name}: neither the old nor the new file")
    from_old = sum(1 for name in now if name in old and now[name] == old[name] and old[name] != new.get(name))
    from_new = sum(1 for name in now if name in new and now[name] == new[name] and new[name] != old.get(name))
    details.append(f"{from_old} files only the old site has, {from_new} only the new one")
    return "mixture: " + "; ".join(details[:8])


def leftovers(out: Path) -> list[str]:
    return sorted(p.name for p in out.parent.iterdir()
                  if p.name.startswith((f".{out.name}.new-", f".{out.name}.old-")))


# --- running and killing builds ----------------------------------------------------------------

def build_command(site: Path, out: Path, *, cache: bool = False, jobs: int = 2) -> list[str]:
    command = [sys.executable, str(REPO / "build.py"), "--site", str(site), "--out", str(out), "--jobs", str(jobs)]
    return command + ([] if cache else ["--no-cache"])


def run_build(site: Path, out: Path, **options) -> tuple[subprocess.CompletedProcess, float]:
    started = time.monotonic()
    done = subprocess.run(build_command(site, out, **options), capture_output=True, text=True, timeout=600)
    return done, time.monotonic() - started


def group_members(group: int) -> list[int]:
    """Live (not zombie) processes in a process group, from /proc."""
    members = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[2]) == group and fields[0] != "Z":
            members.append(int(entry.name))
    return members


def kill_group(group: int) -> None:
    try:
        os.killpg(group, signal.SIGKILL)
    except ProcessLookupError:
        pass


def killed_build(site: Path, out: Path, delay: float, **options) -> bool:
    """Start a build in its own process group and SIGKILL the whole group after `delay` seconds;
    True when the build had already finished."""
    process = subprocess.Popen(build_command(site, out, **options), stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        time.sleep(delay)
        finished = process.poll() is not None
        kill_group(process.pid)
        process.wait(timeout=60)
    finally:
        kill_group(process.pid)
    return finished


def restore(out: Path, copy: Path) -> None:
    shutil.rmtree(out, ignore_errors=True)
    shutil.copytree(copy, out)


# --- the big site: old site, new site, one build's duration ------------------------------------

@dataclass
class BigSite:
    site: Path
    out: Path
    old_copy: Path
    old: Snapshot = field(repr=False)
    new: Snapshot = field(repr=False)
    duration: float
    outcomes: list[tuple[float, bool, str]] = field(default_factory=list)  # delay, had finished, state
    leftovers_after_kills: list[str] = field(default_factory=list)


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> BigSite:
    base = tmp_path_factory.mktemp("kill")
    site = generate_site(base / "site", ARTICLES)
    out = base / "www" / "_site"
    first, _ = run_build(site, out)
    assert first.returncode == 0, f"the generated site did not build:\n{first.stdout}\n{first.stderr}"
    old = snapshot(out)
    old_copy = base / "old-copy"
    shutil.copytree(out, old_copy)
    change_text(site)
    reference, duration = run_build(site, base / "reference")
    assert reference.returncode == 0, reference.stderr
    new = snapshot(base / "reference")
    assert old is not None and new is not None and old != new
    assert len([n for n in new if n.endswith(".html")]) == 2 * ARTICLES + 5  # pages and handouts; front page, 404, search, A–Å, news
    return BigSite(site, out, old_copy, old, new, duration)


@pytest.fixture(scope="module")
def kill_series(big: BigSite) -> BigSite:
    """Kill a build of the new text after each delay; OUT is put back to the old site after each."""
    for fraction in KILL_FRACTIONS:
        delay = big.duration * fraction
        finished = killed_build(big.site, big.out, delay)
        state = describe(snapshot(big.out), big.old, big.new)
        big.outcomes.append((delay, finished, state))
        if state != "old":
            restore(big.out, big.old_copy)
    big.leftovers_after_kills = leftovers(big.out)
    return big


def test_a_killed_build_leaves_the_previous_site_or_the_complete_new_one(kill_series: BigSite):
    report = "\n".join(f"  killed after {delay:.2f}s{' (had finished)' if finished else ''}: OUT is {state}"
                       for delay, finished, state in kill_series.outcomes)
    print(f"one build takes {kill_series.duration:.2f}s\n{report}")
    bad = [o for o in kill_series.outcomes if o[2] not in ("old", "new")]
    assert not bad, f"one build takes {kill_series.duration:.2f}s; after the kills:\n{report}"
    killed_early = [o for o in kill_series.outcomes if o[2] == "old" and not o[1]]
    assert len(killed_early) >= 3, f"too few kills landed before the swap to test anything:\n{report}"


@dataclass(frozen=True)
class NextBuild:
    result: subprocess.CompletedProcess
    state: str
    leftovers_before: list[str]
    leftovers_after: list[str]


@pytest.fixture(scope="module")
def next_build(kill_series: BigSite) -> NextBuild:
    before = leftovers(kill_series.out)
    result, _ = run_build(kill_series.site, kill_series.out)
    return NextBuild(result, describe(snapshot(kill_series.out), kill_series.old, kill_series.new),
                     before, leftovers(kill_series.out))


def test_the_next_build_succeeds_and_gives_the_new_site(next_build: NextBuild):
    assert next_build.result.returncode == 0, next_build.result.stderr
    assert next_build.state == "new", next_build.state


def test_the_next_build_removes_the_staging_folders_killed_builds_left(kill_series: BigSite,
                                                                       next_build: NextBuild):
    killed = sum(1 for _, finished, _ in kill_series.outcomes if not finished)
    left = next_build.leftovers_after
    assert not left, (
        f"{killed} killed builds left {len(next_build.leftovers_before)} staging folders beside OUT "
        f"({', '.join(next_build.leftovers_before[:5])}{' …' if len(next_build.leftovers_before) > 5 else ''}); "
        f"after a successful build {len(left)} are still there: they accumulate "
        f"with every interrupted build (each holds up to a whole site)")


# --- worker processes ----------------------------------------------------------------------------

def test_killing_the_main_process_does_not_leave_workers_running(big: BigSite, tmp_path: Path):
    """`kill -9` of the build (not its process group) must not orphan its pool workers forever."""
    process = subprocess.Popen(build_command(big.site, tmp_path / "out", jobs=2), stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.monotonic() + big.duration
        while len(group_members(process.pid)) < 3 and time.monotonic() < deadline:  # the workers started
            time.sleep(0.02)
        workers = [pid for pid in group_members(process.pid) if pid != process.pid]
        if not workers:
            pytest.skip("the build started no worker processes")
        process.kill()
        process.wait(timeout=10)
        deadline = time.monotonic() + 10
        while group_members(process.pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        orphans = group_members(process.pid)
        assert orphans == [], (f"10 s after the build was killed, {len(orphans)} of its {len(workers)} worker "
                             f"processes still run (pids {orphans}): pool workers outlive their parent")
    finally:
        kill_group(process.pid)


# --- the cache ---------------------------------------------------------------------------------

def test_killed_builds_do_not_poison_the_cache(big: BigSite, tmp_path: Path):
    """Builds with the cache killed mid-way, then a cached build: the same bytes as a clean build."""
    site = tmp_path / "site"
    shutil.copytree(big.site, site, ignore=shutil.ignore_patterns(".iskias-cache"))
    out = tmp_path / "out"
    for fraction in (0.15, 0.4, 0.6, 0.85):
        killed_build(site, out, big.duration * fraction, cache=True)
    result, _ = run_build(site, out, cache=True)
    assert result.returncode == 0, result.stderr
    assert describe(snapshot(out), {}, big.new) == "new"


# --- fixed points inside the build -------------------------------------------------------------

KILL_AT = textwrap.dedent("""\
    import os, shutil, signal, sys
    sys.path.insert(0, sys.argv[1])
    from iskias_site.write import staging as output
    from iskias_site.cli import main

    point, site, out, marker = sys.argv[2], sys.argv[3], os.path.realpath(sys.argv[4]), sys.argv[5]

    def die():
        os.kill(os.getpid(), signal.SIGKILL)

    def out_is_new():
        try:
            with open(os.path.join(out, "index.html"), encoding="utf-8") as page:
                return marker in page.read()
        except OSError:
            return False

    real_rename, real_rmtree, real_write = os.rename, shutil.rmtree, output.write_into
    written = 0

    def rename(source, target):
        moving_out = os.path.realpath(os.fspath(source)) == out
        real_rename(source, target)
        if point == "between-the-renames" and moving_out:
            die()

    def rmtree(path, *args, **kwargs):
        if point == "after-the-swap" and out_is_new():  # the swap is done; the old site not yet removed
            die()
        real_rmtree(path, *args, **kwargs)

    def write_into(folder, relative, content):
        global written
        real_write(folder, relative, content)
        written += 1
        if point == "after-two-pages" and written == 2:
            die()

    os.rename, shutil.rmtree = rename, rmtree
    output.write_into = write_into
    import iskias_site.pipeline.site as build_module
    build_module.write_into = write_into
    import iskias_site.pipeline.article as article_build
    if hasattr(article_build, "write_into"):
        article_build.write_into = write_into
    if point == "before-the-swap":
        output.SiteWriter.commit = lambda self: die()
    sys.exit(main(["build", "--site", site, "--out", out, "--no-cache", "--jobs", "1"]))
""")

SMALL_ARTICLES = 4
NEW_MARKER = "Testsite ny"  # in every page of the new site (change_text)
POINTS = {  # where the build dies -> what OUT must be afterwards
    "after-two-pages": "old",
    "before-the-swap": "old",
    "between-the-renames": "old",  # only where the swap takes two renames (out aside, staging in)
    "after-the-swap": "new",  # only where something is removed after the swap
}
OPTIONAL_POINTS = {"between-the-renames", "after-the-swap"}


def kill_at(point: str, small: BigSite, tmp_path: Path) -> subprocess.CompletedProcess:
    script = tmp_path / "kill_at.py"
    script.write_text(KILL_AT, encoding="utf-8")
    return subprocess.run([sys.executable, str(script), str(REPO / "src"), point, str(small.site), str(small.out),
                           NEW_MARKER], capture_output=True, text=True, timeout=120)


@pytest.fixture
def small(tmp_path: Path) -> BigSite:
    site = generate_site(tmp_path / "site", SMALL_ARTICLES)
    out = tmp_path / "www" / "_site"
    first, _ = run_build(site, out, jobs=1)
    assert first.returncode == 0, first.stderr
    old = snapshot(out)
    change_text(site)
    reference, duration = run_build(site, tmp_path / "reference", jobs=1)
    assert reference.returncode == 0, reference.stderr
    return BigSite(site, out, tmp_path / "unused", old, snapshot(tmp_path / "reference"), duration)


@pytest.mark.parametrize("point", list(POINTS))
def test_a_build_killed_at_a_fixed_point(small: BigSite, tmp_path: Path, point: str):
    died = kill_at(point, small, tmp_path)
    if died.returncode == 0 and point in OPTIONAL_POINTS:
        expected = "new"  # this build's swap never passes through that point: it simply finished
    else:
        assert died.returncode == -signal.SIGKILL, (f"the build was not killed {point.replace('-', ' ')}: "
                                                    f"exit {died.returncode}\n{died.stderr}")
        expected = POINTS[point]
    state = describe(snapshot(small.out), small.old, small.new)
    assert state == expected, (f"killed {point.replace('-', ' ')}: OUT is {state}, should be the {expected} "
                               f"site; beside it: {leftovers(small.out)}")


@pytest.mark.parametrize("point", list(POINTS))
def test_the_build_after_a_fixed_point_kill_recovers(small: BigSite, tmp_path: Path, point: str):
    kill_at(point, small, tmp_path)
    result, _ = run_build(small.site, small.out, jobs=1)
    assert result.returncode == 0, result.stderr
    state = describe(snapshot(small.out), small.old, small.new)
    assert state == "new", f"after a kill {point.replace('-', ' ')} and a normal build, OUT is {state}"
    left = leftovers(small.out)
    assert not left, f"killed {point.replace('-', ' ')}, then built: still beside OUT: {left}"
