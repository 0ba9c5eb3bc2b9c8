"""Dated items as an RFC 5545 calendar, so deadlines show up next to the meetings that depend on them.

Named ics rather than calendar: dates.py imports the standard library's calendar module.
The classic Component.add API is used (not Event.new) because it exists in every icalendar
release from 5 on and never invents random UIDs or timestamps.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING

from jbz_cli.core.model import CLOSED_STATUSES, Record
from jbz_cli.core.query import Item
from jbz_cli.core.words import due_event_words, status_change, status_words, window_prefix
from jbz_cli.present.brief_render import safe_url
from jbz_cli.present.terminal import safe_text

if TYPE_CHECKING:  # icalendar is imported only when a calendar is built; it is slow to import
    from icalendar import Component, Event

PRODID = "-//jbz//JBZ Council tracker//EN"
UID_DOMAIN = "jbz"
CALENDAR_NAME = "jbz: JBZ Council deadlines"


@dataclass(frozen=True)
class CalendarResult:
    """The calendar bytes and what was left out, so the CLI can say so on stderr."""

    data: bytes
    events: int
    undated: int


def event_uid(record_id: str) -> str:
    """One UID per record id for ever, so a re-import updates the event instead of adding one."""
    return f"{record_id}@{UID_DOMAIN}"


def _midnight_utc(day: date) -> datetime:
    return datetime.combine(day, time(0, 0), tzinfo=UTC)


def event_summary(record: Record) -> str:
    """The title, led by the window when the letter gave no exact day: "[Q4 2026] ETIAS ..."."""
    title = window_prefix(record.due) + record.title
    if record.status in CLOSED_STATUSES:
        title = f"{title} ({record.status})"
    return title


def source_reference(record: Record) -> str:
    """Document, date and section in one line, the way a civil servant cites a letter."""
    src = record.source
    if src is None:
        return ""
    parts = [p for p in (src.document, src.date.isoformat() if src.date else None) if p]
    if src.section:
        parts.append(f"section \u201c{src.section}\u201d")
    return ", ".join(parts)


def event_description(item: Item, as_of: date) -> str:
    """Everything a reader needs without opening jbz: status, who acts, the Dutch quote and its source."""
    r = item.record
    # No flags here: they follow the as-of date, so a daily export would change every event every day.
    lines = [f"Status: {status_words(r.status)}"]
    if r.due is not None:
        lines.append(f"Due: {due_event_words(r.due)}")
    lines.append(f"Kind: {r.kind}")
    if r.actor:
        lines.append(f"Actor: {r.actor}")
    if r.promised_to:
        lines.append(f"Promised to: {r.promised_to}")
    if r.summary:
        lines += ["", r.summary]
    src = r.source
    if src and src.quote:
        lines += ["", f"\u201c{src.quote}\u201d"]
    reference = source_reference(r)
    if reference:
        lines += ["", f"Source: {reference}"]
    if src and src.url:
        lines.append(src.url)
    if r.followups:
        last = r.followups[-1]
        change = f" ({status_change(last.status)})" if last.status else ""
        lines += ["", f"Last follow-up {last.date.isoformat()}: {last.note}{change}"]
    lines += ["", f"jbz id: {r.id}"]
    return "\n".join(lines)


def build_event(item: Item, as_of: date) -> Event:
    r = item.record
    assert r.due is not None
    from icalendar import Event

    event = Event()
    event.add("uid", event_uid(r.id))
    # RFC 5545 3.8.7.2: without METHOD, DTSTAMP is when the information was last revised; the record's last
    # activity keeps a daily export byte-identical until the record changes.
    event.add("dtstamp", _midnight_utc(r.last_activity or as_of))
    event.add("dtstart", r.due.end)
    event.add("dtend", r.due.end + timedelta(days=1))
    event.add("summary", safe_text(event_summary(r)))  # RFC 5545 escaping leaves controls raw
    event.add("description", safe_text(event_description(item, as_of)))
    if r.topics:
        event.add("categories", [safe_text(t) for t in r.topics])
    url = safe_url(r.source.url if r.source else None)
    if url:  # only a web link: a calendar app may open URL on a click, and javascript: or file: must not run
        event.add("url", safe_text(url))
    # A deadline does not make anyone busy, and a dropped item is a cancelled event.
    event.add("transp", "TRANSPARENT")
    event.add("status", "CANCELLED" if r.status == "dropped" else "CONFIRMED")
    # RFC 5545 3.8.7.4: SEQUENCE grows with each significant revision; for an event that is a move of its
    # date or a change of its status, each logged as a follow-up that only ever gets appended.
    event.add("sequence", sum(1 for f in r.followups if f.due is not None or f.status is not None))
    if r.last_activity is not None:
        event.add("last-modified", _midnight_utc(r.last_activity))
    event.add("x-jbz-id", r.id)
    event.add("x-jbz-kind", r.kind)
    event.add("x-jbz-status", r.status)
    event.add("x-jbz-due", r.due.text)
    return event


def build_calendar(items: Sequence[Item], as_of: date) -> CalendarResult:
    """One all-day event per dated item; the same records and as-of date give the same bytes.

    DTSTAMP is midnight UTC of the as-of date rather than the clock, so a calendar written
    by a cron job only changes when the records (or the day it is computed for) change.
    """
    from icalendar import Calendar

    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("name", CALENDAR_NAME)
    cal.add("x-wr-calname", CALENDAR_NAME)
    events = 0
    undated = 0
    for item in items:
        if item.record.due is None:
            undated += 1
            continue
        cal.add_component(build_event(item, as_of))
        events += 1
    if events == 0:
        cal.add_component(utc_timezone())
    return CalendarResult(cal.to_ical(), events, undated)


def utc_timezone() -> Component:
    """A VTIMEZONE for UTC: the one component of a calendar that has no event.

    RFC 5545 3.4 and 3.6 require at least one component in a VCALENDAR. A zone no property refers to is
    allowed (3.6.5 only demands one for each TZID used) and no calendar app shows it, where a placeholder
    event or to-do would appear in the calendar. The STANDARD
    part with its DTSTART and both offsets is what 3.6.5 requires of every zone.
    """
    from icalendar import Timezone, TimezoneStandard

    zone = Timezone()
    zone.add("tzid", "UTC")
    part = TimezoneStandard()
    part.add("dtstart", datetime(1970, 1, 1))
    part.add("tzoffsetfrom", timedelta(0))
    part.add("tzoffsetto", timedelta(0))
    part.add("tzname", "UTC")
    zone.add_component(part)
    return zone
