#!/usr/bin/env python3
"""Time jbz against Taskwarrior on the same generated records and write a Markdown table.

Usage: python benchmarks/run.py [--sizes 1000,10000,100000] [--runs 5] [--out docs/benchmarks.md]
                                [--work DIR] [--jbz PATH]

Every command runs with stdout to a pipe (the pipeline case), as a fresh process, and is timed
from spawn to exit. The table shows the median wall time of --runs runs and the largest peak RSS
seen (ru_maxrss of the child, from os.wait4).

Scenarios for `jbz list --overdue --as-of 2026-11-29`:

* warm: nothing changed since the previous run; the index answers after a stat walk.
* one file changed: one record file is rewritten before each run.
* touched files: every record file's mtime is set to now before each run (os.utime), so the
  index must parse every file again; the index database itself exists.
* cold cache: the cache folder is removed before each run, so the index is built from nothing.
* no cache: `--no-cache`, reading and filtering every file without the index.

Taskwarrior (`task +OVERDUE list` and `task export`) runs on the same items imported into a
throw-away TASKDATA by benchmarks/taskwarrior.py, with its dates shifted so that its real today
plays the role of 2026-11-29; the helper checks that both tools count the same overdue items.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import taskwarrior  # noqa: E402

AS_OF = "2026-11-29"


@dataclass
class Timing:
    label: str
    command: str
    seconds: float  # median wall time
    rss_mib: float  # peak over the runs
    runs: int


def run_once(argv: list[str], env: dict[str, str]) -> tuple[float, float, bytes]:
    """One piped run: wall seconds, peak RSS in MiB, and its output."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
    assert proc.stdout is not None
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in (0, 1):
        raise RuntimeError(f"{' '.join(argv)} exited with {proc.returncode}")
    return elapsed, usage.ru_maxrss / 1024, out


def measure(
    label: str,
    argv: list[str],
    env: dict[str, str],
    runs: int,
    before: Callable[[], None] | None = None,
    shown: str | None = None,
) -> Timing:
    times, peak = [], 0.0
    for _ in range(runs):
        if before:
            before()
        seconds, rss, _ = run_once(argv, env)
        times.append(seconds)
        peak = max(peak, rss)
    timing = Timing(label, shown or " ".join(argv), statistics.median(times), peak, runs)
    print(f"  {label:<28} {timing.seconds * 1000:8.1f} ms  {peak:6.1f} MiB", file=sys.stderr)
    return timing


def generate(n: int, work: Path) -> Path:
    target = work / f"records-{n}"
    stamp = work / f"records-{n}.done"
    if not stamp.exists():
        shutil.rmtree(target, ignore_errors=True)
        subprocess.run([sys.executable, str(HERE / "generate.py"), str(n), str(target)], check=True)
        stamp.write_text("ok")
    return target


