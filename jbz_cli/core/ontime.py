"""On time or late, weighed two ways: against the original due date and against the one in force at closing.

Judging only by the last revised date calls a deadline that slipped twice "on time"; judging only by the first
ignores agreed extensions. Reports need both. Pure: the period is passed in.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

from jbz_cli.core.dates import DueWindow
from jbz_cli.core.model import Record
from jbz_cli.core.replay import due_on, initial_due, state_on

ON_TIME = "on_time"
LATE = "late"
UNKNOWN = "unknown"
TIMED_KINDS = ("commitment", "deadline")  # kinds whose closing can be weighed against a due date
# (id, kind, original verdict, revised verdict) of one done record, as verdict() judges it
Judged = tuple[str, str, str, str]


def done_on(record: Record) -> date | None:
    """The date of the latest follow-up that set the status to done: when the item was met."""
    days = [f.date for f in record.followups if f.status == "done"]
    return max(days) if days else None


def _verdict(closed: date | None, due: DueWindow | None) -> str:
    if closed is None or due is None:
        return UNKNOWN
    return ON_TIME if closed <= due.end else LATE


class Verdict(NamedTuple):
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


def met(record: Record) -> Verdict | None:
    """The verdict of a done record, None for any other: what stats weighs (judge), and what the index stores."""
    return verdict(record) if record.status == "done" else None


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
    return two_way(judge(records, to_day, from_day, kinds), kinds)


def judge(
    records: Sequence[Record],
    to_day: date | None = None,
    from_day: date | None = None,
    kinds: Sequence[str] = TIMED_KINDS,
) -> list[Judged]:
    """The verdicts count_timeliness counts: one per done record of `kinds` (see there), in the records' order."""
    judged: list[Judged] = []
    for record in records:
        state = record if to_day is None else state_on(record, to_day)
        one = met(state) if state is not None and state.kind in kinds else None
        if state is None or one is None:
            continue
        if from_day is not None and (one.closed is None or one.closed < from_day):
            continue
        judged.append((state.id, state.kind, one.original, one.revised))
    return judged


def two_way(judged: Iterable[Judged], kinds: Sequence[str] = TIMED_KINDS) -> dict[str, TwoWay]:
    """Done records' verdicts per kind, each list in id order; verdicts of a kind not in `kinds` are left out.

    The index stores each done record's verdicts (store/index_sql.record_row) and hands them here as they are,
    so the lists are the same whichever path judged them.
    """
    out = {k: TwoWay() for k in kinds}
    for record_id, kind, original, revised in sorted(judged):
        if kind in out:
            out[kind].original[original].append(record_id)
            out[kind].revised[revised].append(record_id)
    return out
