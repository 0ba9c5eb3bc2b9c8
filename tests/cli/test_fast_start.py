"""The fast start (cli/fast.py): the command line parsed without typer must mean what typer makes of it.

The fast parser reads a description that typer's own click command gave; these tests hand the same command lines
to both and require the same keyword arguments whenever the fast parser answers at all (it may always say "let
typer parse", never something else). The installed command must then print the same bytes either way.
"""

from __future__ import annotations

import functools
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import typer
from hypothesis import example, given
from hypothesis import strategies as st
from typer.main import get_command

from jbz_cli.cli import fast
from jbz_cli.cli.app import build
from jbz_cli.cli.commands import command_function
from jbz_cli.cli.options import for_typer

ROOT = Path(__file__).resolve().parents[2]
TYPER = {"JBZ_FAST_START": "0"}  # typer parses every command line (and keeps the description, as a first run does)


def built(name: str) -> Any:
    return get_command(build(name)).commands[name]  # type: ignore[attr-defined]


SPEC = fast.describe(built("list"), [typer.__file__ or ""])


def typer_kwargs(args: list[str], name: str = "list") -> dict[str, Any] | None:
    """What typer hands `jbz NAME` for `args` (through a stand-in with its signature), or None for a usage error."""
    seen: list[dict[str, Any]] = []

    @functools.wraps(command_function("", name))
    def probe(**kwargs: Any) -> None:
        seen.append(kwargs)

    probe_app = typer.Typer()
    probe_app.command(name)(for_typer(probe))
    probe_app.command("other")(lambda: None)  # a group, as jbz is
    try:
        get_command(probe_app).main([name, *args], prog_name="jbz", standalone_mode=False)
    except (typer.Exit, typer.Abort, Exception) as exc:  # click's usage errors
        if type(exc).__name__ in ("NoSuchOption", "BadParameter", "MissingParameter", "UsageError", "BadOptionUsage"):
            return None
        raise
    return seen[0]


def test_list_is_described_whole() -> None:
    assert SPEC is not None
    names = {p["name"] for p in SPEC["params"]}
    assert {"overdue", "fmt", "limit", "topic", "soon_days", "as_of"} <= names


PLAIN = [
    [],
    ["--overdue", "--format", "ids"],
    ["--overdue", "--as-of", "2026-11-29", "--format=json"],
    ["-f", "tsv", "-n", "3", "--sort", "id", "--reverse"],
    ["--topic", "ebsp", "--topic", "migratie", "--status", "open", "--kind", "deadline"],
    ["--search", "", "--actor", "Commissie", "--due-by", "2026-Q4", "--due-after", "2026"],
    ["--soon-days", "0", "--stale-days", "36500", "--limit", "0", "--json", "--no-color", "--no-cache"],
    ["--open", "--closed", "--awaiting", "--due-soon", "--exit-code", "--records", "-"],
]


@pytest.mark.parametrize("args", PLAIN)
def test_plain_command_lines_are_taken_and_mean_the_same(args: list[str]) -> None:
    parsed = fast.parse(SPEC, args)  # type: ignore[arg-type]
    assert parsed is not None, "a plain command line must not need typer"
    assert parsed[0] == typer_kwargs(args)


UNSURE = [
    ["--help"],
    ["-h"],
    ["--", "--open"],
    ["-n5"],
    ["--limit", "-1"],
    ["--limit", "007"],
    ["--limit", "٣"],
    ["--soon-days", "36501"],
    ["--format"],
    ["--open=yes"],
    ["--search", "-x"],
    ["stray"],
    ["--bogus"],
    ["--ope"],
]


@pytest.mark.parametrize("args", UNSURE)
def test_unsure_command_lines_are_left_to_typer(args: list[str]) -> None:
    assert fast.parse(SPEC, args) is None  # type: ignore[arg-type]


