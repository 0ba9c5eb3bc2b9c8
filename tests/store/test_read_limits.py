"""Only regular files inside the records folder are read, and never more than the size limit (issue: kind 2)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from installed import installed_jbz

from jbz_cli.errors import RecordError
from jbz_cli.store.files import MAX_RECORD_BYTES, Unreadable, read_bounded, read_text

FIXTURES = Path(__file__).parents[1] / "fixtures" / "basic"
VALID = sorted(p.stem for p in FIXTURES.rglob("*.toml"))


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    target = tmp_path / "records"
    shutil.copytree(FIXTURES, target)
    return target


def _run(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("JBZ_")}
    return subprocess.run(
        [installed_jbz(), *args, "--records", str(folder)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,  # a hang is the failure this guards against; the commands take well under a second
    )


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_named_like_a_record_does_not_hang_any_command(folder: Path) -> None:
    os.mkfifo(folder / "x.toml")
    for command in (["list", "--format", "ids"], ["check"], ["stats"], ["export", "ics"], ["agenda"]):
        result = _run(folder, *command)
        assert result.returncode == 1, (command, result.stderr)
        assert "x.toml:1:1" in result.stdout + result.stderr
        assert "not a regular file" in result.stdout + result.stderr
    assert set(VALID) <= set(_run(folder, "list", "--format", "ids").stdout.split())


def test_a_symlink_to_dev_zero_is_refused_in_one_line(folder: Path) -> None:
    os.symlink("/dev/zero", folder / "z.toml")
    result = _run(folder, "list", "--format", "ids")
    assert result.returncode == 1
    assert [line for line in result.stderr.splitlines() if "z.toml" in line] == [
        f"{folder}/z.toml:1:1: refused: a symbolic link to a file outside the records folder"
    ]
    assert set(VALID) <= set(result.stdout.split())


def test_a_symlink_out_of_the_folder_is_refused_by_check_too(folder: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere.toml"
    outside.write_text((FIXTURES / "c7-action-plan.toml").read_text(encoding="utf-8"), encoding="utf-8")
    os.symlink(outside, folder / "out.toml")
    os.symlink(folder / "c7-action-plan.toml", folder / "inside-link.toml")  # inside: read as any file
    result = _run(folder, "check")
    lines = result.stdout.splitlines()
    assert any(
        line.endswith("out.toml:1:1: error: refused: a symbolic link to a file outside the records folder [syntax]")
        for line in lines
    )
    assert not any("inside-link.toml:1:1: error: refused" in line for line in lines)


def test_devices_and_fifos_are_refused_on_the_open_descriptor(tmp_path: Path) -> None:
    with pytest.raises(Unreadable, match="not a regular file"):
        read_bounded(Path("/dev/zero"), 10)
    with pytest.raises(RecordError, match="not a regular file"):
        read_text(Path("/dev/null"), "null.toml")


def test_a_file_that_grows_past_its_stat_size_is_read_only_to_the_limit(tmp_path: Path) -> None:
    big = tmp_path / "big.toml"
    big.write_bytes(b"#" * (MAX_RECORD_BYTES + 10))
    with pytest.raises(RecordError, match="file is too large"):
        read_text(big, "big.toml")
    small = tmp_path / "small.toml"
    small.write_bytes(b"a" * 100)
    with pytest.raises(Unreadable, match="too large"):
        read_bounded(small, 99)  # stops at limit + 1 bytes, whatever it was told
    assert read_bounded(small, 100) == b"a" * 100


def test_topics_and_sources_that_are_fifos_are_skipped(folder: Path) -> None:
    (folder / "topics.md").unlink()
    os.mkfifo(folder / "topics.md")
    (folder / "sources" / "kst-32317-987.txt").unlink()
    os.mkfifo(folder / "sources" / "kst-32317-987.txt")
    result = _run(folder, "check")
    assert result.returncode in (0, 1)
    assert "Traceback" not in result.stderr
