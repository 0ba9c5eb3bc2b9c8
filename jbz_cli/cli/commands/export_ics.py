"""`jbz export ics`: dated items as an iCalendar file, one all-day event on each due date."""

from __future__ import annotations

import typer

from jbz_cli.cli.context import ReadOptions, make_run
from jbz_cli.cli.filters import make_filter
from jbz_cli.cli.loading import load
from jbz_cli.cli.options import (
    AsOfOpt,
    FilterOptions,
    OutputOpt,
    RecordsOpt,
    SoonOpt,
)
from jbz_cli.cli.output import emit
from jbz_cli.core.query import select
from jbz_cli.errors import ExitStatus


def export_ics_command(
    filters: FilterOptions,
    output: OutputOpt = None,
    records: RecordsOpt = None,
    as_of: AsOfOpt = None,
    soon_days: SoonOpt = 30,
) -> ExitStatus:
    """Write dated items as an iCalendar file: one all-day event on each due date."""
    from jbz_cli.cli.formats import output_format
    from jbz_cli.present.ics import build_calendar

    output_format(output, None, ("ics",), "ics", "export ics")  # refuses -o x.json before reading anything
    run = make_run(ReadOptions(records=records, as_of=as_of, soon_days=soon_days))
    flt = make_filter(filters)
    loaded = load(run, topics=flt.topics)
    items = select(loaded.records, flt, run.settings)
    result = build_calendar(items, run.settings.as_of)
    emit(result.data, output)
    if result.undated:
        noun = "item has" if result.undated == 1 else "items have"
        typer.echo(f"jbz: {result.undated} matching {noun} no due date and no event", err=True)
    return ExitStatus.of(loaded.problems)
