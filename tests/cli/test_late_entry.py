"""The past stays true whatever writes it: each case as a clerk catching up on a backlog met it.

Run through the installed `jbz`, since the cases are about exit statuses, messages and files left behind.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from installed import installed_jbz

Run = subprocess.CompletedProcess[str]


def jbz(records: Path, *args: str, today: str = "2026-11-29", stderr: int = subprocess.PIPE) -> Run:
    env = {k: v for k, v in os.environ.items() if not k.startswith("JBZ_")}
    env.update(JBZ_RECORDS=str(records), JBZ_TODAY=today, JBZ_CACHE_DIR=str(records.parent / ".cache"))
    exe = installed_jbz()
    return subprocess.run([exe, *args], env=env, stdout=subprocess.PIPE, stderr=stderr, text=True, timeout=120)


def files(records: Path) -> dict[str, bytes]:
    return {p.relative_to(records).as_posix(): p.read_bytes() for p in sorted(records.rglob("*")) if p.is_file()}


def refused(records: Path, *args: str, today: str = "2026-11-29") -> str:
    """A write that must be refused: exit 2, one line on stderr, not a byte changed."""
    before = files(records)
    result = jbz(records, *args, today=today)
    assert result.returncode == 2, result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert files(records) == before
    return result.stderr


def listed(records: Path, as_of: str, *more: str) -> dict[str, dict[str, object]]:
    result = jbz(records, "list", "--format", "json", "--as-of", as_of, *more)
    assert result.returncode == 0, result.stderr
    return {item["id"]: item for item in json.loads(result.stdout)}


@pytest.fixture
def records(tmp_path: Path) -> Path:
    folder = tmp_path / "records"
    folder.mkdir()
    return folder


LATE = ("add", "commitment", "--title", "Send the evaluation", "--due", "2026-Q1", "--no-input")


# --- late entry ---------------------------------------------------------------------------------------------------


def test_a_late_entry_starts_on_its_source_date(records: Path) -> None:
    assert jbz(records, *LATE, "--source-date", "2025-12-17").returncode == 0
    assert "created = 2025-12-17" in (records / "send-the-evaluation.toml").read_text()
    assert "send-the-evaluation" in listed(records, "2026-01-15")
    assert "send-the-evaluation" not in listed(records, "2025-12-16")
    # Logged today, the deadline moved on 1 February and it closed on 4 May: diff sees both, in their periods.
    assert jbz(records, "followup", "send-the-evaluation", "--date", "2026-02-01", "--due", "2026-04").returncode == 0
    done = jbz(records, "done", "send-the-evaluation", "--date", "2026-05-04", "--evidence", "Kamerstuk 1")
    assert done.returncode == 0, done.stderr
    early = json.loads(jbz(records, "diff", "2025-12", "2026-Q1", "--format", "json").stdout)
    assert [s["id"] for s in early["slipped"]] == ["send-the-evaluation"]
    later = json.loads(jbz(records, "diff", "2026-Q1", "2026-Q2", "--format", "json").stdout)
    assert [c["id"] for c in later["closed"]] == ["send-the-evaluation"]
    assert jbz(records, "check", "--strict").returncode == 0


def test_created_overrides_the_source_date_and_defaults_to_today(records: Path) -> None:
    assert jbz(records, *LATE, "--source-date", "2025-12-17", "--created", "2025-12-09", "--id", "a").returncode == 0
    assert jbz(records, *LATE, "--id", "b").returncode == 0
    assert "created = 2025-12-09" in (records / "a.toml").read_text()
    assert "created = 2026-11-29" in (records / "b.toml").read_text()
    assert jbz(records, "check", "--strict").returncode == 0


def test_a_record_cannot_begin_after_today(records: Path) -> None:
    message = refused(records, *LATE, "--created", "2026-12-01")
    assert "--created 2026-12-01 is after today (2026-11-29)" in message
    message = refused(records, *LATE, "--source-date", "2027-01-05")
    assert "--source-date 2027-01-05 is after today" in message and "--created" in message


def test_a_followup_before_created_names_the_way_out(records: Path) -> None:
    assert jbz(records, *LATE).returncode == 0  # created today, as a new user would add it
    message = refused(records, "followup", "send-the-evaluation", "--date", "2026-02-01", "-m", "call")
    assert "before send-the-evaluation was created (2026-11-29)" in message
    assert "jbz edit send-the-evaluation" in message and "--created" in message


def test_a_backfilled_followup_keeps_every_earlier_answer(records: Path) -> None:
    assert jbz(records, *LATE, "--source-date", "2025-12-17").returncode == 0
    assert jbz(records, "followup", "send-the-evaluation", "--date", "2026-03-10", "-m", "chased").returncode == 0
    before = {day: listed(records, day) for day in ("2026-01-20", "2026-02-20", "2026-03-10")}
    # A phone call of 14 February, logged today: it sets `waiting` from that day on, and nothing before.
    call = ("followup", "send-the-evaluation", "--date", "2026-02-14", "-m", "call", "--status", "waiting")
    assert jbz(records, *call).returncode == 0
    after = {day: listed(records, day) for day in ("2026-01-20", "2026-02-20", "2026-03-10")}
    assert after["2026-01-20"] == before["2026-01-20"]
    assert after["2026-02-20"]["send-the-evaluation"]["status"] == "waiting"
    assert listed(records, "2026-11-29")["send-the-evaluation"]["status"] == "waiting"
    text = (records / "send-the-evaluation.toml").read_text()
    assert text.index("2026-02-14") < text.index("2026-03-10")  # the file stays oldest first
    assert jbz(records, "check", "--strict").returncode == 0


# --- the future -----------------------------------------------------------------------------------------------------


def test_a_followup_after_today_is_refused_and_today_still_works(records: Path) -> None:
    assert jbz(records, *LATE).returncode == 0
    message = refused(records, "followup", "send-the-evaluation", "--date", "2027-01-01", "-m", "plan")
    assert "--date 2027-01-01 is after today (2026-11-29)" in message and "--next-check" in message
    assert jbz(records, "followup", "send-the-evaluation", "-m", "today").returncode == 0
    assert jbz(records, "followup", "send-the-evaluation", "--date", "2026-11-29", "-m", "today too").returncode == 0


def test_check_reports_a_followup_after_today_already_in_a_file(records: Path) -> None:
    (records / "planned.toml").write_text(
        'kind = "commitment"\ntitle = "Planned"\ncreated = 2026-01-05\n\n[[followup]]\ndate = 2027-01-01\nnote = "x"\n'
    )
    result = jbz(records, "check")
    assert result.returncode == 1
    assert "records/planned.toml:6:1: error: follow-up date 2027-01-01 is after today (2026-11-29)" in result.stdout
    assert "next_check" in result.stdout
    assert jbz(records, "check", today="2027-01-01").returncode == 0  # on the day itself it has happened


# --- retries --------------------------------------------------------------------------------------------------------


def test_done_on_a_closed_record_is_refused_with_when_and_evidence(records: Path) -> None:
    assert jbz(records, *LATE).returncode == 0
    assert jbz(records, "done", "send-the-evaluation", "--evidence", "Kamerstuk 1").returncode == 0
    message = refused(records, "done", "send-the-evaluation", "--evidence", "Kamerstuk 1")
    assert "already done: closed on 2026-11-29, evidence 'Kamerstuk 1'" in message


def test_a_decision_is_done_from_the_start(records: Path) -> None:
    assert jbz(records, "add", "decision", "--title", "Agreed", "--no-input").returncode == 0
    assert "already done (since it was recorded)" in refused(records, "done", "agreed", "--evidence", "Kamerstuk 1")


def _closed_stderr(records: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run a write whose stderr is a pipe nobody reads any more (its reader has exited)."""
    read, write = os.pipe()
    os.close(read)
    try:
        return jbz(records, *args, stderr=write)
    finally:
        os.close(write)


