"""On time or late, weighed two ways: against the original due date and against the one in force at closing.

Judging only by the last revised date calls a deadline that slipped twice "on time"; judging only by the first
ignores agreed extensions. Reports need both. Pure: the period is passed in.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from jbz_cli.core.dates import DueWindow
from jbz_cli.core.model import Record
from jbz_cli.core.replay import due_on, initial_due, state_on

ON_TIME = "on_time"
LATE = "late"
UNKNOWN = "unknown"
TIMED_KINDS = ("commitment", "deadline")  # kinds whose closing can be weighed against a due date


def done_on(record: Record) -> date | None:
    """The date of the latest follow-up that set the status to done: when the item was met."""
    days = [f.date for f in record.followups if f.status == "done"]
    return max(days) if days else None


def _verdict(closed: date | None, due: DueWindow | None) -> str:
    if closed is None or due is None:
        return UNKNOWN
    return ON_TIME if closed <= due.end else LATE


@dataclass(frozen=True)
class Verdict:
    """One done record: when it was met, and whether that was on time by each measure."""

    id: str
    closed: date | None
    original_due: DueWindow | None
    revised_due: DueWindow | None
    original: str  # on_time | late | unknown
    revised: str


def verdict(record: Record) -> Verdict:
    """Judge a done record; the revised due is the one in force on the day it was met."""
    closed = done_on(record)
    original = initial_due(record)
    revised = due_on(record, closed) if closed is not None else record.due
    return Verdict(record.id, closed, original, revised, _verdict(closed, original), _verdict(closed, revised))


@dataclass
class TwoWay:
    """Done records of one kind, counted against the original and against the revised due date."""

    original: dict[str, list[str]] = field(default_factory=lambda: {ON_TIME: [], LATE: [], UNKNOWN: []})
    revised: dict[str, list[str]] = field(default_factory=lambda: {ON_TIME: [], LATE: [], UNKNOWN: []})

    def counts(self) -> dict[str, dict[str, int]]:
        return {
            "original": {k: len(v) for k, v in self.original.items()},
            "revised": {k: len(v) for k, v in self.revised.items()},
        }


def count_timeliness(
    records: Sequence[Record],
    to_day: date | None = None,
    from_day: date | None = None,
    kinds: Sequence[str] = TIMED_KINDS,
) -> dict[str, TwoWay]:
    """Count done records per kind, as they stood at the end of `to_day` (None: as written).

    With `from_day`, only records met on or after it count; a done record without a dated done follow-up
    cannot be placed in a period, so it then counts nowhere.
    """
    out = {k: TwoWay() for k in kinds}
    for record in sorted(records, key=lambda r: r.id):
        state = record if to_day is None else state_on(record, to_day)
        if state is None or state.kind not in out or state.status != "done":
            continue
        judged = verdict(state)
        if from_day is not None and (judged.closed is None or judged.closed < from_day):
            continue
        out[state.kind].original[judged.original].append(state.id)
        out[state.kind].revised[judged.revised].append(state.id)
    return out
