"""The events behind jbz feed: what a feed reader or a cron job needs to notice change.

Four kinds of event, each dated by the records themselves and never by the clock: a record was created, a
follow-up was logged, an item became overdue (the day after its due_by), and an item's next_check arrived. Only
events on or before the as-of day happen; `today` is always a parameter. Entry ids are URNs built from the record
id and the event, so a reader never shows the same event twice and two runs on the same records give the same
bytes. Pure: present/feed.py turns the events into Atom.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from jbz_cli.core.diffing import overdue_on
from jbz_cli.core.model import Record
from jbz_cli.core.query import Filter, matches
from jbz_cli.core.replay import exists_from, initial_due, moves, state_on, states_through, status_on

EVENTS = ("created", "followup", "overdue", "next-check")


@dataclass(frozen=True)
class Event:
    """One feed entry before it is XML: what happened to which record on which day."""

    id: str  # a URN, stable across runs
    event: str  # one of EVENTS
    day: date
    record: Record  # the record as it stood at the end of `day`
    title: str
    summary: str  # English: what happened

    @property
    def quote(self) -> str | None:
        return self.record.source.quote if self.record.source else None

    @property
    def url(self) -> str | None:
        return self.record.source.url if self.record.source else None


def urn(record_id: str, *parts: str) -> str:
    return ":".join(("urn:jbz", record_id, *parts))


def _state(record: Record, day: date) -> Record:
    return state_on(record, day) or record


def created_events(record: Record, today: date) -> list[Event]:
    born = exists_from(record)
    if born is None or born > today:
        return []
    state = _state(record, born)
    due = f"due {state.due.text}" if state.due is not None else "no due date"
    text = f"New {record.kind}, {state.status}, {due}."
    return [Event(urn(record.id, "created"), "created", born, state, f"New: {record.title}", text)]


def followup_events(record: Record, today: date) -> list[Event]:
    """One event per follow-up; same-day follow-ups are numbered in file order, so appending keeps ids."""
    out = []
    seen: dict[date, int] = {}
    states = states_through(record, (f.date for f in record.followups if f.date <= today))
    for f in record.followups:
        seen[f.date] = seen.get(f.date, 0) + 1
        if f.date > today:
            continue
        marks = f.marks()
        head = " ".join(f.note.split()) or "Follow-up logged."
        text = head + (f" ({'; '.join(marks)})" if marks else "")
        number = f"{f.date.isoformat()}-{seen[f.date]}"
        label = f"Status {f.status}" if f.status else f"Due moved to {f.due}" if f.due else "Follow-up"
        out.append(
            Event(
                urn(record.id, "followup", number),
                "followup",
                f.date,
                states[f.date] or record,
                f"{label}: {record.title}",
                text,
            )
        )
    return out


def overdue_events(record: Record, today: date) -> list[Event]:
    """Each deadline the record missed while open, dated the first day it was overdue."""
    windows = [(exists_from(record) or date.min, initial_due(record))]
    windows += [(m.day, m.after) for m in moves(record)]
    firsts = [
        (max(due.end + timedelta(days=1), since), due)
        for since, due in windows
        if due is not None and due.end < date.max - timedelta(days=1)
    ]
    states = states_through(record, (day for day, _ in firsts if day <= today))  # one pass, however many moves
    out: dict[str, Event] = {}
    for day, due in firsts:
        if day > today or not overdue_on(states[day], day):
            continue
        state = states[day] or record
        if state.due is None or state.due.end != due.end:
            continue
        key = urn(record.id, "overdue", due.end.isoformat())
        text = f"Due {due.text} (by {due.end.isoformat()}); still {state.status}."
        out.setdefault(key, Event(key, "overdue", day, state, f"Overdue: {record.title}", text))
    return list(out.values())


def next_check_events(record: Record, today: date) -> list[Event]:
    check = record.next_check
    if check is None or check > today:
        return []
    state = state_on(record, check)
    if state is None or not state.is_open:
        return []
    text = f"Time to chase it: the next check was set for {check.isoformat()}; it is {status_on(record, check)}."
    return [
        Event(
            urn(record.id, "next-check", check.isoformat()), "next-check", check, state, f"Check: {record.title}", text
        )
    ]


def events(records: Sequence[Record], today: date, since: date | None = None, flt: Filter | None = None) -> list[Event]:
    """Every event up to and including `today` (and from `since`, when given), newest first, then by id."""
    flt = flt or Filter()
    flt.validate()
    out: list[Event] = []
    for record in records:
        now = state_on(record, today)
        if now is None or not matches(now, (), flt):
            continue
        for build in (created_events, followup_events, overdue_events, next_check_events):
            out += [e for e in build(record, today) if since is None or e.day >= since]
    out.sort(key=lambda e: (-e.day.toordinal(), e.id))
    return out
