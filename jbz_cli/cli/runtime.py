"""What every command shares between its options and the core: the environment, the output format, the records.

`make_run` turns the common options into a `Run` (records folder, settings, format, terminal style), `choose_format`
is the one place an output format is negotiated, and `load` / `find_indexed` read records through the index in the
cache folder when it can answer and from the files when not.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jbz_cli.cli.output_format import FORMAT_ALIASES, choose_format  # choose_format: re-exported
from jbz_cli.cli.settings import records_dir
from jbz_cli.cli.stdin_ids import expand_stdin as expand_stdin  # re-exported: commands import it from here
from jbz_cli.cli.stdin_ids import ids_argument as ids_argument
from jbz_cli.core.dates import parse_day, parse_due
from jbz_cli.core.model import Record
from jbz_cli.core.query import FLAG_AWAITING, FLAG_DUE_SOON, FLAG_OVERDUE, Filter, Settings
from jbz_cli.env import Environment
from jbz_cli.errors import RecordError, UsageError
from jbz_cli.present.lines import FORMATS
from jbz_cli.present.terminal import Style
from jbz_cli.store.files import LoadResult, RecordsDir, display_path, load_records

if TYPE_CHECKING:  # command-specific modules load inside their commands, keeping start-up quick
    from jbz_cli.store.edits import WriteResult

_current: Environment | None = None
_given: frozenset[str] | None = None


def say(message: str) -> None:
    """One line on stderr, as click.echo writes it; typer is imported only when there is something to say."""
    import typer

    typer.echo(message, err=True)


def begin_run(given: frozenset[str] | None = None) -> Environment:
    """Read the process environment for one invocation; the group calls this once, before the command runs.

    Kept in this module rather than in the click context, because typer's bundled click and the real one
    differ between the typer versions we support, and a plain install has no `click` package to import.
    """
    global _current, _given
    _current, _given = Environment.from_process(), given
    return _current


def end_run() -> None:
    """Forget the invocation's Environment, so a later direct call (a test, completion) reads the process again."""
    global _current, _given
    _current, _given = None, None


def environment() -> Environment:
    """The Environment of the current invocation, or a fresh one read now outside an invocation."""
    return _current if _current is not None else Environment.from_process()


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
    """The value of option `name` if the user gave it, None if it is the default (so --json can tell a conflict).

    The fast start (cli/fast.py) says which options were given in begin_run; otherwise click's context tells.
    """
    if _given is not None:
        return value if name in _given else None
    try:  # typer 0.26+ carries its own copy of click
        from typer._click.globals import get_current_context
    except ImportError:  # pragma: no cover - older typer uses click itself
        from click import get_current_context

    ctx = get_current_context(silent=True)
    source = ctx.get_parameter_source(name) if ctx is not None else None
    return None if source is not None and source.name == "DEFAULT" else value


def was_given(name: str) -> bool:
    """Whether the user gave the current command's parameter `name` (False when the command has no such option)."""
    if _given is not None:
        return name in _given
    try:  # typer 0.26+ carries its own copy of click
        from typer._click.globals import get_current_context
    except ImportError:  # pragma: no cover - older typer uses click itself
        from click import get_current_context

    ctx = get_current_context(silent=True)
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


def make_run(
    records: str | None,
    as_of: str | None,
    fmt: str | None = None,
    as_json: bool = False,
    no_color: bool = False,
    soon_days: int = 30,
    stale_days: int = 90,
    *,
    default: str | None = None,
    allowed: tuple[str, ...] | None = None,
    command: str = "",
) -> Run:
    """The common options of a reading command, checked in a fixed order: format, as-of date, records folder.

    `default` is the format without --format/--json (None: table on a terminal, tsv otherwise); `allowed`
    narrows FORMATS for `command`. Raises UsageError or RecordsDirError.
    """
    env = environment()
    terminal = env.stdout_tty
    # An empty --format means the default here, as it always has.
    # A command's own formats (diff's md) are known names too; the `allowed` check below still applies.
    known = FORMATS + tuple(f for f in allowed or () if f not in FORMATS)
    # Every refusal names the formats this command accepts, the same tuple its --help shows (options.format_option).
    expected = f"one of {', '.join(allowed)}" if allowed is not None else ""
    chosen = choose_format(fmt or None, as_json, known, default or ("table" if terminal else "tsv"), expected)
    color = terminal and not no_color and not env.no_color
    as_of_day = resolve_as_of(as_of, env)
    rdir = records_dir(records, env)
    from jbz_cli.cli.settings import resolve

    soon = resolve("soon_days", rdir, env, soon_days if was_given("soon_days") else None).value
    stale = resolve("stale_days", rdir, env, stale_days if was_given("stale_days") else None).value
    settings = Settings(as_of_day, soon, stale)
    if not fmt and not as_json:  # the team's format (JBZ_FORMAT, jbz.toml) where this command offers it
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


