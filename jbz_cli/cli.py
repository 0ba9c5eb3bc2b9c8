"""Typer commands only: parse options, call the core, hand the result to a renderer."""

from __future__ import annotations

import os
import shutil
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from typer.core import TyperGroup

from . import __version__
from .dates import parse_day, parse_due
from .errors import ExitStatus, JbzError, RecordError, UsageError
from .query import FLAG_AWAITING, FLAG_DUE_SOON, FLAG_OVERDUE, SORT_KEYS, Filter, Item, Settings, resolve, select
from .render import BRIEF_FORMATS, FORMATS, ListResult, ShowResult, Style, write_brief, write_items, write_show
from .store import LoadResult, RecordsDir, load_records, resolve_records_dir


def fail(message: str, status: ExitStatus = ExitStatus.USAGE) -> NoReturn:
    typer.echo(f"jbz: error: {message}", err=True)
    raise typer.Exit(int(status))


class JbzGroup(TyperGroup):
    """The one place where JbzError becomes a message on stderr and an exit status."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except RecordError as exc:
            fail(str(exc), exc.exit_status)
        except JbzError as exc:
            fail(str(exc), exc.exit_status)
        except BrokenPipeError:
            # The reader (head, less) went away; that is not an error of ours.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            raise typer.Exit(int(ExitStatus.OK)) from None
        except KeyboardInterrupt:
            raise typer.Exit(int(ExitStatus.INTERRUPTED)) from None


app = typer.Typer(
    cls=JbzGroup,
    help="Track the decisions, commitments and deadlines in government letters on JBZ Councils.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"jbz {__version__}")
        raise typer.Exit()


@app.callback()
def main_callback(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """Track the decisions, commitments and deadlines in government letters on JBZ Councils."""


RecordsOpt = Annotated[
    str | None,
    typer.Option(
        "--records", metavar="DIR", help="Records folder (default: $JBZ_RECORDS, ./records, then the bundled records)."
    ),
]
AsOfOpt = Annotated[
    str | None,
    typer.Option("--as-of", metavar="DATE", help="Compute flags for this date (default: $JBZ_TODAY, then today)."),
]
FormatOpt = Annotated[
    str | None,
    typer.Option(
        "--format",
        "-f",
        metavar="FORMAT",
        help=f"Output format: {', '.join(FORMATS)} (default: table on a terminal, tsv otherwise).",
    ),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Shorthand for --format json.")]
NoColorOpt = Annotated[bool, typer.Option("--no-color", help="Never use colour (also NO_COLOR or TERM=dumb).")]
SoonOpt = Annotated[int, typer.Option("--soon-days", min=0, metavar="N", help="Days ahead that count as due soon.")]
NoCacheOpt = Annotated[
    bool, typer.Option("--no-cache", help="Read the record files directly, bypassing the index in the cache folder.")
]
StaleOpt = Annotated[
    int,
    typer.Option("--stale-days", min=0, metavar="N", help="Days without news before an undated item awaits follow-up."),
]


@dataclass
class Run:
    """Everything a command needs that comes from options and the environment."""

    rdir: RecordsDir
    settings: Settings
    fmt: str
    style: Style


def resolve_as_of(option: str | None, env: dict[str, str]) -> date:
    for value, name in ((option, "--as-of"), (env.get("JBZ_TODAY") or None, "JBZ_TODAY")):
        if value is not None:
            try:
                return parse_day(value, f"{name} date")
            except ValueError as exc:
                raise UsageError(str(exc)) from None
    return date.today()


def make_run(
    records: str | None,
    as_of: str | None,
    fmt: str | None = None,
    as_json: bool = False,
    no_color: bool = False,
    soon_days: int = 30,
    stale_days: int = 90,
) -> Run:
    env = dict(os.environ)
    terminal = sys.stdout.isatty()
    if as_json:
        fmt = "json"
    fmt = fmt or ("table" if terminal else "tsv")
    if fmt not in FORMATS:
        raise UsageError(f"unknown format {fmt!r}: expected one of {', '.join(FORMATS)}")
    color = terminal and not no_color and "NO_COLOR" not in env and env.get("TERM") != "dumb"
    width = shutil.get_terminal_size((80, 24)).columns
    settings = Settings(resolve_as_of(as_of, env), soon_days, stale_days)
    rdir = resolve_records_dir(records, env, Path.cwd())
    return Run(rdir, settings, fmt, Style(terminal=terminal, color=color, width=width))


def report_problems(problems: list[RecordError]) -> None:
    for problem in problems:
        typer.echo(str(problem), err=True)


def load(run: Run, use_cache: bool = True) -> LoadResult:
    result = load_indexed(run) if use_cache else None
    if result is None:
        result = load_records(run.rdir)
    report_problems(result.problems)
    return result


def parse_window_end(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return parse_due(value).end
    except ValueError as exc:
        raise UsageError(f"{option}: {exc}") from None


@app.command("list")
def list_command(
    open_: Annotated[bool, typer.Option("--open", help="Only open, waiting or partial items.")] = False,
    closed: Annotated[bool, typer.Option("--closed", help="Only done, missed or dropped items.")] = False,
    status: Annotated[list[str] | None, typer.Option("--status", help="Status to keep (repeatable).")] = None,
    kind: Annotated[list[str] | None, typer.Option("--kind", help="Kind to keep (repeatable).")] = None,
    topic: Annotated[list[str] | None, typer.Option("--topic", help="Topic to keep (repeatable).")] = None,
    actor: Annotated[
        str | None, typer.Option("--actor", help="Actor contains TEXT (ignores case and accents).")
    ] = None,
    overdue: Annotated[bool, typer.Option("--overdue", help="Only overdue items.")] = False,
    due_soon: Annotated[bool, typer.Option("--due-soon", help="Only items due within --soon-days.")] = False,
    awaiting: Annotated[bool, typer.Option("--awaiting", help="Only items awaiting follow-up.")] = False,
    due_by: Annotated[
        str | None, typer.Option("--due-by", metavar="D", help="Due by the end of D (D may be 2026-Q2).")
    ] = None,
    due_after: Annotated[str | None, typer.Option("--due-after", metavar="D", help="Due after the end of D.")] = None,
    search: Annotated[
        str | None, typer.Option("--search", "-s", help="Words in title, summary, quote, topics or actor.")
    ] = None,
    sort: Annotated[str, typer.Option("--sort", help=f"Sort key: {', '.join(SORT_KEYS)}.")] = "due",
    reverse: Annotated[bool, typer.Option("--reverse", help="Reverse the order.")] = False,
    limit: Annotated[int | None, typer.Option("--limit", "-n", min=0, help="Show at most N items.")] = None,
    exit_code: Annotated[bool, typer.Option("--exit-code", help="Exit 1 when anything matched, 0 otherwise.")] = False,
    records: RecordsOpt = None,
    as_of: AsOfOpt = None,
    fmt: FormatOpt = None,
    as_json: JsonOpt = False,
    no_color: NoColorOpt = False,
    soon_days: SoonOpt = 30,
    stale_days: StaleOpt = 90,
    no_cache: NoCacheOpt = False,
) -> None:
    """List records, filtered and flagged for the as-of date."""
    run = make_run(records, as_of, fmt, as_json, no_color, soon_days, stale_days)
    flags = [f for f, on in ((FLAG_OVERDUE, overdue), (FLAG_DUE_SOON, due_soon), (FLAG_AWAITING, awaiting)) if on]
    flt = Filter(
        open=open_,
        closed=closed,
        statuses=status or (),
        kinds=kind or (),
        topics=topic or (),
        actor=actor,
        search=search,
        flags=flags,
        due_by=parse_window_end(due_by, "--due-by"),
        due_after=parse_window_end(due_after, "--due-after"),
    )
    flt.validate()
    found = None if no_cache else find_indexed(run, flt, sort, reverse, limit)
    if found is not None:
        report_problems(found.problems)
        matched, problems = bool(found.hits), found.problems
        if isinstance(found.hits, BriefHits):
            write_brief(found.hits, run.fmt, sys.stdout)
        else:
            write_items(found.hits, run.fmt, sys.stdout, run.style)
    else:
        loaded = load(run, use_cache=False)
        items = select(loaded.records, flt, run.settings, sort, reverse, limit)
        result = ListResult(items, run.settings, loaded.problems)
        write_items(result.items, run.fmt, sys.stdout, run.style)
        matched, problems = bool(result.items), result.problems
    if (exit_code and matched) or problems:
        raise typer.Exit(int(ExitStatus.FINDINGS))


@app.command("show")
def show_command(
    query: Annotated[
        str, typer.Argument(metavar="ID|TOPIC", help="A record id, a topic (dossier), or a unique id prefix or part.")
    ],
    records: RecordsOpt = None,
    as_of: AsOfOpt = None,
    fmt: FormatOpt = None,
    as_json: JsonOpt = False,
    no_color: NoColorOpt = False,
    soon_days: SoonOpt = 30,
    stale_days: StaleOpt = 90,
    no_cache: NoCacheOpt = False,
) -> None:
    """Show one record in full, or every record of a topic (the dossier)."""
    run = make_run(records, as_of, fmt, as_json, no_color, soon_days, stale_days)
    if fmt is None and not as_json:
        run.fmt = "table"  # a record reads as text, piped or not; its text has no box characters
    loaded = load(run, use_cache=not no_cache)
    resolution = resolve(loaded.records, query)
    ids = [r.id for r in resolution.records]
    items = select(resolution.records, Filter(), run.settings, sort="id")
    order = {rid: n for n, rid in enumerate(ids)}
    items.sort(key=lambda i: order[i.record.id])
    write_show(ShowResult(resolution, items, run.settings), run.fmt, sys.stdout, run.style)
    if loaded.problems:
        raise typer.Exit(int(ExitStatus.FINDINGS))


# Scale: the index in the cache folder (jbz_cli/index.py). Any reason it cannot answer means "read the files".


class BriefHits(list):  # type: ignore[type-arg]
    """(id, kind, status, due, flags, title) rows for tsv and ids, written without building Records."""


@dataclass
class Indexed:
    hits: list[Any]
    problems: list[RecordError]


def find_indexed(run: Run, flt: Filter, sort: str, reverse: bool, limit: int | None) -> Indexed | None:
    """The list answer from the index, or None when the files must be read directly."""
    from . import index

    brief = run.fmt in BRIEF_FORMATS
    try:
        found = index.find(run.rdir, os.environ, flt, run.settings, sort, reverse, limit, full=not brief)
        if brief:
            hits: list[Any] = BriefHits((h.id, h.kind, h.status, h.due_text, h.flags, h.title) for h in found.hits)
        else:
            hits = found.items(run.rdir)
    except index.IndexUnavailable:
        return None
    except Exception:  # a damaged cache must never stop an answer that the files can give
        return None
    return Indexed(hits, found.problems)


def load_indexed(run: Run) -> LoadResult | None:
    from . import index

    try:
        records, problems = index.load_records(run.rdir, os.environ)
    except Exception:  # IndexUnavailable, or a damaged cache: read the files
        return None
    return LoadResult(records, problems)


class _PlainValue:
    """Coercion for option values that already are what their annotation says.

    Typer 0.29 coerces every non-None option value through a pydantic TypeAdapter, and importing pydantic costs
    more than the whole indexed answer. Defaults, strings and plain decimal ints need no such machinery;
    anything else is handed to typer's own coercion, so errors and edge cases stay exactly typer's.
    """

    def __init__(self, param: Any) -> None:
        self.real: Any = None
        self.annotation = param.type_descriptor.annotation
        info = param.type_descriptor.parameter_info
        self.bounds = (getattr(info, "min", None), getattr(info, "max", None), getattr(info, "clamp", False))

    def plain(self, value: Any) -> tuple[bool, Any]:
        ann = self.annotation
        if ann is str and type(value) is str:
            return True, value
        if ann == list[str] and isinstance(value, (list, tuple)) and all(type(v) is str for v in value):
            return True, list(value)
        if ann is int and not self.bounds[2]:
            if type(value) is str and value.isascii() and value.isdigit() and (value == "0" or value[0] != "0"):
                value = int(value)
            if type(value) is int:
                low, high = self.bounds[:2]
                if (low is None or value >= low) and (high is None or value <= high):
                    return True, value
        return False, None

    def coerce(self, value: Any, param: Any, ctx: Any) -> Any:
        if value is None:
            return () if param.multiple or param.nargs == -1 else None
        done, result = self.plain(value)
        if done:
            return result
        if self.real is None:
            from typer._coercion import build_runtime_param

            self.real = build_runtime_param(param.type_descriptor)
        return self.real.coerce(value, param=param, ctx=ctx)


def _plain_runtime_param(self: Any) -> Any:
    if self._runtime_param is None:
        self._runtime_param = _PlainValue(self)
    return self._runtime_param


def _spare_pydantic() -> None:
    """Route typer's parameter coercion through _PlainValue, if this typer has the hook (0.26 and later)."""
    from typer import core

    parameter = getattr(core, "_TyperParameter", None)
    if parameter is not None and hasattr(parameter, "get_runtime_param"):
        parameter.get_runtime_param = _plain_runtime_param


_spare_pydantic()


def main() -> None:
    app(prog_name="jbz")


__all__ = ["Item", "app", "main"]
