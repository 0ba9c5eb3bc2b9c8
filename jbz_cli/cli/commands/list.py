"""`jbz list`: records filtered and flagged for the as-of date, from the index when it can answer."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from jbz_cli.cli.options import (
    ActorOpt,
    AsOfOpt,
    AwaitingOpt,
    ClosedOpt,
    DueAfterOpt,
    DueByOpt,
    DueSoonOpt,
    FormatOpt,
    JsonOpt,
    KindOpt,
    NoCacheOpt,
    NoColorOpt,
    OpenOpt,
    OverdueOpt,
    RecordsOpt,
    SearchOpt,
    SoonOpt,
    StaleOpt,
    StatusOpt,
    TopicOpt,
    make_filter,
)
from jbz_cli.cli.runtime import RowHits, find_indexed, load, make_run, report_problems
from jbz_cli.core.query import SORT_KEYS, select
from jbz_cli.errors import ExitStatus
from jbz_cli.present.lines import write_rows
from jbz_cli.present.views.list import ListResult, write_items


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
) -> ExitStatus:
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
        loaded = load(run, use_cache=False, topics=flt.topics)
        items = select(loaded.records, flt, run.settings, sort, reverse, limit)
        result = ListResult(items, run.settings, loaded.problems)
        write_items(result.items, run.fmt, sys.stdout, run.style)
        matched, problems = bool(result.items), result.problems
    return ExitStatus.FINDINGS if (exit_code and matched) or problems else ExitStatus.OK
