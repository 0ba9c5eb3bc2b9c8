"""The pre-Council briefing: what is late, what needs chasing, what is coming, and what moved.

The builder is pure (records and dates in, a dataclass out); brief_render.py turns it into text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from jbz_cli.core.horizon import FLAG_AWAITING, FLAG_OVERDUE, Settings
from jbz_cli.core.model import Followup, Record
from jbz_cli.core.overviews import awaiting_reason
from jbz_cli.core.query import Filter, Item, matches, select
from jbz_cli.errors import UsageError

DEFAULT_WINDOW_DAYS = 30


@dataclass(frozen=True)
class Change:
    """A record whose follow-up log gained entries in the reporting window."""

    item: Item
    followups: tuple[Followup, ...]


@dataclass(frozen=True)
class Briefing:
    """The sections of the briefing.

    Overdue items are left out of "awaiting": being late says more than needing a chase. An item
    both awaiting and falling due soon is in both sections, so neither list hides it.
    """

    as_of: date
    since: date
    until: date
    topics: tuple[str, ...]
    total: int
    open_count: int
    overdue: list[Item]
    awaiting: list[Item]
    upcoming: list[Item]
    changed: list[Change]
    reasons: dict[str, str]  # record id -> why it awaits follow-up
    occasion: str = ""  # e.g. "before the JBZ Council of 5 March 2026", set by brief --council


def build_briefing(
    records: Sequence[Record],
    settings: Settings,
    since: date | None = None,
    until: date | None = None,
    topics: Sequence[str] = (),
) -> Briefing:
    as_of = settings.as_of
    since = since if since is not None else as_of - timedelta(days=DEFAULT_WINDOW_DAYS)
    # Without --until the due section looks as far ahead as "due soon" does everywhere else (--soon-days).
    until = until if until is not None else as_of + timedelta(days=settings.soon_days)
    if until < as_of:
        raise UsageError(f"--until {until.isoformat()} is before the as-of date {as_of.isoformat()}")
    if since > as_of:
        raise UsageError(f"--since {since.isoformat()} is after the as-of date {as_of.isoformat()}")
    items = select(records, Filter(topics=tuple(topics)), settings)
    # Open work as `jbz list --open` has it: records with an unknown register status are held back unless asked for.
    open_work = Filter(open=True, topics=tuple(topics))
    open_items = [i for i in items if matches(i.record, i.flags, open_work)]
    overdue = [i for i in open_items if FLAG_OVERDUE in i.flags]  # sorted by due_by: oldest first
    awaiting = [i for i in open_items if FLAG_AWAITING in i.flags and FLAG_OVERDUE not in i.flags]
    upcoming = [i for i in open_items if i.record.due_by is not None and as_of <= i.record.due_by <= until]
    changed = []
    for item in items:
        recent = tuple(f for f in item.record.followups if since <= f.date <= as_of)
        if recent:
            changed.append(Change(item, recent))
    changed.sort(key=lambda c: (min(f.date for f in c.followups), c.item.record.id))
    return Briefing(
        as_of=as_of,
        since=since,
        until=until,
        topics=tuple(topics),
        total=len(items),
        open_count=len(open_items),
        overdue=overdue,
        awaiting=awaiting,
        upcoming=upcoming,
        changed=changed,
        reasons={i.record.id: awaiting_reason(i.record, as_of, full=True) for i in awaiting},
    )
