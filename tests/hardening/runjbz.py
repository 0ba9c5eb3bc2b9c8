"""Run the installed `jbz` as a shell user would, for the hardening tests (one per finding of the attack round)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from installed import installed_jbz

LETTER = Path(__file__).parents[2] / "records" / "sources" / "kst-32317-987.txt"


def env(**extra: str) -> dict[str, str]:
    """The caller's environment without JBZ_* settings, with a fixed day and the test's own cache folder."""
    out = {k: v for k, v in os.environ.items() if not k.startswith("JBZ_") or k == "JBZ_CACHE_DIR"}
    out["JBZ_TODAY"] = "2026-11-29"
    out.update(extra)
    return out


def jbz(
    *args: str | Path, cwd: Path | None = None, stdin: bytes | None = None, timeout: float = 120, **extra: str
) -> subprocess.CompletedProcess[str]:
    """`jbz ARGS` with text output; never a traceback, whatever the test then asserts."""
    proc = subprocess.run(
        [installed_jbz(), *map(str, args)],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        env=env(**extra),
        timeout=timeout,
    )
    result = subprocess.CompletedProcess(
        proc.args, proc.returncode, proc.stdout.decode("utf-8", "replace"), proc.stderr.decode("utf-8", "replace")
    )
    assert "Traceback" not in result.stderr, result.stderr[-2000:]
    return result


def one_error(result: subprocess.CompletedProcess[str]) -> str:
    """The single `jbz: error: ...` line a refused command prints; fails when there is none or more."""
    lines = [line for line in result.stderr.splitlines() if line.startswith("jbz: error:")]
    assert len(lines) == 1, result.stderr[-2000:]
    return lines[0]
