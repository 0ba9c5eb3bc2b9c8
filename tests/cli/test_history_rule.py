"""A record's history must tell one story: `jbz check`'s history rule, the writes it refuses, and
`jbz followup --next-check`, run as a user runs them (the installed command)."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from installed import installed_jbz

JBZ = installed_jbz(module_level=True)

CHASED = """kind = "commitment"
title = "Minister answers the Kamer's questions"
created = 2026-01-05
next_check = 2026-02-01
"""

# Moved from Q1 to April, then to May; the second move names March as the due date it replaced.
DISAGREES = """kind = "deadline"
title = "Evaluation sent to the Kamer"
created = 2026-01-05
due = "2026-05"

[[followup]]
date = 2026-01-20
note = "Moved to April"
due = "2026-04"
previous_due = "2026-Q1"

[[followup]]
date = 2026-03-01
note = "Moved to May"
due = "2026-05"
previous_due = "2026-03"
"""

# Consistent follow-ups, but the top-level due was changed by hand afterwards.
HAND_MOVED = """kind = "deadline"
title = "Report on the pilot"
created = 2026-01-05
due = "2026-07"

[[followup]]
date = 2026-01-20
note = "Moved to June"
due = "2026-06"
previous_due = "2026-Q1"
"""


@pytest.fixture
def records(tmp_path: Path) -> Path:
    folder = tmp_path / "records"
    folder.mkdir()
    (folder / "chased.toml").write_text(CHASED, encoding="utf-8")
    return folder


def jbz(records: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("JBZ_") and k != "NO_COLOR"}
    env.update(JBZ_RECORDS="records", JBZ_TODAY="2026-11-29", JBZ_CACHE_DIR=str(records.parent / "cache"))
    return subprocess.run([JBZ, *args], cwd=records.parent, env=env, capture_output=True, text=True, timeout=60)


def flags(records: Path, day: str) -> dict[str, str]:
    result = jbz(records, "list", "--format", "tsv", "--as-of", day)
    assert result.returncode == 0, result.stderr
    return {row[0]: row[4] for row in (line.split("\t") for line in result.stdout.splitlines())}


def refused(records: Path, *args: str) -> str:
    """A write that must be refused: exit 2, one line on stderr, no file changed."""
    before = {p.name: p.read_bytes() for p in records.glob("*.toml")}
    result = jbz(records, *args)
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith("jbz: error: ") and result.stderr.count("\n") == 1, result.stderr
    assert {p.name: p.read_bytes() for p in records.glob("*.toml")} == before
    return result.stderr


def test_followup_next_check_moves_the_day_a_record_is_chased(records: Path) -> None:
    assert flags(records, "2026-02-10")["chased"] == "awaiting"
    done = jbz(records, "followup", "chased", "--date", "2026-02-12", "--next-check", "2026-04-01")
    assert done.returncode == 0, done.stderr
    assert "next_check 2026-02-01 -> 2026-04-01" in done.stderr
    text = (records / "chased.toml").read_text(encoding="utf-8")
    assert "next_check = 2026-04-01\n" in text and 'note = "Next check set to 2026-04-01"' in text
    assert flags(records, "2026-02-20")["chased"] == "-"  # the follow-up met the old check; the new one is ahead
    assert flags(records, "2026-04-01")["chased"] == "awaiting"
    assert jbz(records, "check").returncode == 0


def test_next_check_takes_the_start_of_a_window(records: Path) -> None:
    assert jbz(records, "followup", "chased", "--date", "2026-02-12", "--next-check", "2026-Q3").returncode == 0
    assert "next_check = 2026-07-01\n" in (records / "chased.toml").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "day, message",
    [
        ("2026-02-11", "--next-check 2026-02-11 is not after the follow-up's date (2026-02-12)"),
        ("2026-02-12", "--next-check 2026-02-12 is not after the follow-up's date (2026-02-12)"),
        ("２０２６-09-01", "--next-check: invalid due date"),
    ],
)
def test_a_next_check_that_is_not_after_the_followup_is_refused(records: Path, day: str, message: str) -> None:
    assert message in refused(records, "followup", "chased", "--date", "2026-02-12", "--next-check", day)


def test_a_followup_dated_before_created_is_refused(records: Path) -> None:
    message = refused(records, "followup", "chased", "--date", "2026-01-04", "--note", "too early")
    assert "--date 2026-01-04 is before chased was created (2026-01-05)" in message


def test_a_followup_dated_before_created_by_hand_is_found_at_its_line(records: Path) -> None:
    early = CHASED + '\n[[followup]]\ndate = 2026-01-02\nnote = "Written by hand"\n'
    (records / "chased.toml").write_text(early, encoding="utf-8")
    result = jbz(records, "check")
    assert result.returncode == 1
    assert result.stdout.splitlines()[0] == (
        "records/chased.toml:7:1: error: follow-up 1 is dated 2026-01-02, "
        "before the record was created on 2026-01-05 [history]"
    )


def test_a_previous_due_that_disagrees_is_found_at_its_line(records: Path) -> None:
    (records / "evaluation.toml").write_text(DISAGREES, encoding="utf-8")
    result = jbz(records, "check")
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "records/evaluation.toml:16:1: error: follow-up 2 says the due date was '2026-03', "
        "but follow-up 1 had moved it to '2026-04' [history]",
        '    previous_due = "2026-03"',
    ]
    found = json.loads(jbz(records, "check", "--rule", "history", "--format", "json").stdout)
    assert [(d["rule"], d["line"]) for d in found] == [("history", 16)]
    assert jbz(records, "check", "--skip", "history").returncode == 0


def test_a_write_that_would_add_a_disagreeing_previous_due_is_refused(records: Path) -> None:
    (records / "pilot.toml").write_text(HAND_MOVED, encoding="utf-8")
    checked = jbz(records, "check")
    assert "records/pilot.toml:4:1: error: due is '2026-07', but follow-up 1 moved it to '2026-06' [history]" in (
        checked.stdout
    )
    message = refused(records, "followup", "pilot", "--date", "2026-03-01", "--due", "2026-09")
    assert "refused: jbz check would reject the result: records/pilot.toml:" in message
    assert "says the due date was '2026-07', but follow-up 1 had moved it to '2026-06' [history]" in message


def test_check_help_lists_the_history_rule() -> None:
    result = subprocess.run([JBZ, "check", "--help"], capture_output=True, text=True, timeout=60)
    assert "history" in " ".join(result.stdout.split())


@pytest.mark.parametrize(
    ("given", "stored"), [("2026-Q3", "2026-07-01"), ("2026-09", "2026-09-01"), ("2026-09-15", "2026-09-15")]
)
def test_add_reads_next_check_with_the_grammar_followup_uses(records: Path, given: str, stored: str) -> None:
    """`add --next-check` and `followup --next-check` read the same grammar: a window means its first day."""
    assert jbz(records, "add", "commitment", "--title", "Chase the annex", "--next-check", given).returncode == 0
    assert f"next_check = {stored}\n" in (records / "chase-the-annex.toml").read_text(encoding="utf-8")
    assert jbz(records, "check").returncode == 0
