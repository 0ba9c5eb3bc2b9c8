"""`jbz list`: records filtered and flagged for the as-of date, from the index when it can answer."""

from __future__ import annotations

import sys

from jbz_cli.cli.context import ReadOptions, make_run
from jbz_cli.cli.filters import make_filter
from jbz_cli.cli.loading import find_indexed, load, report_problems
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
from jbz_cli.present.views.list import list_writer


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
    return ExitStatus.of((exit_code and matched) or problems)
