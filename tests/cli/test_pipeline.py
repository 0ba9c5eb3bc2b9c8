"""Run the installed `jbz` as a shell user would: in a subprocess, through real pipes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from installed import installed_jbz

JBZ = installed_jbz(module_level=True)


def sh(script: str, cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """Run a shell pipeline with `jbz` meaning the installed command."""
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("JBZ_")}
    full_env.update(env)
    full_env["JBZ"] = str(JBZ)
    return subprocess.run(
        ["bash", "-o", "pipefail", "-c", script.replace("jbz ", '"$JBZ" ')],
        cwd=cwd,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_tsv_through_cut_and_sort(basic_dir: Path) -> None:
    result = sh("jbz list --open --as-of 2026-11-29 | cut -f1,4 | sort", basic_dir.parent)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[:2] == ["asylum-ep-position\t2027-01-31", "c7-action-plan\t2026-H1"]


def test_jsonl_into_python(basic_dir: Path) -> None:
    script = (
        "jbz list --format jsonl --as-of 2026-11-29 | "
        f'{sys.executable} -c \'import json,sys; print(sum(1 for l in sys.stdin if "overdue" in json.loads(l)["flags"]))\''
    )
    result = sh(script, basic_dir.parent)
    assert (result.returncode, result.stdout) == (0, "1\n")


def test_piped_table_has_no_box_or_escape_characters(basic_dir: Path) -> None:
    result = sh("jbz list --open --format table | cat", basic_dir.parent, TERM="xterm-256color")
    assert "c7-action-plan" in result.stdout
    assert "\x1b" not in result.stdout
    assert not set(result.stdout) & set("─│┃━┏┓┗┛╭╮╰╯═║")


def test_json_array_through_json_tool(basic_dir: Path) -> None:
    result = sh(f"jbz list --open --format json | {sys.executable} -m json.tool", basic_dir.parent)
    assert result.returncode == 0
    assert len(json.loads(result.stdout)) == 6


def test_bundled_records_from_an_unrelated_directory(tmp_path: Path) -> None:
    result = sh("jbz list --format ids", tmp_path)
    assert result.returncode == 0, result.stderr
    assert len(result.stdout.splitlines()) >= 35


def test_broken_file_names_file_and_line_without_traceback(basic_dir: Path) -> None:
    (basic_dir / "bad.toml").write_text('kind = "deadline"\ntitle = "x"\ndue = "2026-Q5"\n')
    result = sh("jbz list --format ids", basic_dir.parent)
    assert result.returncode == 1
    assert result.stderr.startswith("records/bad.toml:3:1: invalid due date '2026-Q5'")
    assert "Traceback" not in result.stderr
    assert len(result.stdout.splitlines()) == 8


def test_early_closed_pipe_is_not_an_error(basic_dir: Path) -> None:
    result = sh("jbz list | head -n 1", basic_dir.parent)
    assert result.returncode == 0
    assert result.stderr == ""


@pytest.mark.parametrize("piped", ["", "\n  \n"])
def test_a_write_with_nothing_on_stdin_is_one_usage_line(invoke, piped: str) -> None:
    result = invoke("followup", "-", "-m", "x", "--dry-run", input=piped)
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", "jbz: error: no ids on stdin\n")


@pytest.mark.parametrize("piped", ["", "\n  \n"])
def test_show_with_an_empty_pipe_shows_nothing_and_succeeds(invoke, piped: str) -> None:
    """`jbz list --overdue -f ids | jbz show -` must not fail a pipeline when nothing is overdue."""
    result = invoke("show", "-", "--json", input=piped)
    assert (result.exit_code, result.stdout.strip(), result.stderr) == (0, "[]", "")
