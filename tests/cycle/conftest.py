"""A hand-built records folder with one record for each case the Council cycle commands report."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

CYCLE = Path(__file__).parent / "fixtures" / "cycle"
sys.path.insert(0, str(Path(__file__).parent.parent))  # for tests/installed.py


@pytest.fixture
def cycle_dir(tmp_path: Path) -> Path:
    target = tmp_path / "records"
    shutil.copytree(CYCLE, target)
    return target


@pytest.fixture
def jbz():
    """Run the installed jbz in a subprocess with a clean environment, as a shell user would."""
    from installed import installed_jbz

    exe = installed_jbz()

    def run(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[bytes]:
        base = {k: v for k, v in os.environ.items() if not k.startswith("JBZ_") and k != "NO_COLOR"}
        base["JBZ_CACHE_DIR"] = str(cwd / ".cache")
        return subprocess.run([exe, *args], cwd=cwd, env=base | (env or {}), capture_output=True, timeout=60)

    return run
