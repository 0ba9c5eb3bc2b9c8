"""`jbz brief`: a pre-Council briefing of what is overdue, awaited, due soon, and what changed."""

from __future__ import annotations

from typing import Annotated

import typer

from jbz_cli.cli.complete import complete_topics
from jbz_cli.cli.options import AsOfOpt, OutputOpt, RecordsOpt, SoonOpt, StaleOpt
from jbz_cli.cli.runtime import choose_format, emit, load, make_run, parse_window
from jbz_cli.errors import ExitStatus


def brief_command(
    since: Annotated[
        str | None,
        typer.Option("--since", metavar="D", help="Report follow-ups logged on or after D (default: 30 days back)."),
    ] = None,
    until: Annotated[
        str | None,
        typer.Option(
            "--until", metavar="D", help="List what falls due up to the end of D (default: --soon-days ahead)."
        ),
    ] = None,
    topic: Annotated[
        list[str] | None,
        typer.Option(
            "--topic", metavar="TOPIC", help="Only these topics (repeatable).", autocompletion=complete_topics
        ),
    ] = None,
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help="md, text or html (default: from the -o extension, else md).",
        ),
    ] = None,
    output: OutputOpt = None,
    records: RecordsOpt = None,
    as_of: AsOfOpt = None,
    soon_days: SoonOpt = 30,
    stale_days: StaleOpt = 90,
) -> ExitStatus:
    """Write a pre-Council briefing: overdue, awaiting follow-up, due soon, and what changed."""
    from jbz_cli.core.brief import build_briefing
    from jbz_cli.present.brief_render import BRIEF_FORMATS, format_for, render_briefing

    chosen = choose_format(format_for(output, fmt), False, BRIEF_FORMATS, "md")
    run = make_run(records, as_of, soon_days=soon_days, stale_days=stale_days)
    since_day = parse_window(since, "--since", end=False)
    until_day = parse_window(until, "--until", end=True)
    loaded = load(run)
    briefing = build_briefing(loaded.records, run.settings, since_day, until_day, topic or ())
    emit(render_briefing(briefing, chosen).encode("utf-8"), output)
    return ExitStatus.FINDINGS if loaded.problems else ExitStatus.OK
