"""`jbz show -` with every id from a pipe resolves them in one pass (benchmarks/show_stdin.py measures it), and
an empty id is named as such rather than called ambiguous (newcomer defects 36 and the show - part of the speed report)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from installed import installed_jbz

JBZ = installed_jbz(module_level=True)


def jbz(*args: str, cwd: Path, input: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("JBZ_")}
    env["JBZ_TODAY"] = "2026-11-29"
    return subprocess.run([JBZ, *args], cwd=cwd, env=env, input=input, capture_output=True, text=True, timeout=120)


def test_every_id_from_a_pipe_comes_back_once_in_order(basic_dir: Path) -> None:
    ids = jbz("list", "--format", "ids", "--sort", "due", cwd=basic_dir.parent).stdout
    shown = jbz("show", "-", "--format", "ids", "--no-cache", cwd=basic_dir.parent, input=ids)
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout == ids


def test_an_empty_id_is_not_an_ambiguity(basic_dir: Path) -> None:
    result = jbz("show", "", cwd=basic_dir.parent)
    assert result.returncode == 2
    assert result.stderr == "jbz: error: an empty id matches no record; give an id, a topic or part of an id\n"
