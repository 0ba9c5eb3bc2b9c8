"""Shell completion of ids and topics: directly, and once through the shell protocol Typer speaks."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from types import SimpleNamespace

import pytest
from installed import installed_jbz

from jbz_cli.cli.complete import complete_ids, complete_ids_and_topics, complete_topics


@pytest.fixture
def in_records(basic_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("JBZ_RECORDS", raising=False)
    monkeypatch.chdir(basic_dir.parent)  # ./records is the folder jbz finds on its own
    return basic_dir


def test_ids_complete_from_what_was_typed(in_records: Path) -> None:
    assert complete_ids("eb") == ["ebsp-keep-kamer-informed", "ebsp-negotiations-end-2026"]
    assert complete_ids("zzz") == []
    assert len(complete_ids("")) == 8


def test_topics_complete_without_duplicates(in_records: Path) -> None:
    assert complete_topics("s") == ["safe-countries", "security", "solidarity-pool"]
    assert complete_topics("mig") == ["migration"]


def test_show_completes_topics_and_ids_together(in_records: Path) -> None:
    assert complete_ids_and_topics("eb") == ["ebsp", "ebsp-keep-kamer-informed", "ebsp-negotiations-end-2026"]


def test_records_option_on_the_command_line_is_honoured(basic_dir: Path, tmp_path: Path, monkeypatch) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    monkeypatch.chdir(empty)
    monkeypatch.setenv("JBZ_RECORDS", str(empty))
    assert complete_ids("etias") == []
    ctx = SimpleNamespace(params={"records": str(basic_dir)})
    assert complete_ids("etias", ctx) == ["etias-operational"]


def test_completion_never_raises(in_records: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (in_records / "broken.toml").write_text("kind = [")
    assert complete_ids("broken") == []  # a broken file is skipped, the others still complete
    assert complete_ids("etias") == ["etias-operational"]
    assert complete_topics("e", SimpleNamespace(params={"records": str(tmp_path / "missing")})) == []
    monkeypatch.setenv("JBZ_RECORDS", str(tmp_path / "missing"))
    assert complete_ids("e") == []
    assert complete_ids_and_topics("e", object()) == []


@pytest.mark.parametrize(
    ("words", "cword", "expected"),
    [
        ("jbz show eb", 2, ["ebsp", "ebsp-keep-kamer-informed", "ebsp-negotiations-end-2026"]),
        ("jbz list --topic s", 3, ["safe-countries", "security", "solidarity-pool"]),
        ("jbz export ics --topic et", 4, ["etias"]),
        ("jbz brief --topic c", 3, ["c7"]),
    ],
)
def test_bash_completion_protocol(basic_dir: Path, words: str, cword: int, expected: list[str]) -> None:
    """What bash runs on TAB: the program with _JBZ_COMPLETE=complete_bash and the words so far."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("JBZ_")}
    env.update(_JBZ_COMPLETE="complete_bash", COMP_WORDS=words, COMP_CWORD=str(cword), JBZ_RECORDS=str(basic_dir))
    jbz = installed_jbz()
    result = subprocess.run([jbz], env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == expected


def test_show_completion_prints_a_bash_script() -> None:
    jbz = installed_jbz()
    result = subprocess.run([jbz, "--show-completion", "bash"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "_JBZ_COMPLETE=complete_bash" in result.stdout
    assert "complete -o default -F _jbz_completion jbz" in result.stdout
