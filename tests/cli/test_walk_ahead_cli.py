"""The `jbz` command walks the records folder in a second process while it starts: what it prints is always what
the folder holds when the command starts, after files are added, removed or edited between runs."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "basic"


def jbz(cache: Path, *args: str, cwd: Path) -> str:
    env = {**os.environ, "JBZ_CACHE_DIR": str(cache)}
    for name in ("JBZ_RECORDS", "JBZ_FAST_START", "NO_COLOR"):
        env.pop(name, None)
    done = subprocess.run(
        [sys.executable, "-m", "jbz_cli", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode in (0, 1), done.stderr
    return done.stdout


def settled(cache: Path) -> None:
    """Wait until no index build is running (a cold run builds it after answering)."""
    import fcntl

    time.sleep(0.2)
    for lock in cache.glob("*-lock"):
        with open(lock) as f:
            fcntl.flock(f, fcntl.LOCK_EX)


def test_each_run_sees_the_folder_as_it_is_when_it_starts(tmp_path: Path) -> None:
    records = tmp_path / "records"
    shutil.copytree(FIXTURES, records)
    cache = tmp_path / "cache"
    ids = ("list", "--format", "ids", "--as-of", "2026-11-29")
    first = jbz(cache, *ids, "--records", str(records), cwd=tmp_path).split()
    settled(cache)
    assert jbz(cache, *ids, "--records", str(records), cwd=tmp_path).split() == first  # warm
    gone = next(records.rglob("*.toml"))
    removed_id = gone.stem
    assert removed_id in first
    gone.unlink()
    assert removed_id not in jbz(cache, *ids, cwd=tmp_path).split()  # found as ./records, walked ahead
    again = jbz(cache, *ids, f"--records={records}", cwd=tmp_path).split()
    assert sorted(again) == sorted(i for i in first if i != removed_id)
    for case in ("--no-cache", "--search=zzz-no-such-word"):
        assert jbz(cache, *ids, case, cwd=tmp_path).split() == ([] if "search" in case else again)
