"""What each page of the site shows, gathered from the core for one as-of day.

Everything is sorted here, so the same records and as-of day always give the same pages in the same order.
Records are passed as written; each page sees them replayed to the day it is about (core/replay).
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from jbz_cli.core.councils import Council, council_for_document, next_council, previous_council
from jbz_cli.core.diffing import Diff, diff
from jbz_cli.core.horizon import Settings
from jbz_cli.core.model import Record
from jbz_cli.core.overviews import Summary, summary_of
from jbz_cli.core.query import Filter, Item, select
from jbz_cli.core.replay import initial_due, initial_status, ordered, states_on
from jbz_cli.core.words import REGISTER_TERMS, change_marks

CHANGED_DAYS = 30  # the front page's "what changed" looks back this many days, as `jbz brief` does


def slug(name: str) -> str:
    """A file name for a topic or an actor: lower-case letters, digits and dashes ("EU-Commissie" -> "eu-commissie")."""
    return re.sub(r"[^a-z0-9]+", "-", name.casefold()).strip("-") or "x"


def slugs(names: Sequence[str]) -> dict[str, str]:
    """A distinct file name per name that depends on that name alone, so adding records never moves a page.

    A name that is already a slug ("ebsp") is its own file name; any other ("European Commission") gets its slug and
    the first 8 hex digits of the SHA-256 of its exact UTF-8 text ("european-commission-4c29de14"), so two spellings
    that fold to the same slug never share or trade a page.
    """
    out: dict[str, str] = {}
    for name in sorted(set(names)):
        base = slug(name)
        digest = hashlib.sha256(name.encode("utf-8", "surrogatepass")).hexdigest()
        out[name] = base if base == name else f"{base}-{digest[:8]}"
    return out


@dataclass(frozen=True)
class Step:
    """One line of a record's timeline: the source, or a follow-up and what it changed."""

    day: date | None
    what: str  # "source" | "follow-up"
    note: str
    marks: tuple[str, ...] = ()
    register: str | None = None  # the register's Dutch word for a new status


@dataclass(frozen=True)
class Group:
    """The records of one topic or actor, on the as-of day."""

    name: str
    slug: str
    items: list[Item]


@dataclass(frozen=True)
class Meeting:
    """A Council meeting's page: what fell due before it, and what its letters added."""

    council: Council
    key: str  # its first day, ISO: the file name
    due_before: list[Item]  # as they stood on the meeting's first day (or the as-of day, if earlier)
    added: list[Item]  # records whose source is a letter that prepares or reports on it, on the as-of day


@dataclass
class Site:
    """Every page's data for one as-of day."""

    title: str
    settings: Settings
    summary: Summary
    items: list[Item]  # every record on the as-of day, flagged, sorted by due
    changed: Diff
    upcoming: Council | None
    topics: list[Group]
    actors: list[Group]
    meetings: list[Meeting]
    topic_slugs: dict[str, str] = field(default_factory=dict)
    actor_slugs: dict[str, str] = field(default_factory=dict)
    topic_meanings: dict[str, str] = field(default_factory=dict)  # from the records folder's topics.md

    @property
    def as_of(self) -> date:
        return self.settings.as_of


def timeline(record: Record) -> list[Step]:
    """The record's history, oldest first: where it came from, then each follow-up with what it changed."""
    steps = []
    src = record.source
    if src is not None or record.created is not None:
        first = initial_due(record)
        marks = [f"status {initial_status(record)}"]
        if first is not None:
            marks.append(f"due {first.text}")
        note = f"From the letter {src.document}" if src is not None and src.document else "Recorded"
        steps.append(Step(src.date if src is not None and src.date else record.created, "source", note, tuple(marks)))
    for _, f in ordered(record):
        marks = change_marks(f.status, f.due, f.previous_due, f.evidence)
        register = REGISTER_TERMS.get(f.status) if f.status else None
        steps.append(Step(f.date, "follow-up", f.note, tuple(marks), register))
    return steps


def _group(items: list[Item], keys: dict[str, str], names_of: Callable[[Record], Sequence[str]]) -> list[Group]:
    grouped: dict[str, list[Item]] = defaultdict(list)
    for item in items:
        for name in names_of(item.record):
            grouped[name].append(item)
    return [Group(name, keys[name], grouped[name]) for name in sorted(grouped)]


def _meetings(
    records: Sequence[Record], meetings: Sequence[Council], items: list[Item], settings: Settings
) -> list[Meeting]:
    """Each meeting's page; `records` as written, `items` the records on the as-of day."""
    out = []
    for council in sorted(meetings, key=lambda c: c.start):
        before = previous_council(meetings, council)
        day = min(council.start, settings.as_of)
        then = Settings(day, settings.soon_days, settings.stale_days)
        since = before.start if before is not None else date.min
        due_before = [
            i
            for i in select(states_on(records, day), Filter(), then)
            if i.record.due is not None and since < i.record.due.end <= council.start
        ]
        added = [
            i
            for i in items
            if i.record.source is not None
            and i.record.source.document
            and council_for_document([council], i.record.source.document) is council
        ]
        out.append(Meeting(council, council.start.isoformat(), due_before, added))
    return out


def build_site(records: Sequence[Record], meetings: Sequence[Council], settings: Settings, title: str) -> Site:
    """Gather every page's data; `records` as written (each page replays them to its own day)."""
    records = sorted(records, key=lambda r: r.id)
    items = select(states_on(records, settings.as_of), Filter(), settings)
    topic_keys = slugs([t for i in items for t in i.record.topics])
    actor_keys = slugs([i.record.actor for i in items if i.record.actor])
    return Site(
        title=title,
        settings=settings,
        summary=summary_of(items, settings, ""),
        items=items,
        changed=diff(records, settings.as_of - timedelta(days=CHANGED_DAYS), settings.as_of),
        upcoming=next_council(meetings, settings.as_of),
        topics=_group(items, topic_keys, lambda r: r.topics),
        actors=_group(items, actor_keys, lambda r: (r.actor,) if r.actor else ()),
        meetings=_meetings(records, meetings, items, settings),
        topic_slugs=topic_keys,
        actor_slugs=actor_keys,
    )