TOKENS = [opt for p in SPEC["params"] for opt in p.get("opts", ())] + [  # type: ignore[index]
    "0",
    "3",
    "007",
    "-1",
    "36500",
    "36501",
    "",
    "ids",
    "2026-Q4",
    "x=y",
    "--format=json",
    "--limit=2",
    "--open=1",
    "-",
    "--",
    "é",
    "--help",
]


@given(st.lists(st.sampled_from(TOKENS), max_size=8))
@example(["--limit", "--open"])
@example(["--topic", "a", "--topic", "b", "--topic"])
def test_the_fast_parser_never_disagrees_with_typer(args: list[str]) -> None:
    parsed = fast.parse(SPEC, args)  # type: ignore[arg-type]
    if parsed is not None:
        assert parsed[0] == typer_kwargs(args)
        assert parsed[1] <= {p["name"] for p in SPEC["params"]}  # type: ignore[index]


SPECS = {name: fast.describe(built(name), [typer.__file__ or ""]) for name in fast.FAST_COMMANDS}


def test_every_fast_command_is_described() -> None:
    assert all(SPECS.values()), [name for name, spec in SPECS.items() if spec is None]


def tokens(name: str) -> list[str]:
    opts = [o for p in SPECS[name]["params"] for o in (*p.get("opts", ()), *p.get("off", ()))]  # type: ignore[index]
    return [*opts, "0", "2", "-1", "", "ebsp", "2026-Q1", "2026-11-29", "-", "--", "--help", "-x", "--all=1"]


@pytest.mark.parametrize("name", sorted(fast.FAST_COMMANDS))
@given(data=st.data())
def test_no_fast_command_line_means_anything_else_to_typer(name: str, data: st.DataObject) -> None:
    args = data.draw(st.lists(st.sampled_from(tokens(name)), max_size=7))
    parsed = fast.parse(SPECS[name], args)  # type: ignore[arg-type]
    if parsed is not None:
        assert parsed[0] == typer_kwargs(args, name)


def test_a_description_from_another_typer_is_not_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    beside = tmp_path / "beside"
    monkeypatch.setattr(fast, "BESIDE_CODE", str(beside))
    cache = tmp_path / "cache"
    fast.store_spec(str(cache), "list", build("list"))
    assert fast.load_spec(str(cache), "list") is not None
    copies = [*cache.glob("argv-list-*.json"), *beside.glob("argv-list-*.json")]
    assert len(copies) == 2, "kept in the cache folder and beside the code"
    for n, stored in enumerate(copies):
        data = json.loads(stored.read_text())
        data["spec"]["typer"][0][2] += 1  # typer's file changed since, and the seal was made again to match
        data["seal"] = fast._seal(data["spec"])
        stored.write_text(json.dumps(data))
        # The cache folder's copy is read first, and the other one still answers until it is spoiled too.
        assert (fast.load_spec(str(cache), "list") is None) == (n == 1)
    for stored in copies:
        stored.write_text("{not json")
    assert fast.load_spec(str(cache), "list") is None


def test_a_new_description_beside_the_code_replaces_older_ones(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    beside = tmp_path / "beside"
    beside.mkdir()
    monkeypatch.setattr(fast, "BESIDE_CODE", str(beside))
    older = ["argv-list-0123456789abcdef01234567.json", "argv-list-fedcba9876543210fedcba98.json"]
    others = ["argv-show-0123456789abcdef01234567.json", "argv-list-notes.json", "list.cpython-311.pyc"]
    for name in (*older, *others):
        (beside / name).write_text("{}")
    fast.store_spec(str(tmp_path / "cache"), "list", build("list"))
    left = {p.name for p in beside.iterdir()}
    new = left - set(others)
    assert set(others) <= left, "only older descriptions of the same command go"
    assert len(new) == 1 and not new & set(older) and new.pop().startswith("argv-list-")


def test_a_cache_clear_keeps_the_fast_start(jbz: Any, tmp_path: Path) -> None:
    """The description is made from the installed code alone, so a copy beside it outlives the cache folder."""
    args = ["list", "--overdue", "--as-of", "2026-11-29", "--format", "ids", "--records", str(ROOT / "records")]
    first = jbz(*args, cwd=tmp_path)
    assert jbz("cache", "clear", cwd=tmp_path).returncode == 0
    assert not list((tmp_path / ".cache").glob("argv-*.json"))
    code = (
        f"import sys; sys.argv = {['jbz', *args]!r}\n"
        "from jbz_cli.entry import main\n"
        "try:\n    main()\nexcept SystemExit as exc:\n    status = exc.code\n"
        "sys.stderr.write(f'{status} {\"typer\" in sys.modules}')\n"
    )
    env = {"JBZ_CACHE_DIR": str(tmp_path / ".cache"), "PATH": ""}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, env=env, timeout=60, cwd=tmp_path)
    assert (done.stderr, done.stdout) == (b"0 False", first.stdout)


