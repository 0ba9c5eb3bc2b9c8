"""`jbz agenda`: upcoming and overdue deadlines grouped by month."""

from __future__ import annotations

import sys
from typing import Annotated

from jbz_cli.cli.context import ReadOptions, make_run
from jbz_cli.cli.filters import parse_window
from jbz_cli.cli.options import AsOfOpt, JsonOpt, NoColorOpt, Option, RecordsOpt, SoonOpt, format_option
from jbz_cli.errors import ExitStatus
from jbz_cli.present.lines import FORMATS

# The agenda reads as text even when piped (plain then); the line formats list its items.
AGENDA_FORMATS = FORMATS
AgendaFormatOpt = format_option(AGENDA_FORMATS, "table")  # --format: these formats, table by default


def agenda_command(
    from_: Annotated[
        str | None,
        Option("--from", metavar="D", help="First month (default: the oldest overdue item's, else the as-of month)."),
    ] = None,
    to: Annotated[
        str | None, Option("--to", metavar="D", help="Last day; 2026-Q4 means its end (default: six months on).")
    ] = None,
    open_only: Annotated[
        bool, Option("--open-only/--all", help="Only open, waiting or partial items, or closed ones too.")
    ] = True,
    records: RecordsOpt = None,
    as_of: AsOfOpt = None,
    fmt: AgendaFormatOpt = None,
    as_json: JsonOpt = False,
    no_color: NoColorOpt = False,
    soon_days: SoonOpt = 30,
) -> ExitStatus:
    """Upcoming and overdue deadlines grouped by month, with a timeline on a terminal and the JBZ Councils marked."""
    from jbz_cli.cli.commands.councils import read_councils
    from jbz_cli.cli.overview import overview_items
    from jbz_cli.core.overviews import agenda_of, agenda_reach
    from jbz_cli.core.query import Filter
    from jbz_cli.present.views.agenda import write_agenda

    run = make_run(
        ReadOptions(records=records, as_of=as_of, fmt=fmt, as_json=as_json, no_color=no_color, soon_days=soon_days),
        default="table",
        allowed=AGENDA_FORMATS,
        command="agenda",
    )
    start = parse_window(from_, "--from", end=False)
    end = parse_window(to, "--to", end=True)
    # The dated items of select(Filter(open=open_only)) that agenda_of can keep: due_by up to the agenda's reach.
    with overview_items(run, Filter(open=open_only, due_by=agenda_reach(run.settings.as_of, end))) as (items, problems):
        found, _ = read_councils(run.rdir)
        agenda = agenda_of(items, run.settings, start, end, open_only, found.meetings)
        write_agenda(agenda, run.fmt, sys.stdout, run.style)
    return ExitStatus.of(problems or found.problems)
