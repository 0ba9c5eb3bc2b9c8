"""`jbz stats`: counts by kind, status, topic and actor, and how many done items were met on time, two ways."""

from __future__ import annotations

import sys
from dataclasses import replace
from typing import Annotated

from jbz_cli.cli.context import ReadOptions, make_run
from jbz_cli.cli.filters import parse_window
from jbz_cli.cli.options import (
    ActorOpt,
    AsOfOpt,
    JsonOpt,
    KindOpt,
    NoColorOpt,
    Option,
    RecordsOpt,
    TopicOpt,
    format_option,
)
from jbz_cli.errors import ExitStatus, UsageError
from jbz_cli.present.lines import FORMATS

STATS_FORMATS = tuple(f for f in FORMATS if f != "ids")
StatsFormatOpt = format_option(STATS_FORMATS, "table")  # --format: these formats, table by default


def stats_command(
    records: RecordsOpt = None,
    fmt: StatsFormatOpt = None,
    as_json: JsonOpt = False,
    no_color: NoColorOpt = False,
    as_of: AsOfOpt = None,
    from_: Annotated[
        str | None,
        Option("--from", metavar="D", help="Weigh only items met on or after the start of D (2026-Q1, ...)."),
    ] = None,
    to: Annotated[
        str | None,
        Option("--to", metavar="D", help="Count the records as they stood at the end of D (2026-Q2, ...)."),
    ] = None,
    topic: TopicOpt = None,
    kind: KindOpt = None,
    actor: ActorOpt = None,
) -> ExitStatus:
    """Counts by kind, status, topic and actor, and how many done items were met on time, two ways.

    Done commitments and deadlines are weighed against the due date in force on the day they were met and against
    the one first promised. Every count is of the records as they stood at the end of --to, or of the as-of day
    when that is earlier.
    """
    from jbz_cli.cli.overview import overview_filter, overview_stats
    from jbz_cli.present.views.stats import write_stats

    run = make_run(
        ReadOptions(records=records, as_of=as_of, fmt=fmt, as_json=as_json, no_color=no_color),
        default="table",
        allowed=STATS_FORMATS,
        command="stats",
    )
    start = parse_window(from_, "--from", end=False)
    end = parse_window(to, "--to", end=True)
    day = min(end, run.settings.as_of) if end is not None else run.settings.as_of
    if start is not None and start > day:
        raise UsageError(f"--from {from_} starts on {start.isoformat()}, after the period ends on {day.isoformat()}")
    run.settings = replace(run.settings, as_of=day)
    # Every record's topics and actor are counted; the follow-ups of done ones are weighed (core/ontime).
    flt = overview_filter(topic, kind, actor)
    stats, problems = overview_stats(run, flt, start)
    write_stats(stats, run.fmt, sys.stdout, run.style)
    return ExitStatus.of(problems)
