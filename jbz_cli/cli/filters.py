"""The filter options that list and export share, turned into a checked core Filter before any record is read."""

from __future__ import annotations

from datetime import date

from jbz_cli.cli.options import FilterOptions
from jbz_cli.core.dates import parse_due
from jbz_cli.core.query import FLAG_AWAITING, FLAG_DUE_SOON, FLAG_OVERDUE, Filter
from jbz_cli.errors import UsageError

_DUE_OPTIONS = ("--due-by", "--due-after", "--next-check")  # dates written like a due date, and called so


def parse_window(value: str | None, option: str, end: bool) -> date | None:
    """An option date may be imprecise: 2026-Q3 starts on 1 July (--from, --since) and ends on 30 September."""
    if value is None:
        return None
    try:
        window = parse_due(value)
    except ValueError as exc:
        # parse_due speaks of a record's due date; a window such as --since or --from is not one.
        message = str(exc) if option in _DUE_OPTIONS else str(exc).replace("invalid due date", "invalid date", 1)
        raise UsageError(f"{option}: {message}") from None
    return window.end if end else window.start


def make_filter(options: FilterOptions) -> Filter:
    """The filter options that list and export share, checked before any record is read.

    Raises UsageError for a bad date or a contradictory combination (Filter.validate).
    """
    o = options
    on = ((FLAG_OVERDUE, o.overdue), (FLAG_DUE_SOON, o.due_soon), (FLAG_AWAITING, o.awaiting))
    flt = Filter(
        open=o.open_,
        closed=o.closed,
        statuses=tuple(s.lower() for s in o.status or ()),  # as --topic: `--status Open` means open
        kinds=tuple(k.lower() for k in o.kind or ()),
        topics=o.topic or (),
        actor=o.actor,
        search=o.search,
        flags=[flag for flag, given in on if given],
        due_by=parse_window(o.due_by, "--due-by", end=True),
        due_after=parse_window(o.due_after, "--due-after", end=True),
        include_unknown_status=o.include_unknown_status,
    )
    flt.validate()
    return flt