LINES = [
    ["show", "ebsp", "--as-of", "2026-11-29"],
    ["show", "ebsp", "nonexistent-id", "--format", "json"],
    ["summary", "--as-of", "2026-11-29", "-n", "2"],
    ["agenda", "--all", "--from", "2026-01", "--as-of", "2026-11-29", "--format", "tsv"],
    ["stats", "--from", "2026-Q1", "--to", "2026-Q3", "--as-of", "2026-11-29", "--format", "json"],
    ["councils", "--as-of", "2026-11-29"],
    ["list", "--overdue", "--as-of", "2026-11-29", "--format", "ids"],
    ["list", "--as-of", "2026-11-29", "--format", "json", "-n", "2"],
    ["list", "--as-of", "2026-11-29", "--topic", "ebps"],
    ["list", "--as-of", "2026-11-29", "--format", "json", "--json"],
    ["list", "--as-of", "2026-02-30"],
    ["list", "--overdue", "--as-of", "2026-11-29", "--exit-code", "--format", "tsv"],
    ["list", "--due-by", "Q4 2026"],
]


@pytest.mark.parametrize("args", LINES)
def test_the_installed_command_answers_the_same_either_way(jbz: Any, tmp_path: Path, args: list[str]) -> None:
    first = jbz(*args, "--records", str(ROOT / "records"), cwd=tmp_path, env=TYPER)  # the description is kept
    assert list((tmp_path / ".cache").glob(f"argv-{args[0]}-*.json")), "the first run keeps the description"
    second = jbz(*args, "--records", str(ROOT / "records"), cwd=tmp_path)  # the fast start
    assert (second.returncode, second.stdout, second.stderr) == (first.returncode, first.stdout, first.stderr)


def test_the_fast_start_does_not_import_typer(jbz: Any, tmp_path: Path) -> None:
    jbz("list", "-n", "1", cwd=tmp_path)  # keeps the description
    code = (
        "import sys; sys.argv = ['jbz', 'list', '--overdue', '--format', 'ids']\n"
        "from jbz_cli.entry import main\n"
        "try:\n    main()\nexcept SystemExit as exc:\n    status = exc.code\n"
        "sys.stderr.write(f'{status} {\"typer\" in sys.modules}')\n"
    )
    env = {"JBZ_CACHE_DIR": str(tmp_path / ".cache"), "JBZ_RECORDS": str(ROOT / "records"), "PATH": ""}
    # From tmp_path, so that a source checkout in the working folder does not shadow the installed package.
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60, cwd=tmp_path
    )
    assert done.stderr == "0 False"
    assert done.stdout.strip()


def edit_spec(tmp_path: Path, change: Any, reseal: bool) -> None:
    (stored,) = (tmp_path / ".cache").glob("argv-list-*.json")
    data = json.loads(stored.read_text())
    change(data["spec"])
    if reseal:  # an edit that also fixes the seal: the content checks and the signature's defaults must hold
        data["seal"] = fast._seal(data["spec"])
    stored.write_text(json.dumps(data))


def _by_name(name: str, key: str, value: Any) -> Any:
    return lambda spec: [p.__setitem__(key, value) for p in spec["params"] if p["name"] == name]