def machine() -> list[str]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    task = "not installed"
    if taskwarrior.available():
        task = subprocess.run(["task", "--version"], capture_output=True, text=True).stdout.strip()
    return [
        f"- CPU: {cpu}, {os.cpu_count()} logical CPUs (nproc)",
        f"- OS: {platform.platform()}",
        f"- Python: {platform.python_implementation()} {platform.python_version()}",
        f"- SQLite: {__import__('sqlite3').sqlite_version}",
        f"- Taskwarrior: {task}",
    ]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1000,10000,100000", help="comma-separated record counts")
    ap.add_argument("--runs", type=int, default=5, help="runs per measurement (median; default 5)")
    ap.add_argument("--out", help="write the Markdown here instead of stdout")
    ap.add_argument("--work", default=os.path.join(tempfile.gettempdir(), "jbz-bench"), help="data and caches")
    ap.add_argument("--jbz", default=shutil.which("jbz") or "jbz", help="the jbz command to time")
    args = ap.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s]
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    runs = max(1, args.runs)
    jbz = args.jbz
    env = {k: v for k, v in os.environ.items() if not k.startswith("JBZ_")}

    results: dict[tuple[int, str], Timing] = {}
    startup: list[Timing] = []
    print("startup", file=sys.stderr)
    python3 = shutil.which("python3") or sys.executable
    startup.append(measure("python -c pass", [sys.executable, "-c", "pass"], env, runs * 4, shown="python -c pass"))
    if os.path.realpath(python3) != os.path.realpath(sys.executable):
        shim = measure("python3 -c pass (PATH)", [python3, "-c", "pass"], env, runs * 4, shown="python3 -c pass")
        startup.append(shim)
    startup.append(measure("jbz --version", [jbz, "--version"], env, runs * 4, shown="jbz --version"))
    startup.append(measure("jbz --help", [jbz, "--help"], env, runs * 4, shown="jbz --help"))

    have_task = taskwarrior.available()
    have_check = subprocess.run([jbz, "check", "--help"], capture_output=True, env=env).returncode == 0
    for n in sizes:
        print(f"{n} records", file=sys.stderr)
        records = generate(n, work)
        cache = work / f"cache-{n}"
        jenv = {**env, "JBZ_CACHE_DIR": str(cache)}
        overdue = [jbz, "list", "--overdue", "--as-of", AS_OF, "--records", str(records)]
        shown = f"jbz list --overdue --as-of {AS_OF} --records DIR"
        files = [os.path.join(d, f) for d, _, fs in os.walk(records) for f in fs if f.endswith(".toml")]
        files.sort()
        one = files[len(files) // 2]
        original = Path(one).read_bytes()
        flip = [0]

        def change_one(one: str = one, original: bytes = original, flip: list[int] = flip) -> None:
            flip[0] ^= 1
            Path(one).write_bytes(original + (b"# edited\n" if flip[0] else b""))

        def touch_all(files: list[str] = files) -> None:
            now = time.time_ns()
            for f in files:
                os.utime(f, ns=(now, now))

        def drop_cache(cache: Path = cache) -> None:
            shutil.rmtree(cache, ignore_errors=True)

        if have_task:
            tenv = taskwarrior.setup_taskdata(str(records), str(work / f"task-{n}"))
            results[n, "task"] = measure("task +OVERDUE list", taskwarrior.task_command("overdue"), tenv, runs)
            results[n, "task-export"] = measure("task export", taskwarrior.task_command("export"), tenv, runs)
        run_once(overdue, jenv)  # build the index
        time.sleep(2.5)  # files written in the last 2 s are "racy" and parsed again; let fresh data age
        run_once(overdue, jenv)
        results[n, "warm"] = measure("jbz warm", overdue, jenv, runs, shown=shown)
        results[n, "one"] = measure("jbz one file changed", overdue, jenv, runs, change_one, shown=shown)
        Path(one).write_bytes(original)
        cold_runs = runs if n <= 10_000 else max(3, runs // 2 + 1)
        results[n, "touched"] = measure("jbz touched files", overdue, jenv, cold_runs, touch_all, shown=shown)
        results[n, "cold"] = measure("jbz cold cache", overdue, jenv, cold_runs, drop_cache, shown=shown)
        results[n, "nocache"] = measure("jbz --no-cache", [*overdue, "--no-cache"], jenv, cold_runs, shown=shown)
        run_once(overdue, jenv)
        if have_check and n == 10_000:
            check = [jbz, "check", "--records", str(records)]
            results[n, "check"] = measure("jbz check", check, jenv, runs, shown="jbz check --records DIR")

    text = report(sizes, results, startup, have_task, runs, args)
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


def ms(t: Timing | None) -> str:
    return "–" if t is None else f"{t.seconds * 1000:,.0f} ms"


def ratio(a: Timing | None, b: Timing | None) -> str:
    return "–" if a is None or b is None else f"{a.seconds / b.seconds:.2f}×"


def report(sizes, results, startup, have_task, runs, args) -> str:
    lines = ["# Benchmarks", "", "Generated by `python benchmarks/run.py"]
    lines[-1] += f" --sizes {args.sizes} --runs {runs}" + (f" --out {args.out}`" if args.out else "`")
    lines += ["", "## Machine", "", *machine(), ""]
    lines += [
        "## jbz list --overdue against task +OVERDUE list",
        "",
        f"Median wall time of {runs} piped runs (3 for cold scenarios above 10,000 records); peak RSS is the largest",
        "of those runs. Ratios are jbz's time divided by Taskwarrior's `task +OVERDUE list` in the same run.",
        "",
        "| records | scenario | command | median | ratio to task | peak RSS |",
        "|---:|---|---|---:|---:|---:|",
    ]
    names = [
        ("task", "Taskwarrior"),
        ("task-export", "Taskwarrior export"),
        ("warm", "jbz warm"),
        ("one", "jbz one file changed"),
        ("touched", "jbz touched files"),
        ("cold", "jbz cold cache"),
        ("nocache", "jbz --no-cache"),
        ("check", "jbz check"),
    ]
    for n in sizes:
        base = results.get((n, "task"))
        for key, name in names:
            t = results.get((n, key))
            if t is None:
                continue
            lines.append(
                f"| {n:,} | {name} | `{t.command}` | {ms(t)} | {ratio(t, base) if key != 'task' else '1.00×'} "
                f"| {t.rss_mib:.0f} MiB |"
            )
    lines += ["", "## Startup", "", "| command | median | ratio to `python -c pass` |", "|---|---:|---:|"]
    for t in startup:
        lines.append(f"| `{t.command}` | {t.seconds * 1000:.1f} ms | {t.seconds / startup[0].seconds:.2f}× |")
    lines += ["", "## Targets", "", "| target | measured | met |", "|---|---|---|"]

    def target(name: str, value: float | None, limit: float, shown: str) -> None:
        if value is None:
            lines.append(f"| {name} | not measured | – |")
        else:
            lines.append(f"| {name} | {shown} | {'yes' if value <= limit else 'no'} |")

    def r(n: int, key: str) -> float | None:
        a, b = results.get((n, key)), results.get((n, "task"))
        return None if a is None or b is None else a.seconds / b.seconds

    v = r(10_000, "warm")
    target("10k warm ≤ 0.5× task", v, 0.5, f"{v:.2f}×" if v else "")
    v = r(100_000, "warm")
    target("100k warm ≤ 0.3× task", v, 0.3, f"{v:.2f}×" if v else "")
    w = results.get((100_000, "warm"))
    target("100k warm peak RSS < 150 MiB", w.rss_mib if w else None, 149.99, f"{w.rss_mib:.0f} MiB" if w else "")
    v = r(10_000, "touched")
    target("10k touched files ≤ 2× task", v, 2.0, f"{v:.2f}×" if v else "")
    v = r(10_000, "cold")
    target("10k cold cache ≤ 2× task", v, 2.0, f"{v:.2f}×" if v else "")
    for n in sizes:
        one, warm = results.get((n, "one")), results.get((n, "warm"))
        if one and warm:
            d = one.seconds / warm.seconds
            target(f"{n:,}: one file changed within 10% of warm", d, 1.10, f"{d:.2f}× warm")
    base = startup[0].seconds
    for t in startup:
        if t.command.startswith("jbz"):
            target(f"`{t.command}` ≤ 6× python startup", t.seconds / base, 6.0, f"{t.seconds / base:.2f}×")
    c = results.get((10_000, "check"))
    target("jbz check at 10k < 5 s", c.seconds if c else None, 5.0, f"{c.seconds:.2f} s" if c else "")
    if not have_task:
        lines += ["", "Taskwarrior is not installed, so no ratios were measured."]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
