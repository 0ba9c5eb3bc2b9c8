"""`jbz show`: records in full, or every record of a topic (the dossier)."""

from __future__ import annotations

import sys
from typing import Annotated

from jbz_cli.cli.complete import complete_ids_and_topics
from jbz_cli.cli.context import ReadOptions, Run, make_run
from jbz_cli.cli.loading import load, load_ids, report_problems
from jbz_cli.cli.options import (
    Argument,
    AsOfOpt,
    JsonOpt,
    NoCacheOpt,
    NoColorOpt,
    RecordsOpt,
    SoonOpt,
    StaleOpt,
    format_option,
)
from jbz_cli.cli.stdin_ids import expand_stdin
from jbz_cli.core.query import Filter, Resolution, Settings, resolve_all, select
from jbz_cli.errors import ExitStatus
from jbz_cli.present.lines import FORMATS
from jbz_cli.present.views.show import ShowResult, write_show_many
from jbz_cli.store.files import LoadResult

# A record reads as text, piped or not; its text has no box characters.
SHOW_FORMATS = FORMATS
ShowFormatOpt = format_option(SHOW_FORMATS, "table")  # --format: these formats, table by default
MAX_EXACT = 100  # more arguments than this (from stdin): read the whole folder once instead


def show_command(
    queries: Annotated[
        list[str],
        Argument(
            metavar="ID|TOPIC|-",
            help="Record ids, topics (dossiers), or unique id prefixes or parts; - reads them from stdin, one a line.",
            autocompletion=complete_ids_and_topics,
        ),
    ],
    records: RecordsOpt = None,
    as_of: AsOfOpt = None,
    fmt: ShowFormatOpt = None,
    as_json: JsonOpt = False,
    no_color: NoColorOpt = False,
    soon_days: SoonOpt = 30,
    stale_days: StaleOpt = 90,
    no_cache: NoCacheOpt = False,
) -> ExitStatus:
    """Show records in full, or every record of a topic (the dossier)."""
    run = make_run(
        ReadOptions(
            records=records,
            as_of=as_of,
            fmt=fmt,
            as_json=as_json,
            no_color=no_color,
            soon_days=soon_days,
            stale_days=stale_days,
        ),
        default="table",
        allowed=SHOW_FORMATS,
        command="show",
    )
    wanted = expand_stdin(queries, sys.stdin, run.env.stdin_tty, allow_empty=True)
    loaded = None if no_cache else exact_ids(run, wanted)
    if loaded is None:
        loaded = load(run, use_cache=not no_cache)
    # Resolve every argument before printing anything, so a bad id never leaves half an output behind.
    results = [show_result(r, run.settings) for r in resolve_all(loaded.records, wanted)]
    write_show_many(results, run.fmt, sys.stdout, run.style, array=len(wanted) != 1 or "-" in queries)
    return ExitStatus.of(loaded.problems)


def exact_ids(run: Run, wanted: list[str]) -> LoadResult | None:
    """When every argument is a record id, just those records from the index (problems reported), so a large
    folder is not read in full; None otherwise. resolve() tries ids first, so the answer is the same."""
    if not wanted or len(wanted) > MAX_EXACT:
        return None
    some = load_ids(run, sorted({*wanted, *(q.lower() for q in wanted)}))
    if some is None:
        return None
    have = {r.id for r in some.records}
    if any(q not in have and q.lower() not in have for q in wanted):
        return None
    report_problems(some.problems)
    return some


def show_result(resolution: Resolution, settings: Settings) -> ShowResult:
    """One argument's resolution (core/query.resolve_all) as items, in the order the resolution gives."""
    order = {r.id: n for n, r in enumerate(resolution.records)}
    items = select(resolution.records, Filter(), settings, sort="id")
    items.sort(key=lambda i: order[i.record.id])
    return ShowResult(resolution, items, settings)
