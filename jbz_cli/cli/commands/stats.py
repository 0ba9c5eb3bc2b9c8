"""`jbz stats`: counts by kind, status, topic and actor, and how many done items were met on time."""

from __future__ import annotations

import sys

from jbz_cli.cli.options import JsonOpt, NoColorOpt, RecordsOpt, format_option
from jbz_cli.cli.runtime import load, make_run
from jbz_cli.errors import ExitStatus
from jbz_cli.present.lines import FORMATS

STATS_FORMATS = tuple(f for f in FORMATS if f != "ids")
StatsFormatOpt = format_option(STATS_FORMATS, "table")


def stats_command(
    records: RecordsOpt = None,
    fmt: StatsFormatOpt = None,
    as_json: JsonOpt = False,
    no_color: NoColorOpt = False,
) -> ExitStatus:
    """Counts by kind, status, topic and actor, and how many done items were met on time."""
    from jbz_cli.core.report import build_stats
    from jbz_cli.present.views.stats import write_stats

    run = make_run(records, None, fmt, as_json, no_color, default="table", allowed=STATS_FORMATS, command="stats")
    loaded = load(run)
    write_stats(build_stats(loaded.records), run.fmt, sys.stdout, run.style)
    return ExitStatus.FINDINGS if loaded.problems else ExitStatus.OK
