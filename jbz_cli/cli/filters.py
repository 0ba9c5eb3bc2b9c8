"""The filter options that list and export share, turned into a checked core Filter before any record is read."""

from __future__ import annotations

from datetime import date

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


def make_filter(
    open_: bool,
    closed: bool,
    status: list[str] | None,
    kind: list[str] | None,
    topic: list[str] | None,
    actor: str | None,
    overdue: bool,
    due_soon: bool,
    awaiting: bool,
    due_by: str | None,
    due_after: str | None,
    search: str | None,
    include_unknown_status: bool = False,
) -> Filter:
    """The filter options that list and export share, checked before any record is read.

    Raises UsageError for a bad date or a contradictory combination (Filter.validate).
    """
    flags = [f for f, on in ((FLAG_OVERDUE, overdue), (FLAG_DUE_SOON, due_soon), (FLAG_AWAITING, awaiting)) if on]
    flt = Filter(
        open=open_,
        closed=closed,
        statuses=tuple(s.lower() for s in status or ()),  # as --topic: `--status Open` means open
        kinds=tuple(k.lower() for k in kind or ()),
        topics=topic or (),
        actor=actor,
        search=search,
        flags=flags,
        due_by=parse_window(due_by, "--due-by", end=True),
        due_after=parse_window(due_after, "--due-after", end=True),
        include_unknown_status=include_unknown_status,
    )
    flt.validate()
    return flt
