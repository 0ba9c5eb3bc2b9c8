"""Property: no input file, however broken or pathological, makes any command raise or hang, and good records still list.

"Hang" is measured in steps in-process (STEP_BUDGET Python calls per command) and, through the console script, by
a generous timeout that also covers waits outside Python (a FIFO named x.toml).

Runs HYPOTHESIS_PROFILE=ci (50 examples, the default) in CI; HYPOTHESIS_PROFILE=long runs 2000.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import tomllib
from datetime import date
from pathlib import Path

import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from installed import installed_jbz

from jbz_cli.core.model import FOLLOWUP_KEYS, RECORD_KEYS, SOURCE_KEYS

BASIC = Path(__file__).parent / "fixtures" / "basic"
VALID_IDS = sorted(p.stem for p in BASIC.rglob("*.toml"))
VALID_TEXT = (BASIC / "ebsp" / "ebsp-negotiations-end-2026.toml").read_text(encoding="utf-8")
VALID_DATA = tomllib.loads(VALID_TEXT + '\n[[followup]]\ndate = 2026-03-02\nnote = "n"\nstatus = "open"\n')

ALL_KEYS = (*RECORD_KEYS, *SOURCE_KEYS, *FOLLOWUP_KEYS)
keys = st.one_of(st.sampled_from(ALL_KEYS), st.text(min_size=1, max_size=8))
scalars = st.one_of(
    st.text(max_size=20),
    st.integers(),
    st.floats(allow_nan=False),
    st.booleans(),
    st.dates(),
    st.datetimes(),
    st.times(),
    st.sampled_from(["2026-Q4", "2026-13", "2026-Q5", "done", "open", "decision", "0000", "9999-12", ""]),
)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(keys, inner, max_size=3),
    max_leaves=12,
)
wrong_shape = st.dictionaries(keys, values, max_size=8).map(lambda d: tomli_w.dumps(d))


@st.composite
def mutated(draw: st.DrawFn) -> str:
    """A valid record with keys deleted, values swapped for other types, or junk added."""
    data = {
        k: (dict(v) if isinstance(v, dict) else list(v) if isinstance(v, list) else v) for k, v in VALID_DATA.items()
    }
    for _ in range(draw(st.integers(1, 4))):
        key = draw(st.sampled_from(sorted(data) or ["kind"]))
        action = draw(st.sampled_from(["delete", "swap", "unicode", "nested"]))
        if action == "delete":
            data.pop(key, None)
        elif action == "swap":
            data[key] = draw(values)
        elif action == "unicode":
            data[key] = draw(st.text(min_size=0, max_size=30))
        elif isinstance(data.get("source"), dict):
            data["source"][draw(st.sampled_from(SOURCE_KEYS))] = draw(values)
    try:
        return tomli_w.dumps(data)
    except (TypeError, ValueError):
        return VALID_TEXT


@st.composite
def truncated(draw: st.DrawFn) -> str:
    text = draw(st.sampled_from([VALID_TEXT, tomli_w.dumps(VALID_DATA)]))
    cut = draw(st.integers(0, len(text)))
    return text[:cut] + draw(st.text(max_size=5))


contents = st.one_of(
    st.binary(max_size=200),
    wrong_shape,
    mutated(),
    truncated(),
    st.text(max_size=200),
)
names = st.one_of(
    st.from_regex(r"[a-z0-9][a-z0-9-]{0,12}", fullmatch=True),
    st.sampled_from(["with space", "ünïcode", "quo'te", 'dou"ble', "-leading-dash", "UPPER", "x" * 120, "emoji-🙂"]),
    st.text(
        alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="/\x00"), min_size=1, max_size=12
    ),
).filter(lambda n: n not in VALID_IDS and n not in (".", "..") and not n.startswith("."))


def _write(folder: Path, files: list[tuple[str, str | bytes]]) -> None:
    for index, (name, content) in enumerate(files):
        path = folder / "fuzz" / f"{name}.toml"
        if path.exists():
            path = folder / "fuzz" / f"{name}-{index}.toml"
        try:
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")
        except OSError:
            continue  # a name the file system refuses is no input jbz can ever see


def _assert_clean(result) -> None:
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code in (0, 1, 2), (result.exit_code, result.stderr)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(files=st.lists(st.tuples(names, contents), min_size=1, max_size=5), query=st.text(max_size=10))
def test_broken_files_never_raise_and_valid_records_still_list(invoke, files, query: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "records"
        shutil.copytree(BASIC, folder)
        (folder / "fuzz").mkdir()
        _write(folder, files)

        listed = invoke("list", "--records", str(folder), "--format", "ids", "--as-of", "2026-11-29")
        _assert_clean(listed)
        assert set(VALID_IDS) <= set(listed.stdout.splitlines())

        _assert_clean(invoke("list", "--records", str(folder), "--as-of", "2026-11-29", "--format", "table"))

        shown = invoke("show", "--records", str(folder), "--as-of", "2026-11-29", "ebsp-negotiations-end-2026")
        _assert_clean(shown)
        assert "ebsp-negotiations-end-2026" in shown.stdout
        _assert_clean(invoke("show", "--records", str(folder), "--as-of", "2026-11-29", "--", query))

        for fmt in ("text", "json"):
            checked = invoke("check", "--records", str(folder), "--format", fmt)
            _assert_clean(checked)
            assert "Traceback" not in checked.stdout + checked.stderr


@settings(max_examples=3)
@given(files=st.lists(st.tuples(names, contents), min_size=3, max_size=8))
def test_installed_jbz_survives_generated_files(files) -> None:
    """The same property through the real console script in a subprocess, as a git hook runs it."""
    binary = installed_jbz()
    env = {k: v for k, v in os.environ.items() if not k.startswith("JBZ_")}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "records"
        shutil.copytree(BASIC, folder)
        (folder / "fuzz").mkdir()
        _write(folder, files)
        for command in (["list", "--format", "ids"], ["show", "ebsp"], ["check"]):
            run = subprocess.run(
                [str(binary), *command, "--records", str(folder), "--as-of", "2026-11-29"],
                capture_output=True,
                env=env,
                timeout=60,
            )
            stderr = run.stderr.decode("utf-8", "replace")
            assert run.returncode in (0, 1, 2), stderr
            assert "Traceback" not in stderr
            if command[0] == "list":
                assert set(VALID_IDS) <= set(run.stdout.decode("utf-8").splitlines())


@given(content=contents)
def test_check_reports_every_broken_file_with_a_position(content: str | bytes) -> None:
    """The core alone: a broken file yields diagnostics with sane positions, never an exception."""
    from jbz_cli.check.run import RULES, Folder, check_paths

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path = folder / "x.toml"
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
        result = check_paths([(path, "x.toml")], Folder.scan(folder, "."), RULES)
        for diagnostic in result.diagnostics:
            assert diagnostic.line >= 1 and diagnostic.col >= 1
            assert diagnostic.severity in ("error", "warning")
            assert "\n" not in diagnostic.headline()


# Pathological files (kind 2 and 3 of "trust every output"): huge, deeply nested, long-lined, many follow-ups,
# header-like lines that once made the scanner backtrack, and dates at both ends of the calendar.
def _followups(n: int, shuffled: bool) -> str:
    days = [f"2026-{(i * 7 if shuffled else i) % 12 + 1:02d}-{(i * 13) % 28 + 1:02d}" for i in range(n)]
    return VALID_TEXT + "".join(f'\n[[followup]]\ndate = {d}\nnote = "n"\n' for d in days)


extreme_dates = st.one_of(
    st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)).map(lambda d: d.isoformat()),
    st.integers(0, 9999).map(lambda y: f'"{y:04d}-Q4"'),
    st.sampled_from(["9999-12-31", "0001-01-01", '"9999"', '"0000-H1"', '"２０２６"', '"٢٠٢٦-12"']),
)
pathological = st.one_of(
    st.integers(1, 3000).map(lambda n: _followups(n, shuffled=True)),
    st.integers(1, 3000).map(lambda n: VALID_TEXT + "related = [" + ", ".join(f'"r-{i}"' for i in range(n)) + "]\n"),
    st.integers(1, 5000).map(lambda n: 'kind = "decision"\ntitle = "t"\nsummary = """\n[' + " " * n + 'x\n"""\n'),
    st.integers(1, 5000).map(lambda n: "[" * n + " " * n + "]" * n),
    st.integers(1, 3000).map(lambda n: "x = " + "[" * n + "]" * n + "\n"),
    st.integers(1, 200_000).map(lambda n: 'kind = "decision"\ntitle = "' + "t" * n + '"\n'),
    st.integers(1, 20).map(lambda n: "#" * (n * 100_000)),
    st.integers(1, 1000).map(lambda n: ("[a]\n" * n) + ("k = 1\n" * n)),
    extreme_dates.map(lambda d: VALID_TEXT.replace('due = "2026"', f"due = {d}") + f"\n[[followup]]\ndate = {d}\n"),
    st.just(b"#" * (1024 * 1024 + 1)),
)
EVERY_COMMAND = (
    ["list", "--format", "ids"],
    ["list", "--format", "table"],
    ["list", "--format", "json"],
    ["show", "ebsp-negotiations-end-2026"],
    ["summary"],
    ["agenda"],
    ["stats"],
    ["brief", "--format", "text"],
    ["brief", "--format", "html"],
    ["export", "ics"],
    ["check"],
    ["history", "--no-git", "ebsp-negotiations-end-2026"],
    ["diff", "2026-01", "2026-12"],
    ["feed"],
    ["report", "--period", "2026"],
    ["councils"],
    ["cache", "info"],
    # Writes last: a valid record next to broken files still takes a follow-up, vetted against the whole folder.
    ["followup", "ebsp-negotiations-end-2026", "--note", "fuzzed", "--date", "2026-11-29"],
)
NO_AS_OF = ("history", "check", "diff", "cache", "followup")
NO_RECORDS = ("cache",)


def _args(command: list[str], folder: Path) -> list[str]:
    """The command with --records (where it reads records) and --as-of (where it takes one)."""
    records = [] if command[0] in NO_RECORDS else ["--records", str(folder)]
    return [*command, *records, *([] if command[0] in NO_AS_OF else ["--as-of", "2026-11-29"])]


# The hang guard of the in-process run, in steps rather than seconds: Python function calls per command. The largest
# generated inputs take under 700,000 (a list of a folder with a 3,000-follow-up record and a 200,000-character
# title); a quadratic path takes far more (the feed's replay per follow-up took 45 million on 3,000).
STEP_BUDGET = 5_000_000


class OverBudget(BaseException):
    """Raised inside the command by the step counter; a BaseException, so no handler of the app catches it."""


def within_budget(run, *args: str):
    """run(*args) counting Python calls; OverBudget once they pass STEP_BUDGET."""
    calls = 0

    def count(frame, event, arg):
        nonlocal calls
        calls += 1
        if calls > STEP_BUDGET:
            raise OverBudget(f"jbz {' '.join(args[:3])} took more than {STEP_BUDGET} calls")
        return None  # calls only: no line events, so the count stays cheap

    previous = sys.gettrace()
    sys.settrace(count)
    try:
        return run(*args)
    finally:
        sys.settrace(previous)


@settings(max_examples=15, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(files=st.lists(st.tuples(names, st.one_of(pathological, contents)), min_size=1, max_size=3))
def test_every_command_survives_pathological_files(invoke, files) -> None:
    """No traceback from any command, and the valid records still list, whatever sits next to them."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "records"
        shutil.copytree(BASIC, folder)
        (folder / "fuzz").mkdir()
        _write(folder, files)
        for command in EVERY_COMMAND:
            result = within_budget(invoke, *_args(command, folder))
            _assert_clean(result)
            assert "Traceback" not in result.stdout + result.stderr
            if command[:2] == ["list", "--format"] and command[2] == "ids":
                assert set(VALID_IDS) <= set(result.stdout.splitlines())
            if command[0] == "followup":
                assert result.exit_code == 0, result.stderr
        listed = invoke(*_args(["list", "--format", "ids"], folder))
        assert set(VALID_IDS) <= set(listed.stdout.splitlines())


@settings(max_examples=2, deadline=None)
@given(files=st.lists(st.tuples(names, pathological), min_size=2, max_size=4))
def test_installed_jbz_never_hangs_on_pathological_files(files) -> None:
    """Through the console script, each command must finish within a generous bound (a hang guard, not a
    benchmark: the bound is a hundred times what these inputs take), and FIFOs sit among the files."""
    binary = installed_jbz()
    env = {k: v for k, v in os.environ.items() if not k.startswith("JBZ_")}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "records"
        shutil.copytree(BASIC, folder)
        (folder / "fuzz").mkdir()
        _write(folder, files)
        if hasattr(os, "mkfifo"):
            os.mkfifo(folder / "fuzz" / "pipe.toml")
        for command in EVERY_COMMAND:
            run = subprocess.run(
                [str(binary), *_args(command, folder)],
                capture_output=True,
                env=env,
                timeout=300,
            )
            stderr = run.stderr.decode("utf-8", "replace")
            assert run.returncode in (0, 1, 2), (command, stderr)
            assert "Traceback" not in stderr
            if command[:3] == ["list", "--format", "ids"]:
                assert set(VALID_IDS) <= set(run.stdout.decode("utf-8").splitlines())
