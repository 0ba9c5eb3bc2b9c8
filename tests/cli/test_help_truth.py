"""`--help` tells the truth: what it offers is accepted, the defaults it names are the defaults, options it lists
change something, and it speaks in metavars, never in Python types.

The commands come from the click tree of the typer app, so a new command or option is covered without editing this
file. The advertised values are read from each option's help text ("Output format: a, b, c", "md, text or html",
"Run only this rule (repeatable): syntax, schema, ..."); each is then run through the installed `jbz` against the
bundled records. Cases that need a code fix are strict xfails whose reason says what to fix.
"""

from __future__ import annotations

import functools
import os
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import typer.main
from installed import installed_jbz

from jbz_cli.cli.app import app

AS_OF = "2026-11-29"
WORD = r"[a-z][a-z0-9-]*"
# "md, text or html (default: ...)", "text or json.", "decision, commitment or deadline."
LEADING_LIST = re.compile(rf"^(?P<list>{WORD}(?:, {WORD})*,? or {WORD})\b")
# "Output format: table, tsv, ...", "Sort key: due, id, ...", "Run only this rule (repeatable): syntax, ..."
LABELLED_LIST = re.compile(rf"\b(?:format|key|rule)\b[^:.]*: (?P<list>{WORD}(?:, {WORD})+(?:,? or {WORD})?)")
PYTHON_TYPE = re.compile(r"<(?:list|dict|tuple|set|str|int|float|bool|Path)\b[^>]*>|\[default: None\]")
REFUSED = re.compile(r"unknown format|cannot be written as", re.IGNORECASE)

REGISTER_PAGE = Path(__file__).parents[1] / "register" / "fixtures" / "odata_page1.json"
# Arguments a command needs before an option can be tried; {tmp} is an empty folder to write in.
BASE_ARGS: dict[tuple[str, ...], list[str]] = {
    ("show",): ["ebsp"],
    ("history",): ["ebsp-negotiations-end-2026"],
    ("add",): ["--title", "Help probe", "--no-input", "--dry-run", "--records", "{tmp}"],
    ("followup",): ["ebsp-keep-kamer-informed", "--note", "probe", "--dry-run", "--records", "{tmp}"],
    ("done",): ["ebsp-keep-kamer-informed", "--evidence", "probe", "--dry-run", "--records", "{tmp}"],
    ("edit",): ["ebsp-keep-kamer-informed", "--dry-run", "--records", "{tmp}"],
    ("diff",): ["2025-12", "2026-Q4"],
    ("report",): ["--period", "2026"],  # a period the as-of day cuts short, so --as-of can change the report
    ("extract",): [str(Path(__file__).resolve().parents[2] / "records" / "sources" / "kst-32317-987.txt")],
    ("import", "tk"): [str(REGISTER_PAGE), "--dry-run", "--records", "{tmp}"],
}


def is_group(command: Any) -> bool:
    return hasattr(command, "commands")


def is_option(param: Any) -> bool:
    """typer ships its own copy of click, so classes are compared by what click calls them."""
    return param.param_type_name == "option"


def walk(command: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Any]]:
    """Every command and group below (and including) this one, with the words that invoke it."""
    yield path, command
    if is_group(command):
        for name, sub in sorted(command.commands.items()):
            if not sub.hidden:
                yield from walk(sub, (*path, name))


ROOT_COMMAND = typer.main.get_command(app)
COMMANDS = dict(walk(ROOT_COMMAND))
LEAVES = {path: cmd for path, cmd in COMMANDS.items() if not is_group(cmd)}


def advertised(help_text: str | None) -> list[str]:
    """The values a help text offers as a closed list, in its order; [] when it offers none."""
    text = " ".join((help_text or "").split())
    found = LEADING_LIST.search(text) or LABELLED_LIST.search(text)
    if not found:
        return []
    return [word for word in re.split(r",? or |, ", found.group("list")) if word]


def option_name(param: Any) -> str:
    """`--format` for an option, `KIND` for an argument."""
    return max(param.opts, key=len) if is_option(param) else param.name.upper()


