"""A record's state on any day, found by replaying its follow-ups up to and including that day.

The top-level fields say where a record stands now; the follow-ups say how it got there. Replaying them, as a
ledger is replayed for a balance on a past date, lets a report on 1 July say what was open on 1 July. Pure: the
day is always a parameter.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date
from itertools import pairwise
from typing import NamedTuple

from jbz_cli.core.dates import DueWindow, parse_due
from jbz_cli.core.model import EVIDENCE_STATUSES, Followup, Record
from jbz_cli.errors import UsageError

Where = tuple[str | int, ...]  # a key path for store.locate, e.g. ("followup", 2, "previous_due")


def default_status(kind: str) -> str:
    """The status a record starts with when none is written: what `jbz add` gives it."""
    return "done" if kind == "decision" else "open"


def exists_from(record: Record) -> date | None:
    """`created`, else the source date; None means the record has always existed."""
    if record.created is not None:
        return record.created
    if record.source is not None and record.source.date is not None:
        return record.source.date
    return None


def ordered(record: Record) -> list[tuple[int, Followup]]:
    """Follow-ups with their position in the file, oldest first; same-day ones keep the file's order."""
    return sorted(enumerate(record.followups), key=lambda pair: pair[1].date)


def happened_by(day: date, as_of: date) -> bool:
    """A follow-up records what happened, so it is dated on or before the as-of day; that day itself counts.

    The one rule for every writer and for `jbz check`: replay counts a follow-up from the end of its own day, so one
    dated today is part of today's state, and one dated tomorrow is a plan (which belongs in `next_check`).
    """
    return day <= as_of


def latest_setter(followups: Sequence[Followup]) -> int | None:
    """The position of the follow-up whose status stands at the end of the replay: date order, then file order."""
    setters = [i for i, f in sorted(enumerate(followups), key=lambda pair: pair[1].date) if f.status]
    return setters[-1] if setters else None


def window(text: str | None) -> DueWindow | None:
    """A follow-up's due text as a window; text outside the grammar counts as absent (jbz check reports it)."""
    if text is None:
        return None
    try:
        return parse_due(text)
    except ValueError:
        return None


def same_window(a: DueWindow | None, b: DueWindow | None) -> bool:
    """ "2026-12-31" and a TOML date, or "2026-q4" and "2026-Q4", name the same deadline."""
    if a is None or b is None:
        return a is b
    return (a.start, a.end) == (b.start, b.end)


def initial_status(record: Record) -> str:
    """The status before the first follow-up that set one.

    Derived, not stored: with no status-setting follow-up it is the top-level status; otherwise it is the kind's
    default (open, or done for a decision). A record that started otherwise says so in a follow-up dated on the
    day it was created.
    """
    if any(f.status for f in record.followups):
        return default_status(record.kind)
    return record.status


def initial_due(record: Record) -> DueWindow | None:
    """The due date before the first follow-up that moved it: that follow-up's previous_due."""
    if all(f.due is None for f in record.followups):
        return record.due  # nothing moved it (most records): no need to order the follow-ups
    for _, f in ordered(record):
        if f.due is not None:
            return _keep(record, window(f.previous_due))
    return record.due


def _keep(record: Record, due: DueWindow | None) -> DueWindow | None:
    """Prefer the record's own window object when it is the same deadline, so today's output keeps its text."""
    return record.due if same_window(record.due, due) else due


class Transition(NamedTuple):
    """A follow-up that changed the status: the material of "closed" and "reopened"."""

    day: date
    index: int  # position of the follow-up in the file
    before: str
    after: str
    followup: Followup


class Move(NamedTuple):
    """A follow-up that moved the deadline, with the deadline in force just before it."""

    day: date
    index: int
    before: DueWindow | None
    after: DueWindow | None
    followup: Followup


def transitions(record: Record) -> list[Transition]:
    """Every real status change, oldest first; a follow-up that repeats the status is not one."""
    out = []
    status = initial_status(record)
    for i, f in ordered(record):
        if f.status and f.status != status:
            out.append(Transition(f.date, i, status, f.status, f))
            status = f.status
    return out


def moves(record: Record) -> list[Move]:
    """Every follow-up that set a due date, oldest first, with the due in force before it."""
    if all(f.due is None for f in record.followups):
        return []
    out = []
    due = initial_due(record)
    for i, f in ordered(record):
        if f.due is not None:
            after = _keep(record, window(f.due)) or due
            out.append(Move(f.date, i, due, after, f))
            due = after
    return out


def status_on(record: Record, day: date) -> str:
    status = initial_status(record)
    for _, f in ordered(record):
        if f.date > day:
            break
        if f.status:
            status = f.status
    return status


def due_on(record: Record, day: date) -> DueWindow | None:
    due = initial_due(record)
    for move in moves(record):
        if move.day > day:
            break
        due = move.after
    return due


def next_check_on(record: Record, day: date) -> date | None:
    """The next_check, or None once a follow-up dated on or after it (and by `day`) has met it."""
    check = record.next_check
    if check is None:
        return None
    met = any(check <= f.date <= day for f in record.followups)
    return None if met else check


