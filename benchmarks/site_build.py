#!/usr/bin/env python3
"""Time `jbz site` on generated records: a first build into an empty folder, then a rebuild with nothing changed.

Usage: python benchmarks/site_build.py [--size 10000] [--runs 3] [--work DIR] [--jbz PATH] [--no-search]

Records come from benchmarks/generate.py, as benchmarks/run.py makes them (cached in the work folder). Each run is
a fresh process timed from spawn to exit with its peak RSS; the first build of each round starts from an empty
folder, the rebuild runs over the site it left (and should write no file). Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from run import AS_OF, generate, machine  # noqa: E402


def _children() -> resource.struct_rusage:
    return resource.getrusage(resource.RUSAGE_CHILDREN)


def timed(argv: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    """Wall seconds, CPU seconds (user + system, pagefind included) and the last stderr line of one run.

    RuntimeError unless it exits 0. On a shared machine the CPU time is the steadier figure.
    """
    before = _children()
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, text=True)
    _, err = proc.communicate()
    elapsed = time.perf_counter() - start
    after = _children()
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} exited with {proc.returncode}: {err.strip()[-500:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return elapsed, cpu, err.strip().splitlines()[-1]


def _median(runs: list[tuple[float, float]], which: int) -> str:
    return f"{statistics.median(r[which] for r in runs):.1f} s"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=10000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--work", type=Path, default=None)
    parser.add_argument("--jbz", default=str(Path(sys.executable).parent / "jbz"))
    parser.add_argument("--no-search", action="store_true")
    args = parser.parse_args(argv)
    work = args.work or Path(tempfile.mkdtemp(prefix="jbz-site-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    records = generate(args.size, work)
    env = {k: v for k, v in os.environ.items() if not k.startswith("JBZ_")} | {"JBZ_CACHE_DIR": str(work / "cache")}
    out = work / "site"
    command = [args.jbz, "site", "--records", str(records), "--as-of", AS_OF, "-o", str(out)]
    command += ["--no-search"] if args.no_search else []
    first: list[tuple[float, float]] = []
    again: list[tuple[float, float]] = []
    notes: list[str] = []
    for _ in range(args.runs):
        shutil.rmtree(out, ignore_errors=True)
        seconds, cpu, note = timed(command, env)
        first.append((seconds, cpu))
        seconds, cpu, again_note = timed(command, env)
        again.append((seconds, cpu))
        notes = [note, again_note]
    peak = _children().ru_maxrss / 1024  # the largest child of all runs
    search = "without search" if args.no_search else "with the pagefind index"
    lines = [
        f"`jbz site` on {args.size:,} generated records, {search}, as of {AS_OF}; median of {args.runs} runs.",
        "",
        *machine(),
        "",
        "| build | wall, median | CPU (user + system), median | peak RSS |",
        "| --- | --- | --- | --- |",
        f"| first, into an empty folder | {_median(first, 0)} | {_median(first, 1)} | {peak:.0f} MiB |",
        f"| again, nothing changed | {_median(again, 0)} | {_median(again, 1)} | |",
        "",
        f"First build: {notes[0]}",
        f"Rebuild: {notes[1]}",
    ]
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
