"""Streams a shell closes or fills, and bytes that are not UTF-8 in an argument: one line and a true exit status.

A script that runs `jbz add … 2>&-` and retries on a non-zero status must not get a duplicate record because
Python could not flush a closed stderr; a full disk under stdout must be said, not shown as a traceback.
"""

from __future__ import annotations

import os
import shlex
import subprocess
from pathlib import Path

import pytest
from installed import installed_jbz

JBZ = installed_jbz(module_level=True)


def sh(records: Path, line: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "JBZ_RECORDS": str(records),
        "JBZ_TODAY": "2026-03-01",
        "JBZ_CACHE_DIR": str(records.parent / "c"),
    }
    return subprocess.run(
        ["bash", "-c", line.replace("jbz ", shlex.quote(JBZ) + " ", 1)],
        env=env,
        capture_output=True,
        text=True,
        errors="replace",
        timeout=60,
    )


@pytest.fixture
def records(tmp_path: Path) -> Path:
    folder = tmp_path / "records"
    folder.mkdir()
    return folder


@pytest.mark.parametrize("redirect", ["2>&-", ">&-", "2>&- >&-"])
def test_a_write_with_a_closed_stream_succeeds_and_says_so_by_its_status(records: Path, redirect: str) -> None:
    result = sh(records, f"jbz add commitment --title 'Keep the House informed' --no-input {redirect}")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert [p.name for p in records.glob("*.toml")] == ["keep-the-house-informed.toml"]


def test_a_reader_with_a_closed_stderr_exits_as_usual(records: Path) -> None:
    assert sh(records, "jbz add commitment --title Open --no-input").returncode == 0
    result = sh(records, "jbz list --format ids 2>&-")
    assert (result.returncode, result.stdout) == (0, "open\n")


@pytest.mark.parametrize("option", ["--title", "--actor", "--summary"])
def test_bytes_that_are_not_utf8_in_an_argument_are_one_line_and_write_nothing(records: Path, option: str) -> None:
    title = "" if option == "--title" else "--title Fine "
    result = sh(records, f"jbz add commitment {title}{option} \"$(printf 'x\\377y')\" --no-input")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "not UTF-8" in lines[0], result.stderr
    assert list(records.iterdir()) == []


def test_a_followup_note_that_is_not_utf8_is_refused_in_one_line(records: Path) -> None:
    assert sh(records, "jbz add commitment --title Open --no-input").returncode == 0
    before = (records / "open.toml").read_bytes()
    result = sh(records, "jbz followup open --note \"$(printf 'a\\377b')\" --date 2026-03-01")
    assert result.returncode == 2 and "not UTF-8" in result.stderr and "Traceback" not in result.stderr
    assert (records / "open.toml").read_bytes() == before


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full to stand for a full disk")
def test_output_lost_to_a_full_disk_is_one_line_and_not_success(records: Path) -> None:
    assert sh(records, "jbz add commitment --title Open --no-input").returncode == 0
    for line in ("jbz list > /dev/full", "jbz list --format json > /dev/full", "jbz show open > /dev/full"):
        result = sh(records, line)
        assert result.returncode == 2, line
        assert result.stderr.strip().splitlines() == [
            "jbz: error: could not write to standard output (No space left on device)"
        ], line
