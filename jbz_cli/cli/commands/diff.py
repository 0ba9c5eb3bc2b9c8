"""`jbz diff FROM TO`: what opened, closed, reopened, slipped or changed overdue state in a period."""

from __future__ import annotations

import sys
from datetime import timedelta
from typing import Annotated

import typer

from jbz_cli.cli.context import ReadOptions, make_run
from jbz_cli.cli.filters import parse_window
from jbz_cli.cli.formats import choose_format
from jbz_cli.cli.loading import load
from jbz_cli.cli.options import (
    ActorOpt,
    Argument,
    AsOfOpt,
    JsonOpt,
    KindOpt,
    NoCacheOpt,
    NoColorOpt,
    Option,
    RecordsOpt,
    SearchOpt,
    TopicOpt,
)
from jbz_cli.core.query import Filter
from jbz_cli.errors import ExitStatus, UsageError
from jbz_cli.present.lines import FORMATS

DIFF_FORMATS = ("table", "md", "json", "jsonl")  # the same tuple as present/views/diff.py, kept import-free here

DiffFormatOpt = Annotated[
    str | None,
    Option("--format", "-f", metavar="FORMAT", help=f"Output format: {', '.join(DIFF_FORMATS)} (default: table)."),
]


def diff_command(
    from_: Annotated[
        str, Argument(metavar="FROM", help="The period starts after the end of FROM (2026-03-31, 2026-Q1, ...).")
    ],
    to: Annotated[str, Argument(metavar="TO", help="The period ends at the end of TO, included.")],
    topic: TopicOpt = None,
    kind: KindOpt = None,
    actor: ActorOpt = None,
    search: SearchOpt = None,
    records: RecordsOpt = None,
    as_of: AsOfOpt = None,
    fmt: DiffFormatOpt = None,
    as_json: JsonOpt = False,
    no_color: NoColorOpt = False,
    no_cache: NoCacheOpt = False,
) -> ExitStatus:
    """What changed after FROM up to and including TO: opened, closed, reopened, slipped, overdue or no longer."""
    from jbz_cli.core.diffing import diff
    from jbz_cli.core.report import cut_at
    from jbz_cli.present.views.diff import write_diff

    # Negotiated (--json with another --format is refused) and checked before FROM and TO; make_run checks again.
    chosen = choose_format(fmt or None, as_json, (*FORMATS, "md"), "table", f"one of {', '.join(DIFF_FORMATS)}")
    if chosen not in DIFF_FORMATS:
        raise UsageError(f"diff cannot be written as {chosen!r}: expected one of {', '.join(DIFF_FORMATS)}")
    start = parse_window(from_, "FROM", end=True)
    end = parse_window(to, "TO", end=True)
    assert start is not None and end is not None
    if start > end:
        raise UsageError(f"FROM {from_} ends on {start.isoformat()}, after TO {to} ends on {end.isoformat()}")
    flt = Filter(kinds=kind or (), topics=topic or (), actor=actor, search=search)
    flt.validate()
    run = make_run(
        ReadOptions(records=records, as_of=as_of, fmt=chosen, as_json=False, no_color=no_color),
        default="table",
        allowed=DIFF_FORMATS,
        command="diff",
    )
    first = start + timedelta(days=1)  # the period starts the day after FROM ends
    end, cut = cut_at(first, end, run.settings.as_of, f"the period after FROM {from_}")
    if cut:
        typer.echo(f"jbz: note: TO {to} has not ended on the as-of day; the diff stops at {end.isoformat()}", err=True)
    loaded = load(run, use_cache=not no_cache, replay=False, topics=flt.topics)
    write_diff(diff(loaded.records, start, end, flt), run.fmt, sys.stdout, run.style)
    return ExitStatus.of(loaded.problems)
