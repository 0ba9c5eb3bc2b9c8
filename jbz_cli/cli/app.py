"""Typer commands only: parse options, call the core, hand the result to a renderer."""

from __future__ import annotations

import contextlib
import json
import os
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn, TextIO

import typer
from typer.core import TyperGroup

from jbz_cli import __version__
from jbz_cli.cli.complete import complete_ids, complete_ids_and_topics, complete_topics
from jbz_cli.core.dates import parse_day, parse_due
from jbz_cli.core.model import Record
from jbz_cli.core.query import (
    FLAG_AWAITING,
    FLAG_DUE_SOON,
    FLAG_OVERDUE,
    SORT_KEYS,
    Filter,
    Item,
    Settings,
    resolve,
    select,
)
from jbz_cli.env import cache_dir
from jbz_cli.errors import ExitStatus, JbzError, RecordError, RecordsDirError, UsageError, WriteError
from jbz_cli.present.render import (
    FORMATS,
    ROW_FORMATS,
    ListResult,
    ShowResult,
    Style,
    write_items,
    write_rows,
    write_show_many,
)
from jbz_cli.store.files import LoadResult, RecordsDir, display_path, load_records, read_text, resolve_records_dir

if TYPE_CHECKING:  # command-specific modules load inside their commands, keeping start-up quick
    from jbz_cli.store.edits import WriteResult


def fail(message: str, status: ExitStatus = ExitStatus.USAGE) -> NoReturn:
    typer.echo(f"jbz: error: {message}", err=True)
    raise typer.Exit(int(status))