def has_option(cmd: Any, name: str) -> bool:
    return any(name in p.opts for p in cmd.params if is_option(p))


def choice_params() -> Iterator[tuple[tuple[str, ...], Any, list[str]]]:
    for path, cmd in LEAVES.items():
        for param in cmd.params:
            values = advertised(getattr(param, "help", None))
            if values:
                yield path, param, values


def argv(path: tuple[str, ...], tmp: Path, *extra: str, value: tuple[Any, str] | None = None) -> list[str]:
    """`jbz PATH [ARGUMENT VALUE] BASE... [--as-of D] EXTRA...`, ready to run."""
    cmd = LEAVES[path]
    required = [p for p in cmd.params if p.required and not is_option(p)]
    base = [arg.format(tmp=tmp) for arg in BASE_ARGS.get(path, [])]
    assert not required or base, f"jbz {' '.join(path)} needs arguments: add it to BASE_ARGS"
    words = [installed_jbz(), *path]
    if value and not is_option(value[0]):
        words.append(value[1])
    elif value:
        extra = (option_name(value[0]), value[1], *extra)
    if has_option(cmd, "--as-of") and "--as-of" not in extra:
        extra = ("--as-of", AS_OF, *extra)
    return [*words, *base, *extra]


@functools.cache
def shared_cache() -> str:
    """One cache folder for every run, since results are reused across tests."""
    return os.environ["JBZ_CACHE_DIR"]


def cache_for(words: tuple[str, ...]) -> str:
    """`jbz cache ...` describes the cache folder, which the other runs fill: give it one they never write."""
    return os.path.join(shared_cache(), "cache-commands") if words[1:2] == ("cache",) else shared_cache()


@functools.cache
def run(words: tuple[str, ...], cwd: str) -> subprocess.CompletedProcess[str]:
    """Run the installed jbz with stdout piped, in a folder without ./records (so: the bundled records)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("JBZ_") and k != "NO_COLOR"}
    env.update(JBZ_TODAY=AS_OF, JBZ_CACHE_DIR=cache_for(words), COLUMNS="200", LC_ALL="C.UTF-8")
    return subprocess.run(list(words), cwd=cwd, env=env, capture_output=True, text=True, timeout=60)


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty folder: no ./records, and the place where --dry-run writes would go."""
    return tmp_path_factory.mktemp("help-truth")


def xfail(reason: str) -> pytest.MarkDecorator:
    return pytest.mark.xfail(strict=True, reason=reason)


def cases(items: dict[str, tuple], known: dict[str, str]) -> list:
    """pytest.params named by key, with the known failures marked as strict xfails."""
    stale = set(known) - set(items)
    assert not stale, f"xfail entries that match no case: {sorted(stale)}"
    return [
        pytest.param(*args, id=key, marks=[xfail(known[key])] if key in known else []) for key, args in items.items()
    ]


# --- Python types in help --------------------------------------------------------------------------------------

PYTHON_TYPES_XFAIL: dict[str, str] = {}


@pytest.mark.parametrize(
    "path", cases({" ".join(p) or "jbz": (p,) for p in COMMANDS}, {k: v for k, v in PYTHON_TYPES_XFAIL.items()})
)
def test_help_shows_no_python_types(path: tuple[str, ...]) -> None:
    """Rendered 200 columns wide, so no wrapping can split a `<list[str]>`."""
    page = run((installed_jbz(), *path, "--help"), str(Path.cwd())).stdout
    assert "Usage:" in page
    assert PYTHON_TYPE.findall(page) == []


# --- every advertised value is accepted --------------------------------------------------------------------------

CHOICES = {
    f"{' '.join(path)} {option_name(param)} {value}": (path, param, value)
    for path, param, values in choice_params()
    for value in values
}
CHOICES_XFAIL: dict[str, str] = {}


def test_the_help_parser_finds_the_known_lists() -> None:
    """Guards the parser: these lists exist today, so reading none of them means the regexes broke."""
    found = {(" ".join(path), option_name(param)) for path, param, _ in choice_params()}
    assert {("list", "--format"), ("list", "--sort"), ("check", "--rule"), ("check", "--format")} <= found
    assert {("brief", "--format"), ("history", "--format"), ("add", "KIND")} <= found


