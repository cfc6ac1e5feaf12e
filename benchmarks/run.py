"""Build benchmarks: iskias-site against a reference floor, on synthetic sites of N articles.

    python benchmarks/run.py                 # N = 100, 1000, 4000 (about 15 minutes on 2 cores)
    python benchmarks/run.py --sizes 100     # a quick look

Writes benchmarks/results.json and prints a Markdown table for benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
from pathlib import Path

from generate_site import generate
from measure import Measurement, run

HERE = Path(__file__).resolve().parent
PYTHON = sys.executable


def bench(count: int, work: Path) -> dict[str, dict[str, float]]:
    site = generate(count, work / f"site-{count}")
    out = work / f"out-{count}"
    cores = os.cpu_count() or 1
    results: dict[str, Measurement] = {}
    results["floor 1 process"] = run([PYTHON, str(HERE / "floor.py"), str(site), str(work / "floor1"), "1"])
    results[f"floor {cores} processes"] = run([PYTHON, str(HERE / "floor.py"), str(site), str(work / "floorN"),
                                               str(cores)])
    build = [PYTHON, "-m", "iskias_site", "build", "--site", str(site), "--out", str(out)]
    shutil.rmtree(site / ".iskias-cache", ignore_errors=True)
    results["iskias-site cold"] = run(build)
    results["iskias-site warm"] = run(build)
    section = site / "content" / "artikel-00000" / "02-behandling.md"
    section.write_text(section.read_text(encoding="utf-8") + "\nEn ny sætning om træning.\n", encoding="utf-8")
    results["iskias-site one section changed"] = run(build)
    pages = count + 2
    return {name: {"wall_s": m.wall, "cpu_s": m.cpu, "peak_mib": m.peak_mib, "pages_per_s": pages / m.wall}
            for name, m in results.items()}


def table(all_results: dict[int, dict[str, dict[str, float]]]) -> str:
    cores = os.cpu_count() or 1
    lines = ["| articles | run | wall s | CPU s | peak MiB (all processes) | pages/s | × floor |",
             "| ---: | --- | ---: | ---: | ---: | ---: | ---: |"]
    for count, results in all_results.items():
        floor = results[f"floor {cores} processes"]["wall_s"]
        for name, r in results.items():
            lines.append(f"| {count} | {name} | {r['wall_s']:.2f} | {r['cpu_s']:.2f} | {r['peak_mib']:.0f} | "
                         f"{r['pages_per_s']:.0f} | {r['wall_s'] / floor:.2f} |")
    return "\n".join(lines)


def verdicts(all_results: dict[int, dict[str, dict[str, float]]]) -> list[str]:
    cores = os.cpu_count() or 1
    lines = []
    for count, r in all_results.items():
        cold, floor = r["iskias-site cold"]["wall_s"], r[f"floor {cores} processes"]["wall_s"]
        lines.append(f"{count}: cold/floor {cold / floor:.2f} (target ≤ 1.25); "
                     f"warm/cold {r['iskias-site warm']['wall_s'] / cold:.3f} (target ≤ 0.1); "
                     f"peak {r['iskias-site cold']['peak_mib']:.0f} MiB (target < 300)")
    if 1000 in all_results and 4000 in all_results:
        ratio = all_results[4000]["iskias-site cold"]["wall_s"] / all_results[1000]["iskias-site cold"]["wall_s"]
        lines.append(f"scaling 4000/1000: {ratio:.2f} (target ≤ 4.5)")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 4000])
    parser.add_argument("--work", type=Path, default=Path("/tmp/iskias-bench"))
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    all_results = {count: bench(count, args.work) for count in args.sizes}
    (HERE / "results.json").write_text(json.dumps({"cores": os.cpu_count(), "results": all_results}, indent=2))
    print(table(all_results))
    print()
    print("\n".join(verdicts(all_results)))


if __name__ == "__main__":
    main()
