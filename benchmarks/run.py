"""Build benchmarks: iskias-site against a reference floor, on synthetic sites of N articles.

    python benchmarks/run.py                 # N = 100, 1000, 4000, both corpus shapes, three rounds
    python benchmarks/run.py --sizes 100 --shapes single   # a quick look

Each round runs the floor, Hugo (when `hugo` is on PATH, on the same pages: see hugo_site.py) and
iskias-site back to back on the same site; the table shows the median of the rounds, and the
ratios are the medians of each round's own ratio, so a machine that slows down for a while moves
both sides of a ratio together.
Writes benchmarks/results.json and prints a Markdown table for benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
from pathlib import Path

from generate_site import HANDOUTS, SHAPES, generate
from hugo_site import hugo_site
from measure import Measurement, run

HERE = Path(__file__).resolve().parent
PYTHON = sys.executable
HUGO = shutil.which("hugo")


def one_round(site: Path, work: Path, count: int, hugo_source: Path | None) -> dict[str, Measurement]:
    out = work / f"out-{count}"
    cores = os.cpu_count() or 1
    results: dict[str, Measurement] = {}
    for name, processes in (("floor 1 process", 1), (f"floor {cores} processes", cores)):
        shutil.rmtree(work / "floor", ignore_errors=True)
        results[name] = run([PYTHON, str(HERE / "floor.py"), str(site), str(work / "floor"), str(processes)])
    if hugo_source is not None:
        shutil.rmtree(work / "hugo-out", ignore_errors=True)
        results["Hugo full build"] = run([HUGO, "--source", str(hugo_source), "--destination",
                                          str(work / "hugo-out"), "--quiet"])
    build = [PYTHON, "-m", "iskias_site", "build", "--site", str(site), "--out", str(out)]
    shutil.rmtree(site / ".iskias-cache", ignore_errors=True)
    shutil.rmtree(out, ignore_errors=True)
    shutil.rmtree(out.with_name(f".{out.name}.spare"), ignore_errors=True)  # the site before last
    results["iskias-site cold"] = run(build)
    # the first build after a cold one has no site before last to recycle as its staging folder;
    # from then on every build has (the steady state of an editor building again and again)
    results["iskias-site warm, first after cold"] = run(build)
    results["iskias-site warm"] = run(build)
    section = site / "content" / "artikel-00000" / "02-behandling.md"
    if not section.exists():  # the single shape: the article's one file
        section = section.with_name("index.md")
    # The warm builds above found nothing changed and left the site alone, so the first build that
    # writes one after the cold build has no site before last to recycle either; from the second on
    # every build has (an editor's steady state: a change, a build, a change, a build).
    for name in ("iskias-site one section changed, first after cold", "iskias-site one section changed"):
        section.write_text(section.read_text(encoding="utf-8") + "\nEn ny sætning om træning.\n", encoding="utf-8")
        results[name] = run(build)
    return results


def bench(count: int, work: Path, rounds: int, shape: str, handouts: str = "html") -> dict[str, dict[str, float]]:
    """The median of each measurement over the rounds, and the median of each round's ratios."""
    site = generate(count, work / f"site-{shape}-{count}", shape, handouts)
    hugo_source = hugo_site(site, work / f"hugo-{shape}-{count}") if HUGO else None
    cores = os.cpu_count() or 1
    floor = f"floor {cores} processes"
    all_rounds = [one_round(site, work, count, hugo_source) for _ in range(rounds)]
    pages = count + 2
    summary: dict[str, dict[str, float]] = {}
    for name in all_rounds[0]:
        runs = [r[name] for r in all_rounds]
        wall = statistics.median(m.wall for m in runs)
        summary[name] = {"wall_s": wall, "cpu_s": statistics.median(m.cpu for m in runs),
                         "peak_mib": max(m.peak_mib for m in runs), "pages_per_s": pages / wall,
                         "x_floor": statistics.median(r[name].wall / r[floor].wall for r in all_rounds),
                         "x_cold": statistics.median(r[name].wall / r["iskias-site cold"].wall for r in all_rounds),
                         "x_hugo": statistics.median(r[name].wall / r["Hugo full build"].wall for r in all_rounds)
                         if "Hugo full build" in all_rounds[0] else None,
                         "cpu_x_cold": statistics.median(r[name].cpu / r["iskias-site cold"].cpu for r in all_rounds),
                         "rounds": [m.wall for m in runs]}
    return summary


Results = dict[str, dict[int, dict[str, dict[str, float]]]]  # shape -> articles -> run -> figures


def table(all_results: Results) -> str:
    lines = ["| corpus | articles | run | wall s | CPU s | peak MiB (all processes) | pages/s | × floor | × Hugo |",
             "| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for shape, by_count in all_results.items():
        for count, results in by_count.items():
            for name, r in results.items():
                hugo = "" if r["x_hugo"] is None else f"{r['x_hugo']:.2f}"
                lines.append(f"| {shape} | {count} | {name} | {r['wall_s']:.2f} | {r['cpu_s']:.2f} | "
                             f"{r['peak_mib']:.0f} | {r['pages_per_s']:.0f} | {r['x_floor']:.2f} | {hugo} |")
    return "\n".join(lines)


def verdicts(all_results: Results) -> list[str]:
    cores = os.cpu_count() or 1
    lines = []
    for shape, by_count in all_results.items():
        for count, r in by_count.items():
            warm, changed = r["iskias-site warm"], r["iskias-site one section changed"]
            hugo = "" if warm["x_hugo"] is None else f"warm/Hugo {warm['x_hugo']:.2f} (target ≤ 0.5); "
            lines.append(f"{shape} {count}: cold/floor {r['iskias-site cold']['x_floor']:.2f} (target ≤ 1.25); "
                         f"warm/cold {warm['x_cold']:.3f} (CPU {warm['cpu_x_cold']:.3f}; target ≤ 0.1); {hugo}"
                         f"one changed/cold {changed['x_cold']:.3f} (target ≤ 0.1); "
                         f"peak {max(m['peak_mib'] for n, m in r.items() if n.startswith('iskias')):.0f} MiB "
                         f"(target < 300); cold rounds {', '.join(f'{w:.1f}' for w in r['iskias-site cold']['rounds'])} s, "
                         f"floor rounds {', '.join(f'{w:.1f}' for w in r[f'floor {cores} processes']['rounds'])} s")
        if 1000 in by_count and 4000 in by_count:
            ratio = by_count[4000]["iskias-site cold"]["wall_s"] / by_count[1000]["iskias-site cold"]["wall_s"]
            lines.append(f"{shape} scaling 4000/1000: {ratio:.2f} (target ≤ 4.5)")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 4000])
    parser.add_argument("--shapes", nargs="+", choices=SHAPES, default=list(SHAPES),
                        help="corpus shapes (see generate_site.py)")
    parser.add_argument("--rounds", type=int, default=3, help="rounds per size; medians are reported")
    parser.add_argument("--work", type=Path, default=Path("/tmp/iskias-bench"))
    parser.add_argument("--handouts", choices=HANDOUTS, default="html",
                        help="site.yml's handouts for the corpus (pdf: a PDF per article, about an hour at 4,000)")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    all_results = {shape: {count: bench(count, args.work, args.rounds, shape, args.handouts) for count in args.sizes}
                   for shape in args.shapes}
    (HERE / "results.json").write_text(json.dumps({"cores": os.cpu_count(), "hugo": HUGO,
                                                   "results": all_results}, indent=2))
    print(table(all_results))
    print()
    print("\n".join(verdicts(all_results)))


if __name__ == "__main__":
    main()
