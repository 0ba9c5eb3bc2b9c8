"""Near misses get a hint, and case never hides a topic or an id (kind: forgiving input)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from installed import installed_jbz

from jbz_cli.core.model import KINDS, STATUSES
from jbz_cli.core.suggest import closest, suggest


def jbz(*args: str, stdin: str | None = None, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith("JBZ_") and k not in ("VISUAL", "EDITOR")}
    base.update(JBZ_TODAY="2026-11-29", JBZ_CACHE_DIR=os.environ["JBZ_CACHE_DIR"], **(env or {}))
    return subprocess.run(
        [installed_jbz(), *args], env=base, input=stdin, capture_output=True, text=True, timeout=120, cwd="/"
    )


@pytest.mark.parametrize("no_cache", [[], ["--no-cache"]])
def test_a_topic_in_capitals_finds_the_same_records(no_cache: list[str]) -> None:
    lower = jbz("list", "--topic", "ebsp", "--format", "ids", *no_cache)
    upper = jbz("list", "--topic", "EBSP", "--format", "ids", *no_cache)
    assert lower.returncode == 0 and lower.stdout
    assert upper.stdout == lower.stdout


def test_show_in_capitals_shows_the_dossier_and_the_record() -> None:
    assert jbz("show", "EBSP").stdout == jbz("show", "ebsp").stdout != ""
    assert jbz("show", "EBSP-NEGOTIATIONS-END-2026").stdout == jbz("show", "ebsp-negotiations-end-2026").stdout


@pytest.mark.parametrize(
    "args, hint",
    [
        (["show", "ebps"], "did you mean 'ebsp'?"),
        (["list", "--kind", "comitment"], "did you mean 'commitment'?"),
        (["list", "--status", "wating"], "did you mean 'waiting'?"),
        (["add", "comitment", "--title", "x", "--no-input", "--records", "{tmp}"], "did you mean 'commitment'?"),
        (["followup", "x", "--status", "dne", "--note", "n", "--records", "{tmp}"], "did you mean 'done'?"),
        (["import", "tk", "saved.xml", "--status", "dne", "--records", "{tmp}"], "did you mean 'done'?"),
        (["list", "--sort", "tittle"], "did you mean 'title'?"),
        (["check", "--rule", "datse"], "did you mean 'dates'?"),
    ],
)
def test_a_near_miss_gets_a_did_you_mean(args: list[str], hint: str, tmp_path: Path) -> None:
    result = jbz(*(a.format(tmp=tmp_path) for a in args))
    assert result.returncode == 2
    assert hint in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_edit_without_a_terminal_or_an_editor_refuses(tmp_path: Path) -> None:
    assert jbz("add", "decision", "--title", "Keep", "--no-input", "--records", str(tmp_path)).returncode == 0
    before = (tmp_path / "keep.toml").read_bytes()
    result = jbz("edit", "keep", "--records", str(tmp_path), stdin="")
    assert result.returncode == 2 and "$VISUAL or $EDITOR" in result.stderr
    assert (tmp_path / "keep.toml").read_bytes() == before


def test_interactive_add_asks_for_the_kind_again_before_the_title(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from typer.testing import CliRunner

    from jbz_cli.cli.app import app
    from jbz_cli.env import Environment

    real = Environment.from_process
    monkeypatch.setattr(Environment, "from_process", staticmethod(lambda: real()._replace(stdin_tty=True)))
    result = CliRunner().invoke(app, ["add", "--records", str(tmp_path)], input="comitment\ncommitment\nMy title\n")
    assert result.exit_code == 0, result.output
    assert "did you mean 'commitment'?" in result.output
    assert result.output.index("did you mean") < result.output.index("Title")
    assert (tmp_path / "my-title.toml").read_text().startswith('kind = "commitment"\ntitle = "My title"\n')


WORDS = st.sampled_from([*KINDS, *STATUSES])


@given(word=WORDS, position=st.integers(0, 20), upper=st.booleans())
def test_one_typo_or_capitals_suggest_the_word(word: str, position: int, upper: bool) -> None:
    """Dropping one letter of a kind or status, or writing it in capitals, still suggests it."""
    cut = position % len(word)
    typo = word[:cut] + word[cut + 1 :]
    typo = typo.upper() if upper else typo
    choices = [*KINDS, *STATUSES]
    assert closest(word.upper(), choices) == word
    if len(word) >= 5:
        assert closest(typo, choices) == word
        assert suggest(typo, choices) == f"; did you mean {word!r}?"