def report_problems(problems: list[RecordError]) -> None:
    """One `path:line:col: message` line on stderr per record that could not be read."""
    for problem in problems:
        say(str(problem))


def note_unknown_topics(topics: Sequence[str], records: Sequence[Record]) -> None:
    """One stderr line per --topic that no record carries, with the nearest topic (core/suggest).

    The filter still runs and an empty answer still exits 0, as any filter that matches nothing does: the line
    only tells a typo (`ebps`) from a topic with nothing to show. Topics compare as --topic does (topic_key).
    """
    if not topics:
        return
    from jbz_cli.core.query import topic_key
    from jbz_cli.core.suggest import suggest

    known = sorted({t for r in records for t in r.topics})
    keys = {topic_key(t) for t in known}
    for topic in dict.fromkeys(topics):
        if topic_key(topic) not in keys:
            say(f"jbz: no record has topic {topic!r}{suggest(topic, known)}")


def load(run: Run, use_cache: bool = True, replay: bool = True, topics: Sequence[str] = ()) -> LoadResult:
    """Every record of the run's folder as it stood on the as-of day, problems reported on stderr.

    With `replay` (the default) each record is replayed to the as-of date (core/replay.states_on): records
    created later are left out, and status, due, next_check and follow-ups are those of that day, so every
    flag and filter downstream sees the past as it was. Commands that replay over a period themselves (diff,
    feed, report) pass replay=False and get the records as written. `topics` are the command's --topic values,
    checked against the records as written (note_unknown_topics).
    """
    result = read_records(run.rdir, run.env, use_cache)
    report_problems(result.problems)
    note_unknown_topics(topics, result.records)
    if replay:
        from jbz_cli.core.replay import states_on

        result = LoadResult(states_on(result.records, run.settings.as_of), result.problems)
    return result


def load_ids(run: Run, ids: list[str]) -> LoadResult | None:
    """Like load, for only the records with these ids, from the index, problems not yet reported; None when the
    index cannot answer (the caller then loads everything)."""
    from jbz_cli.core.replay import states_on
    from jbz_cli.store import index

    try:
        records, problems = index.load_records(run.rdir, run.env.cache_dir, ids)
    except Exception:  # IndexUnavailable, or a damaged cache: the files are the truth
        return None
    return LoadResult(states_on(records, run.settings.as_of), problems)


def read_records(rdir: RecordsDir, env: Environment, use_cache: bool = True) -> LoadResult:
    """The one index-or-files loader: the index in the cache folder when it can answer, the files otherwise."""
    if use_cache:
        from jbz_cli.store.cache import note_use
        from jbz_cli.store.index import load_or_read

        result = load_or_read(rdir, env.cache_dir)
        note_use(env.cache_dir, rdir.path, env.today)  # one stat; prunes old indexes once a day
        return result
    return load_records(rdir)


_DUE_OPTIONS = ("--due-by", "--due-after", "--next-check")  # dates written like a due date, and called so


