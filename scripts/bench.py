"""How long the site takes to build, and how much memory, cold and cached.

    python scripts/bench.py

Prints figures; never fails on a time. A cold build runs every snippet (fresh cache
folder, snippets run two at a time); a warm build repeats it with nothing changed (no
snippet runs). Then the slowest snippets, as their own runs measured them.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def build(cache: Path, site: Path) -> tuple[float, float, str]:
    env = dict(os.environ, SNIPPETS_CACHE=str(cache), NO_MKDOCS_2_WARNING="1")
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site)],
        cwd=ROOT, env=env, capture_output=True, text=True,
    )
    seconds = time.perf_counter() - started
    if proc.returncode != 0:
        sys.exit(f"build failed:\n{proc.stdout}{proc.stderr}")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    line = next((l for l in (proc.stdout + proc.stderr).splitlines() if "doc_snippets:" in l), "")
    return seconds, max(peak, before) / 1024, line.split("doc_snippets:", 1)[-1].strip()


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        cache, site = Path(tmp) / "cache", Path(tmp) / "site"
        print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}")
        for label in ("cold (every snippet runs)", "warm (nothing changed)"):
            seconds, peak_mb, log = build(cache, site)
            print(f"{label:28s} {seconds:7.1f} s   peak RSS of one process {peak_mb:7.0f} MiB   {log}")
        import json

        entries = sorted(cache.glob("*/meta.json"))
        runs = sorted((json.loads(e.read_text())["seconds"], e.parent.name) for e in entries)
        print(f"snippet run time: total {sum(s for s, _ in runs):.1f} s, slowest {runs[-1][0]:.1f} s, median {runs[len(runs) // 2][0]:.1f} s")
        print(f"snippets cached: {len(entries)}; cache size {sum(f.stat().st_size for f in cache.rglob('*') if f.is_file()) / 1e6:.1f} MB")
        pages = len(list(site.rglob("*.html")))
        print(f"site: {pages} HTML pages, {sum(f.stat().st_size for f in site.rglob('*') if f.is_file()) / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
