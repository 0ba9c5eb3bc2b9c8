"""The settings file jbz.toml: options win over environment variables, which win over the file, then defaults;
`jbz config` says where each value came from. Through the installed `jbz`."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from installed import installed_jbz

JBZ = installed_jbz(module_level=True)


def jbz(*args: str, cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    full = {k: v for k, v in os.environ.items() if not k.startswith("JBZ_")}
    full.update({"JBZ_TODAY": "2026-11-29", **env})
    return subprocess.run([JBZ, *args], cwd=cwd, env=full, capture_output=True, text=True, timeout=120)


@pytest.fixture
def tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder holding records/ made by `jbz init --examples`."""
    top = tmp_path_factory.mktemp("team")
    assert jbz("init", "--examples", cwd=top).returncode == 0
    return top


def config(cwd: Path, **env: str) -> dict[str, dict[str, object]]:
    result = jbz("config", "--format", "json", cwd=cwd, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)["settings"]


def due_soon(cwd: Path, *args: str, **env: str) -> int:
    return len(jbz("list", "--due-soon", "--format", "ids", *args, cwd=cwd, **env).stdout.split())


def test_precedence_option_then_env_then_file_then_default(tree: Path) -> None:
    assert config(tree)["soon_days"] == {"value": 30, "origin": "default"}
    default = due_soon(tree)
    (tree / "records" / "jbz.toml").write_text("soon_days = 365\n")
    assert config(tree)["soon_days"] == {"value": 365, "origin": "file records/jbz.toml"}
    from_file = due_soon(tree)
    assert from_file > default
    assert config(tree / "records" / "32317-987", JBZ_SOON_DAYS="0")["soon_days"] == {
        "value": 0,
        "origin": "env JBZ_SOON_DAYS",
    }
    assert due_soon(tree, JBZ_SOON_DAYS="30") == default  # the variable wins over the file
    assert due_soon(tree, "--soon-days", "365", JBZ_SOON_DAYS="0") == from_file  # the option wins over both


def test_the_text_output_names_each_origin(tree: Path) -> None:
    (tree / "records" / "jbz.toml").write_text('stale_days = 30\n[feed]\ntitle = "Migration desk"\n')
    lines = jbz("config", cwd=tree, JBZ_FORMAT="json").stdout.splitlines()
    assert lines[0].split() == ["records", "records", "./records"]
    assert "stale_days           30              file records/jbz.toml" in lines
    assert any(line.split()[:2] == ["format", "json"] and line.endswith("env JBZ_FORMAT") for line in lines)
    assert "<title>Migration desk</title>" in jbz("feed", cwd=tree).stdout
    assert "<title>Other</title>" in jbz("feed", "--title", "Other", cwd=tree).stdout


def test_default_format_from_the_file_where_the_command_offers_it(tree: Path) -> None:
    (tree / "records" / "jbz.toml").write_text('format = "json"\n')
    assert json.loads(jbz("list", "--overdue", cwd=tree).stdout)  # piped, yet JSON: the team's default
    assert jbz("list", "--overdue", "--format", "ids", cwd=tree).stdout.split()[0].isascii()
    assert jbz("agenda", cwd=tree).returncode == 0  # agenda has no json? then its own default is kept


def test_unknown_keys_are_one_warning_line_and_bad_values_one_error(tree: Path) -> None:
    settings = tree / "records" / "jbz.toml"
    settings.write_text("soon_dayz = 10\ncolour = true\n")
    result = jbz("list", "--format", "ids", cwd=tree)
    assert result.returncode == 0
    assert result.stderr.splitlines() == [
        "jbz: records/jbz.toml: unknown setting soon_dayz, colour ignored "
        "(known: soon_days, stale_days, format, register.ministries, feed.self_url, feed.title)"
    ]
    settings.write_text('# team settings\nstale_days = "ninety"\n')
    bad = jbz("list", cwd=tree)
    assert bad.returncode == 2
    assert bad.stderr == (
        "jbz: error: records/jbz.toml:2:1: stale_days must be a whole number of days from 0 to 36500, not 'ninety'\n"
    )
    settings.write_text("")
    assert jbz("list", cwd=tree, JBZ_STALE_DAYS="x").stderr.startswith("jbz: error: $JBZ_STALE_DAYS is 'x'")
    too_many = jbz("list", cwd=tree, JBZ_STALE_DAYS="99999")  # a whole number, but past the century allowed
    assert too_many.returncode == 2 and "from 0 to 36500" in too_many.stderr


def test_a_format_no_command_writes_is_refused_where_it_is_set(tree: Path) -> None:
    """A typo in the team's format (`xml`) is one error naming where it was set, not a silent tsv."""
    from_env = jbz("list", "--overdue", cwd=tree, JBZ_FORMAT="xml")
    assert from_env.returncode == 2 and from_env.stdout == ""
    assert from_env.stderr.startswith("jbz: error: $JBZ_FORMAT is 'xml': one of table, text, tsv")
    settings = tree / "records" / "jbz.toml"
    settings.write_text('soon_days = 10\nformat = "xml"\n')
    from_file = jbz("summary", cwd=tree)
    assert from_file.returncode == 2
    assert from_file.stderr.startswith("jbz: error: records/jbz.toml:2:1: format must be one of table, text")
    settings.write_text('format = "md"\n')  # a format some command writes: the others keep their own default
    assert jbz("list", "--overdue", "--format", "ids", cwd=tree).returncode == 0
    assert jbz("list", "--overdue", cwd=tree).stdout.split("\t")[0].strip()


def test_every_format_a_command_writes_is_a_format_the_team_may_set() -> None:
    from jbz_cli.cli.commands.config import CONFIG_FORMATS
    from jbz_cli.cli.commands.register import REGISTER_FORMATS
    from jbz_cli.present.brief_render import BRIEF_FORMATS
    from jbz_cli.present.lines import FORMATS
    from jbz_cli.present.views.diff import DIFF_FORMATS
    from jbz_cli.present.views.extract import EXTRACT_FORMATS
    from jbz_cli.present.views.report import REPORT_FORMATS
    from jbz_cli.store.settings_file import FORMAT_NAMES

    written = {*FORMATS, *BRIEF_FORMATS, *EXTRACT_FORMATS, *REPORT_FORMATS, *DIFF_FORMATS, *REGISTER_FORMATS}
    written |= {*CONFIG_FORMATS, "ics", "atom"}  # export and feed write one format each
    assert written == set(FORMAT_NAMES)
