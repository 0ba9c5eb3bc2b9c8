"""--version and --help write as every command does: a reader that went away costs nothing, a full disk is one
line and exit status 2, and Ctrl-C before a command's own guard is exit status 130 without a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

JBZ = [sys.executable, "-m", "jbz_cli"]


@pytest.mark.parametrize("flag", ["--version", "--help"])
@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_a_full_disk_is_one_line_and_status_2(flag: str, tmp_path: Path) -> None:
    env = {**os.environ, "JBZ_CACHE_DIR": str(tmp_path / "cache")}
    with open("/dev/full", "w") as full:
        done = subprocess.run([*JBZ, flag], stdout=full, stderr=subprocess.PIPE, env=env, timeout=60)
    assert done.returncode == 2
    assert done.stderr.decode() == "jbz: error: could not write to standard output (No space left on device)\n"


@pytest.mark.parametrize("flag", ["--version", "--help"])
def test_a_reader_that_went_away_is_no_error(flag: str, tmp_path: Path) -> None:
    env = {**os.environ, "JBZ_CACHE_DIR": str(tmp_path / "cache")}
    read_end, write_end = os.pipe()
    os.close(read_end)  # nobody will read: the first write fails with a broken pipe
    try:
        done = subprocess.run([*JBZ, flag], stdout=write_end, stderr=subprocess.PIPE, env=env, timeout=60)
    finally:
        os.close(write_end)
    assert (done.returncode, done.stderr) == (0, b"")


def test_ctrl_c_before_the_command_starts_is_status_130_without_a_traceback() -> None:
    code = (
        "import jbz_cli.entry as entry\n"
        "def interrupted(ahead=False):\n"
        "    raise KeyboardInterrupt\n"
        "entry.main = interrupted\n"
        "entry.run()\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=60)
    assert (done.returncode, done.stdout, done.stderr) == (130, b"", b"")
