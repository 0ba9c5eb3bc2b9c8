"""`jbz report --period PERIOD`: per actor, topic or addressee, what was open, overdue, closed, slipped or stale."""

from __future__ import annotations

from typing import Annotated

from jbz_cli.cli.context import ReadOptions, make_run
from jbz_cli.cli.loading import load
from jbz_cli.cli.options import (
    ActorOpt,
    AsOfOpt,
    KindOpt,
    NoCacheOpt,
    Option,
    OutputOpt,
    RecordsOpt,
    StaleOpt,
    TopicOpt,
)
from jbz_cli.cli.output import emit
from jbz_cli.errors import ExitStatus, UsageError

REPORT_FORMATS = ("md", "text", "html", "json")  # the same tuple as present/views/report.py, kept import-free here


def report_command(
    period: Annotated[
        str,
        Option("--period", "-p", metavar="PERIOD", help="The period, in the due grammar: 2026-H1, 2026-Q3, 2026."),
    ],
    by: Annotated[str, Option("--by", metavar="GROUP", help="Group by actor, topic or promised_to.")] = "actor",
    fmt: Annotated[
        str | None,
        Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help=f"{', '.join(REPORT_FORMATS[:-1])} or {REPORT_FORMATS[-1]} (default: from the -o extension, else md).",
        ),
    ] = None,
    output: OutputOpt = None,
    stale_days: StaleOpt = 90,
    records: RecordsOpt = None,
    as_of: AsOfOpt = None,
    no_cache: NoCacheOpt = False,
    topic: TopicOpt = None,
    kind: KindOpt = None,
    actor: ActorOpt = None,
) -> ExitStatus:
    """The period's overview per group: open with age, became overdue, closed (on time two ways), slipped, stale."""
    from jbz_cli.cli.formats import output_format
    from jbz_cli.core.report import GROUPINGS, Period, build_period_report
    from jbz_cli.present.views.report import render_report

    chosen = output_format(output, fmt, REPORT_FORMATS, "md", "report")
    if chosen == "table":  # the other name of text, as on every command (cli/formats.py)
        chosen = "text"
    if chosen not in REPORT_FORMATS:
        raise UsageError(f"report cannot be written as {chosen!r}: expected one of {', '.join(REPORT_FORMATS)}")
    if by not in GROUPINGS:
        raise UsageError(f"--by {by!r}: expected one of {', '.join(GROUPINGS)}")
    window = Period.parse(period)
    run = make_run(ReadOptions(records=records, as_of=as_of, stale_days=stale_days))
    window = window.until(run.settings.as_of)
    from jbz_cli.cli.overview import overview_filter
    from jbz_cli.core.query import matches

    flt = overview_filter(topic, kind, actor)
    loaded = load(run, use_cache=not no_cache, replay=False, topics=topic or ())
    kept = [r for r in loaded.records if flt is None or matches(r, (), flt)]  # the records as written
    report = build_period_report(kept, window, by, run.settings.stale_days)
    emit(render_report(report, chosen), output)
    return ExitStatus.of(loaded.problems)
