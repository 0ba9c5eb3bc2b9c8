"""`jbz brief`: a pre-Council briefing of what is overdue, awaited, due soon, and what changed."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Annotated

import typer

from jbz_cli.cli.complete import complete_topics
from jbz_cli.cli.context import ReadOptions, Run, make_run
from jbz_cli.cli.filters import parse_window
from jbz_cli.cli.formats import choose_format
from jbz_cli.cli.loading import load
from jbz_cli.cli.options import ActorOpt, AsOfOpt, KindOpt, Option, OutputOpt, RecordsOpt, SoonOpt, StaleOpt
from jbz_cli.cli.output import emit
from jbz_cli.core.model import Record
from jbz_cli.errors import ExitStatus, UsageError


def brief_command(
    since: Annotated[
        str | None,
        Option("--since", metavar="D", help="Report follow-ups logged on or after D (default: 30 days back)."),
    ] = None,
    until: Annotated[
        str | None,
        Option("--until", metavar="D", help="List what falls due up to the end of D (default: --soon-days ahead)."),
    ] = None,
    council: Annotated[
        str | None,
        Option(
            "--council",
            metavar="next|DATE",
            help="Brief for a JBZ Council in councils.toml: due up to it, changed since the previous one.",
        ),
    ] = None,
    topic: Annotated[
        list[str] | None,
        Option("--topic", metavar="TOPIC", help="Only these topics (repeatable).", autocompletion=complete_topics),
    ] = None,
    fmt: Annotated[
        str | None,
        Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help="md, text, html or json (default: from the -o extension, else md).",
        ),
    ] = None,
    output: OutputOpt = None,
    records: RecordsOpt = None,
    as_of: AsOfOpt = None,
    soon_days: SoonOpt = 30,
    stale_days: StaleOpt = 90,
    kind: KindOpt = None,
    actor: ActorOpt = None,
    short: Annotated[
        bool, Option("--compact", help="Leave out quotes and source URLs: one short entry per item, to print.")
    ] = False,
) -> ExitStatus:
    """Write a pre-Council briefing: overdue, awaiting follow-up, due soon, and what changed."""
    from jbz_cli.cli.formats import output_format
    from jbz_cli.core.brief import build_briefing
    from jbz_cli.present.brief_render import BRIEF_FORMATS, render_briefing

    chosen = choose_format(output_format(output, fmt, BRIEF_FORMATS, "md", "brief"), False, BRIEF_FORMATS, "md")
    if council is not None and (since is not None or until is not None):
        raise UsageError("--council sets the period itself; leave out --since and --until")
    run = make_run(ReadOptions(records=records, as_of=as_of, soon_days=soon_days, stale_days=stale_days))
    if council is not None:
        return _brief_for_council(council, run, topic or (), chosen, output, kind, actor, short)
    since_day = parse_window(since, "--since", end=False)
    until_day = parse_window(until, "--until", end=True)
    loaded = load(run, topics=topic or ())
    briefing = build_briefing(narrowed(loaded.records, kind, actor), run.settings, since_day, until_day, topic or ())
    emit(render_briefing(briefing, chosen, short), output)
    return ExitStatus.of(loaded.problems)


def narrowed(records: list[Record], kind: list[str] | None, actor: str | None) -> list[Record]:
    """The records --kind and --actor keep (cli/overview.overview_filter); --topic is the briefing's own."""
    from jbz_cli.cli.overview import overview_filter
    from jbz_cli.core.query import matches

    flt = overview_filter(None, kind, actor)
    return records if flt is None else [r for r in records if matches(r, (), flt)]


def _brief_for_council(
    council: str,
    run: Run,
    topics: Sequence[str],
    fmt: str,
    output: str | None,
    kind: list[str] | None = None,
    actor: str | None = None,
    short: bool = False,
) -> ExitStatus:
    """brief --council: due up to the meeting, changes since the previous one, replayed to the as-of day.

    FINDINGS when `next` finds no meeting (nothing to brief for) or a file could not be read.
    """
    from jbz_cli.cli.commands.councils import read_councils, where_to_add
    from jbz_cli.core.brief import build_briefing
    from jbz_cli.core.councils import brief_window, find_council, previous_council
    from jbz_cli.core.replay import states_on
    from jbz_cli.present.brief_render import render_briefing

    today = run.settings.as_of
    found, _ = read_councils(run.rdir)
    meeting = find_council(found.meetings, council, today)
    if meeting is None:
        typer.echo(
            f"jbz: no next JBZ Council is known on or after {today.isoformat()}: {where_to_add(run.rdir)}", err=True
        )
        return ExitStatus.FINDINGS
    previous = previous_council(found.meetings, meeting)
    since_day, until_day = brief_window(meeting, previous, today)
    loaded = load(run, topics=topics)
    # Replayed to the as-of day, so a briefing before a past meeting shows what was known then.
    briefing = build_briefing(
        narrowed(states_on(loaded.records, today), kind, actor), run.settings, since_day, until_day, topics
    )
    after = f"; changes since the {previous.label()}" if previous else "; no earlier meeting is listed"
    briefing = replace(briefing, occasion=f"before the {meeting.label()}{after}")
    emit(render_briefing(briefing, fmt, short), output)
    return ExitStatus.of(loaded.problems or found.problems)
