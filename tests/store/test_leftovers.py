"""Lock and temp files of killed writers: the next write of any record sweeps them, `jbz check` names them,
and the files of a writer that is still running are never touched."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import tomllib
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jbz_cli.store.add import NewRecord, add_record
from jbz_cli.store.edits import FollowupRequest, add_followup
from jbz_cli.store.files import RecordsDir
from jbz_cli.store.fsio import STALE_AGE, leftovers, lock_path, record_lock, stale_leftovers, sweep_stale

# A writer that stops at a checkpoint (holding the record's lock, with its temp file written) until killed.
CHILD = """
import os, sys, time
from datetime import date
from pathlib import Path
from jbz_cli.store import add, edits, fsio
from jbz_cli.store.files import RecordsDir

folder, what, marker = Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3])

def pause(name):
    if name == "temp-half-written":
        marker.write_text(str(os.getpid()))
        time.sleep(600)

fsio._checkpoint = pause
rdir = RecordsDir(folder, str(folder), "option")
if what == "add":
    add.add_record(rdir, add.NewRecord("commitment", "Killed while adding"))
else:
    edits.add_followup(rdir, what, edits.FollowupRequest(date(2026, 3, 2), "x" * 20000))
"""


def rdir_of(path: Path) -> RecordsDir:
    return RecordsDir(path, str(path), "option")


def hidden(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob(".*"))


@pytest.fixture
def records(tmp_path: Path) -> Path:
    folder = tmp_path / "records"
    (folder / "sub").mkdir(parents=True)
    rdir = rdir_of(folder)
    add_record(rdir, NewRecord("commitment", "Send the roadmap", due="2026-Q2"))
    add_record(rdir, NewRecord("deadline", "Report on the pilot", due="2026-H2"), folder="sub")
    assert hidden(folder) == []
    return folder


class Paused:
    """A writer process stopped halfway through its write; `kill()` ends it the way a power cut would."""

    def __init__(self, folder: Path, what: str, marker: Path) -> None:
        self.proc = subprocess.Popen([sys.executable, "-c", CHILD, str(folder), what, str(marker)])
        deadline = time.monotonic() + 60
        while not marker.exists():
            assert self.proc.poll() is None, "the writer ended before its pause point"
            assert time.monotonic() < deadline, "the writer never reached its pause point"
            time.sleep(0.02)

    def kill(self) -> None:
        if self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGKILL)
        self.proc.wait()


@pytest.fixture
def paused(records: Path, tmp_path: Path) -> Iterator[list[Paused]]:
    started: list[Paused] = []
    yield started
    for writer in started:
        writer.kill()


def test_a_write_of_another_record_sweeps_what_a_killed_writer_left(
    records: Path, tmp_path: Path, paused: list[Paused]
) -> None:
    writer = Paused(records, "send-the-roadmap", tmp_path / "m1")
    paused.append(writer)
    writer.kill()
    left = hidden(records)
    assert ".send-the-roadmap.toml.lock" in left and any(name.endswith(".jbz-tmp") for name in left)
    assert {item.path.name for item in stale_leftovers(records)} == set(left)

    add_followup(rdir_of(records), "report-on-the-pilot", FollowupRequest(date(2026, 4, 1), "other record"))
    assert hidden(records) == []
    assert "x" * 100 not in (records / "send-the-roadmap.toml").read_text()  # the killed write never landed


def test_a_killed_add_leaves_the_folder_lock_and_the_next_write_removes_it(
    records: Path, tmp_path: Path, paused: list[Paused]
) -> None:
    writer = Paused(records, "add", tmp_path / "m1")
    paused.append(writer)
    writer.kill()
    assert ".add.lock" in hidden(records)
    add_followup(rdir_of(records), "send-the-roadmap", FollowupRequest(date(2026, 4, 1), "after the crash"))
    assert hidden(records) == []
    assert not (records / "killed-while-adding.toml").exists()


def test_a_running_writer_keeps_its_files_until_it_is_gone(records: Path, tmp_path: Path, paused: list[Paused]) -> None:
    writer = Paused(records, "send-the-roadmap", tmp_path / "m1")
    paused.append(writer)
    live = hidden(records)
    assert len(live) == 2  # its lock and its temp file
    assert stale_leftovers(records) == []
    # Another record's write, and a sweep that believes every temp is ancient, both leave them alone.
    add_followup(rdir_of(records), "report-on-the-pilot", FollowupRequest(date(2026, 4, 1), "meanwhile"))
    assert sweep_stale(records, now=time.time() + 10 * STALE_AGE) == 0
    assert hidden(records) == live
    writer.kill()
    assert sweep_stale(records) == 2
    assert hidden(records) == []


def test_an_old_temp_file_goes_even_when_its_pid_was_reused(records: Path) -> None:
    old = records / "sub" / f".report-on-the-pilot.toml.{os.getpid()}.abc123.jbz-tmp"
    young = records / f".send-the-roadmap.toml.{os.getpid()}.def456.jbz-tmp"
    for path in (old, young):
        path.write_text("half a record")
    past = time.time() - STALE_AGE - 60
    os.utime(old, (past, past))
    assert [item.path for item in stale_leftovers(records)] == [old]
    add_record(rdir_of(records), NewRecord("decision", "Adopt the guidelines"))
    assert old.exists() is False and young.exists()  # this process is alive and the file is fresh


def test_the_own_records_leftovers_are_swept_while_its_lock_is_held(records: Path) -> None:
    target = records / "send-the-roadmap.toml"
    dead = records / ".send-the-roadmap.toml.999999999.zz.jbz-tmp"  # no such process
    dead.write_text("")
    with record_lock(target):
        assert sweep_stale(records, held=target) == 1
    assert hidden(records) == []


def test_files_that_are_not_jbz_leftovers_are_never_touched(records: Path) -> None:
    others = [".gitignore", ".notes.lock", "sub/.editorconfig", ".x.toml.swp", ".add.lock.bak"]
    for name in others:
        (records / name).write_text("keep")
    (records / "sub" / ".add.lock").write_text("")  # only the records folder's own add lock is jbz's
    add_followup(rdir_of(records), "send-the-roadmap", FollowupRequest(date(2026, 4, 1), "note"))
    assert sorted([*others, "sub/.add.lock"]) == hidden(records)
    assert leftovers(records) == []


NAMES = st.sampled_from(["send-the-roadmap.toml", "sub/report-on-the-pilot.toml", "gone.toml", "add"])


@settings(max_examples=25, deadline=None)
@given(
    files=st.lists(
        st.tuples(NAMES, st.sampled_from(["lock", "dead-temp", "live-temp"]), st.integers(0, 99)),
        max_size=8,
    )
)
def test_a_write_removes_exactly_the_stale_files(tmp_path_factory: pytest.TempPathFactory, files: list) -> None:
    """Generated leftovers: after one write only the live writer's (this process's fresh) temps remain."""
    folder = tmp_path_factory.mktemp("r") / "records"
    (folder / "sub").mkdir(parents=True)
    rdir = rdir_of(folder)
    add_record(rdir, NewRecord("commitment", "Send the roadmap"))
    add_record(rdir, NewRecord("deadline", "Report on the pilot"), folder="sub")
    keep = set()
    for name, kind, n in files:
        target = folder / name
        if name == "add":
            target = folder / "add"
        if kind == "lock":
            lock_path(target).write_text("")
        else:
            pid = 999_999_999 if kind == "dead-temp" else os.getpid()
            temp = target.with_name(f".{target.name}.{pid}.r{n}.jbz-tmp")
            temp.write_text("")
            if kind == "live-temp":
                keep.add(str(temp.relative_to(folder)))
    add_followup(rdir, "send-the-roadmap", FollowupRequest(date(2026, 4, 1), "note"))
    assert set(hidden(folder)) == keep


def test_concurrent_writers_of_two_records_lose_nothing_and_leave_nothing(records: Path) -> None:
    """Each write sweeps the folder while others hold their locks: every note lands, no file is left."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("JBZ_")}
    ids = ["send-the-roadmap", "report-on-the-pilot"]
    tail = ["--date", "2026-05-01", "--records", str(records)]
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "jbz_cli", "followup", ids[n % 2], "--note", f"writer {n}", *tail],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(12)
    ]
    outcomes = [(p.wait(timeout=120), p.communicate()[1]) for p in procs]
    assert all(code == 0 for code, _err in outcomes), outcomes
    notes: list[str] = []
    for path in (records / "send-the-roadmap.toml", records / "sub" / "report-on-the-pilot.toml"):
        notes += [f["note"] for f in tomllib.loads(path.read_text())["followup"]]
    assert sorted(notes) == sorted(f"writer {n}" for n in range(12))
    assert hidden(records) == []
