"""Exit statuses that tell the truth, usage errors in one line, and no traceback at the edges of the calendar,
the options or the locale (issue: trust every output, kinds 3 and 4)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from installed import installed_jbz

FIXTURES = Path(__file__).parents[1] / "fixtures" / "basic"
READERS = (
    ["list"],
    ["show", "ebsp"],
    ["summary"],
    ["agenda"],
    ["stats"],
    ["brief"],
    ["export", "ics"],
    ["check"],
    ["history", "etias-operational"],
)


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JBZ_", "LC_", "LANG", "PYTHONUTF8"))}
    env.update(extra)
    return env


def _sh(script: str, records: Path, **extra: str) -> subprocess.CompletedProcess[str]:
    """`script` in bash with pipefail, `jbz` being the installed command and JBZ_RECORDS the given folder."""
    jbz = installed_jbz()
    env = _env(JBZ_RECORDS=str(records), JBZ_TODAY="2026-11-29", **extra)
    return subprocess.run(
        ["bash", "-o", "pipefail", "-c", script.replace("jbz ", f"'{jbz}' ")],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    """The fixture records plus many records with check errors, so check prints far more than a pipe holds."""
    folder = tmp_path / "records"
    shutil.copytree(FIXTURES, folder)
    for n in range(300):
        (folder / f"bad-{n:03d}.toml").write_text(
            f'kind = "decision"\ntitle = "bad {n}"\nrelated = ["gone-a", "gone-b", "gone-c"]\n', encoding="utf-8"
        )
    return folder


def test_check_through_head_keeps_the_error_status(broken: Path) -> None:
    result = _sh("jbz check | head -1", broken)
    assert result.stdout.count("\n") == 1
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr


def test_list_exit_code_through_head_keeps_the_match_status(broken: Path) -> None:
    # 300 jsonl rows are far more than a pipe buffer holds, so the reader leaves long before jbz is done.
    result = _sh("jbz list --exit-code --format jsonl | head -c 10", broken)
    assert result.returncode == 1, result.stderr
    clean = _sh("jbz list --exit-code --format jsonl --status missed | head -c 10", broken)
    assert clean.returncode == 0  # nothing matched: nothing to report
    assert "Traceback" not in result.stderr + clean.stderr


def test_a_clean_run_through_head_still_exits_0(tmp_path: Path) -> None:
    folder = tmp_path / "records"
    shutil.copytree(FIXTURES, folder)
    assert _sh("jbz list --format jsonl | head -c 1", folder).returncode == 0


@pytest.mark.parametrize(
    ("args", "wanted"),
    [
        (["list", "--soon-days", "abc"], "jbz: error: invalid value for '--soon-days': expected a whole number\n"),
        (["list", "--limit", "-2"], "jbz: error: invalid value for '--limit' / '-n': must be at least 0\n"),
        (["list", "--soon-days", "99999999"], "jbz: error: invalid value for '--soon-days': must be at most 36500\n"),
        (["list", "--stale-days", "36501"], "jbz: error: invalid value for '--stale-days': must be at most 36500\n"),
        (["list", "--bogus"], "jbz: error: No such option: --bogus\n"),
        (["bogus"], "jbz: error: No such command 'bogus'.\n"),
        (
            ["list", "--format", "tsv", "--json"],
            "jbz: error: --format tsv and --json ask for two different formats; give one\n",
        ),
        (
            ["check", "--format", "text", "--json"],
            "jbz: error: --format text and --json ask for two different formats; give one\n",
        ),
    ],
)
def test_usage_errors_are_one_line_and_exit_2(invoke, args: list[str], wanted: str) -> None:
    result = invoke(*args, "--records", str(FIXTURES)) if args[0] != "bogus" else invoke(*args)
    assert result.exit_code == 2
    assert result.stderr == wanted
    assert result.stdout == ""


def test_json_alone_and_format_json_with_json_still_work(invoke) -> None:
    for args in (["--json"], ["--format", "json", "--json"]):
        result = invoke("list", "--records", str(FIXTURES), "--as-of", "2026-11-29", *args)
        assert result.exit_code == 0 and result.stdout.startswith("[")


def test_help_still_works(invoke) -> None:
    result = invoke("list", "--help")
    assert result.exit_code == 0 and result.stdout.startswith("Usage: ") and "--soon-days" in result.stdout


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01", "1899-12-31", "2201-01-01"])
@pytest.mark.parametrize("command", READERS, ids=lambda c: " ".join(c))
def test_as_of_outside_the_supported_years_is_one_clear_line(invoke, command: list[str], day: str) -> None:
    result = invoke(*command, "--records", str(FIXTURES), "--as-of", day)
    if command[0] in ("history", "check"):  # no --as-of there: a usage error as well, one line
        assert result.exit_code == 2 and result.stderr.count("\n") == 1
        return
    assert result.exit_code == 2, result.output
    assert (
        result.stderr
        == f"jbz: error: invalid --as-of date '{day}': year {day[:4]} is outside the supported years 1900-2200\n"
    )


@settings(max_examples=30, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(year=st.integers(1, 9999), month=st.integers(1, 12), day=st.integers(1, 28))
def test_every_as_of_year_either_works_or_is_refused_in_one_line(invoke, year: int, month: int, day: int) -> None:
    text = f"{year:04d}-{month:02d}-{day:02d}"
    for command in (["agenda"], ["brief"], ["list", "--due-soon"], ["export", "ics"], ["summary"]):
        result = invoke(*command, "--records", str(FIXTURES), "--as-of", text)
        assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
        assert result.exit_code == (0 if 1900 <= year <= 2200 else 2), (command, result.output)


def test_a_due_at_the_end_of_the_calendar_is_an_error_not_a_traceback(invoke, tmp_path: Path) -> None:
    folder = tmp_path / "records"
    shutil.copytree(FIXTURES, folder)
    (folder / "far.toml").write_text('kind = "deadline"\ntitle = "far"\ndue = 9999-12-31\n', encoding="utf-8")
    for command in (["export", "ics"], ["list"], ["agenda"], ["brief"]):
        result = invoke(*command, "--records", str(folder), "--as-of", "2026-11-29")
        assert result.exit_code == 1, (command, result.output)
        assert (
            "far.toml:3:1: invalid due date '9999-12-31': year 9999 is outside the supported years 1900-2200"
            in result.stderr
        )
    checked = invoke("check", "--records", str(folder))
    assert checked.exit_code == 1
    assert "far.toml:3:1: error: invalid due date '9999-12-31'" in checked.stdout


def test_add_with_a_300_character_folder_is_refused_in_one_line(invoke, tmp_path: Path) -> None:
    folder = tmp_path / "records"
    shutil.copytree(FIXTURES, folder)
    result = invoke(
        "add", "decision", "--title", "x", "--records", str(folder), "--folder", "f" * 300, "--topic", "ebsp"
    )
    assert result.exit_code == 2, result.output
    assert result.stderr.count("\n") == 1
    assert "folder names are at most 100 characters" in result.stderr


def _has_locale(name: str) -> bool:
    try:
        names = subprocess.run(["locale", "-a"], capture_output=True, text=True, timeout=30).stdout.split()
    except (OSError, subprocess.SubprocessError):
        return False
    return name.lower().replace("-", "") in {n.lower().replace("-", "") for n in names}


LOCALES = [{"LC_ALL": "C", "PYTHONUTF8": "0"}, {"LC_ALL": "C.UTF-8"}, {"LC_ALL": "nl_NL@euro", "PYTHONUTF8": "0"}]


def _latin9(tmp_path: Path) -> dict[str, str]:
    """nl_NL@euro (ISO-8859-15): the installed one, or one built with localedef into tmp_path; else skip."""
    if _has_locale("nl_NL@euro"):
        return {}
    localedef = shutil.which("localedef")
    if localedef is None:
        pytest.skip("no nl_NL@euro locale and no localedef to build one")
    built = subprocess.run(
        [localedef, "-i", "nl_NL", "-f", "ISO-8859-15", str(tmp_path / "nl_NL@euro")], capture_output=True, timeout=120
    )
    if not (tmp_path / "nl_NL@euro").is_dir():
        pytest.skip(f"localedef could not build nl_NL@euro: {built.stderr.decode(errors='replace')[:200]}")
    return {"LOCPATH": str(tmp_path)}


@pytest.mark.parametrize("locale_env", LOCALES, ids=lambda e: e["LC_ALL"])
def test_bundled_records_print_under_any_locale(locale_env: dict[str, str], tmp_path: Path) -> None:
    """The bundled records hold en dashes; output is UTF-8 whatever the locale (docs/output.md, Encoding)."""
    jbz = installed_jbz()
    if locale_env["LC_ALL"] == "nl_NL@euro":
        locale_env = {**locale_env, **_latin9(tmp_path)}
    for command in (["list"], ["show", "ebsp-mandate-adopted"], ["summary"], ["brief", "--format", "text"], ["agenda"]):
        run = subprocess.run(
            [jbz, *command, "--as-of", "2026-11-29"],
            capture_output=True,
            env=_env(**locale_env),
            cwd=Path(jbz).parent,  # no ./records there: the bundled records are used
            timeout=120,
        )
        assert run.returncode in (0, 1), run.stderr
        assert b"Traceback" not in run.stderr
        run.stdout.decode("utf-8")  # always UTF-8
    any_dash = subprocess.run(
        [jbz, "show", "access-to-data-e-evidence", "--as-of", "2026-11-29"],
        capture_output=True,
        env=_env(**locale_env),
        cwd=Path(jbz).parent,
        timeout=120,
    )
    assert "\u2013".encode() in any_dash.stdout
