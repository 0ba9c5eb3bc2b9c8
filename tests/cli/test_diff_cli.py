"""`jbz diff FROM TO` run as a user runs it: the installed command, in a subprocess."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from installed import installed_jbz

JBZ = installed_jbz(module_level=True)
PERIOD = Path(__file__).parents[1] / "fixtures" / "period"
SECTIONS = ["opened", "closed", "reopened", "slipped", "became_overdue", "no_longer_overdue"]


@pytest.fixture
def period_dir(tmp_path: Path) -> Path:
    target = tmp_path / "records"
    shutil.copytree(PERIOD, target)
    return target


def jbz(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("JBZ_") and k != "NO_COLOR"}
    return subprocess.run([JBZ, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=60)


def test_diff_across_a_quarter_as_text(period_dir: Path) -> None:
    result = jbz("diff", "2026-Q1", "2026-Q2", cwd=period_dir.parent)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.splitlines() == [
        "Changes after 2026-03-31 up to and including 2026-06-30: 7",
        "",
        "Opened (1):",
        "  letter-new-in-april  created 2026-04-10, due 2026-05  Minister sends the return-hub letter",
        "",
        "Closed (2):",
        "  roadmap-dropped     dropped on 2026-04-20  Remaining roadmap goes to the Council (evidence: Council agenda 12 June 2026)",
        "  report-closed-late  done on 2026-05-01     Cabinet reports on the pilot's progress (evidence: Kamerstuk 32 317, nr. 999)",
        "",
        "Reopened (1):",
        "  pool-reopened  open again on 2026-04-15 (was done)  Decide on the Dutch solidarity contribution",
        "",
        "Slipped (1):",
        "  eurodac-slips  due 2026-06 -> 2026-09 on 2026-05-15  New Eurodac enters into operation",
        "",
        "Became overdue (1):",
        "  letter-new-in-april  due 2026-05, overdue since 2026-06-01  Minister sends the return-hub letter",
        "",
        "No longer overdue (1):",
        "  roadmap-dropped  closed: dropped on 2026-04-20  Remaining roadmap goes to the Council",
    ]


def test_diff_json_is_one_object_with_the_six_sections(period_dir: Path) -> None:
    result = jbz("diff", "2026-03-31", "2026-06-30", "--format", "json", cwd=period_dir.parent)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert list(data) == SECTIONS
    assert all({"id", "title"} <= set(entry) for entries in data.values() for entry in entries)
    assert data["closed"][1] == {
        "id": "report-closed-late",
        "title": "Cabinet reports on the pilot's progress",
        "date": "2026-05-01",
        "status": "done",
        "evidence": "Kamerstuk 32 317, nr. 999",
        "note": "Progress letter sent",
    }
    assert data["slipped"][0]["from"] == "2026-06" and data["slipped"][0]["to"] == "2026-09"
    assert jbz("diff", "2026-Q1", "2026-Q2", "--json", cwd=period_dir.parent).stdout == result.stdout


def test_diff_jsonl_is_one_change_per_line(period_dir: Path) -> None:
    result = jbz("diff", "2026-Q1", "2026-Q2", "--format", "jsonl", cwd=period_dir.parent)
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(r["change"], r["id"]) for r in rows] == [
        ("opened", "letter-new-in-april"),
        ("closed", "roadmap-dropped"),
        ("closed", "report-closed-late"),
        ("reopened", "pool-reopened"),
        ("slipped", "eurodac-slips"),
        ("became_overdue", "letter-new-in-april"),
        ("no_longer_overdue", "roadmap-dropped"),
    ]


def test_diff_markdown_for_a_committee_note(period_dir: Path) -> None:
    result = jbz("diff", "2026-Q1", "2026-Q2", "--format", "md", "--topic", "interoperability", cwd=period_dir.parent)
    assert result.returncode == 0, result.stderr
    assert result.stdout == (
        "## Changes after 2026-03-31 up to and including 2026-06-30\n\n"
        "### Opened (0)\n\nNone.\n\n"
        "### Closed (1)\n\n"
        "- `roadmap-dropped`: Remaining roadmap goes to the Council (evidence: Council agenda 12 June 2026);"
        " dropped on 2026-04-20\n\n"
        "### Reopened (0)\n\nNone.\n\n"
        "### Slipped (1)\n\n- `eurodac-slips`: New Eurodac enters into operation; due 2026-06 -> 2026-09 on 2026-05-15\n\n"
        "### Became overdue (0)\n\nNone.\n\n"
        "### No longer overdue (1)\n\n"
        "- `roadmap-dropped`: Remaining roadmap goes to the Council; closed: dropped on 2026-04-20\n"
    )


def test_filters_apply(period_dir: Path) -> None:
    def ids(*args: str) -> set[str]:
        result = jbz("diff", "2026-Q1", "2026-Q2", "--format", "jsonl", *args, cwd=period_dir.parent)
        assert result.returncode == 0, result.stderr
        return {json.loads(line)["id"] for line in result.stdout.splitlines()}

    assert ids("--actor", "cabinet") == {"letter-new-in-april", "report-closed-late", "pool-reopened"}
    assert ids("--kind", "deadline", "--topic", "interoperability") == {"eurodac-slips", "roadmap-dropped"}
    assert ids("--search", "eurodac") == {"eurodac-slips"}


def test_a_record_appears_on_its_created_date(period_dir: Path) -> None:
    def opened(start: str, end: str) -> list[str]:
        result = jbz("diff", start, end, "--format", "json", cwd=period_dir.parent)
        return [e["id"] for e in json.loads(result.stdout)["opened"]]

    assert opened("2026-04-01", "2026-04-09") == []
    assert opened("2026-04-09", "2026-04-10") == ["letter-new-in-april"]
    assert opened("2026-04-10", "2026-12-31") == ["later-item"]  # the period starts after FROM


def test_an_empty_period_is_not_an_error(period_dir: Path) -> None:
    result = jbz("diff", "2026-06-30", "2026-06-30", "--format", "json", cwd=period_dir.parent)
    assert result.returncode == 0
    assert json.loads(result.stdout) == {name: [] for name in SECTIONS}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["2026-Q2", "2026-Q1"], "jbz: error: FROM 2026-Q2 ends on 2026-06-30, after TO 2026-Q1 ends on 2026-03-31\n"),
        (
            ["2026-Q5", "2026"],
            "jbz: error: FROM: invalid date '2026-Q5': expected YYYY-MM-DD, YYYY-MM, YYYY-Qn, YYYY-Hn or YYYY\n",
        ),
        (
            ["2026-Q1", "2026-Q2", "--format", "tsv"],
            "jbz: error: diff cannot be written as 'tsv': expected one of table, md, json, jsonl\n",
        ),
        (
            ["2026-Q1", "2026-Q2", "--kind", "promise"],
            "jbz: error: unknown kind 'promise': expected one of decision, commitment, deadline\n",
        ),
    ],
)
def test_bad_input_is_one_line_and_exit_2(period_dir: Path, args: list[str], message: str) -> None:
    result = jbz("diff", *args, cwd=period_dir.parent)
    assert (result.returncode, result.stdout, result.stderr) == (2, "", message)


def test_an_invalid_record_is_named_and_the_rest_still_diffed(period_dir: Path) -> None:
    (period_dir / "broken.toml").write_text('kind = "commitment"\ntitle = "x"\ncreated = "last week"\n')
    result = jbz("diff", "2026-Q1", "2026-Q2", "--format", "jsonl", cwd=period_dir.parent)
    assert result.returncode == 1
    assert result.stderr.startswith("records/broken.toml:3:")
    assert len(result.stdout.splitlines()) == 7


def test_the_bundled_records_are_opened_on_their_source_date(tmp_path: Path) -> None:
    result = jbz("diff", "2025-12-16", "2025-12-17", "--format", "json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert len(json.loads(result.stdout)["opened"]) == 92


def test_diff_stops_at_the_as_of_day_and_says_so(invoke) -> None:
    cut = invoke("diff", "2026-Q3", "2027-H2", "--as-of", "2026-11-30", "--format", "md")
    assert cut.exit_code == 0
    assert "up to and including 2026-11-30" in cut.stdout and "2027-" not in cut.stdout
    assert cut.stderr == "jbz: note: TO 2027-H2 has not ended on the as-of day; the diff stops at 2026-11-30\n"
    same = invoke("diff", "2026-Q3", "2026-11-30", "--as-of", "2026-11-30", "--format", "md")
    assert (same.stdout, same.stderr) == (cut.stdout, "")
    ahead = invoke("diff", "2026-Q4", "2027-H2", "--as-of", "2026-11-30")
    assert ahead.exit_code == 2
    assert "the period after FROM 2026-Q4 starts on 2027-01-01, after 2026-11-30" in ahead.stderr


@pytest.mark.parametrize("fmt", ["md", "table", "jsonl"])
def test_diff_refuses_json_with_another_format_as_every_command_does(invoke, fmt: str) -> None:
    result = invoke("diff", "2026-01", "2026-02", "--json", "--format", fmt)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"jbz: error: --format {fmt} and --json ask for two different formats; give one\n"
    agreed = invoke("diff", "2026-01", "2026-02", "--json", "--format", "json", "--as-of", "2026-11-29")
    assert agreed.exit_code == 0 and agreed.stdout.startswith("{")
