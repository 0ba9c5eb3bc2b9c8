#!/usr/bin/env python3
"""Time jbz against Taskwarrior, case by case, on the same generated records and write a Markdown table.

Usage: python benchmarks/run.py [--sizes 10000,100000] [--runs 5] [--out docs/benchmarks.md]
                                [--work DIR] [--jbz PATH] [--baseline PATH] [--smoke]

Every command runs with stdout to a pipe, as a fresh process, timed from spawn to exit. Each case is
measured in rounds: in one round the reference (Taskwarrior, `python -c pass`, or the baseline jbz)
runs, then the baseline jbz (when --baseline names one), then jbz, so that all three see the same load
on a shared machine. The table shows the median of --runs rounds and the largest peak RSS (ru_maxrss
of the command itself: a small spawner in between keeps the harness's own memory out of it).

The cases are the rows of the performance targets (see docs/benchmarks.md):

* ids: warm `jbz list --overdue --format ids` against `task +OVERDUE _ids`;
* json: warm `jbz list --overdue --format json` against `task +OVERDUE export`;
* cold: `jbz list --overdue --format ids` with the cache folder removed before each run;
* show, summary, agenda, stats: against `task UUID info`, `task summary`, `task due.before:D list`
  (D six months after the as-of date, as `jbz agenda` shows) and `task stats`;
* check: `jbz check` on the clean generated records, against the baseline jbz;
* --version, --help: against `python -c pass`.

Before timing, both tools (and the baseline) must select the same overdue items; the run stops otherwise.
Taskwarrior runs on the same items imported into a throw-away TASKDATA by benchmarks/taskwarrior.py, with
its dates shifted so that its real today plays the role of the as-of date. It runs on two databases: "task"
holds what the queries need (title, status, topics, due, follow-up notes), "same information" holds all of
each record, as jbz reads it (`to_taskwarrior.py --full`: the quote, the summary, every follow-up with its
status, evidence and due moves, and the other fields as user-defined attributes). Every Taskwarrior case runs
on both in the same rounds, and the table divides jbz's time by each.

--smoke runs every case once on 200 records and writes the table to stdout: a check that the benchmark
still works, not a measurement.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import taskwarrior  # noqa: E402
import to_taskwarrior  # noqa: E402

AS_OF = "2026-11-29"
AGENDA_DAYS = 183  # `jbz agenda` shows six months from the as-of month; Taskwarrior gets the same horizon


@dataclass
class Timing:
    seconds: float  # median wall time
    rss_mib: float  # peak over the runs
    cpu: float = 0.0  # median user + system seconds of the child: steadier than wall time on a busy machine


@dataclass
class Tool:
    """One program to time: its argv prefix and the environment it runs in."""

    name: str
    argv: list[str]
    env: dict[str, str]
    cache: Path | None = None


@dataclass
class Case:
    """One row of the targets table: jbz's arguments, the reference's argv, and the ratio that must be reached."""

    key: str
    title: str
    jbz: list[str]
    reference: str  # "task", "python" or "baseline"
    task: list[str] = field(default_factory=list)
    target: float | None = None
    cold: bool = False
    shown: str = ""  # the reference as the table names it; default: the task argv
    edit: bool = False  # rewrite one record file before each jbz run (its cost against the warm `ids` row)


@dataclass
class Row:
    case: Case
    size: int | None
    reference: Timing | None
    baseline: Timing | None
    new: Timing
    full: Timing | None = None  # Taskwarrior on the database holding the same information as jbz
    # For the edited-file row: each tool's warm run after the same pause as the edit, in the same rounds
    # (baseline's, jbz's); the edit's cost is its time over this one.
    paused: tuple[Timing | None, Timing] | None = None


# Linux charges a child the peak RSS of the process it was forked from (the address space it shared until exec),
# so a harness holding 200 MiB would report 200 MiB for `python -c pass`. A small Python process in between
# spawns the command and reports the command's own rusage on a pipe, and its wall time from the spawn to the end
# of the wait: the spawner's own start-up (about 15 ms, the same for every tool) would otherwise be in every
# figure and pull every ratio towards 1.
_SPAWNER = (
    "import os, sys, time\n"
    "start = time.perf_counter()\n"
    "pid = os.posix_spawn(sys.argv[2], sys.argv[2:], os.environ)\n"
    "_, status, ru = os.wait4(pid, 0)\n"
    "wall = time.perf_counter() - start\n"
    "code = os.waitstatus_to_exitcode(status)\n"
    "os.write(int(sys.argv[1]), f'{ru.ru_maxrss} {ru.ru_utime + ru.ru_stime} {code} {wall}'.encode())\n"
)


def run_once(argv: list[str], env: dict[str, str]) -> tuple[float, float, bytes, float]:
    """One piped run: wall seconds, peak RSS in MiB, its output, and its CPU seconds (user + system).

    The command runs under a small spawner (see _SPAWNER), so its peak RSS is its own, not the harness's; its RSS
    is a floor of about 9 MiB under every figure. The wall time is the spawner's, from the spawn to the end of the
    wait, as the harness reads the output all the while (a full pipe never holds the command up).
    """
    exe = argv[0] if os.path.isabs(argv[0]) else shutil.which(argv[0], path=env.get("PATH"))
    if exe is None:
        raise RuntimeError(f"{argv[0]} not found")
    read_fd, write_fd = os.pipe()
    proc = subprocess.Popen(
        [sys.executable, "-c", _SPAWNER, str(write_fd), exe, *argv[1:]],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=env,
        pass_fds=(write_fd,),
    )
    os.close(write_fd)
    assert proc.stdout is not None
    out = proc.stdout.read()
    proc.wait()
    with os.fdopen(read_fd, "rb") as report:
        fields = report.read().split()
    if proc.returncode != 0 or len(fields) != 4:
        raise RuntimeError(f"{' '.join(argv)} could not be measured")
    maxrss_kib, cpu, code, elapsed = int(fields[0]), float(fields[1]), int(fields[2]), float(fields[3])
    if code not in (0, 1):
        raise RuntimeError(f"{' '.join(argv)} exited with {code}")
    return elapsed, maxrss_kib / 1024, out, cpu


def measure_round(
    commands: list[tuple[list[str], dict[str, str], Callable[[], None] | None]], runs: int
) -> list[Timing]:
    """Run the commands in turn, `runs` rounds; one Timing per command (median, peak)."""
    times: list[list[float]] = [[] for _ in commands]
    cpus: list[list[float]] = [[] for _ in commands]
    peaks = [0.0 for _ in commands]
    for _ in range(runs):
        for n, (argv, env, before) in enumerate(commands):
            if before:
                before()
            seconds, rss, _, cpu = run_once(argv, env)
            times[n].append(seconds)
            cpus[n].append(cpu)
            peaks[n] = max(peaks[n], rss)
    return [Timing(statistics.median(t), p, statistics.median(c)) for t, p, c in zip(times, peaks, cpus, strict=True)]


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


def cases(records: Path, show_id: str) -> list[Case]:
    """The rows of the targets table for one records folder."""
    d = ["--records", str(records)]
    a = ["--as-of", AS_OF]
    overdue = ["list", "--overdue", *a, *d]
    agenda_end = to_taskwarrior.utc_today() + timedelta(days=AGENDA_DAYS)
    show_uuid = str(uuid.uuid5(to_taskwarrior.UUID_NAMESPACE, show_id))
    return [
        Case("ids", "warm `list --overdue --format ids`", [*overdue, "--format", "ids"], "task",
             taskwarrior.task_command("overdue-ids"), 0.5),
        Case("json", "warm `list --overdue --format json`", [*overdue, "--format", "json"], "task",
             taskwarrior.task_command("overdue-export"), 1.0),
        Case("cold", "cold `list --overdue --format ids`, cache removed", [*overdue, "--format", "ids"], "task",
             taskwarrior.task_command("overdue-ids"), 2.0, cold=True),
        Case("edit", "one file edited, then `list --overdue --format ids`", [*overdue, "--format", "ids"], "task",
             taskwarrior.task_command("overdue-ids"), None, edit=True),
        Case("show", "`show ID`", ["show", show_id, *a, *d], "task", ["task", show_uuid, "info"], 1.0,
             shown="task UUID info"),
        Case("summary", "`summary`", ["summary", *a, *d], "task", taskwarrior.task_command("summary"), 1.0),
        Case("agenda", "`agenda`", ["agenda", *a, *d], "task",
             ["task", f"due.before:{agenda_end.isoformat()}", "list"], 1.0, shown="task due.before:D list"),
        Case("stats", "`stats`", ["stats", *d], "task", taskwarrior.task_command("stats"), 1.0),
        Case("check", "`check` (clean records)", ["check", *d], "baseline", [], 0.5),
    ]  # fmt: skip


MAX_EDIT_RATIO = 1.2  # one edited file against a warm run, at every size
TARGETS_100K = {"ids": 0.25, "cold": 2.0, "edit": None}  # at 100,000 records; the other rows are targets at 10,000 only
MAX_RSS_100K = 60  # MiB, warm ids at 100,000 records


def same_answer(tools: list[Tool], records: Path, tenvs: dict[str, dict[str, str]]) -> int:
    """The number of overdue items, after checking that every tool (and each Taskwarrior database in `tenvs`)
    selects the same ones; RuntimeError if not."""
    answers = {}
    for tool in tools:
        argv = [*tool.argv, "list", "--overdue", "--as-of", AS_OF, "--records", str(records), "--format", "ids"]
        ids = run_once(argv, tool.env)[2].decode().split()
        answers[tool.name] = {str(uuid.uuid5(to_taskwarrior.UUID_NAMESPACE, i)) for i in ids}
    for name, tenv in tenvs.items():
        out = run_once(taskwarrior.task_command("overdue-uuids"), tenv)[2].decode()
        answers[name] = set(out.split())
    first = next(iter(answers.values()))
    for name, got in answers.items():
        if got != first:
            raise RuntimeError(f"{name} selects {len(got)} overdue items, others {len(first)}: not the same answer")
    return len(first)


def bench_size(
    n: int, work: Path, tools: list[Tool], runs: int, have_task: bool, all_cases: bool, only: set[str]
) -> tuple[list[Row], int]:
    print(f"{n} records", file=sys.stderr)
    records = generate(n, work)
    for tool in tools:
        tool.env = {**tool.env, "JBZ_CACHE_DIR": str(work / f"cache-{n}-{tool.name}")}
        tool.cache = work / f"cache-{n}-{tool.name}"
    files = sorted(os.path.join(d, f) for d, _, fs in os.walk(records) for f in fs if f.endswith(".toml"))
    show_id = Path(files[len(files) // 2]).stem
    tenv = taskwarrior.setup_taskdata(str(records), str(work / f"task-{n}")) if have_task else None
    fenv = taskwarrior.setup_taskdata(str(records), str(work / f"task-full-{n}"), full=True) if have_task else None
    for tool in tools:  # build the indexes, let fresh files age past the racy window, then warm up once
        run_once([*tool.argv, "list", "--records", str(records), "--format", "ids"], tool.env)
    time.sleep(2.5)
    overdue = same_answer(tools, records, {"task": tenv, "same information": fenv} if tenv and fenv else {})
    rows = []
    baseline = next((t for t in tools if t.name == "baseline"), None)
    for case in cases(records, show_id):
        if (n > 10_000 and not all_cases and case.key not in TARGETS_100K) or (only and case.key not in only):
            continue
        commands = []
        with_task = case.reference == "task" and tenv is not None and fenv is not None
        if with_task:
            commands += [(case.task, tenv, None), (case.task, fenv, None)]
        if case.cold:  # a cold run builds its index after answering, maybe in the background: let it finish first
            commands = [(argv, env, lambda: settle(tools)) for argv, env, _ in commands]
        if case.edit:  # a warm run after the same pause as each edit: the CPU idles alike before both
            commands += [([*tool.argv, *case.jbz], tool.env, lambda: time.sleep(EDIT_PAUSE_S)) for tool in tools]
        for tool in tools:
            before = None
            if case.cold:
                before = lambda c=tool.cache: (settle(tools), shutil.rmtree(c, ignore_errors=True))  # noqa: E731
            elif case.edit:
                before = lambda: edit_one(Path(files[len(files) // 3]))  # noqa: E731
            commands.append(([*tool.argv, *case.jbz], tool.env, before))
        case_runs = runs if not case.cold or n <= 10_000 else max(3, runs // 2 + 1)
        timings = measure_round(commands, case_runs)
        reference, full = (timings.pop(0), timings.pop(0)) if with_task else (None, None)
        paused = None
        if case.edit:
            warm, timings = timings[: len(tools)], timings[len(tools) :]
            paused = (warm[0] if baseline is not None else None, warm[-1])
        base = timings[0] if baseline is not None else None
        row = Row(case, n, reference, base, timings[-1], full, paused)
        rows.append(row)
        print(f"  {case.key:<8} " + "  ".join(f"{t.seconds * 1000:8.1f} ms" for t in (*filter(None, [reference,
              full]), *timings)), file=sys.stderr)  # fmt: skip
        if case.cold:  # leave a warm index behind for the next case
            for tool in tools:
                run_once([*tool.argv, "list", "--records", str(records), "--format", "ids"], tool.env)
            time.sleep(2.5)
    return rows, overdue


def settle(tools: list[Tool]) -> None:
    """Wait until no index build started by an earlier cold run holds its lock (store/index_lock.py), so a
    background build never runs during another command's timing."""
    import fcntl

    time.sleep(0.1)  # a just-detached builder takes its lock within milliseconds
    for tool in tools:
        if tool.cache is None or not tool.cache.is_dir():
            continue
        for lock in tool.cache.glob("*-lock"):
            with contextlib.suppress(OSError), open(lock, "rb") as fh:
                fcntl.flock(fh, fcntl.LOCK_EX)  # blocks while a builder holds it; closing releases it


