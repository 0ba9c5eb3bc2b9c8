"""Records written by `benchmarks/generate.py` pass `jbz check` (newcomer defect 32): a benchmark of check on
records that fail it measured the error path, and a user trying it saw 1,341 errors."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from installed import installed_jbz

ROOT = Path(__file__).resolve().parents[1]


def test_generated_records_pass_check(tmp_path: Path) -> None:
    jbz = installed_jbz()
    folder = tmp_path / "records"
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "generate.py"), "1500", str(folder)], check=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith("JBZ_")}
    env["JBZ_TODAY"] = "2026-11-29"
    done = subprocess.run([jbz, "check", "--records", str(folder)], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    assert "error" not in done.stdout + done.stderr
