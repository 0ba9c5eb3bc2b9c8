"""Records and statuses as plain values, and the one list of a record's keys (RECORD_KEYS and friends).

build.py turns parsed TOML into these records; the index caches them as `record_to_plain` lists.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields
from datetime import date
from typing import Any, Protocol, TypeVar

from jbz_cli.core.dates import DueWindow
from jbz_cli.core.ids import record_id_of  # noqa: F401 (re-exported: the rule was here first)
from jbz_cli.core.words import change_marks

KINDS = ("decision", "commitment", "deadline")
STATUSES = ("open", "waiting", "partial", "done", "missed", "dropped")
OPEN_STATUSES = frozenset({"open", "waiting", "partial"})
CLOSED_STATUSES = frozenset(STATUSES) - OPEN_STATUSES
# Closing a record needs something a reader can check; "waiting" and "open" do not.
EVIDENCE_STATUSES = frozenset({"done", "partial", "missed", "dropped"})

RECORD_KEYS = (
    "kind",
    "title",
    "status",
    "due",
    "topics",
    "actor",
    "promised_to",
    "summary",
    "related",
    "next_check",
    "source",
    "followup",
    "created",
    "due_phrase",
)
# Keys a record file may hold that build.py validates but the Record does not carry (yet): RECORD_KEYS stays
# the list of Record fields. `jbz check` accepts both.
FILE_ONLY_KEYS = (
    "register",  # "TZ..." links a record to the Tweede Kamer register; a table holds an imported entry's fields
)
SOURCE_KEYS = ("document", "date", "section", "quote", "url")
FOLLOWUP_KEYS = ("date", "note", "status", "evidence", "due", "previous_due")

ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
# Code points a terminal acts on instead of showing: C0 controls but tab and newline, DEL, C1 controls, the bidi
# marks, embeddings, overrides and isolates (Unicode UAX #9), and the line and paragraph separators. No record
# field needs one; `jbz check` reports them and every output escapes them (present.terminal.safe_text).
UNSAFE_RANGES = (
    (0x00, 0x08),
    (0x0B, 0x1F),
    (0x7F, 0x9F),
    (0x061C, 0x061C),
    (0x200E, 0x200F),
    (0x2028, 0x202E),
    (0x2066, 0x2069),
)  # first and last code point of each run, inclusive
UNSAFE_RE = re.compile("[" + "".join(f"\\U{lo:08x}-\\U{hi:08x}" for lo, hi in UNSAFE_RANGES) + "]")


def default_status(kind: object) -> str:
    """The status of a record without one: a decision is taken when written down, the rest start open."""
    return "done" if kind == "decision" else "open"


@dataclass(frozen=True)
class Source:
    """Where a record comes from: the letter (a Kamerstuk), its date and section, and the verbatim Dutch quote."""

    document: str | None = None
    date: date | None = None
    section: str | None = None
    quote: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class Followup:
    """One dated piece of news on a record; it may set a new status, due date or next check."""

    date: date
    note: str = ""
    status: str | None = None
    evidence: str | None = None
    due: str | None = None  # the new due date, when this follow-up moved it
    previous_due: str | None = None  # what it was before, so slips stay visible

    def marks(self) -> list[str]:
        return change_marks(self.status, self.due, self.previous_due, self.evidence)


class RecordView(Protocol):
    """What the core's functions and the views read of a record: every field and derived date of `Record`.

    `Record` is one. The index's column-backed stand-in (store/index_views.IndexedRecord) is another: it holds the
    columns an overview reads and decodes the whole record only when asked for another field, and
    tests/store/test_index_views.py holds every member below to the decoded record's. A function that only reads
    takes a RecordView; one that builds a new record (replay, edits) takes a Record.
    """

    @property
    def id(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def status(self) -> str: ...
    @property
    def due(self) -> DueWindow | None: ...
    @property
    def topics(self) -> tuple[str, ...]: ...
    @property
    def actor(self) -> str | None: ...
    @property
    def promised_to(self) -> str | None: ...
    @property
    def summary(self) -> str | None: ...
    @property
    def related(self) -> tuple[str, ...]: ...
    @property
    def next_check(self) -> date | None: ...
    @property
    def source(self) -> Source | None: ...
    @property
    def followups(self) -> tuple[Followup, ...]: ...
    @property
    def path(self) -> str: ...
    @property
    def created(self) -> date | None: ...
    @property
    def due_phrase(self) -> str | None: ...
    @property
    def is_open(self) -> bool: ...
    @property
    def due_by(self) -> date | None: ...
    @property
    def last_activity(self) -> date | None: ...


@dataclass(frozen=True)
class Record:
    """One decision, commitment or deadline, as its TOML file holds it (see docs/records.md)."""

    id: str
    kind: str
    title: str
    status: str
    due: DueWindow | None = None
    topics: tuple[str, ...] = ()
    actor: str | None = None
    promised_to: str | None = None
    summary: str | None = None
    related: tuple[str, ...] = ()
    next_check: date | None = None
    source: Source | None = None
    followups: tuple[Followup, ...] = field(default_factory=tuple)
    path: str = ""
    created: date | None = None  # the day the record starts to exist; see core/replay.exists_from
    due_phrase: str | None = None  # the letter's own words for the deadline ("voor het zomerreces")

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def due_by(self) -> date | None:
        return self.due.end if self.due else None

    @property
    def last_activity(self) -> date | None:
        """The newest of the follow-up dates, the source date and `created`: what "no news since" counts from.

        The one last-activity rule (docs/records.md, "Flags"): views, the index, report, brief and check all read
        it here, so a record added without a source or follow-ups still goes stale from the day it was created.
        """
        days = [f.date for f in self.followups]
        if self.source and self.source.date:
            days.append(self.source.date)
        if self.created is not None:
            days.append(self.created)
        return max(days) if days else None


def _iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


def record_to_plain(record: Record) -> list[Any]:
    """Every field of a Record as JSON-safe values in RECORD_KEYS order, so a cache can rebuild it without pickle:
    dates as ISO text, the due window as [text, start, end, precision], the source and each follow-up as lists in
    SOURCE_KEYS and FOLLOWUP_KEYS order. Written out field by field, as a cold index does this for every file
    (tests/core/test_plain.py holds it to a walk over those key lists, so a new key cannot be forgotten)."""
    due, src = record.due, record.source
    return [
        record.kind,
        record.title,
        record.status,
        None if due is None else [due.text, due.start.isoformat(), due.end.isoformat(), due.precision],
        list(record.topics),
        record.actor,
        record.promised_to,
        record.summary,
        list(record.related),
        _iso(record.next_check),
        None if src is None else [src.document, _iso(src.date), src.section, src.quote, src.url],
        [[f.date.isoformat(), f.note, f.status, f.evidence, f.due, f.previous_due] for f in record.followups],
        _iso(record.created),
        record.due_phrase,
    ]


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


# record_from_plain unpacks the lists by position: these are the orders record_to_plain writes.
_PLAIN_ORDER = (
    *("kind", "title", "status", "due", "topics", "actor", "promised_to", "summary", "related", "next_check"),
    *("source", "followup", "created", "due_phrase"),
)
assert RECORD_KEYS == _PLAIN_ORDER
assert SOURCE_KEYS == ("document", "date", "section", "quote", "url")
assert FOLLOWUP_KEYS == ("date", "note", "status", "evidence", "due", "previous_due")


def record_from_plain(plain: list[Any], record_id: str, path: str) -> Record:
    """The inverse of record_to_plain; data only, so a tampered cache cannot run code (ValueError or TypeError).

    Unpacked by position and made with `made` rather than through keyword calls: the index decodes thousands of
    these per command, and a cold run's second CPU sends its half of the records this way.
    """
    (kind, title, status, due, topics, actor, promised_to, summary, related, next_check, src, fups, created, phrase) = (
        plain
    )
    day_of = date.fromisoformat
    source = None
    if src:
        document, day, section, quote, url = src
        source = made(Source, {"document": document, "date": _day(day), "section": section, "quote": quote, "url": url})
    followups = []
    for f in fups:
        day, note, fstatus, evidence, fdue, previous = f
        followups.append(
            made(
                Followup,
                {
                    "date": day_of(day),
                    "note": note,
                    "status": fstatus,
                    "evidence": evidence,
                    "due": fdue,
                    "previous_due": previous,
                },
            )
        )
    return made(
        Record,
        {
            "id": record_id,
            "kind": kind,
            "title": title,
            "status": status,
            "due": DueWindow(due[0], day_of(due[1]), day_of(due[2]), due[3]) if due else None,
            "topics": tuple(topics),
            "actor": actor,
            "promised_to": promised_to,
            "summary": summary,
            "related": tuple(related),
            "next_check": _day(next_check),
            "source": source,
            "followups": tuple(followups),
            "path": path,
            "created": _day(created),
            "due_phrase": phrase,
        },
    )


T = TypeVar("T", Record, Source, Followup)


def made(cls: type[T], values: dict[str, Any]) -> T:
    """An instance of the frozen dataclass `cls` (Record, Source or Followup) holding exactly `values`, equal to
    `cls(**values)`.

    A frozen dataclass's __init__ sets each field through object.__setattr__, which is most of the cost of making
    one; the three classes have no __post_init__. Every field must be given: _FIELDS below is checked against the
    classes at import, so a field added to a class and not to its builders fails at once.
    """
    instance = object.__new__(cls)
    instance.__dict__.update(values)
    return instance


_FIELDS = {
    Record: ("id", *RECORD_KEYS[:11], "followups", "path", *RECORD_KEYS[12:]),
    Source: SOURCE_KEYS,
    Followup: FOLLOWUP_KEYS,
}
for _cls, _names in _FIELDS.items():
    if tuple(f.name for f in fields(_cls)) != _names:  # pragma: no cover - a developer's mistake
        raise ImportError(f"{_cls.__name__}'s fields are not the keys its builders give ({_names})")
