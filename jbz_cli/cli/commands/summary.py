"""`jbz summary` (also `jbz` alone): counts by status, overdue, awaiting follow-up and due soon."""

from __future__ import annotations

import sys
from typing import Annotated

from jbz_cli.cli.context import ReadOptions, make_run
from jbz_cli.cli.options import (
    ActorOpt,
    AsOfOpt,
    JsonOpt,
    KindOpt,
    NoColorOpt,
    Option,
    RecordsOpt,
    SoonOpt,
    StaleOpt,
    TopicOpt,
    format_option,
)
from jbz_cli.errors import ExitStatus

# Overviews read as text even when piped (plain then), so `table` is their default everywhere.
TEXT_FORMATS = ("table", "json")
SummaryFormatOpt = format_option(TEXT_FORMATS, "table")  # --format: these formats, table by default


def summary_command(
    records: RecordsOpt = None,
    as_of: AsOfOpt = None,
    fmt: SummaryFormatOpt = None,
    as_json: JsonOpt = False,
    no_color: NoColorOpt = False,
    soon_days: SoonOpt = 30,
    stale_days: StaleOpt = 90,
    limit: Annotated[
        int, Option("--limit", "-n", min=0, metavar="N", help="At most N items per section (0: all).")
    ] = 10,
    topic: TopicOpt = None,
    kind: KindOpt = None,
    actor: ActorOpt = None,
) -> ExitStatus:
    """Where things stand: counts by status, overdue, awaiting follow-up and due soon (also `jbz` alone)."""
    from jbz_cli.cli.overview import overview_filter, summary_items
    from jbz_cli.core.overviews import summary_of
    from jbz_cli.present.views.summary import write_summary

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
        allowed=TEXT_FORMATS,
        command="summary",
    )
    top = limit if run.fmt == "table" else 0  # the text shows the first `limit` of each list; JSON every item
    with summary_items(run, overview_filter(topic, kind, actor), top) as (items, problems, (by_status, held, part)):
        shown = run.rdir.display
        if run.rdir.origin == "bundled" and run.fmt != "json":  # say which folder; JSON keeps the bare path
            shown += " (the bundled examples; `jbz init` starts your own)"
        summary = summary_of(items, run.settings, shown, len(problems), held, by_status, part)
        scope = list_scope(run.rdir.display if records else None, as_of and run.settings.as_of.isoformat(),
                           stale_days, topic, kind, actor)  # fmt: skip
        write_summary(summary, run.fmt, sys.stdout, run.style, limit, scope)
    return ExitStatus.of(problems)


def list_scope(
    records: str | None,
    as_of: str | None,
    stale_days: int,
    topic: list[str] | None,
    kind: list[str] | None,
    actor: str | None,
) -> str:
    """The options, shell-quoted and each after a space, that make `jbz list` read the folder and the day this
    summary read and narrow it as the summary was narrowed: the tail of each "and N more" command. A folder or day
    found without an option is found again the same way; --soon-days is the due-soon section's own."""
    import shlex

    pairs = [("--records", records), ("--as-of", as_of)]
    pairs += [("--stale-days", str(stale_days))] if stale_days != 90 else []
    pairs += [("--topic", t) for t in topic or ()] + [("--kind", k) for k in kind or ()] + [("--actor", actor)]
    return "".join(f" {name} {shlex.quote(value)}" for name, value in pairs if value)
