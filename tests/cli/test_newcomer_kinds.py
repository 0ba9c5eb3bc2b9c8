"""Newcomer defects fixed as kinds, each checked through the installed `jbz` (defects 13, 14, 23 and 25)."""

from __future__ import annotations

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
