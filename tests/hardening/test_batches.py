"""Kind "batch honesty" of the attack round: a batch that fails part-way names what it wrote and what it did not,
and two imports of the same pages at once serialise on the folder lock (D1, D2)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from installed import installed_jbz
from runjbz import env, jbz, one_error

FIXTURES = Path(__file__).parents[1] / "fixtures" / "basic"
PAGES = Path(__file__).parents[1] / "register" / "fixtures"


@pytest.mark.parametrize("command", [["followup", "-", "--note", "hello"], ["done", "-", "--evidence", "hello"]])
def test_d1_a_batch_stopped_part_way_names_the_ids_written_and_not(tmp_path: Path, command: list[str]) -> None:
    rec = tmp_path / "rec"
    shutil.copytree(FIXTURES, rec)
    ids = jbz("list", "--open", "--records", rec, "--format", "ids").stdout.split()[:5]  # done refuses closed ones
    blocked = next(rec.rglob(f"{ids[2]}.toml"))
    blocked.chmod(0o444)  # refused at write time, after the plan passed: as a full disk would be
    result = jbz(*command, "--records", rec, stdin="\n".join(ids).encode())
    assert result.returncode == 2
    assert [line.split()[1].rstrip(":") for line in result.stderr.splitlines() if line.startswith("updated ")] == ids[
        :2
    ]
    line = one_error(result)
    assert f"2 of 5 records were written (listed above), 3 were not: {' '.join(ids[2:])}" in line
    written = {p.stem for p in rec.rglob("*.toml") if "hello" in p.read_text()}
    assert written == set(ids[:2])


def test_d1_a_single_failure_keeps_its_one_line(tmp_path: Path) -> None:
    rec = tmp_path / "rec"
    shutil.copytree(FIXTURES, rec)
    first = jbz("list", "--records", rec, "--format", "ids").stdout.split()[0]
    next(rec.rglob(f"{first}.toml")).chmod(0o444)
    line = one_error(jbz("followup", first, "--note", "x", "--records", rec))
    assert "read-only" in line and "batch" not in line


def test_d2_two_imports_of_the_same_pages_at_once_both_succeed(tmp_path: Path) -> None:
    rec = tmp_path / "rec"
    rec.mkdir()
    pages = [str(PAGES / "odata_page1.json"), str(PAGES / "odata_page2.json")]
    command = [installed_jbz(), "import", "tk", *pages, "--records", str(rec), "--format", "json"]
    runs = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env()) for _ in range(3)]
    outcomes = [(run.wait(120), *run.communicate()) for run in runs]
    assert [code for code, _, _ in outcomes] == [0, 0, 0], [err for _, _, err in outcomes]
    created = sorted(json.loads(out)["created"] for _, out, _ in outcomes)
    assert created == [0, 0, 8]
