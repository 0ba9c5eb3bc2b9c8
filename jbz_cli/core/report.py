"""`jbz report`: the overview of a reporting period per group: the material of a half-yearly or quarterly report.

A period is a due-grammar window (2026-H1, 2026-Q3, 2026-05, 2026). Every section comes from replaying the records
(replay.state_on) to the period's days, so a report on a past period says what those days really looked like:

- open: open at the end of the period, with its age;
- became_overdue: overdue for the first time on a day in the period (the day after a due_by passed);
- closed: closed in the period, weighed against the original and the revised due date (ontime.verdict);
- slipped: its deadline moved later in the period, from which date to which (diffing);
- stale: open at the end of the period with no news for more than the stale threshold.

Pure: the period and the threshold are parameters.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from jbz_cli.core.dates import DueWindow, parse_due
from jbz_cli.core.diffing import diff
from jbz_cli.core.feed import overdue_events
from jbz_cli.core.model import Record
from jbz_cli.core.ontime import LATE, ON_TIME, verdict
from jbz_cli.core.replay import exists_from, state_on
from jbz_cli.errors import UsageError

GROUPINGS = ("actor", "topic", "promised_to")
SECTIONS = ("open", "became_overdue", "closed", "slipped", "stale")
NO_GROUP = "(none)"
DEFAULT_STALE_DAYS = 90

# How a closing is judged, in the words of the report.
ON_TIME_ORIGINAL = "on_time"  # by the due date first promised
ON_TIME_REVISED = "on_time_revised"  # late against the first due date, on time against the one in force
CLOSED_LATE = "late"  # late even against the revised due date
NO_DUE = "no_due"  # done, but there was no due date to weigh it against


def cut_at(start: date, end: date, as_of: date, what: str) -> tuple[date, bool]:
    """(last day, cut): a period that has not ended on the as-of day stops there; no reading looks ahead.

    The one rule for report --period and diff TO. UsageError naming `what` when the period starts after as_of.
    """
    if as_of < start:
        raise UsageError(f"{what} starts on {start.isoformat()}, after {as_of.isoformat()}")
    return (as_of, True) if as_of < end else (end, False)


@dataclass(frozen=True)
class Period:
    text: str
    start: date
    end: date
    cut: bool = False  # the period had not ended on the as-of day, so it stops there

    def until(self, as_of: date) -> Period:
        """The period as far as it has gone by the as-of day; a report never looks into the future."""
        end, cut = cut_at(self.start, self.end, as_of, f"--period {self.text}")
        return Period(self.text, self.start, end, True) if cut else self

    @classmethod
    def parse(cls, text: str) -> Period:
        try:
            window = parse_due(text)
        except ValueError as exc:
            raise UsageError(f"--period: {exc}") from None
        return cls(text, window.start, window.end)


@dataclass
class Group:
    """One actor, topic or addressee, with an entry list per section; entries are JSON-ready dicts."""

    name: str
    sections: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: {s: [] for s in SECTIONS})

    @property
    def empty(self) -> bool:
        return not any(self.sections.values())


@dataclass
class PeriodReport:
    period: Period
    by: str
    stale_days: int
    groups: list[Group]


def group_names(record: Record, by: str) -> list[str]:
    """The groups a record belongs to; a record with two topics is in both."""
    if by == "topic":
        return list(record.topics) or [NO_GROUP]
    value = record.actor if by == "actor" else record.promised_to
    return [value.strip()] if value and value.strip() else [NO_GROUP]


def _due(window: DueWindow | None) -> str | None:
    return window.text if window is not None else None


def _by(window: DueWindow | None) -> str | None:
    return window.end.isoformat() if window is not None else None


def judge(record: Record) -> str:
    """on_time, on_time_revised, late or no_due for a done record; missed and dropped speak for themselves."""
    if record.status != "done":
        return record.status
    v = verdict(record)
    if v.original == ON_TIME:
        return ON_TIME_ORIGINAL
    if v.revised == ON_TIME:
        return ON_TIME_REVISED
    if LATE in (v.original, v.revised):
        return CLOSED_LATE
    return NO_DUE


def open_entry(state: Record, end: date) -> dict[str, Any]:
    born = exists_from(state)
    return {
        "id": state.id,
        "title": state.title,
        "status": state.status,
        "due": _due(state.due),
        "due_by": _by(state.due),
        "overdue": state.due is not None and state.due.end < end,
        "created": born.isoformat() if born else None,
        "age_days": (end - born).days if born else None,
    }


def stale_entry(state: Record, end: date, stale_days: int) -> dict[str, Any] | None:
    """Open with no news for more than stale_days at the end of the period (Record.last_activity's one rule)."""
    last = state.last_activity
    if last is None or (end - last).days <= stale_days:
        return None
    return {"id": state.id, "title": state.title, "status": state.status, "last_news": last.isoformat(),
            "days": (end - last).days}  # fmt: skip


def build_period_report(
    records: Sequence[Record], period: Period, by: str = "actor", stale_days: int = DEFAULT_STALE_DAYS
) -> PeriodReport:
    if by not in GROUPINGS:
        raise UsageError(f"--by {by!r}: expected one of {', '.join(GROUPINGS)}")
    start, end = period.start, period.end
    before = start - timedelta(days=1)
    changes = diff(records, before, end)
    groups: dict[str, Group] = {}

    def add(record: Record, section: str, entry: dict[str, Any]) -> None:
        for name in group_names(record, by):
            groups.setdefault(name, Group(name)).sections[section].append(entry)

    for record in sorted(records, key=lambda r: r.id):
        state = state_on(record, end)
        if state is None:
            continue
        if state.is_open:
            add(state, "open", open_entry(state, end))
            stale = stale_entry(state, end, stale_days)
            if stale is not None:
                add(state, "stale", stale)
        for event in overdue_events(record, end):
            if start <= event.day <= end:
                detail = {"due": _due(event.record.due), "due_by": _by(event.record.due), "status": state.status}
                add(state, "became_overdue", {"id": state.id, "title": state.title, "date": event.day.isoformat(),
                                              **detail})  # fmt: skip
    for change in changes.sections["closed"]:
        state = change.record
        entry = change.to_dict() | {"timeliness": judge(state)}
        if state.status == "done":
            v = verdict(state)
            entry |= {"original_due": _due(v.original_due), "revised_due": _due(v.revised_due)}
        add(state, "closed", entry)
    for change in changes.sections["slipped"]:
        add(change.record, "slipped", change.to_dict())
    ordered = sorted(groups.values(), key=lambda g: (g.name == NO_GROUP, g.name.casefold(), g.name))
    for group in ordered:
        group.sections["open"].sort(key=lambda e: (e["due_by"] or "9999", e["id"]))
        group.sections["stale"].sort(key=lambda e: (e["last_news"], e["id"]))
        group.sections["became_overdue"].sort(key=lambda e: (e["date"], e["id"]))
    return PeriodReport(period, by, stale_days, [g for g in ordered if not g.empty])