def state_on(record: Record, day: date) -> Record | None:
    """The record as it stood at the end of `day`, or None when it did not exist yet.

    Follow-ups dated after `day` count for nothing: not for status, due, last activity or next_check.
    """
    start = exists_from(record)
    if start is not None and day < start:
        return None
    followups = record.followups
    if not followups:
        return record
    if all(f.date <= day and f.due is None for f in followups):
        # Every follow-up counts and none moved the deadline (most records, most days): the replay ends on the
        # latest setter's status with the due as written, and usually on the record itself.
        i = latest_setter(followups)
        status = record.status if i is None else followups[i].status
        check = next_check_on(record, day)
        if status == record.status and check == record.next_check:
            return record
        return replace(record, status=status, next_check=check)
    return replace(
        record,
        status=status_on(record, day),
        due=due_on(record, day),
        next_check=next_check_on(record, day),
        followups=tuple(f for f in record.followups if f.date <= day),
    )


def states_through(record: Record, days: Iterable[date]) -> dict[date, Record | None]:
    """state_on(record, day) for each of `days`, in one pass over the follow-ups.

    The feed wants the state on the day of every follow-up; a state_on each would be quadratic in their number
    (3,000 follow-ups took a minute). With the follow-ups in date order, as `jbz check` wants them, each state's
    follow-ups are a slice; otherwise they are filtered per day.
    """
    wanted = sorted(set(days))
    start = exists_from(record)
    if not record.followups:
        return {d: None if start is not None and d < start else record for d in wanted}
    steps = [f for _, f in ordered(record)]
    in_order = all(a.date <= b.date for a, b in pairwise(record.followups))
    check = record.next_check
    met_from = min((f.date for f in record.followups if check is not None and f.date >= check), default=None)
    status, due = initial_status(record), initial_due(record)
    out: dict[date, Record | None] = {}
    done = 0
    for day in wanted:
        while done < len(steps) and steps[done].date <= day:
            f = steps[done]
            status = f.status or status
            if f.due is not None:
                due = _keep(record, window(f.due)) or due
            done += 1
        if start is not None and day < start:
            out[day] = None
            continue
        kept = record.followups[:done] if in_order else tuple(f for f in record.followups if f.date <= day)
        met = check is not None and met_from is not None and met_from <= day
        out[day] = replace(record, status=status, due=due, next_check=None if met else check, followups=kept)
    return out


def closing(record: Record) -> Transition | None:
    """The follow-up that closed a record that is closed now, or None (open, or closed without a follow-up)."""
    found = [t for t in transitions(record) if t.after == record.status]
    return found[-1] if found and not record.is_open else None


def start_followup(record: Record) -> Followup | None:
    """The follow-up a first status change must bring along so the days before it keep their status, or None.

    With no status-setting follow-up, the initial status is the top-level one; the first follow-up that sets one
    makes it the kind's default instead (initial_status). A record that started otherwise (say `waiting`) then
    needs a follow-up on its first day that sets it, as docs/records.md asks of a hand-written record. Every writer
    that adds a first status (`jbz followup`, `jbz done`, `jbz import tk`) calls this. Raises UsageError when the
    record has no first day, or a closing start status has no source document to cite as its evidence.
    """
    if any(f.status for f in record.followups) or record.status == default_status(record.kind):
        return None
    start = exists_from(record)
    if start is None:
        raise UsageError(
            f"{record.id} has been {record.status!r} since it was recorded, but has no `created` date to keep that "
            f"on: add one with jbz edit {record.id}; nothing was written"
        )
    evidence = None
    if record.status in EVIDENCE_STATUSES:
        evidence = record.source and (record.source.document or record.source.url)
        if not evidence:
            raise UsageError(
                f"{record.id} was recorded as {record.status!r} with no source to cite; log where that can be "
                f"checked with jbz edit {record.id} first; nothing was written"
            )
    return Followup(date=start, note=f"Recorded as {record.status}", status=record.status, evidence=evidence)


def states_on(records: Sequence[Record], day: date) -> list[Record]:
    """The records that existed on `day`, each as it stood then."""
    return [s for s in (state_on(r, day) for r in records) if s is not None]


def _label(text: str | None) -> str:
    return repr(text) if text is not None else "none"


def history_problems(record: Record) -> list[tuple[Where, str]]:
    """Where the follow-ups contradict themselves or the top-level fields, each with a key path to locate."""
    problems: list[tuple[Where, str]] = []
    if record.created is not None:
        for i, f in enumerate(record.followups):
            if f.date < record.created:
                problems.append(
                    (
                        ("followup", i, "date"),
                        f"follow-up {i + 1} is dated {f.date.isoformat()}, "
                        f"before the record was created on {record.created.isoformat()}",
                    )
                )
    found = moves(record)
    for earlier, later in pairwise(found):
        stated = later.followup.previous_due
        if stated is not None and not same_window(window(stated), earlier.after):
            problems.append(
                (
                    ("followup", later.index, "previous_due"),
                    f"follow-up {later.index + 1} says the due date was {stated!r}, "
                    f"but follow-up {earlier.index + 1} had moved it to {_label(earlier.followup.due)}",
                )
            )
    if found and not same_window(found[-1].after, record.due):
        last = found[-1]
        problems.append(
            (
                ("due",),
                f"due is {_label(record.due.text if record.due else None)}, "
                f"but follow-up {last.index + 1} moved it to {_label(last.followup.due)}",
            )
        )
    i = latest_setter(record.followups)
    if i is not None and record.followups[i].status != record.status:
        f = record.followups[i]
        problems.append((("status",), f"status is {record.status!r}, but follow-up {i + 1} set it to {f.status!r}"))
    return problems
