"""`jbz import tk` and `jbz reconcile`: the Tweede Kamer register of toezeggingen against the records.

Options are parsed here; the work is done in `jbz_cli.register`. Data goes to stdout, problems to stderr,
one line each; a run with problems still imports everything else and returns FINDINGS (exit 1).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from jbz_cli.cli.context import ReadOptions, make_run
from jbz_cli.cli.options import Argument, Option
from jbz_cli.errors import ExitStatus, UsageError

if TYPE_CHECKING:
    from jbz_cli.register.entry import RegisterEntry

REGISTER_FORMATS = ("table", "json")

RegisterFormatOpt = Annotated[
    str | None, Option("--format", "-f", metavar="FORMAT", help="table or json (default: table).")
]
RegisterJsonOpt = Annotated[bool, Option("--json", help="Shorthand for --format json.")]
RegisterRecordsOpt = Annotated[
    str | None,
    Option(
        "--records",
        metavar="DIR",
        help="Records folder (default: $JBZ_RECORDS, the nearest jbz.toml or records/ upward).",
    ),
]


class _Progress:
    """A progress bar on stderr when it is a terminal; nothing at all otherwise (cron, pipes, tests)."""

    def __init__(self, show: bool) -> None:
        self.show = show
        self.bar: Any = None
        self.task: Any = None

    def __enter__(self) -> _Progress:
        if self.show:
            from rich.console import Console
            from rich.progress import Progress

            # jbz's own bar goes to the terminal itself: the SafeStream on stderr would show its cursor and
            # colour codes as text. Record text never passes through it.
            from jbz_cli.cli.pipe import terminal_of

            self.bar = Progress(console=Console(file=terminal_of(sys.stderr)), transient=True)
            self.bar.start()
            self.task = self.bar.add_task("importing", total=None)
        return self

    def update(self, done: int, total: int) -> None:
        if self.bar is not None:
            self.bar.update(self.task, completed=done, total=total)

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()


def _notice(line: str) -> None:
    typer.echo(line, err=True)


def _read_sources(sources: list[str], fetch: list[str]) -> tuple[list[RegisterEntry], list[str]]:
    """Entries from saved files, then from every page behind each --fetch URL; problems as stderr lines.

    A walk that stops keeps the entries of the pages read before it.
    """
    from jbz_cli.register.fetch import FetchError, make_client, walk, with_expand
    from jbz_cli.register.parse import parse_source
    from jbz_cli.store.intake import MAX_ENTRIES, TooLarge, read_path

    entries: list[RegisterEntry] = []
    problems: list[str] = []
    for name in sources:
        try:
            data = read_path(name, name, "register file")
        except TooLarge as exc:
            problems.append(str(exc))
            continue
        except IsADirectoryError:
            problems.append(f"{name}: is a folder, not a register file")
            continue
        except OSError as exc:
            problems.append(f"{name}: cannot read: {exc.strerror or exc}")
            continue
        parsed = parse_source(data, name)
        problems += parsed.problems
        over = _take(entries, parsed.entries, MAX_ENTRIES)
        if over:
            problems.append(f"{name}: more than {MAX_ENTRIES:,} entries in one run; {over:,} not imported")
    if fetch:
        with make_client() as client:
            for url in fetch:
                try:
                    for page in walk(with_expand(url), client, notice=_notice):
                        problems += page.parsed.problems
                        over = _take(entries, page.parsed.entries, MAX_ENTRIES)
                        if over:  # each page's bytes are dropped once parsed; entries add up
                            raise FetchError(
                                f"{page.url[:200]}: more than {MAX_ENTRIES:,} entries; stopped, "
                                f"{over:,} entries of the pages read not imported"
                            )
                except FetchError as exc:
                    problems.append(f"fetch: {exc}")
    return entries, problems


def _take(entries: list[RegisterEntry], more: tuple[RegisterEntry, ...], cap: int) -> int:
    """Add `more` to `entries` up to `cap` in all, the one place the entry cap of a run is kept (files and
    fetched pages alike); returns how many did not fit (0 when all did)."""
    room = max(0, cap - len(entries))
    entries += more[:room]
    return max(0, len(more) - room)


def import_tk_command(
    sources: Annotated[
        list[str] | None, Argument(metavar="SOURCE", help="Saved OData JSON pages or SyncFeed Atom files.")
    ] = None,
    fetch: Annotated[
        list[str] | None,
        Option("--fetch", metavar="URL", help="Fetch from this URL and every next page (repeatable)."),
    ] = None,
    records: RegisterRecordsOpt = None,
    ministerie: Annotated[
        str | None, Option("--ministerie", metavar="NAME", help="Only entries whose Ministerie contains NAME.")
    ] = None,
    since: Annotated[
        str | None, Option("--since", metavar="DATE", help="Only entries the register changed on or after DATE.")
    ] = None,
    status: Annotated[
        str | None, Option("--status", metavar="S", help="Only entries whose register status maps to S.")
    ] = None,
    dry_run: Annotated[bool, Option("--dry-run", "-n", help="Report what would change; write nothing.")] = False,
    fmt: RegisterFormatOpt = None,
    as_json: RegisterJsonOpt = False,
) -> ExitStatus:
    """Import the Tweede Kamer register of toezeggingen: one record per entry under tk/."""
    from jbz_cli.cli.filters import parse_window
    from jbz_cli.core.model import STATUSES
    from jbz_cli.core.words import unknown_choice
    from jbz_cli.present.shapes import import_summary_dict
    from jbz_cli.present.views.register import import_summary_table
    from jbz_cli.register.fetch import shown, url_problem
    from jbz_cli.register.importer import Selection, Summary, import_entries
    from jbz_cli.store.ids import writable_root

    run = make_run(
        ReadOptions(records=records, as_of=None, fmt=fmt, as_json=as_json),
        default="table",
        allowed=REGISTER_FORMATS,
        command="import tk",
    )
    if not sources and not fetch:
        raise UsageError("give a saved register file, or --fetch URL")
    if status is not None and status not in STATUSES:
        raise UsageError(f"--status: {unknown_choice('status', status, STATUSES)}")
    for url in fetch or []:
        problem = url_problem(url)
        if problem:
            raise UsageError(f"--fetch {shown(url)!r}: {problem}")
    from jbz_cli.cli.settings import resolve

    ministries = resolve("register.ministries", run.rdir, run.env, (ministerie,) if ministerie else None).value
    selection = Selection(tuple(ministries), parse_window(since, "--since", end=False), status)
    root = run.rdir.path.resolve() if dry_run else writable_root(run.rdir)
    entries, problems = _read_sources(sources or [], fetch or [])
    summary = Summary(problems=problems)
    with _folder_lock(root, dry_run), _Progress(run.env.stderr_tty) as progress:
        import_entries(
            root,
            entries,
            selection,
            dry_run=dry_run,
            summary=summary,
            progress=progress.update,
            display_root=run.rdir.display,
            today=run.env.today,
        )
    for line in [*summary.notices, *summary.problems]:
        typer.echo(line, err=True)
    if run.fmt == "json":
        typer.echo(json.dumps(import_summary_dict(summary, dry_run), ensure_ascii=False, indent=2))
    else:
        typer.echo(import_summary_table(summary, dry_run))
    return ExitStatus.of(summary.problems)


IMPORT_LOCK_WAIT = 900.0  # seconds; importing all 6,500 register entries takes about a minute


def _folder_lock(root: Path, dry_run: bool) -> Any:
    """The records folder's own lock (`.add.lock`, as `jbz add` takes it), held for a whole import: two imports of
    the same pages at once run one after the other, and the second finds the first one's records (unchanged)."""
    import contextlib

    from jbz_cli.store.fsio import ADD_TARGET, record_lock

    return contextlib.nullcontext() if dry_run else record_lock(root / ADD_TARGET, timeout=IMPORT_LOCK_WAIT)


def reconcile_command(
    records: RegisterRecordsOpt = None,
    fmt: RegisterFormatOpt = None,
    as_json: RegisterJsonOpt = False,
    min_score: Annotated[
        float,
        Option("--min-score", min=0, max=100, metavar="SCORE", help="Lowest similarity (0-100) to propose a link."),
    ] = 85.0,
) -> ExitStatus:
    """List where records and the Tweede Kamer register disagree, and which side is newer."""
    from jbz_cli.cli.loading import report_problems
    from jbz_cli.present.shapes import disagreement_dict
    from jbz_cli.present.views.register import disagreement_lines
    from jbz_cli.register.reconcile import load_views, reconcile

    run = make_run(
        ReadOptions(records=records, as_of=None, fmt=fmt, as_json=as_json),
        default="table",
        allowed=REGISTER_FORMATS,
        command="reconcile",
    )
    views, problems = load_views(run.rdir)
    report_problems(problems)  # as jbz list: path:line:col: message, and exit 1
    found = reconcile(views, min_score)
    if run.fmt == "json":
        typer.echo(json.dumps([disagreement_dict(d) for d in found], ensure_ascii=False, indent=2))
    else:
        sys.stdout.write(disagreement_lines(found))
    return ExitStatus.of(problems)
