"""Edit-to-visible time of `iskias-site serve` on the sciatica site: save a section, poll the served
page until the new text is there. `python benchmarks/serve_latency.py [ROUNDS] [SECTION]` (goal, issue
18: a median of at most 100 ms). SECTION: the file saved, from the site's root (by default the
one measured since issue 13). The marker is added at the end of the file, so never inside the
summary or a care card: the handout's PDF is not made again (a save that changes the handout
makes it again, about half a second more)."""

from __future__ import annotations

import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SECTION = "content/iskiassmerter/07-behandling.md"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def page(port: int) -> str:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/iskiassmerter/", timeout=5) as response:
        return response.read().decode("utf-8")


def shows(port: int, marker: str) -> bool:
    """Whether the served page has the marker; a request that timed out (the server busy building
    on a loaded machine) is asked again, not an error: the clock keeps running."""
    try:
        return marker in page(port)
    except TimeoutError:
        return False


def main(rounds: int, saved: str = SECTION) -> None:
    site = Path(tempfile.mkdtemp()) / "site"
    shutil.copytree(REPO, site, ignore=shutil.ignore_patterns(".git", "_site", ".iskias-cache", "test-artifacts"))
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "iskias_site", "serve", "--site", str(site), "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                page(port)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        section = site / saved
        original = section.read_text(encoding="utf-8")
        times = []
        for n in range(rounds):
            marker = f"Målemærke{n}x{time.time_ns()}"
            temporary = section.with_name(section.name + ".tmp")
            temporary.write_text(original + f"\n{marker}\n", encoding="utf-8")
            start = time.perf_counter()
            os.replace(temporary, section)  # a save by replacing the file
            while not shows(port, marker):
                time.sleep(0.005)
            times.append((time.perf_counter() - start) * 1000)
            time.sleep(0.3)
        times.sort()
        print(f"{rounds} saves: median {statistics.median(times):.0f} ms, "
              f"90th percentile {times[int(len(times) * 0.9) - 1]:.0f} ms, max {times[-1]:.0f} ms (goal: median ≤ 100 ms)")
    finally:
        server.terminate()
        server.wait(10)
        shutil.rmtree(site.parent, ignore_errors=True)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20, *sys.argv[2:3])