def test_a_write_succeeds_when_nobody_reads_stderr(records: Path) -> None:
    added = _closed_stderr(records, *LATE)
    assert added.returncode == 0 and added.stdout == "send-the-evaluation\n"
    assert _closed_stderr(records, "followup", "send-the-evaluation", "-m", "x").returncode == 0
    assert _closed_stderr(records, "list", "--bogus").returncode == 2  # and a usage error keeps its status
    assert sorted(files(records)) == ["send-the-evaluation.toml"]  # a script that retried on 1 would have made -2


# --- last activity and one replay ----------------------------------------------------------------------------------


def test_a_commitment_without_source_or_followups_goes_stale(records: Path) -> None:
    assert jbz(records, *LATE[:4], "--created", "2026-02-02", "--no-input").returncode == 0
    for cache in ((), ("--no-cache",)):
        assert listed(records, "2026-08-01", "--awaiting", *cache)["send-the-evaluation"]["flags"] == ["awaiting"]
        assert listed(records, "2026-04-01", "--awaiting", *cache) == {}
    report = jbz(records, "report", "--period", "2026-H2", "--format", "json", "--as-of", "2026-12-31")
    stale = [entry for group in json.loads(report.stdout)["groups"] for entry in group["stale"]]
    assert [(s["id"], s["last_news"]) for s in stale] == [("send-the-evaluation", "2026-02-02")]


OUT_OF_ORDER = """kind = "commitment"
title = "Out of order"
status = "{status}"
created = 2026-01-05

[[followup]]
date = 2026-05-01
note = "Sent"
status = "done"
evidence = "Kamerstuk 2"

[[followup]]
date = 2026-03-01
note = "Chased"
status = "open"
"""


def test_check_agrees_with_the_views_on_out_of_order_followups(records: Path) -> None:
    path = records / "out-of-order.toml"
    path.write_text(OUT_OF_ORDER.format(status="done"))
    assert listed(records, "2026-11-29")["out-of-order"]["status"] == "done"
    result = jbz(records, "check")
    assert result.returncode == 0, result.stdout  # it replays cleanly: a warning about the order, no error
    assert "warning: follow-up date 2026-03-01 is before the previous follow-up" in result.stdout
    path.write_text(OUT_OF_ORDER.format(status="open"))  # the status no view shows
    result = jbz(records, "check")
    assert result.returncode == 1
    assert "status 'open' disagrees with the latest follow-up (2026-05-01), which set 'done'" in result.stdout
