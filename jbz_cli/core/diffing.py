"""What changed between two days: the material of a clerk's periodic report to the committee.

The period runs from just after `start` up to and including `end`. Every answer comes from replaying the
records (replay.state_on), so a diff of past days is what those days really looked like. Pure.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from jbz_cli.core.model import OPEN_STATUSES, Record
from jbz_cli.core.query import Filter, matches
from jbz_cli.core.replay import exists_from, moves, state_on, transitions
from jbz_cli.errors import UsageError

SECTIONS = ("opened", "closed", "reopened", "slipped", "became_overdue", "no_longer_overdue")


@dataclass(frozen=True)
class Change:
    """One entry of one section; `detail` holds the section's own JSON-ready fields."""

    change: str  # one of SECTIONS
    record: Record  # the record as it stood at the end of the period
    day: date | None  # when it happened
    detail: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.record.id,
            "title": self.record.title,
            "date": self.day.isoformat() if self.day else None,
            **self.detail,
        }


@dataclass
class Diff:
    start: date  # exclusive
    end: date  # inclusive
    sections: dict[str, list[Change]]

    @property
    def total(self) -> int:
        return sum(len(v) for v in self.sections.values())


def overdue_on(state: Record | None, day: date) -> bool:
    return state is not None and state.is_open and state.due_by is not None and day > state.due_by


def _due_text(state: Record | None) -> str | None:
    return state.due.text if state is not None and state.due is not None else None


def _in(day: date, start: date, end: date) -> bool:
    return start < day <= end


def record_changes(record: Record, start: date, end: date) -> list[Change]:
    """The changes of one record in the period, at most one per section (the latest of its kind)."""
    before, after = state_on(record, start), state_on(record, end)
    if after is None:
        return []
    out: list[Change] = []
    born = exists_from(record)
    if born is not None and _in(born, start, end):
        out.append(Change("opened", after, born, {"status": status_of(record, born), "due": _due_text(after)}))
    steps = [t for t in transitions(record) if _in(t.day, start, end)]
    closing = [t for t in steps if t.before in OPEN_STATUSES and t.after not in OPEN_STATUSES]
    if closing:
        t = closing[-1]
        detail = {"status": t.after, "evidence": t.followup.evidence, "note": t.followup.note or None}
        out.append(Change("closed", after, t.day, detail))
    reopening = [t for t in steps if t.before not in OPEN_STATUSES and t.after in OPEN_STATUSES]
    if reopening:
        t = reopening[-1]
        out.append(Change("reopened", after, t.day, {"status": t.after, "previous_status": t.before}))
    shifts = [m for m in moves(record) if _in(m.day, start, end)]
    if shifts:
        first, last = shifts[0].before, shifts[-1].after
        if first is not None and last is not None and last.end > first.end:
            detail = {"from": first.text, "to": last.text}
            detail |= {"from_by": first.end.isoformat(), "to_by": last.end.isoformat()}
            out.append(Change("slipped", after, shifts[-1].day, detail))
    was, now = overdue_on(before, start), overdue_on(after, end)
    if now and not was:
        assert after.due_by is not None
        detail = {"due": _due_text(after), "due_by": after.due_by.isoformat()}
        out.append(Change("became_overdue", after, overdue_since(record, start, end), detail))
    elif was and not now:
        out.append(_no_longer_overdue(before, after, steps, shifts))
    return out


def overdue_since(record: Record, start: date, end: date) -> date:
    """The first day of the period from which the record stayed overdue up to `end`.

    Overdue can only change on the day after a due date ends, on the record's first day, or on a follow-up's
    day, so checking those days is enough.
    """
    ends = [m.after.end for m in moves(record) if m.after is not None]
    if record.due is not None:
        ends.append(record.due.end)
    days = {start + timedelta(days=1), *(d + timedelta(days=1) for d in ends)}
    days |= {f.date for f in record.followups} | {d for d in [exists_from(record)] if d is not None}
    since = end
    for day in sorted((d for d in days if start < d <= end), reverse=True):
        if not overdue_on(state_on(record, day), day):
            break
        since = day
    return since


def status_of(record: Record, day: date) -> str:
    state = state_on(record, day)
    return state.status if state is not None else record.status


def _no_longer_overdue(before: Record | None, after: Record, steps: list[Any], shifts: list[Any]) -> Change:
    """Say why: it was closed, or its deadline moved."""
    if not after.is_open:
        day = steps[-1].day if steps else None
        reason = f"closed: {after.status}"
    else:
        day = shifts[-1].day if shifts else None
        reason = f"due moved to {_due_text(after)}"
    detail = {"due": _due_text(after), "previous_due": _due_text(before), "status": after.status, "reason": reason}
    return Change("no_longer_overdue", after, day, detail)


def diff(records: Sequence[Record], start: date, end: date, flt: Filter | None = None) -> Diff:
    """Every change after `start` up to and including `end`, for the records that match `flt` at `end`."""
    if start > end:
        raise UsageError(f"FROM {start.isoformat()} is after TO {end.isoformat()}")
    flt = flt or Filter()
    flt.validate()
    sections: dict[str, list[Change]] = {name: [] for name in SECTIONS}
    for record in records:
        changes = record_changes(record, start, end)
        if changes and matches(changes[0].record, (), flt):
            for change in changes:
                sections[change.change].append(change)
    for items in sections.values():
        items.sort(key=lambda c: (c.day or date.max, c.record.id))
    return Diff(start, end, sections)