EDIT_PAUSE_S = 2.5  # past the index's racy window (store/index_keys.RACY_NS)


def edit_one(path: Path) -> None:
    """Rewrite one record file with a changed comment (same record, new signature), then let it age past the
    index's racy window, as an edit made a few seconds before the next command."""
    text = path.read_text(encoding="utf-8")
    lines = text.rstrip("\n").split("\n")
    if lines[-1].startswith("# edited "):
        lines[-1] = f"# edited {int(lines[-1].split()[-1]) + 1}"
    else:
        lines.append("# edited 1")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    time.sleep(EDIT_PAUSE_S)


def startup_rows(tools: list[Tool], runs: int, env: dict[str, str]) -> list[Row]:
    rows = []
    for flag in ("--version", "--help"):
        for tool in tools:
            run_once([*tool.argv, flag], tool.env)  # the help text is rendered once, then cached
        commands = [([sys.executable, "-c", "pass"], env, None)]
        commands += [([*tool.argv, flag], tool.env, None) for tool in tools]
        timings = measure_round(commands, runs * 4)
        base = timings[1] if len(tools) > 1 else None
        rows.append(Row(Case(flag, f"`{flag}`", [flag], "python", [], 3.0), None, timings[0], base, timings[-1]))
    return rows


def command(path: str) -> str:
    """A command given with a folder part made absolute, so it runs from any folder; a bare name is looked up."""
    return os.path.abspath(path) if os.sep in path else path


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="10000,100000", help="comma-separated record counts")
    ap.add_argument("--runs", type=int, default=5, help="rounds per case (median; default 5)")
    ap.add_argument("--out", help="write the Markdown here instead of stdout")
    ap.add_argument("--work", default=os.path.join(tempfile.gettempdir(), "jbz-bench"), help="data and caches")
    ap.add_argument("--jbz", default=shutil.which("jbz") or "jbz", help="the jbz command to time")
    ap.add_argument("--baseline", help="an older jbz command to time in the same rounds (the `check` row needs it)")
    ap.add_argument("--all-cases", action="store_true", help="above 10,000 records, every case, not only ids and cold")
    ap.add_argument("--smoke", action="store_true", help="one round on 200 records: does the benchmark still run?")
    ap.add_argument("--cases", default="", help="comma-separated case keys to time (default: all), e.g. ids,cold")
    ap.add_argument("--no-startup", action="store_true", help="skip the --version and --help rows")
    args = ap.parse_args(argv)
    only = {c for c in args.cases.split(",") if c}
    if args.smoke:
        args.sizes, args.runs = "200", 1
    sizes = [int(s) for s in args.sizes.split(",") if s]
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    runs = max(1, args.runs)
    env = {k: v for k, v in os.environ.items() if not k.startswith("JBZ_")}
    tools = [Tool("baseline", [command(args.baseline)], dict(env))] if args.baseline else []
    tools.append(Tool("jbz", [command(args.jbz)], dict(env)))
    have_task = taskwarrior.available()

    print("startup", file=sys.stderr)
    for tool in tools:
        tool.env["JBZ_CACHE_DIR"] = str(work / f"cache-startup-{tool.name}")
    rows = [] if args.no_startup else startup_rows(tools, runs, env)
    counts = {}
    for n in sizes:
        size_rows, counts[n] = bench_size(n, work, tools, runs, have_task, args.all_cases, only)
        rows += size_rows
    text = report(rows, counts, have_task, runs, args)
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