def parse_window(value: str | None, option: str, end: bool) -> date | None:
    """An option date may be imprecise: 2026-Q3 starts on 1 July (--from, --since) and ends on 30 September."""
    if value is None:
        return None
    try:
        window = parse_due(value)
    except ValueError as exc:
        # parse_due speaks of a record's due date; a window such as --since or --from is not one.
        message = str(exc) if option in _DUE_OPTIONS else str(exc).replace("invalid due date", "invalid date", 1)
        raise UsageError(f"{option}: {message}") from None
    return window.end if end else window.start


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
    include_unknown_status: bool = False,
) -> Filter:
    """The filter options that list and export share, checked before any record is read.

    Raises UsageError for a bad date or a contradictory combination (Filter.validate).
    """
    flags = [f for f, on in ((FLAG_OVERDUE, overdue), (FLAG_DUE_SOON, due_soon), (FLAG_AWAITING, awaiting)) if on]
    flt = Filter(
        open=open_,
        closed=closed,
        statuses=tuple(s.lower() for s in status or ()),  # as --topic: `--status Open` means open
        kinds=tuple(k.lower() for k in kind or ()),
        topics=topic or (),
        actor=actor,
        search=search,
        flags=flags,
        due_by=parse_window(due_by, "--due-by", end=True),
        due_after=parse_window(due_after, "--due-after", end=True),
        include_unknown_status=include_unknown_status,
    )
    flt.validate()
    return flt


def rel_display(rdir: RecordsDir, path: Path) -> str:
    """How a file of the records folder is named in messages: relative to the folder, as the user gave it."""
    return display_path(rdir, path.resolve().relative_to(rdir.path.resolve()).as_posix())


def report_followups(rdir: RecordsDir, results: list[WriteResult]) -> None:
    """A diff on stdout per dry run, one `updated` line on stderr per written record."""
    for res in results:
        label = rel_display(rdir, res.path)
        if res.dry_run:
            sys.stdout.write(res.diff(label))
            say(f"dry run: would update {label} ({', '.join(res.changes)}); nothing written")
        else:
            say(f"updated {res.id}: {', '.join(res.changes)}")


def emit(data: bytes | str, output: str | None) -> None:
    """Output to stdout, or to a file that a reader never sees half-written.

    This path skips the SafeStream on stdout, so what comes here is already guarded by its renderer, on screen
    or in a file: text by present/terminal.safe_text (render_report, render_briefing), bytes in their own grammar
    (iCalendar via present/ics, Atom via present/feed.xml_text), which need raw CRs and pass unchanged.
    """
    from jbz_cli.store.outfile import write_output

    if isinstance(data, str):
        data = data.encode("utf-8")

    if output is None or output == "-":
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    write_output(Path(output), data)


# Scale: the index in the cache folder (store/index.py). Any reason it cannot answer means "read the files".


def _item_shape(record: Record) -> dict[str, Any]:
    from jbz_cli.core.query import Item
    from jbz_cli.present.shapes import item_dict

    return item_dict(Item(record, ()))


@dataclass
class Indexed:
    """The answer of the index: the hits, in the form the format's writer reads (ListWriter.needs), and the problems
    to report."""

    hits: Sequence[Any]
    problems: list[RecordError]


def find_indexed(run: Run, flt: Filter, sort: str, reverse: bool, limit: int | None) -> Indexed | None:
    """The list answer from the index, or None when the files must be read directly."""
    from jbz_cli.present.views.list import list_writer
    from jbz_cli.store import index

    writer = list_writer(run.fmt)
    rows, shapes = writer.needs == "rows", writer.needs == "shapes"
    try:
        if shapes:  # one row at a time, keeping only each shape's text (store/index_stream.py)
            from jbz_cli.store.index_stream import find_shapes

            found = find_shapes(run.rdir, run.env.cache_dir, flt, run.settings, _item_shape, sort, reverse, limit)
        else:
            found = index.find(
                run.rdir,
                run.env.cache_dir,
                flt,
                run.settings,
                sort,
                reverse,
                limit,
                full=not rows,
                rows=rows,
            )
        hits = found.hits if rows else found.shapes if shapes else writer.of_items(found.items(run.rdir))
    except index.IndexUnavailable:
        return None
    except Exception:  # a damaged cache must never stop an answer that the files can give
        return None
    from jbz_cli.store.cache import note_use

    note_use(run.env.cache_dir, run.rdir.path, run.env.today)  # one stat; prunes old indexes once a day
    if flt.topics:  # the index answered; the records it holds tell whether each topic exists
        note_unknown_topics(flt.topics, read_records(run.rdir, run.env).records)
    return Indexed(hits, found.problems)
