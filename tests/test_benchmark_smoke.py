"""The benchmark still runs: `benchmarks/run.py --smoke` times every case once on 200 generated records.

No timing is asserted; what a user of the benchmark would notice is that it stops working, reports a case
without a figure, or compares tools that disagree about which items are overdue (run.py stops then).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from installed import installed_jbz

ROOT = Path(__file__).resolve().parents[1]
CASES = ("`--version`", "`--help`", "warm `list --overdue --format ids`", "warm `list --overdue --format json`",
         "cold `list --overdue --format ids`, cache removed", "`show ID`", "`summary`", "`agenda`", "`stats`")  # fmt: skip


def test_smoke_run_reports_every_case(tmp_path: Path) -> None:
    jbz = installed_jbz()
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--smoke", "--work", str(tmp_path), "--jbz", jbz],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    rows = [line for line in done.stdout.splitlines() if line.startswith("| ")]
    for case in CASES:
        (row,) = [r for r in rows if f"| {case} |" in r]
        assert " ms |" in row  # jbz's time is there
    assert "selected the same overdue items" in done.stdout
    (edited,) = [r for r in rows if r.startswith("| 200 |") and " ÷ " in r]  # the edit against a paused warm run
    assert edited.count(" ms = ") == 1 and edited.endswith(("| yes |", "| no |"))
    if shutil.which("task"):  # the second Taskwarrior database, holding all of each record, has its own column
        header = next(r for r in rows if "jbz ÷ same information" in r).split("|")
        column = header.index(" same information ")
        row = next(r for r in rows if "| `summary` |" in r).split("|")
        assert row[column].endswith(" ms ")
