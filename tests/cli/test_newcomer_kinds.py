"""Newcomer defects fixed as kinds, each checked through the installed `jbz` (defects 13, 14, 23 and 25)."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from installed import installed_jbz

JBZ = installed_jbz(module_level=True)


def jbz(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("JBZ_")}
    env["JBZ_TODAY"] = "2026-11-29"
    return subprocess.run([JBZ, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120)


@pytest.fixture
def outside(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("kinds")


def test_brief_text_lines_fit_a_mail(outside: Path) -> None:
    """Defect 23: the plain-text briefing is for mail, so no line is longer than a mail client keeps whole."""
    done = jbz("brief", "--format", "text", cwd=outside)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    words = [w for line in lines for w in line.split()]
    long = [line for line in lines if len(line) > 72 and len(line.split()) > 1]
    assert not long, long[:3]
    assert "<https://zoek.officielebekendmakingen.nl/kst-32317-987.html>" in words  # a url is never broken
    ids = jbz("list", "--open", "--format", "ids", cwd=outside).stdout.split()
    shown = {w.rstrip(";") for w in words}
    assert "ukraine-tribunal-treaty-signing" in shown and shown & set(ids)


@pytest.mark.parametrize("name", ["text", "table"])
def test_report_and_brief_take_the_human_readable_name(outside: Path, name: str) -> None:
    """Defect 13: one vocabulary; `text` (or `table`) is the human-readable form of report and brief too."""
    report = jbz("report", "--period", "2026-H1", "--format", name, cwd=outside)
    assert report.returncode == 0, report.stderr
    assert report.stdout.startswith("JBZ period report 2026-H1, by actor\n====")
    assert "|" not in report.stdout and "**" not in report.stdout  # no Markdown markup
    assert "(c7-action-plan-2026-h1)" in report.stdout
    brief = jbz("brief", "--format", name, cwd=outside)
    assert brief.returncode == 0 and brief.stdout.startswith("JBZ briefing"), brief.stderr


def test_report_text_from_the_txt_extension(outside: Path) -> None:
    done = jbz("report", "--period", "2026-H1", "-o", "r.txt", cwd=outside)
    assert done.returncode == 0, done.stderr
    assert (outside / "r.txt").read_text(encoding="utf-8").startswith("JBZ period report 2026-H1")


def test_brief_json_has_every_section(outside: Path) -> None:
    """Defect 13: `brief --format json` (and -o b.json) write JSON with the same items as the text briefing."""
    done = jbz("brief", "--format", "json", cwd=outside)
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["as_of"] == "2026-11-29" and data["total"] == 92
    overdue = jbz("list", "--overdue", "--format", "ids", cwd=outside).stdout.split()
    assert sorted(i["id"] for i in data["overdue"]) == sorted(overdue)
    assert all(i["why"] for i in data["awaiting"])
    to_file = jbz("brief", "-o", "b.json", cwd=outside)
    assert to_file.returncode == 0, to_file.stderr
    assert json.loads((outside / "b.json").read_text(encoding="utf-8")) == data


def test_help_lists_each_commands_own_formats(outside: Path) -> None:
    assert "md, text, html or json" in " ".join(jbz("brief", "--help", cwd=outside).stdout.split())
    assert "md, text, html or json" in " ".join(jbz("report", "--help", cwd=outside).stdout.split())


def test_a_write_says_the_warnings_jbz_check_would_give(tmp_path: Path) -> None:
    """Defect 14: a write that passes with a `jbz check` warning says it on stderr, and still writes."""
    assert jbz("init", str(tmp_path), cwd=tmp_path).returncode == 0
    far = jbz("add", "commitment", "--title", "Due far", "--due", "2106", "--no-input", cwd=tmp_path)
    assert far.returncode == 0, far.stderr
    assert "warning: due '2106' is after 2100; is the year a typo? [dates]" in far.stderr
    assert (tmp_path / "due-far.toml").is_file()
    plain = jbz("add", "commitment", "--title", "Due soon", "--due", "2027-01", "--no-input", cwd=tmp_path)
    assert plain.returncode == 0 and "warning" not in plain.stderr, plain.stderr
    note = jbz("followup", "due-far", "--note", "Asked the ministry", cwd=tmp_path)
    assert note.returncode == 0 and "warning" not in note.stderr, note.stderr  # an old warning is not repeated