class JbzGroup(TyperGroup):
    """The one place where JbzError becomes a message on stderr and an exit status."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
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


def resolve_as_of(option: str | None, env: dict[str, str], what: str = "--as-of date") -> date:
    """The option, then JBZ_TODAY, then the clock: the only place jbz asks what day it is."""
    for value, name in ((option, what), (env.get("JBZ_TODAY") or None, "JBZ_TODAY date")):
        if value is not None:
            try:
                return parse_day(value, name)
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


def load(run: Run, use_cache: bool = True) -> LoadResult:
    if use_cache:
        from jbz_cli.store.index import load_or_read

        result = load_or_read(run.rdir, cache_dir(os.environ))
    else:
        result = load_records(run.rdir)
    report_problems(result.problems)
    return result


def parse_window(value: str | None, option: str, end: bool) -> date | None:
    """An option date may be imprecise: 2026-Q3 starts on 1 July (--from, --since) and ends on 30 September."""
    if value is None:
        return None
    try:
        window = parse_due(value)
    except ValueError as exc:
        raise UsageError(f"{option}: {exc}") from None
    return window.end if end else window.start


OpenOpt = Annotated[bool, typer.Option("--open", help="Only open, waiting or partial items.")]
ClosedOpt = Annotated[bool, typer.Option("--closed", help="Only done, missed or dropped items.")]
StatusOpt = Annotated[list[str] | None, typer.Option("--status", metavar="STATUS", help="Status to keep (repeatable).")]
KindOpt = Annotated[list[str] | None, typer.Option("--kind", metavar="KIND", help="Kind to keep (repeatable).")]
TopicOpt = Annotated[
    list[str] | None,
    typer.Option("--topic", metavar="TOPIC", help="Topic to keep (repeatable).", autocompletion=complete_topics),
]
ActorOpt = Annotated[
    str | None, typer.Option("--actor", metavar="TEXT", help="Actor contains TEXT (ignores case and accents).")
]
OverdueOpt = Annotated[bool, typer.Option("--overdue", help="Only overdue items.")]
DueSoonOpt = Annotated[bool, typer.Option("--due-soon", help="Only items due within --soon-days.")]
AwaitingOpt = Annotated[bool, typer.Option("--awaiting", help="Only items awaiting follow-up.")]
DueByOpt = Annotated[str | None, typer.Option("--due-by", metavar="D", help="Due by the end of D (D may be 2026-Q2).")]
DueAfterOpt = Annotated[str | None, typer.Option("--due-after", metavar="D", help="Due after the end of D.")]
SearchOpt = Annotated[
    str | None,
    typer.Option("--search", "-s", metavar="TEXT", help="Words in title, summary, quote, topics or actor."),
]


def make_filter(
    open_: bool,
    closed: bool,
    status: list[str] | None,
    kind: list[str] | None,
    topic: list[str] | None,
    actor: str | None,
    overdue: bool,
    due_soon: bool,
    awaiting: bool,
    due_by: str | None,
    due_after: str | None,
    search: str | None,
) -> Filter:
    """The filter options that list and export share, checked before any record is read."""
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
        due_by=parse_window(due_by, "--due-by", end=True),
        due_after=parse_window(due_after, "--due-after", end=True),
    )
    flt.validate()
    return flt


@app.command("list")
def list_command(
    open_: OpenOpt = False,
    closed: ClosedOpt = False,
    status: StatusOpt = None,
    kind: KindOpt = None,
    topic: TopicOpt = None,
    actor: ActorOpt = None,
    overdue: OverdueOpt = False,
    due_soon: DueSoonOpt = False,
    awaiting: AwaitingOpt = False,
    due_by: DueByOpt = None,
    due_after: DueAfterOpt = None,
    search: SearchOpt = None,
    sort: Annotated[str, typer.Option("--sort", metavar="KEY", help=f"Sort key: {', '.join(SORT_KEYS)}.")] = "due",
    reverse: Annotated[bool, typer.Option("--reverse", help="Reverse the order.")] = False,
    limit: Annotated[
        int | None, typer.Option("--limit", "-n", min=0, metavar="N", help="Show at most N items.")
    ] = None,
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
    flt = make_filter(open_, closed, status, kind, topic, actor, overdue, due_soon, awaiting, due_by, due_after, search)
    found = None if no_cache else find_indexed(run, flt, sort, reverse, limit)
    if found is not None:
        report_problems(found.problems)
        matched, problems = bool(found.hits), found.problems
        if isinstance(found.hits, RowHits):
            write_rows(found.hits, run.fmt, sys.stdout)
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
    queries: Annotated[
        list[str],
        typer.Argument(
            metavar="ID|TOPIC|-",
            help="Record ids, topics (dossiers), or unique id prefixes or parts; - reads them from stdin, one a line.",
            autocompletion=complete_ids_and_topics,
        ),
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
    """Show records in full, or every record of a topic (the dossier)."""
    run = make_run(records, as_of, fmt, as_json, no_color, soon_days, stale_days)
    if fmt is None and not as_json:
        run.fmt = "table"  # a record reads as text, piped or not; its text has no box characters
    wanted = expand_stdin(queries, sys.stdin)
    loaded = load(run, use_cache=not no_cache)
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
    from jbz_cli.core.report import build_summary
    from jbz_cli.present.render import write_summary

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
    from jbz_cli.core.report import build_agenda
    from jbz_cli.present.render import write_agenda

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
    from jbz_cli.core.report import build_stats
    from jbz_cli.present.render import write_stats

    allowed = tuple(f for f in FORMATS if f != "ids")
    run = text_run(make_run(records, None, fmt, as_json, no_color), fmt, as_json, allowed, "stats")
    loaded = load(run)
    write_stats(build_stats(loaded.records), run.fmt, sys.stdout, run.style)
    if loaded.problems:
        raise typer.Exit(int(ExitStatus.FINDINGS))


# --- Calendar export, briefing and shell completion -------------------------------------------------

export_app = typer.Typer(
    cls=JbzGroup,
    help="Write records in a format another program reads (a calendar).",
    no_args_is_help=True,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.add_typer(export_app, name="export")

OutputOpt = Annotated[
    str | None,
    typer.Option("--output", "-o", metavar="FILE", help="Write to FILE (atomically) instead of stdout."),
]


def emit(data: bytes, output: str | None) -> None:
    """Bytes to stdout, or to a file that a reader never sees half-written."""
    from jbz_cli.store.fsio import write_atomic

    if output is None or output == "-":
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    write_atomic(Path(output), data)


@export_app.command("ics")
def export_ics_command(
    open_: OpenOpt = False,
    closed: ClosedOpt = False,
    status: StatusOpt = None,
    kind: KindOpt = None,
    topic: TopicOpt = None,
    actor: ActorOpt = None,
    overdue: OverdueOpt = False,
    due_soon: DueSoonOpt = False,
    awaiting: AwaitingOpt = False,
    due_by: DueByOpt = None,
    due_after: DueAfterOpt = None,
    search: SearchOpt = None,
    output: OutputOpt = None,
    records: RecordsOpt = None,
    as_of: AsOfOpt = None,
    soon_days: SoonOpt = 30,
    stale_days: StaleOpt = 90,
) -> None:
    """Write dated items as an iCalendar file: one all-day event on each due date."""
    from jbz_cli.present.ics import build_calendar

    run = make_run(records, as_of, soon_days=soon_days, stale_days=stale_days)
    flt = make_filter(open_, closed, status, kind, topic, actor, overdue, due_soon, awaiting, due_by, due_after, search)
    loaded = load(run)
    items = select(loaded.records, flt, run.settings)
    result = build_calendar(items, run.settings.as_of)
    emit(result.data, output)
    if result.undated:
        noun = "item has" if result.undated == 1 else "items have"
        typer.echo(f"jbz: {result.undated} matching {noun} no due date and no event", err=True)
    if loaded.problems:
        raise typer.Exit(int(ExitStatus.FINDINGS))


@app.command("brief")
def brief_command(
    since: Annotated[
        str | None,
        typer.Option("--since", metavar="D", help="Report follow-ups logged on or after D (default: 30 days back)."),
    ] = None,
    until: Annotated[
        str | None,
        typer.Option("--until", metavar="D", help="List what falls due up to the end of D (default: 30 days ahead)."),
    ] = None,
    topic: Annotated[
        list[str] | None,
        typer.Option("--topic", help="Only these topics (repeatable).", autocompletion=complete_topics),
    ] = None,
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help="md, text or html (default: from the -o extension, else md).",
        ),
    ] = None,
    output: OutputOpt = None,
    records: RecordsOpt = None,
    as_of: AsOfOpt = None,
    soon_days: SoonOpt = 30,
    stale_days: StaleOpt = 90,
) -> None:
    """Write a pre-Council briefing: overdue, awaiting follow-up, due soon, and what changed."""
    from jbz_cli.core.brief import build_briefing
    from jbz_cli.present.brief_render import BRIEF_FORMATS, format_for, render_briefing

    fmt = format_for(output, fmt)
    if fmt not in BRIEF_FORMATS:
        raise UsageError(f"unknown format {fmt!r}: expected one of {', '.join(BRIEF_FORMATS)}")
    run = make_run(records, as_of, soon_days=soon_days, stale_days=stale_days)
    since_day = parse_window(since, "--since", end=False)
    until_day = parse_window(until, "--until", end=True)
    loaded = load(run)
    briefing = build_briefing(loaded.records, run.settings, since_day, until_day, topic or ())
    emit(render_briefing(briefing, fmt).encode("utf-8"), output)
    if loaded.problems:
        raise typer.Exit(int(ExitStatus.FINDINGS))


# --- follow-up workflow: add, followup, done, edit, history (writing commands) ---------------------------

DryRunOpt = Annotated[bool, typer.Option("--dry-run", "-n", help="Print what would be written; write nothing.")]
WriteRecordsOpt = Annotated[
    str | None,
    typer.Option("--records", metavar="DIR", help="Records folder to write in (default: $JBZ_RECORDS, ./records)."),
]
FollowupDateOpt = Annotated[
    str | None, typer.Option("--date", metavar="D", help="Date of the follow-up (default: $JBZ_TODAY, then today).")
]


def writing_dir(records: str | None) -> RecordsDir:
    return resolve_records_dir(records, dict(os.environ), Path.cwd())


def followup_day(value: str | None) -> date:
    return resolve_as_of(value, dict(os.environ), "--date")


def ids_argument(record_id: str) -> list[str]:
    """One id, or with "-" one id per line on stdin (blank lines ignored), for pipelines."""
    if record_id == "-" and sys.stdin.isatty():
        raise UsageError("'-' reads ids from stdin, one per line; pipe them in, e.g. jbz list --format ids | ...")
    ids = expand_stdin([record_id], sys.stdin)
    if not ids:
        raise UsageError("no ids on stdin")
    return ids


def rel_display(rdir: RecordsDir, path: Path) -> str:
    return display_path(rdir, path.resolve().relative_to(rdir.path.resolve()).as_posix())


def report_followups(rdir: RecordsDir, results: list[WriteResult]) -> None:
    for res in results:
        label = rel_display(rdir, res.path)
        if res.dry_run:
            sys.stdout.write(res.diff(label))
            typer.echo(f"dry run: would update {label} ({', '.join(res.changes)}); nothing written", err=True)
        else:
            typer.echo(f"updated {res.id}: {', '.join(res.changes)}", err=True)


@app.command("add")
def add_command(
    kind: Annotated[str | None, typer.Argument(metavar="KIND", help="decision, commitment or deadline.")] = None,
    title: Annotated[str | None, typer.Option("--title", "-t", help="One-line English title (required).")] = None,
    due: Annotated[
        str | None, typer.Option("--due", metavar="D", help="Due: 2026-03-31, 2026-03, 2026-Q1, 2026-H1, 2026.")
    ] = None,
    topic: Annotated[list[str] | None, typer.Option("--topic", help="Topic (repeatable).")] = None,
    actor: Annotated[str | None, typer.Option("--actor", help="Who has to act.")] = None,
    promised_to: Annotated[str | None, typer.Option("--promised-to", help="To whom it was promised.")] = None,
    next_check: Annotated[
        str | None, typer.Option("--next-check", metavar="D", help="Chase it on or after this day.")
    ] = None,
    summary: Annotated[str | None, typer.Option("--summary", help="Short English summary.")] = None,
    quote: Annotated[str | None, typer.Option("--quote", help="The verbatim Dutch sentence.")] = None,
    document: Annotated[
        str | None, typer.Option("--document", help="Source document, e.g. Kamerstuk 32 317, nr. 987.")
    ] = None,
    source_date: Annotated[
        str | None, typer.Option("--source-date", metavar="D", help="Date of the source document.")
    ] = None,
    section: Annotated[str | None, typer.Option("--section", help="Section of the source document.")] = None,
    url: Annotated[str | None, typer.Option("--url", help="Link to the source document.")] = None,
    related: Annotated[
        list[str] | None, typer.Option("--related", metavar="ID", help="Related id (repeatable).")
    ] = None,
    status: Annotated[
        str | None, typer.Option("--status", help="Initial status (default: open; done for decisions).")
    ] = None,
    record_id: Annotated[str | None, typer.Option("--id", help="The id (default: a unique slug of the title).")] = None,
    folder: Annotated[
        str | None, typer.Option("--folder", metavar="SUB", help="Subfolder of the records folder.")
    ] = None,
    no_input: Annotated[bool, typer.Option("--no-input", help="Never prompt; missing fields are an error.")] = False,
    dry_run: DryRunOpt = False,
    records: WriteRecordsOpt = None,
) -> None:
    """Add a new record and print its id."""
    from jbz_cli.store.add import NewRecord, add_record
    from jbz_cli.store.ids import writable_root

    rdir = writing_dir(records)
    writable_root(rdir)  # refuse the bundled records before asking anything
    can_prompt = not no_input and sys.stdin.isatty()
    if kind is None:
        if not can_prompt:
            raise UsageError("missing KIND (decision, commitment or deadline); usage: jbz add KIND --title TEXT")
        kind = typer.prompt("Kind (decision, commitment, deadline)")
    if title is None:
        if not can_prompt:
            raise UsageError("missing --title; usage: jbz add KIND --title TEXT [--due D] (prompting is off)")
        title = typer.prompt("Title")
    req = NewRecord(
        kind=kind.strip(),
        title=title,
        status=status,
        due=due,
        topics=topic or (),
        actor=actor,
        promised_to=promised_to,
        summary=summary,
        related=related or (),
        next_check=next_check,
        document=document,
        source_date=source_date,
        section=section,
        quote=quote,
        url=url,
    )
    res = add_record(rdir, req, record_id=record_id, folder=folder, dry_run=dry_run)
    label = rel_display(rdir, res.path)
    if dry_run:
        sys.stdout.write(res.text)
        typer.echo(f"dry run: would create {label} (id {res.id}); nothing written", err=True)
        return
    typer.echo(res.id)
    typer.echo(f"created {label}", err=True)


@app.command("followup")
def followup_command(
    record_id: Annotated[
        str, typer.Argument(metavar="ID", help="Record id, or - to read ids from stdin.", autocompletion=complete_ids)
    ],
    note: Annotated[str, typer.Option("--note", "-m", help="What happened, in English.")] = "",
    day: FollowupDateOpt = None,
    evidence: Annotated[
        str | None, typer.Option("--evidence", metavar="REF", help="Document reference or URL.")
    ] = None,
    status: Annotated[
        str | None, typer.Option("--status", help="Change the status (done, partial, missed, dropped need --evidence).")
    ] = None,
    due: Annotated[
        str | None, typer.Option("--due", metavar="NEW_DUE", help="Move the deadline; the old one stays in the log.")
    ] = None,
    dry_run: DryRunOpt = False,
    records: WriteRecordsOpt = None,
) -> None:
    """Append a follow-up to a record, optionally changing its status or deadline."""
    from jbz_cli.store.edits import FollowupRequest, add_followups

    rdir = writing_dir(records)
    req = FollowupRequest(date=followup_day(day), note=note, status=status, evidence=evidence, due=due)
    req.validate()
    report_followups(rdir, add_followups(rdir, ids_argument(record_id), req, dry_run=dry_run))


@app.command("done")
def done_command(
    record_id: Annotated[
        str, typer.Argument(metavar="ID", help="Record id, or - to read ids from stdin.", autocompletion=complete_ids)
    ],
    evidence: Annotated[str, typer.Option("--evidence", metavar="REF", help="Where it can be checked (required).")],
    note: Annotated[str, typer.Option("--note", "-m", help="What happened, in English.")] = "",
    day: FollowupDateOpt = None,
    dry_run: DryRunOpt = False,
    records: WriteRecordsOpt = None,
) -> None:
    """Mark a record done: a follow-up with status done and its evidence."""
    from jbz_cli.store.edits import FollowupRequest, add_followups

    rdir = writing_dir(records)
    req = FollowupRequest(date=followup_day(day), note=note, status="done", evidence=evidence)
    req.validate()
    report_followups(rdir, add_followups(rdir, ids_argument(record_id), req, dry_run=dry_run))


def run_editor(path: Path) -> None:
    command = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    try:
        argv = shlex.split(command)
    except ValueError as exc:
        raise UsageError(f"cannot read $VISUAL/$EDITOR {command!r}: {exc}") from None
    if not argv:
        argv = ["vi"]
    try:
        code = subprocess.call([*argv, str(path)])
    except OSError as exc:
        raise WriteError(f"cannot start editor {argv[0]!r}: {exc.strerror or exc}; nothing was changed") from None
    if code != 0:
        raise WriteError(f"editor exited with status {code}; nothing was changed")


def ask_after_invalid() -> str:
    """crontab -e style: edit again, restore the original, or keep the invalid file on purpose."""
    while True:
        try:
            answer = typer.prompt("(e)dit again, (r)estore original, (k)eep anyway?", err=True)
        except (typer.Abort, EOFError):
            return "r"
        choice = answer.strip().lower()[:1]
        if choice in ("e", "r", "k"):
            return choice


@app.command("edit")
def edit_command(
    record_id: Annotated[str, typer.Argument(metavar="ID", help="Record id.", autocompletion=complete_ids)],
    dry_run: DryRunOpt = False,
    records: WriteRecordsOpt = None,
) -> None:
    """Edit a record in $VISUAL or $EDITOR; it is validated before it replaces the original."""
    from jbz_cli.store.edits import edit_copy, replace_checked, validate_text
    from jbz_cli.store.ids import find_record, writable_root

    rdir = writing_dir(records)
    root = writable_root(rdir)
    path = find_record(root, record_id)
    label = rel_display(rdir, path)
    original = read_text(path, label)
    copy = edit_copy(path)
    keep_copy = False
    try:
        while True:
            run_editor(copy)
            try:
                new_text = read_text(copy, label)
            except RecordError as exc:
                problem: RecordError | None = exc
                new_text = copy.read_bytes().decode("utf-8", "replace")
            else:
                problem = None
            if problem is None and new_text == original:
                typer.echo(f"no changes; {label} is unchanged", err=True)
                return
            if problem is None:
                try:
                    validate_text(new_text, record_id, label)
                except RecordError as exc:
                    problem = exc
            if problem is None:
                break
            typer.echo(str(problem), err=True)
            choice = ask_after_invalid()
            if choice == "e":
                continue
            if choice == "r":
                typer.echo(f"restored; {label} is unchanged", err=True)
                return
            typer.echo(f"keeping {label} although it is invalid", err=True)
            break
        try:
            res = replace_checked(rdir, record_id, original, new_text, dry_run=dry_run)
        except WriteError as exc:
            keep_copy = True
            raise WriteError(f"{exc}; your edited copy is {copy}") from None
        if dry_run:
            sys.stdout.write(res.diff(label))
            typer.echo(f"dry run: would update {label}; nothing written", err=True)
        else:
            typer.echo(f"updated {label}", err=True)
    finally:
        if not keep_copy:
            with contextlib.suppress(OSError):
                copy.unlink()


@app.command("history")
def history_command(
    record_id: Annotated[
        str, typer.Argument(metavar="ID", help="Record id or a unique id prefix.", autocompletion=complete_ids)
    ],
    no_git: Annotated[bool, typer.Option("--no-git", help="Do not look up git commits.")] = False,
    records: RecordsOpt = None,
    fmt: Annotated[str, typer.Option("--format", "-f", metavar="FORMAT", help="text or json.")] = "text",
    as_json: JsonOpt = False,
) -> None:
    """Show a record's timeline: source, follow-ups, status and due changes, and git commits."""
    from jbz_cli.store.history import timeline, timeline_text
    from jbz_cli.store.ids import find_record

    fmt = "json" if as_json else fmt
    if fmt not in ("text", "json"):
        raise UsageError(f"unknown format {fmt!r}: expected text or json")
    rdir = writing_dir(records)
    loaded = load_records(rdir)
    resolution = resolve(loaded.records, record_id)
    if resolution.kind != "record":
        raise UsageError(f"{record_id!r} is a topic; give one record id (jbz show {record_id} lists them)")
    record = resolution.records[0]
    path = find_record(rdir.path.resolve(), record.id)
    tl = timeline(record, path, with_git=not no_git)
    if fmt == "json":
        sys.stdout.write(json.dumps(tl.to_dict(), ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(timeline_text(tl) + "\n")


# --- jbz check: validate records like a compiler ---------------------------------------------


@app.command("check")
def check_command(
    paths: Annotated[
        list[str] | None,
        typer.Argument(metavar="[PATH]...", help="Record files or folders (default: the records folder)."),
    ] = None,
    rule: Annotated[
        list[str] | None,
        typer.Option(
            "--rule",
            metavar="NAME",
            help=("Run only this rule (repeatable): syntax, schema, dates, ids, related, status, quote, topics."),
        ),
    ] = None,
    skip: Annotated[
        list[str] | None, typer.Option("--skip", metavar="NAME", help="Skip this rule (repeatable).")
    ] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Exit 1 on warnings too.")] = False,
    fmt: Annotated[
        str, typer.Option("--format", "-f", metavar="FORMAT", help="Output format: text, json or jsonl.")
    ] = "text",
    as_json: JsonOpt = False,
    records: RecordsOpt = None,
    as_of: AsOfOpt = None,
) -> None:
    """Validate records: one `path:line:col: severity: message [rule]` line per problem; silent when clean."""
    from jbz_cli.check.diagnostics import CHECK_FORMATS, summary, write_diagnostics
    from jbz_cli.check.run import check_request, select_rules

    if as_json:
        fmt = "json"
    if fmt not in CHECK_FORMATS:
        raise UsageError(f"unknown format {fmt!r}: expected one of {', '.join(CHECK_FORMATS)}")
    rules = select_rules(rule or (), skip or ())
    env = dict(os.environ)
    resolve_as_of(as_of, env)  # accepted like every command, and a bad date is still a usage error
    if paths:
        try:
            rdir: RecordsDir | None = resolve_records_dir(records, env, Path.cwd())
        except RecordsDirError:
            if records is not None:
                raise
            rdir = None
    else:
        rdir = resolve_records_dir(records, env, Path.cwd())
    result = check_request(paths or [], Path.cwd(), (rdir.path, rdir.display) if rdir else None, rules)
    write_diagnostics(result, fmt, sys.stdout)
    if result.diagnostics and fmt == "text":
        typer.echo(f"jbz: {summary(result)}", err=True)
    if result.failed(strict):
        raise typer.Exit(int(ExitStatus.FINDINGS))


# Scale: the index in the cache folder (jbz_cli/index.py). Any reason it cannot answer means "read the files".


class RowHits(list):  # type: ignore[type-arg]
    """(id, kind, status, due, flags, title) rows for tsv and ids, written without building Records."""


@dataclass
class Indexed:
    hits: list[Any]
    problems: list[RecordError]


def find_indexed(run: Run, flt: Filter, sort: str, reverse: bool, limit: int | None) -> Indexed | None:
    """The list answer from the index, or None when the files must be read directly."""
    from jbz_cli.store import index

    rows = run.fmt in ROW_FORMATS
    try:
        found = index.find(run.rdir, cache_dir(os.environ), flt, run.settings, sort, reverse, limit, full=not rows)
        if rows:
            hits: list[Any] = RowHits((h.id, h.kind, h.status, h.due_text, h.flags, h.title) for h in found.hits)
        else:
            hits = found.items(run.rdir)
    except index.IndexUnavailable:
        return None
    except Exception:  # a damaged cache must never stop an answer that the files can give
        return None
    return Indexed(hits, found.problems)


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
