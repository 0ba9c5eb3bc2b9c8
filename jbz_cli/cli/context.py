"""The run's context: the environment of one invocation, the day it is, the records folder, what the user gave.

`make_run` turns the common options of a reading command into a `Run` (records folder, settings, format, terminal
style); `resolve_as_of` is the only place jbz decides what day it is.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date
from typing import Any, NamedTuple

from jbz_cli.cli.formats import FORMAT_ALIASES, choose_format
from jbz_cli.cli.settings import records_dir
from jbz_cli.core.dates import parse_day
from jbz_cli.core.query import Settings
from jbz_cli.env import Environment
from jbz_cli.errors import UsageError
from jbz_cli.present.lines import FORMATS
from jbz_cli.present.terminal import Style
from jbz_cli.store.files import RecordsDir


class Invocation(NamedTuple):
    """What a run started without typer (cli/fast.py) hands its command in place of click's context: the
    environment, and the names of the parameters the user gave."""

    env: Environment
    given: frozenset[str]


_INVOCATION: ContextVar[Invocation | None] = ContextVar("jbz_invocation", default=None)


@contextmanager
def invoked(invocation: Invocation) -> Iterator[None]:
    """Run the block as one invocation without click: environment(), given() and was_given() read `invocation`."""
    token = _INVOCATION.set(invocation)
    try:
        yield
    finally:
        _INVOCATION.reset(token)


def _click_context() -> Any:
    """click's current context, or None outside an invocation (shell completion, a direct call)."""
    try:  # typer 0.26+ carries its own copy of click
        from typer._click.globals import get_current_context
    except ImportError:  # pragma: no cover - older typer uses click itself
        from click import get_current_context

    return get_current_context(silent=True)


def environment() -> Environment:
    """The Environment of this invocation: the object of click's context (`ctx.obj`), which the group sets once
    before any command runs, or which a caller hands in (`command.main(args, obj=Environment(...))`).

    Outside an invocation (shell completion, a direct call) it is read from the process now.
    """
    invocation = _INVOCATION.get()
    if invocation is not None:
        return invocation.env
    ctx = _click_context()
    env = ctx.find_object(Environment) if ctx is not None else None
    return env if env is not None else Environment.from_process()


def resolve_as_of(option: str | None, env: Environment, what: str = "--as-of date") -> date:
    """The option, then JBZ_TODAY, then the clock: the only place jbz decides what day it is."""
    for value, name in ((option, what), (env.vars.get("JBZ_TODAY") or None, "JBZ_TODAY date")):
        if value is not None:
            try:
                return parse_day(value, name)
            except ValueError as exc:
                raise UsageError(str(exc)) from None
    return env.today


def given(name: str, value: str | None) -> str | None:
    """The value of option `name` if the user gave it, None if it is the default (so --json can tell a conflict)."""
    invocation = _INVOCATION.get()
    if invocation is not None:
        return value if name in invocation.given else None
    ctx = _click_context()
    source = ctx.get_parameter_source(name) if ctx is not None else None
    return None if source is not None and source.name == "DEFAULT" else value


def was_given(name: str) -> bool:
    """Whether the user gave the current command's parameter `name` (False when the command has no such option)."""
    invocation = _INVOCATION.get()
    if invocation is not None:
        return name in invocation.given
    ctx = _click_context()
    if ctx is None or name not in ctx.params:
        return False
    source = ctx.get_parameter_source(name)
    return source is not None and source.name != "DEFAULT"


@dataclass
class Run:
    """Everything a reading command needs that comes from options and the environment."""

    rdir: RecordsDir
    settings: Settings
    fmt: str
    style: Style
    env: Environment


@dataclass(frozen=True)
class ReadOptions:
    """The reading options as the user gave them: `--records DIR`, `--as-of DATE`, `--format`/`--json`,
    `--no-color`, `--soon-days N`, `--stale-days N`. A command that lacks one leaves its default."""

    records: str | None = None
    as_of: str | None = None
    fmt: str | None = None
    as_json: bool = False
    no_color: bool = False
    soon_days: int = 30
    stale_days: int = 90


def make_run(
    read: ReadOptions,
    *,
    default: str | None = None,
    allowed: tuple[str, ...] | None = None,
    command: str = "",
) -> Run:
    """The reading options of a command, checked in a fixed order: format, as-of date, records folder.

    `default` is the format without --format/--json (None: table on a terminal, tsv otherwise); `allowed`
    narrows FORMATS for `command`. --soon-days and --stale-days count only when given (was_given), so that
    JBZ_* variables and jbz.toml apply otherwise (cli/settings.py). Raises UsageError or RecordsDirError.
    """
    env = environment()
    terminal = env.stdout_tty
    # An empty --format means the default here, as it always has.
    # A command's own formats (diff's md) are known names too; the `allowed` check below still applies.
    known = FORMATS + tuple(f for f in allowed or () if f not in FORMATS)
    # Every refusal names the formats this command accepts, the same tuple its --help shows (options.format_option).
    expected = f"one of {', '.join(allowed)}" if allowed is not None else ""
    chosen = choose_format(read.fmt or None, read.as_json, known, default or ("table" if terminal else "tsv"), expected)
    color = terminal and not read.no_color and not env.no_color
    as_of_day = resolve_as_of(read.as_of, env)
    rdir = records_dir(read.records, env)
    from jbz_cli.cli.settings import resolve

    soon = resolve("soon_days", rdir, env, read.soon_days if was_given("soon_days") else None).value
    stale = resolve("stale_days", rdir, env, read.stale_days if was_given("stale_days") else None).value
    settings = Settings(as_of_day, soon, stale)
    if not read.fmt and not read.as_json:  # the team's format (JBZ_FORMAT, jbz.toml) where this command offers it
        team = resolve("format", rdir, env).value
        offered = allowed if allowed is not None else known
        if team is not None and team not in offered and FORMAT_ALIASES.get(team) in offered:
            team = FORMAT_ALIASES[team]
        if team in offered:
            chosen = team
    if allowed is not None and chosen not in allowed:
        raise UsageError(f"{command} cannot be written as {chosen!r}: expected one of {', '.join(allowed)}")
    return Run(
        rdir,
        settings,
        chosen,
        Style(terminal=terminal, color=color, width=env.width, boxes=env.vars.get("TERM") != "dumb"),
        env,
    )
