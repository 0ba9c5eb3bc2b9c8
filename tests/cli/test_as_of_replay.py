"""`jbz list --as-of DAY` run as a user runs it: every record is replayed to that day before it is filtered."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from installed import installed_jbz

JBZ = installed_jbz(module_level=True)
PERIOD = Path(__file__).parents[1] / "fixtures" / "period"

CHASED = """kind = "commitment"
title = "Minister answers the Kamer's questions"
created = 2026-01-05
next_check = 2026-03-01

[[followup]]
date = 2026-03-10
note = "Answers sent"
"""


@pytest.fixture
def period_dir(tmp_path: Path) -> Path:
    target = tmp_path / "records"
    shutil.copytree(PERIOD, target)
    (target / "chased.toml").write_text(CHASED, encoding="utf-8")
    return target


def jbz(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("JBZ_") and k != "NO_COLOR"}
    env["JBZ_CACHE_DIR"] = str(cwd / "cache")
    return subprocess.run([JBZ, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=60)


def rows(period_dir: Path, *args: str) -> list[list[str]]:
    """The TSV rows of `jbz list`, asked once through the index and once from the files, which must agree."""
    answers = []
    for cache in ([], ["--no-cache"]):
        result = jbz("list", "--format", "tsv", *args, *cache, cwd=period_dir.parent)
        assert (result.returncode, result.stderr) == (0, "")
        answers.append([line.split("\t") for line in result.stdout.splitlines()])
    assert answers[0] == answers[1]
    return answers[0]


def test_a_record_appears_on_its_created_date(period_dir: Path) -> None:
    before = [row[0] for row in rows(period_dir, "--as-of", "2026-04-09")]
    on = [row[0] for row in rows(period_dir, "--as-of", "2026-04-10")]
    assert "letter-new-in-april" not in before
    assert "letter-new-in-april" in on


def test_an_item_closed_after_the_as_of_day_was_still_overdue_then(period_dir: Path) -> None:
    overdue = {row[0]: row for row in rows(period_dir, "--overdue", "--as-of", "2026-04-15")}
    assert overdue["report-closed-late"][2:5] == ["open", "2026-Q1", "overdue"]
    after = {row[0]: row for row in rows(period_dir, "--as-of", "2026-05-01")}
    assert after["report-closed-late"][2:5] == ["done", "2026-Q1", "-"]


def test_a_moved_deadline_counts_from_the_day_it_moved(period_dir: Path) -> None:
    before = {row[0]: row[3] for row in rows(period_dir, "--as-of", "2026-05-14")}
    on = {row[0]: row[3] for row in rows(period_dir, "--as-of", "2026-05-15")}
    assert (before["eurodac-slips"], on["eurodac-slips"]) == ("2026-06", "2026-09")


def test_a_next_check_is_met_by_the_follow_up_after_it(period_dir: Path) -> None:
    waiting = {row[0]: row[4] for row in rows(period_dir, "--as-of", "2026-03-05")}
    answered = {row[0]: row[4] for row in rows(period_dir, "--as-of", "2026-03-10")}
    assert (waiting["chased"], answered["chased"]) == ("awaiting", "-")
