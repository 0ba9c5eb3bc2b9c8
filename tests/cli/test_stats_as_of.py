"""`jbz stats` on a past day or period, on time weighed two ways, run as a user runs it (the installed command)."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from installed import installed_jbz

JBZ = installed_jbz(module_level=True)
TODAY = "2026-11-29"

# Due at the end of January, moved to March on 20 January, met on 1 March: late against the due date first
# promised, on time against the revised one.
REVISED_ONLY = """kind = "deadline"
title = "Commission presents the roadmap"
status = "done"
created = 2026-01-05
due = "2026-03"

[[followup]]
date = 2026-01-20
note = "Presentation moved to March"
due = "2026-03"
previous_due = "2026-01-31"

[[followup]]
date = 2026-03-01
note = "Roadmap presented"
status = "done"
evidence = "Kamerstuk 32 317, nr. 1001"
"""

# Met before its first due date: on time both ways.
ON_TIME = """kind = "commitment"
title = "Minister sends the letter"
status = "done"
created = 2026-01-05
due = "2026-02"

[[followup]]
date = 2026-02-10
note = "Letter sent"
status = "done"
evidence = "Kamerstuk 32 317, nr. 1000"
"""


@pytest.fixture
def records(tmp_path: Path) -> Path:
    folder = tmp_path / "records"
    folder.mkdir()
    (folder / "roadmap.toml").write_text(REVISED_ONLY, encoding="utf-8")
    (folder / "letter.toml").write_text(ON_TIME, encoding="utf-8")
    return folder


def jbz(records: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("JBZ_") and k != "NO_COLOR"}
    env.update(JBZ_RECORDS=str(records), JBZ_TODAY=TODAY, JBZ_CACHE_DIR=str(records.parent / "cache"))
    return subprocess.run([JBZ, "stats", *args], env=env, capture_output=True, text=True, timeout=60)


def stats_json(records: Path, *args: str) -> dict:
    result = jbz(records, "--json", *args)
    assert (result.returncode, result.stderr) == (0, "")
    return json.loads(result.stdout)


def test_a_slipped_deadline_is_late_against_the_original_and_on_time_against_the_revised(records: Path) -> None:
    data = stats_json(records)
    assert data["done"]["deadline"]["on_time_ids"] == ["roadmap"]
    assert data["done_original"]["deadline"]["late_ids"] == ["roadmap"]
    assert data["done"]["commitment"]["on_time_ids"] == data["done_original"]["commitment"]["on_time_ids"] == ["letter"]


def test_every_format_shows_both_measures(records: Path) -> None:
    table = jbz(records).stdout
    assert "Done deadlines\n  on time  1\n  late     0\n  unknown  0\n" in table
    assert "Done deadlines, original due\n  on time  0\n  late     1\n  unknown  0\n" in table
    tsv = jbz(records, "--format", "tsv").stdout.splitlines()
    assert tsv[-6:] == [
        "done-deadline\toriginal-on-time\t0",
        "done-deadline\toriginal-late\t1",
        "done-deadline\toriginal-unknown\t0",
        "done-deadline\ton-time\t1",
        "done-deadline\tlate\t0",
        "done-deadline\tunknown\t0",
    ]
    csv_rows = jbz(records, "--format", "csv").stdout.splitlines()
    assert "done-deadline,original-late,1" in csv_rows and "done-deadline,on-time,1" in csv_rows
    jsonl = [json.loads(line) for line in jbz(records, "--format", "jsonl").stdout.splitlines()]
    assert {"section": "done-deadline", "key": "original-late", "count": 1} in jsonl


def test_as_of_today_is_plain_stats(records: Path) -> None:
    for fmt in ("table", "tsv", "csv", "json", "jsonl"):
        assert jbz(records, "--format", fmt).stdout == jbz(records, "--format", fmt, "--as-of", TODAY).stdout


def test_as_of_counts_the_records_as_they_stood_that_day(records: Path) -> None:
    before = stats_json(records, "--as-of", "2026-01-04")
    assert before["total"] == 0
    february = stats_json(records, "--as-of", "2026-02-15")
    assert february["total"] == 2
    assert february["by_status"]["done"] == 1 and february["by_status"]["open"] == 1
    assert february["done"]["deadline"]["on_time_ids"] == []
    assert february["done"]["commitment"]["on_time_ids"] == ["letter"]
    assert jbz(records, "--as-of", "2026-02-15").stdout != jbz(records).stdout


def test_from_and_to_count_only_what_was_met_in_the_period(records: Path) -> None:
    march = stats_json(records, "--from", "2026-03", "--to", "2026-03")
    assert march["done"]["deadline"]["on_time_ids"] == ["roadmap"]
    assert march["done"]["commitment"]["on_time_ids"] == []  # met in February, before the period
    assert march["by_status"]["done"] == 2  # the other counts are of every record at the end of the period
    to_february = stats_json(records, "--to", "2026-02")
    assert to_february == stats_json(records, "--as-of", "2026-02-28")
    assert "Only items met on or after 2026-03-01 are weighed." in jbz(records, "--from", "2026-03").stdout


@pytest.mark.parametrize(
    "args, message",
    [
        (["--from", "2026-04", "--to", "2026-03"], "--from 2026-04 starts on 2026-04-01, after the period ends on"),
        (["--from", "2027"], "--from 2027 starts on 2027-01-01, after the period ends on 2026-11-29"),
        (["--to", "2026-13"], "--to: invalid date '2026-13'"),
        (["--as-of", "2026-Q1"], "invalid --as-of date '2026-Q1'"),
    ],
)
def test_a_bad_period_is_one_line_and_exit_2(records: Path, args: list[str], message: str) -> None:
    result = jbz(records, *args)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.startswith("jbz: error: ") and result.stderr.count("\n") == 1
    assert message in result.stderr