@pytest.mark.parametrize("path, param, value", cases(CHOICES, CHOICES_XFAIL))
def test_advertised_value_is_accepted(path: tuple[str, ...], param: Any, value: str, workdir: Path) -> None:
    result = run(tuple(argv(path, workdir, value=(param, value))), str(workdir))
    assert result.returncode != 2, result.stderr
    assert not REFUSED.search(result.stderr), result.stderr


# --- a default the help names is the default ---------------------------------------------------------------------


def stated_default(param: Any, values: list[str]) -> str | None:
    """The default a help text promises for piped output: `[default: X]`, or the last value in `(default: ...)`."""
    if isinstance(param.default, str) and param.default in values:
        return param.default
    clause = re.search(r"\(default: ([^)]*)\)", getattr(param, "help", None) or "")
    named = [w for w in re.findall(WORD, clause.group(1)) if w in values] if clause else []
    return named[-1] if named else None


DEFAULTS = {
    f"{' '.join(path)} {option_name(param)}": (path, param, default)
    for path, param, values in choice_params()
    if is_option(param) and (default := stated_default(param, values))
}
DEFAULTS_XFAIL: dict[str, str] = {}


@pytest.mark.parametrize("path, param, default", cases(DEFAULTS, DEFAULTS_XFAIL))
def test_stated_default_is_the_default(path: tuple[str, ...], param: Any, default: str, workdir: Path) -> None:
    implicit = run(tuple(argv(path, workdir)), str(workdir))
    explicit = run(tuple(argv(path, workdir, value=(param, default))), str(workdir))
    assert implicit.returncode == 0, implicit.stderr
    assert (explicit.returncode, explicit.stdout) == (0, implicit.stdout)


# --- options that shape the result change it ---------------------------------------------------------------------

# Two values of an option that change the output of every command that reads records, on the bundled records.
CONTRASTS = {"--as-of": ("2026-11-29", "2031-06-30"), "--soon-days": ("0", "400"), "--stale-days": ("0", "5000")}
EFFECTS = {
    f"{' '.join(path)} {name}": (path, name)
    for path, cmd in LEAVES.items()
    for name in CONTRASTS
    if has_option(cmd, name)
}
# Options whose effect a command shows only through a filter: a calendar carries no flags, so that a daily
# export changes only when the records do (see present/ics.py); the day and the window still pick the events.
EFFECT_FILTERS = {"export ics --as-of": ("--overdue",), "export ics --soon-days": ("--due-soon",)}
# Where the general contrast cannot show an option's effect on the bundled records: every bundled record was created
# on 2025-12-17 and has no follow-up after that day, so a replay to any later day gives the same counts; the day
# before the letter, stats counts nothing. tests/cli/test_stats_as_of.py shows later days differing on its records.
CONTRASTS_FOR = {"stats --as-of": ("2025-12-16", "2026-11-29")}
EFFECTS_XFAIL = {
    "site --as-of": "site writes pages into a folder and nothing to stdout; tests/site/test_site_build.py shows the "
    "pages changing with --as-of",
    "councils --as-of": "--as-of moves the `<- next` mark, but the bundled councils.toml lists one meeting, over on "
    "both days; tests/cli/test_councils.py shows the mark moving. Remove this once a letter dates a later meeting",
}


@pytest.mark.parametrize("path, name", cases(EFFECTS, EFFECTS_XFAIL))
def test_option_changes_the_output(path: tuple[str, ...], name: str, workdir: Path) -> None:
    low, high = CONTRASTS_FOR.get(f"{' '.join(path)} {name}", CONTRASTS[name])
    with_filter = EFFECT_FILTERS.get(f"{' '.join(path)} {name}", ())
    first = run(tuple(argv(path, workdir, name, low, *with_filter)), str(workdir))
    second = run(tuple(argv(path, workdir, name, high, *with_filter)), str(workdir))
    assert (first.returncode, second.returncode) in ((0, 0), (0, 1), (1, 0), (1, 1)), first.stderr + second.stderr
    assert first.stdout != second.stdout
