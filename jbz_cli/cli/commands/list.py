"""`jbz list`: records filtered and flagged for the as-of date, from the index when it can answer."""

from __future__ import annotations

import sys

from jbz_cli.cli.context import ReadOptions, make_run
from jbz_cli.cli.filters import make_filter
from jbz_cli.cli.loading import RowHits, ShapeHits, find_indexed, load, report_problems
from jbz_cli.cli.options import (
    AsOfOpt,
    ExitCodeOpt,
    FilterOptions,
    FormatOpt,
    JsonOpt,
    LimitOpt,
    NoCacheOpt,
    NoColorOpt,
    RecordsOpt,
    ReverseOpt,
    SoonOpt,
    SortOpt,
    StaleOpt,
)
from jbz_cli.core.query import select
from jbz_cli.errors import ExitStatus
from jbz_cli.present.lines import write_rows
from jbz_cli.present.views.list import ListResult, write_items, write_shapes


def list_command(
    filters: FilterOptions,
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
    run = make_run(
        ReadOptions(
            records=records,
            as_of=as_of,
            fmt=fmt,
            as_json=as_json,
            no_color=no_color,
            soon_days=soon_days,
            stale_days=stale_days,
        )
    )
    flt = make_filter(filters)
    found = None if no_cache else find_indexed(run, flt, sort, reverse, limit)
    if found is not None:
        report_problems(found.problems)
        matched, problems = bool(found.hits), found.problems
        if isinstance(found.hits, RowHits):
            write_rows(found.hits, run.fmt, sys.stdout)
        elif isinstance(found.hits, ShapeHits):
            write_shapes(found.hits, run.fmt, sys.stdout)
        else:
            write_items(found.hits, run.fmt, sys.stdout, run.style)
    else:
        loaded = load(run, use_cache=False, topics=flt.topics)
        items = select(loaded.records, flt, run.settings, sort, reverse, limit)
        result = ListResult(items, run.settings, loaded.problems)
        write_items(result.items, run.fmt, sys.stdout, run.style)
        matched, problems = bool(result.items), result.problems
    return ExitStatus.of((exit_code and matched) or problems)
