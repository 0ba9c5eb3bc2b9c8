"""Small things a new user tripped over, each checked through the installed `jbz` (newcomer defects 15, 16, 20,
21, 27 and 30)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from installed import installed_jbz

JBZ = installed_jbz(module_level=True)
README = Path(__file__).resolve().parents[2] / "README.md"


def jbz(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("JBZ_")}
    env["JBZ_TODAY"] = "2026-11-29"
    return subprocess.run([JBZ, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120)


@pytest.fixture
def outside(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("small")


def test_kind_and_status_ignore_case_as_topic_does(outside: Path) -> None:
    lower = jbz("list", "--kind", "commitment", "--status", "open", "--format", "ids", cwd=outside)
    upper = jbz("list", "--kind", "Commitment", "--status", "Open", "--format", "ids", cwd=outside)
    assert upper.returncode == 0 and upper.stdout == lower.stdout != ""


def test_an_undated_new_record_reads_no_due_date_in_the_feed(outside: Path) -> None:
    feed = jbz("feed", "--since", "2025", cwd=outside).stdout
    assert "no due date." in feed and "due no due date" not in feed


def test_a_non_http_fetch_url_is_worded_plainly(outside: Path) -> None:
    result = jbz("import", "tk", "--fetch", "ftp://x", cwd=outside)
    assert result.returncode == 2
    assert result.stderr == (
        "jbz: error: --fetch 'ftp://x': ftp: URLs cannot be fetched; expected an http:// or https:// URL\n"
    )


@pytest.mark.parametrize("command", ["stats", "diff", "feed", "report", "councils"])
def test_as_of_is_described_as_the_day_to_look_from(outside: Path, command: str) -> None:
    text = " ".join(jbz(command, "--help", cwd=outside).stdout.split())
    assert "Compute flags for this date" not in text
    assert "The day to look from" in text


def test_the_readme_names_every_check_rule() -> None:
    assert "history, quote, topics and leftovers" in README.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("words", "offered"), [("jbz list --format j", ["json", "jsonl"]), ("jbz list --sort d", ["due"])]
)
def test_tab_completes_format_and_sort_values_not_file_names(outside: Path, words: str, offered: list[str]) -> None:
    (outside / "brief.html").write_text("")  # a file the shell would otherwise offer
    env = {k: v for k, v in os.environ.items() if not k.startswith("JBZ_")}
    env.update({"COMP_WORDS": words, "COMP_CWORD": "3", "_JBZ_COMPLETE": "complete_bash"})
    result = subprocess.run([JBZ], cwd=outside, env=env, capture_output=True, text=True, timeout=60)
    assert result.stdout.split() == offered


def test_an_edit_that_ends_in_restore_exits_1(tmp_path: Path) -> None:
    """Newcomer defect 5: a script could not tell that the edit was thrown away."""
    assert jbz("init", "--examples", cwd=tmp_path).returncode == 0
    env = {k: v for k, v in os.environ.items() if not k.startswith("JBZ_")}
    env.update({"EDITOR": "sed -i s/deadline/dedline/", "VISUAL": ""})
    path = tmp_path / "records" / "32317-987" / "drugs-eu-port-strategy.toml"
    before = path.read_bytes()
    result = subprocess.run(
        [JBZ, "edit", "drugs-eu-port-strategy"], cwd=tmp_path, env=env, stdin=subprocess.DEVNULL, capture_output=True
    )
    assert result.returncode == 1
    assert result.stderr.decode().splitlines()[-1].endswith("is unchanged and the edit was not applied")
    assert path.read_bytes() == before
