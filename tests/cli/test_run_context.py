"""The run's Environment reaches every command as one object that a caller can hand in (click's `ctx.obj`)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from types import MappingProxyType

import pytest
from typer.main import get_command

from jbz_cli.cli.app import app
from jbz_cli.env import Environment


def handed_in(records: Path, tmp_path: Path, today: str) -> Environment:
    """Another world than the test process's: its own records folder, day and cache folder."""
    variables = {"JBZ_RECORDS": str(records), "JBZ_TODAY": today}
    return Environment(
        vars=MappingProxyType(variables),
        cwd=tmp_path,
        stdin_tty=False,
        stdout_tty=False,
        width=80,
        today=date.fromisoformat(today),
        cache_dir=tmp_path / "cache",
        records=str(records),
        no_color=True,
    )


def invoke(args: list[str], env: Environment) -> int:
    try:
        get_command(app).main(args, prog_name="jbz", obj=env, standalone_mode=False)
    except Exception as exc:  # typer.Exit carries a failing status
        return int(getattr(exc, "exit_code", 1))
    return 0


@pytest.fixture
def elsewhere(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The process points at a folder that does not exist, so an answer proves the handed-in Environment won."""
    monkeypatch.setenv("JBZ_RECORDS", str(tmp_path / "missing"))
    monkeypatch.setenv("JBZ_TODAY", "2000-01-01")
    monkeypatch.setenv("JBZ_CACHE_DIR", str(tmp_path / "process-cache"))


def test_a_handed_in_environment_is_the_one_every_command_reads(
    basic_dir: Path, tmp_path: Path, elsewhere: None, capsys: pytest.CaptureFixture[str], jbz
) -> None:
    env = handed_in(basic_dir, tmp_path, "2026-11-29")
    assert invoke(["list", "--overdue", "--format", "ids"], env) == 0
    listed = capsys.readouterr().out
    day = {"JBZ_RECORDS": str(basic_dir), "JBZ_TODAY": "2026-11-29"}
    shell = jbz("list", "--overdue", "--format", "ids", cwd=tmp_path, env=day)
    assert listed.encode() == shell.stdout and listed.split()


def test_the_day_comes_from_the_handed_in_environment(
    basic_dir: Path, tmp_path: Path, elsewhere: None, capsys: pytest.CaptureFixture[str]
) -> None:
    invoke(["list", "--overdue", "--format", "ids"], handed_in(basic_dir, tmp_path, "2026-11-29"))
    late = set(capsys.readouterr().out.split())
    invoke(["list", "--overdue", "--format", "ids"], handed_in(basic_dir, tmp_path, "2020-01-01"))
    early = set(capsys.readouterr().out.split())
    assert late and early < late


def test_jbz_alone_gives_the_summary_of_the_handed_in_folder(
    basic_dir: Path, tmp_path: Path, elsewhere: None, capsys: pytest.CaptureFixture[str]
) -> None:
    assert invoke([], handed_in(basic_dir, tmp_path, "2026-11-29")) == 0
    out = capsys.readouterr()
    assert out.out.strip() and "missing" not in out.err
