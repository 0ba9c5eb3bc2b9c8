"""`jbz history` reads oldest first all the way down, commits of one day included."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from jbz_cli.store.files import load_records
from jbz_cli.store.history import timeline

RECORD = 'kind = "decision"\ntitle = "Order"\n'


def git(folder: Path, *args: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_DATE": "2026-03-01T10:00:00", "GIT_COMMITTER_DATE": "2026-03-01T10:00:00"}
    subprocess.run(["git", "-C", str(folder), *args], check=True, capture_output=True, env=env)


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_same_day_commits_are_oldest_first(tmp_path: Path) -> None:
    git(tmp_path, "init", "-q")
    git(tmp_path, "config", "user.email", "t@example.org")
    git(tmp_path, "config", "user.name", "T")
    path = tmp_path / "order.toml"
    for n, subject in enumerate(("first", "second", "third")):
        path.write_text(RECORD + f'summary = "{n}"\n')
        git(tmp_path, "add", "order.toml")
        git(tmp_path, "commit", "-qm", subject)
    from jbz_cli.store.files import resolve_records_dir

    record = load_records(resolve_records_dir(str(tmp_path), {}, tmp_path)).records[0]
    subjects = [e.text for e in timeline(record, path).events if e.type == "commit"]
    assert subjects == ["first", "second", "third"]
