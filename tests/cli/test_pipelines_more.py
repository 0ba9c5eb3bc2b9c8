"""The installed `jbz` in real shell pipelines: what comes through the pipe, byte for byte."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from installed import installed_jbz

JBZ = installed_jbz(module_level=True)

BOX = set("─│┃━┏┓┗┛╭╮╰╯═║┌┐└┘├┤┬┴┼█")
PYTHON = sys.executable


def sh(script: str, cwd: Path, **env: str) -> subprocess.CompletedProcess[bytes]:
    """Run a bash pipeline where `jbz` is the installed command, as of 2026-11-29 on ./records."""
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("JBZ_") and k != "NO_COLOR"}
    full_env.update({"JBZ_TODAY": "2026-11-29", "TERM": "xterm-256color", "COLUMNS": "80", "LC_ALL": "C.UTF-8"})
    full_env.update(env)
    full_env["JBZ"] = str(JBZ)
    return subprocess.run(
        ["bash", "-o", "pipefail", "-c", script.replace("jbz ", '"$JBZ" ').replace("python3 ", f"{PYTHON} ")],
        cwd=cwd,
        env=full_env,
        capture_output=True,
        timeout=60,
    )


@pytest.fixture
def cwd(basic_dir: Path) -> Path:
    """A folder whose ./records holds the fixture records, as a user's project folder would."""
    return basic_dir.parent


def test_jsonl_into_python_one_object_per_line(cwd: Path) -> None:
    script = (
        "jbz list --open --format jsonl | "
        'python3 -c \'import json,sys; [print(r["id"], r["due_by"] or "-", *r["flags"]) for r in map(json.loads, sys.stdin)]\''
    )
    result = sh(script, cwd)
    assert result.returncode == 0, result.stderr
    assert result.stdout == (
        b"c7-action-plan 2026-06-30 overdue\n"
        b"pool-dutch-contribution 2026-12-15 due-soon awaiting\n"
        b"ebsp-negotiations-end-2026 2026-12-31\n"
        b"etias-operational 2026-12-31\n"
        b"asylum-ep-position 2027-01-31\n"
        b"ebsp-keep-kamer-informed - awaiting\n"
    )


def test_ids_sorted_into_show_json(cwd: Path) -> None:
    result = sh("jbz list --format ids | sort | jbz show - --format json", cwd)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    ids = [d["id"] for d in data]
    assert ids == sorted(ids) and len(ids) == 8
    assert data[0]["id"] == "asylum-ep-position" and data[0]["status"] == "waiting"


def test_overdue_ids_into_show(cwd: Path) -> None:
    result = sh("jbz list --overdue --format ids | jbz show -", cwd)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(b"c7-action-plan (deadline)\nC7 ministers adopt a multi-year action plan\n\n")
    assert b"  flags        overdue\n" in result.stdout
    assert b"-" * 72 not in result.stdout  # one record, so no separator
    assert b"\x1b" not in result.stdout


def test_show_dash_stops_on_an_unknown_id_before_printing(cwd: Path) -> None:
    result = sh("printf 'c7-action-plan\\nnope\\n' | jbz show -", cwd)
    assert (result.returncode, result.stdout) == (2, b"")
    assert result.stderr == b"jbz: error: no record or topic matches 'nope'\n"


def test_summary_through_cat_is_plain(cwd: Path) -> None:
    result = sh("jbz summary | cat", cwd)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(
        b"As of 2026-11-29: 8 records in records\nStatus: 4 open, 1 waiting, 1 partial, 2 done\n"
    )
    assert b"\x1b" not in result.stdout
    assert not set(result.stdout.decode()) & BOX


def test_jbz_alone_through_cat_is_the_summary(cwd: Path) -> None:
    alone, summary = sh("jbz | cat", cwd), sh("jbz summary | cat", cwd)
    assert alone.returncode == 0 and alone.stdout == summary.stdout


@pytest.mark.parametrize("command", ["agenda", "stats", "list --open --format table", "show c7-action-plan"])
def test_other_overviews_through_cat_are_plain(cwd: Path, command: str) -> None:
    result = sh(f"jbz {command} | cat", cwd)
    assert result.returncode == 0, result.stderr
    assert b"\x1b" not in result.stdout
    assert not set(result.stdout.decode()) & BOX


# --- on a real terminal (a pseudo-terminal made by script(1)) ------------------------------------------------------

needs_script = pytest.mark.skipif(shutil.which("script") is None, reason="script(1) is not installed")


def on_tty(command: str, cwd: Path, **env: str) -> bytes:
    result = sh(f"script -qec 'jbz {command}' /dev/null", cwd, **env)
    assert result.returncode == 0, result.stderr
    return result.stdout


@needs_script
def test_terminal_summary_is_coloured(cwd: Path) -> None:
    out = on_tty("summary", cwd)
    assert b"\x1b[" in out
    assert b"Overdue (1), oldest due first:" in out


@needs_script
@pytest.mark.parametrize(
    ("command", "env"), [("summary", {"NO_COLOR": "1"}), ("summary", {"TERM": "dumb"}), ("summary --no-color", {})]
)
def test_terminal_colour_can_be_turned_off(cwd: Path, command: str, env: dict[str, str]) -> None:
    out = on_tty(command, cwd, **env)
    assert b"\x1b[" not in out
    assert b"Overdue (1), oldest due first:" in out


@needs_script
def test_terminal_agenda_draws_the_timeline(cwd: Path) -> None:
    out = on_tty("agenda --no-color", cwd).replace(b"\r\n", b"\n")
    assert "Jun 2026  █ 1 (1 overdue)\n".encode() in out
    assert "Dec 2026  ███ 3\n".encode() in out
    piped = sh("jbz agenda", cwd).stdout
    assert "█".encode() not in piped


# --- the README's "Use in scripts" pipelines -----------------------------------------------------------------------


def test_readme_read_every_overdue_item_in_full(cwd: Path) -> None:
    result = sh("JBZ_TODAY=2027-01-01 jbz list --overdue --format ids | jbz show -", cwd)
    assert result.returncode == 0, result.stderr
    records = result.stdout.split(b"\n\n" + b"-" * 72 + b"\n")
    assert [r.split(b" ", 1)[0] for r in records] == [
        b"c7-action-plan",
        b"pool-dutch-contribution",
        b"ebsp-negotiations-end-2026",
        b"etias-operational",
    ]


def test_readme_count_open_deadlines_per_month(cwd: Path) -> None:
    script = (
        "jbz agenda --format jsonl | python3 -c 'import collections, json, sys; "
        'c = collections.Counter(json.loads(l)["month"] for l in sys.stdin); '
        "[print(m, n) for m, n in sorted(c.items())]'"
    )
    result = sh(script, cwd)
    assert result.returncode == 0, result.stderr
    assert result.stdout == b"2026-06 1\n2026-12 3\n2027-01 1\n"


def test_readme_cron_job_warns_when_something_is_overdue(cwd: Path) -> None:
    script = (
        'jbz list --overdue --exit-code --format ids > overdue.txt || echo "jbz: $(wc -l < overdue.txt) overdue" >&2'
    )
    result = sh(script, cwd)
    assert result.returncode == 0
    assert result.stderr == b"jbz: 1 overdue\n"
    assert (cwd / "overdue.txt").read_bytes() == b"c7-action-plan\n"
    quiet = sh(script, cwd, JBZ_TODAY="2026-01-01")
    assert (quiet.returncode, quiet.stderr) == (0, b"")
