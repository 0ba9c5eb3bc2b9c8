"""Typer commands only: parse options, call the core, hand the result to a renderer."""

from __future__ import annotations

import os
import shutil
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Annotated, Any, NoReturn, TextIO

import typer
from typer.core import TyperGroup

from . import __version__
from .dates import parse_day, parse_due
from .errors import ExitStatus, JbzError, RecordError, UsageError
from .model import Record
from .query import FLAG_AWAITING, FLAG_DUE_SOON, FLAG_OVERDUE, SORT_KEYS, Filter, Item, Settings, resolve, select
from .render import FORMATS, ListResult, ShowResult, Style, write_items, write_show_many
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
    help="Track the decisions, commitments and deadlines in government letters on JBZ Councils. "
    "Run jbz alone for a summary of where things stand.",
    no_args_is_help=False,  # `jbz` alone prints the summary
    invoke_without_command=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"jbz {__version__}")
        raise typer.Exit()


@app.callback(invoke_without_command=True)
def main_callback(
    ctx: typer.Context,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """Track the decisions, commitments and deadlines in government letters on JBZ Councils."""
    if ctx.invoked_subcommand is None:
        summary_command()


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
    # no-color.org: NO_COLOR counts when set to a non-empty value.
    color = terminal and not no_color and not env.get("NO_COLOR") and env.get("TERM") != "dumb"
    width = shutil.get_terminal_size((80, 24)).columns
    settings = Settings(resolve_as_of(as_of, env), soon_days, stale_days)
    rdir = resolve_records_dir(records, env, Path.cwd())
    return Run(rdir, settings, fmt, Style(terminal=terminal, color=color, width=width))


def report_problems(problems: list[RecordError]) -> None:
    for problem in problems:
        typer.echo(str(problem), err=True)


def load(run: Run) -> LoadResult:
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
    loaded = load(run)
    items = select(loaded.records, flt, run.settings, sort, reverse, limit)
    result = ListResult(items, run.settings, loaded.problems)
    write_items(result.items, run.fmt, sys.stdout, run.style)
    if (exit_code and result.items) or result.problems:
        raise typer.Exit(int(ExitStatus.FINDINGS))


@app.command("show")
def show_command(
    queries: Annotated[
        list[str],
        typer.Argument(
            metavar="ID|TOPIC|-",
            help="Record ids, topics (dossiers), or unique id prefixes or parts; - reads them from stdin, one a line.",
        ),
    ],
    records: RecordsOpt = None,
    as_of: AsOfOpt = None,
    fmt: FormatOpt = None,
    as_json: JsonOpt = False,
    no_color: NoColorOpt = False,
    soon_days: SoonOpt = 30,
    stale_days: StaleOpt = 90,
) -> None:
    """Show records in full, or every record of a topic (the dossier)."""
    run = make_run(records, as_of, fmt, as_json, no_color, soon_days, stale_days)
    if fmt is None and not as_json:
        run.fmt = "table"  # a record reads as text, piped or not; its text has no box characters
    wanted = expand_stdin(queries, sys.stdin)
    loaded = load(run)
    # Resolve every argument before printing anything, so a bad id never leaves half an output behind.
    results = [show_result(loaded.records, query, run.settings) for query in wanted]
    write_show_many(results, run.fmt, sys.stdout, run.style, array=len(wanted) != 1 or "-" in queries)
    if loaded.problems:
        raise typer.Exit(int(ExitStatus.FINDINGS))


def expand_stdin(args: list[str], stdin: TextIO) -> list[str]:
    """Replace `-` by the lines of stdin (blank lines skipped), so `jbz list --format ids | jbz show -` works."""
    out: list[str] = []
    for arg in args:
        if arg == "-":
            out += [line.strip() for line in stdin if line.strip()]
        else:
            out.append(arg)
    return out


def show_result(records: list[Record], query: str, settings: Settings) -> ShowResult:
    resolution = resolve(records, query)
    order = {r.id: n for n, r in enumerate(resolution.records)}
    items = select(resolution.records, Filter(), settings, sort="id")
    items.sort(key=lambda i: order[i.record.id])
    return ShowResult(resolution, items, settings)


# --- pipelines and overviews: summary, agenda, stats ---------------------------------------------------------------

TEXT_FORMATS = ("table", "json")


def text_run(run: Run, fmt: str | None, as_json: bool, allowed: tuple[str, ...], command: str) -> Run:
    """Overviews read as text even when piped (plain then), so `table` is their default everywhere."""
    if fmt is None and not as_json:
        run.fmt = "table"
    if run.fmt not in allowed:
        raise UsageError(f"{command} cannot be written as {run.fmt!r}: expected one of {', '.join(allowed)}")
    return run


def parse_window(value: str | None, option: str, end: bool) -> date | None:
    """--from D is the first day of D and --to D its last day, so 2026-Q3 means the whole quarter."""
    if value is None:
        return None
    try:
        window = parse_due(value)
    except ValueError as exc:
        raise UsageError(f"{option}: {exc}") from None
    return window.end if end else window.start


@app.command("summary")
def summary_command(
    records: RecordsOpt = None,
    as_of: AsOfOpt = None,
    fmt: FormatOpt = None,
    as_json: JsonOpt = False,
    no_color: NoColorOpt = False,
    soon_days: SoonOpt = 30,
    stale_days: StaleOpt = 90,
    limit: Annotated[
        int, typer.Option("--limit", "-n", min=0, metavar="N", help="At most N items per section (0: all).")
    ] = 10,
) -> None:
    """Where things stand: counts by status, overdue, awaiting follow-up and due soon (also `jbz` alone)."""
    from .render import write_summary
    from .report import build_summary

    run = text_run(
        make_run(records, as_of, fmt, as_json, no_color, soon_days, stale_days), fmt, as_json, TEXT_FORMATS, "summary"
    )
    loaded = load(run)
    summary = build_summary(loaded.records, run.settings, run.rdir.display, len(loaded.problems))
    write_summary(summary, run.fmt, sys.stdout, run.style, limit)
    if loaded.problems:
        raise typer.Exit(int(ExitStatus.FINDINGS))


@app.command("agenda")
def agenda_command(
    from_: Annotated[
        str | None,
        typer.Option(
            "--from", metavar="D", help="First month (default: the oldest overdue item's, else the as-of month)."
        ),
    ] = None,
    to: Annotated[
        str | None, typer.Option("--to", metavar="D", help="Last day; 2026-Q4 means its end (default: six months on).")
    ] = None,
    open_only: Annotated[
        bool, typer.Option("--open-only/--all", help="Only open, waiting or partial items, or closed ones too.")
    ] = True,
    records: RecordsOpt = None,
    as_of: AsOfOpt = None,
    fmt: FormatOpt = None,
    as_json: JsonOpt = False,
    no_color: NoColorOpt = False,
    soon_days: SoonOpt = 30,
    stale_days: StaleOpt = 90,
) -> None:
    """Upcoming and overdue deadlines grouped by month, with a timeline on a terminal."""
    from .render import write_agenda
    from .report import build_agenda

    run = text_run(
        make_run(records, as_of, fmt, as_json, no_color, soon_days, stale_days), fmt, as_json, FORMATS, "agenda"
    )
    start = parse_window(from_, "--from", end=False)
    end = parse_window(to, "--to", end=True)
    loaded = load(run)
    agenda = build_agenda(loaded.records, run.settings, start, end, open_only)
    write_agenda(agenda, run.fmt, sys.stdout, run.style)
    if loaded.problems:
        raise typer.Exit(int(ExitStatus.FINDINGS))


@app.command("stats")
def stats_command(
    records: RecordsOpt = None,
    fmt: FormatOpt = None,
    as_json: JsonOpt = False,
    no_color: NoColorOpt = False,
) -> None:
    """Counts by kind, status, topic and actor, and how many done items were met on time."""
    from .render import write_stats
    from .report import build_stats

    allowed = tuple(f for f in FORMATS if f != "ids")
    run = text_run(make_run(records, None, fmt, as_json, no_color), fmt, as_json, allowed, "stats")
    loaded = load(run)
    write_stats(build_stats(loaded.records), run.fmt, sys.stdout, run.style)
    if loaded.problems:
        raise typer.Exit(int(ExitStatus.FINDINGS))


def main() -> None:
    app(prog_name="jbz")


__all__ = ["Item", "app", "main"]
