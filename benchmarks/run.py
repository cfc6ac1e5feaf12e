"""Build benchmarks: iskias-site against a reference floor, on synthetic sites of N articles.

    python benchmarks/run.py                 # N = 100, 1000, 4000, three rounds (about 20 minutes on 2 cores)
    python benchmarks/run.py --sizes 100     # a quick look

Each round runs the floor and iskias-site back to back on the same site; the table shows the
median of the rounds, and the ratios are the medians of each round's own ratio, so a machine
that slows down for a while moves both sides of a ratio together.
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

from generate_site import generate
from measure import Measurement, run

HERE = Path(__file__).resolve().parent
PYTHON = sys.executable


def one_round(site: Path, work: Path, count: int) -> dict[str, Measurement]:
    out = work / f"out-{count}"
    cores = os.cpu_count() or 1
    results: dict[str, Measurement] = {}
    for name, processes in (("floor 1 process", 1), (f"floor {cores} processes", cores)):
        shutil.rmtree(work / "floor", ignore_errors=True)
        results[name] = run([PYTHON, str(HERE / "floor.py"), str(site), str(work / "floor"), str(processes)])
    build = [PYTHON, "-m", "iskias_site", "build", "--site", str(site), "--out", str(out)]
    shutil.rmtree(site / ".iskias-cache", ignore_errors=True)
    shutil.rmtree(out, ignore_errors=True)
    results["iskias-site cold"] = run(build)
    results["iskias-site warm"] = run(build)
    section = site / "content" / "artikel-00000" / "02-behandling.md"
    section.write_text(section.read_text(encoding="utf-8") + "\nEn ny sætning om træning.\n", encoding="utf-8")
    results["iskias-site one section changed"] = run(build)
    return results


def bench(count: int, work: Path, rounds: int) -> dict[str, dict[str, float]]:
    """The median of each measurement over the rounds, and the median of each round's ratios."""
    site = generate(count, work / f"site-{count}")
    cores = os.cpu_count() or 1
    floor = f"floor {cores} processes"
    all_rounds = [one_round(site, work, count) for _ in range(rounds)]
    pages = count + 2
    summary: dict[str, dict[str, float]] = {}
    for name in all_rounds[0]:
        runs = [r[name] for r in all_rounds]
        wall = statistics.median(m.wall for m in runs)
        summary[name] = {"wall_s": wall, "cpu_s": statistics.median(m.cpu for m in runs),
                         "peak_mib": max(m.peak_mib for m in runs), "pages_per_s": pages / wall,
                         "x_floor": statistics.median(r[name].wall / r[floor].wall for r in all_rounds),
                         "x_cold": statistics.median(r[name].wall / r["iskias-site cold"].wall for r in all_rounds),
                         "rounds": [m.wall for m in runs]}
    return summary


def table(all_results: dict[int, dict[str, dict[str, float]]]) -> str:
    lines = ["| articles | run | wall s | CPU s | peak MiB (all processes) | pages/s | × floor |",
             "| ---: | --- | ---: | ---: | ---: | ---: | ---: |"]
    for count, results in all_results.items():
        for name, r in results.items():
            lines.append(f"| {count} | {name} | {r['wall_s']:.2f} | {r['cpu_s']:.2f} | {r['peak_mib']:.0f} | "
                         f"{r['pages_per_s']:.0f} | {r['x_floor']:.2f} |")
    return "\n".join(lines)


def verdicts(all_results: dict[int, dict[str, dict[str, float]]]) -> list[str]:
    cores = os.cpu_count() or 1
    lines = []
    for count, r in all_results.items():
        lines.append(f"{count}: cold/floor {r['iskias-site cold']['x_floor']:.2f} (target ≤ 1.25); "
                     f"warm/cold {r['iskias-site warm']['x_cold']:.3f} (target ≤ 0.1); "
                     f"peak {r['iskias-site cold']['peak_mib']:.0f} MiB (target < 300); "
                     f"cold rounds {', '.join(f'{w:.1f}' for w in r['iskias-site cold']['rounds'])} s, "
                     f"floor rounds {', '.join(f'{w:.1f}' for w in r[f'floor {cores} processes']['rounds'])} s")
    if 1000 in all_results and 4000 in all_results:
        ratio = all_results[4000]["iskias-site cold"]["wall_s"] / all_results[1000]["iskias-site cold"]["wall_s"]
        lines.append(f"scaling 4000/1000: {ratio:.2f} (target ≤ 4.5)")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 4000])
    parser.add_argument("--rounds", type=int, default=3, help="rounds per size; medians are reported")
    parser.add_argument("--work", type=Path, default=Path("/tmp/iskias-bench"))
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    all_results = {count: bench(count, args.work, args.rounds) for count in args.sizes}
    (HERE / "results.json").write_text(json.dumps({"cores": os.cpu_count(), "results": all_results}, indent=2))
    print(table(all_results))
    print()
    print("\n".join(verdicts(all_results)))


if __name__ == "__main__":
    main()