EDITS = {
    "an option that the command does not have": lambda spec: spec["params"].append(
        {"name": "zzz", "opts": ["--zzz"], "multiple": False, "default": False, "type": "flag", "off": []}
    ),
    "a renamed parameter": _by_name("limit", "name", "limit_"),
    "no parameters": lambda spec: spec.__setitem__("params", None),
    "a text option made repeatable": _by_name("search", "multiple", True),
    "a repeatable option made single": _by_name("topic", "multiple", False),
    "another default": _by_name("soon_days", "default", 5),
    "a default of the wrong type": _by_name("soon_days", "default", "30"),
    "an option renamed": _by_name("limit", "opts", ["--bogus"]),
    "a flag turned on": _by_name("overdue", "default", True),
}
# What the content checks catch even in a re-sealed file; the seal alone guards the rest (as for the index, a
# deliberately forged cache is not defended against, but it must still not crash jbz).
CHECKED = {
    "an option that the command does not have",
    "a renamed parameter",
    "no parameters",
    "another default",
    "a default of the wrong type",
    "a flag turned on",
}


@pytest.mark.parametrize("reseal", [False, True])
@pytest.mark.parametrize("edit", sorted(EDITS))
def test_an_edited_description_is_never_used(jbz: Any, tmp_path: Path, edit: str, reseal: bool) -> None:
    """A damaged or edited cache file must neither crash jbz nor change an answer: typer parses instead."""
    args = ["list", "--records", str(ROOT / "records"), "--as-of", "2026-12-20", "--topic", "ebsp", "-n", "3"]
    fresh = jbz(*args, "--due-soon", cwd=tmp_path, env=TYPER)
    edit_spec(tmp_path, EDITS[edit], reseal)
    for extra in (["--due-soon"], ["--due-soon", "--bogus", "2"]):
        again = jbz(*args, *extra, cwd=tmp_path)
        assert b"Traceback" not in again.stderr
        if extra == ["--due-soon"] and (not reseal or edit in CHECKED):
            assert (again.returncode, again.stdout, again.stderr) == (fresh.returncode, fresh.stdout, fresh.stderr)
        elif not reseal or edit in CHECKED:
            assert again.returncode == 2 and b"--bogus" in again.stderr


def test_cache_clear_takes_only_jbz_descriptions(jbz: Any, tmp_path: Path) -> None:
    cache = tmp_path / ".cache"
    cache.mkdir()
    mine = ["argv-mine.json", "help-notes.txt", "argv-list-notes.json", "help-0123.txt"]
    for name in mine:
        (cache / name).write_text("someone else's", encoding="utf-8")
    jbz("list", "-n", "1", cwd=tmp_path, env=TYPER)
    assert list(cache.glob("argv-list-*[0-9a-f].json"))
    assert jbz("cache", "clear", cwd=tmp_path).returncode == 0
    assert sorted(p.name for p in cache.iterdir()) == sorted(mine)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
@pytest.mark.parametrize("kept", ["argv-list-*.json", "help-*.txt"])
def test_a_fifo_in_place_of_a_kept_file_neither_hangs_nor_changes_the_answer(
    jbz: Any, tmp_path: Path, kept: str
) -> None:
    args = ["list", "--records", str(ROOT / "records"), "--as-of", "2026-11-29", "-n", "3"]
    assert jbz("--help", cwd=tmp_path).returncode == 0
    first = jbz(*args, cwd=tmp_path, env=TYPER)
    (path,) = (tmp_path / ".cache").glob(kept)
    path.unlink()
    os.mkfifo(path)
    for again in (jbz(*args, cwd=tmp_path), jbz(*args, cwd=tmp_path)):  # a hang fails on the fixture's timeout
        assert (again.returncode, again.stdout) == (first.returncode, first.stdout)
    shown = jbz("--help", cwd=tmp_path)
    assert shown.returncode == 0 and b"Usage: jbz" in shown.stdout