def ms(t: Timing | None) -> str:
    return "–" if t is None else f"{t.seconds * 1000:,.0f} ms"


def ratio(a: Timing | None, b: Timing | None) -> float | None:
    return None if a is None or b is None else a.seconds / b.seconds


def cpu_ratios(baseline: Timing | None, new: Timing, ref: Timing | None) -> str:
    if ref is None or not ref.cpu:
        return "–"
    return ", ".join(shown(t.cpu / ref.cpu) if t else "–" for t in (baseline, new))


def shown(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}×"


def edit_part(edited: Timing | None, warm: Timing | None) -> str:
    if edited is None or warm is None:
        return "–"
    return f"{ms(edited)} ÷ {ms(warm)} = {shown(ratio(edited, warm))}"


def target_of(row: Row) -> float | None:
    if row.size is not None and row.size >= 100_000:
        return TARGETS_100K.get(row.case.key)
    return row.case.target


def report(rows: list[Row], counts: dict[int, int], have_task: bool, runs: int, args: argparse.Namespace) -> str:
    lines = ["## Machine", "", *machine(), ""]
    sizes = ", ".join(f"{counts[n]:,} of {n:,}" for n in counts)
    lines += [
        "## Results",
        "",
        f"Median wall time of {runs} rounds (cold rows above 10,000 records: at least 3); in each round the",
        "reference, the baseline and jbz ran one after the other. Ratios divide wall times by the reference's in",
        "the same rounds; CPU ratios do the same with the median user + system time of each process, which a busy",
        f"machine disturbs less. Every tool selected the same overdue items before timing ({sizes}).",
        '"Same information" is Taskwarrior on a second database holding all of each record, as jbz does',
        "(`to_taskwarrior.py --full`); its ratio divides jbz's wall time by that database's.",
        "",
        "| records | case | reference | reference | baseline | ratio | jbz | ratio | same information "
        "| jbz ÷ same information | CPU ratio: baseline, jbz | jbz peak RSS | target | met |",
        "|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for row in rows:
        c = row.case
        if c.reference == "task":
            ref_name, ref = f"`{c.shown or ' '.join(c.task)}`", row.reference
        elif c.reference == "python":
            ref_name, ref = "`python -c pass`", row.reference
        else:
            ref_name, ref = "baseline jbz", row.baseline
        base_ratio = ratio(row.baseline, ref) if c.reference != "baseline" else 1.0 if ref else None
        new_ratio = ratio(row.new, ref)
        limit = target_of(row)
        met = "–" if new_ratio is None or limit is None else ("yes" if new_ratio <= limit else "no")
        if c.key == "ids" and row.size and row.size >= 100_000:  # and a memory target
            met += f", RSS {'yes' if row.new.rss_mib <= MAX_RSS_100K else 'no'} (≤ {MAX_RSS_100K} MiB)"
        size = "–" if row.size is None else f"{row.size:,}"
        lines.append(
            f"| {size} | {c.title} | {ref_name} | {ms(ref)} | {ms(row.baseline)} | {shown(base_ratio)} "
            f"| {ms(row.new)} | {shown(new_ratio)} | {ms(row.full)} | {shown(ratio(row.new, row.full))} "
            f"| {cpu_ratios(row.baseline, row.new, ref)} "
            f"| {row.new.rss_mib:.0f} MiB "
            f"| {'–' if limit is None else f'≤ {limit:g}×'} | {met} |"
        )
    edited = [row for row in rows if row.paused is not None]
    if edited:
        lines += [
            "",
            "One edited file against a warm run after the same pause (each edit is followed by a pause past the",
            "index's racy window, and an idle CPU starts the next command more slowly), in the same rounds:",
            "",
            "| records | baseline: edited ÷ warm | jbz: edited ÷ warm | target | met |",
            "|---:|---:|---:|---:|---|",
        ]
        for row in edited:
            base_warm, warm = row.paused  # type: ignore[misc]
            edit_ratio = ratio(row.new, warm)
            met = "yes" if edit_ratio is not None and edit_ratio <= MAX_EDIT_RATIO else "no"
            lines.append(
                f"| {row.size:,} | {edit_part(row.baseline, base_warm)} | {edit_part(row.new, warm)} "
                f"| ≤ {MAX_EDIT_RATIO:g}× | {met} |"
            )
    if not have_task:
        lines += ["", "Taskwarrior is not installed, so no ratios against it were measured."]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
