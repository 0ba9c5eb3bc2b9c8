"""`jbz list`: records filtered and flagged for the as-of date, from the index when it can answer."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from jbz_cli.cli.runtime import find_indexed, load, make_filter, make_run, report_problems
from jbz_cli.core.query import select
from jbz_cli.errors import ExitStatus
from jbz_cli.present.views.list import list_writer

if TYPE_CHECKING:  # typer reads these through cli/app.py; the fast start (cli/fast.py) never imports typer
    from jbz_cli.cli.options import (
        ActorOpt,
        AsOfOpt,
        AwaitingOpt,
        ClosedOpt,
        DueAfterOpt,
        DueByOpt,
        DueSoonOpt,
        ExitCodeOpt,
        FormatOpt,
        IncludeUnknownStatusOpt,
        JsonOpt,
        KindOpt,
        LimitOpt,
        NoCacheOpt,
        NoColorOpt,
        OpenOpt,
        OverdueOpt,
        RecordsOpt,
        ReverseOpt,
        SearchOpt,
        SoonOpt,
        SortOpt,
        StaleOpt,
        StatusOpt,
        TopicOpt,
    )


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
    include_unknown_status: IncludeUnknownStatusOpt = False,
    due_by: DueByOpt = None,
    due_after: DueAfterOpt = None,
    search: SearchOpt = None,
    sort: SortOpt = "due",
    reverse: ReverseOpt = False,
    limit: LimitOpt = None,
    exit_code: ExitCodeOpt = False,
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
    flt = make_filter(
        open_,
        closed,
        status,
        kind,
        topic,
        actor,
        overdue,
        due_soon,
        awaiting,
        due_by,
        due_after,
        search,
        include_unknown_status,
    )
    writer = list_writer(run.fmt)
    found = None if no_cache else find_indexed(run, flt, sort, reverse, limit)
    if found is not None:  # the index gives the hits in the form the writer reads
        report_problems(found.problems)
        hits, problems = found.hits, found.problems
    else:
        loaded = load(run, use_cache=False, topics=flt.topics)
        hits = writer.of_items(select(loaded.records, flt, run.settings, sort, reverse, limit))
        problems = loaded.problems
    writer.write(hits, sys.stdout, run.style, "")
    matched = len(hits) > 0
    return ExitStatus.FINDINGS if (exit_code and matched) or problems else ExitStatus.OK
