"""Records and statuses as plain values, built from parsed TOML with positions for every error."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from jbz_cli.core.dates import DueWindow, parse_day, parse_due
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
)
SOURCE_KEYS = ("document", "date", "section", "quote", "url")
FOLLOWUP_KEYS = ("date", "note", "status", "evidence", "due", "previous_due")

ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def default_status(kind: object) -> str:
    """The status of a record without one: a decision is taken when written down, the rest start open."""
    return "done" if kind == "decision" else "open"


class FieldError(ValueError):
    """A field-level problem; `where` names the key path so the loader can find its line.

    `rule` names the `jbz check` rule it belongs to: a wrong shape is "schema", a
    well-typed but impossible date is "dates".
    """

    def __init__(self, message: str, where: tuple[str | int, ...] = (), rule: str = "schema") -> None:
        super().__init__(message)
        self.where = where
        self.rule = rule


class _Problems:
    """Raise the first field problem (loading for list/show) or collect them all (jbz check)."""

    def __init__(self, collect: bool) -> None:
        self.collect = collect
        self.items: list[FieldError] = []

    def add(self, exc: FieldError) -> None:
        if not self.collect:
            raise exc
        self.items.append(exc)

    def take(self, fn: Callable[..., Any], *args: Any) -> Any:
        try:
            return fn(*args)
        except FieldError as exc:
            self.add(exc)
            return None


@dataclass(frozen=True)
class Source:
    document: str | None = None
    date: date | None = None
    section: str | None = None
    quote: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class Followup:
    date: date
    note: str = ""
    status: str | None = None
    evidence: str | None = None
    due: str | None = None  # the new due date, when this follow-up moved it
    previous_due: str | None = None  # what it was before, so slips stay visible

    def marks(self) -> list[str]:
        return change_marks(self.status, self.due, self.previous_due, self.evidence)


@dataclass(frozen=True)
class Record:
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

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def due_by(self) -> date | None:
        return self.due.end if self.due else None

    @property
    def last_activity(self) -> date | None:
        """The latest of the source date and the follow-up dates: what "no news since" counts from."""
        days = [f.date for f in self.followups]
        if self.source and self.source.date:
            days.append(self.source.date)
        return max(days) if days else None


def _text(data: dict[str, Any], key: str, where: tuple[str | int, ...], required: bool = False) -> str | None:
    value = data.get(key)
    if value is None:
        if required:
            raise FieldError(f"missing required field {key!r}", where)
        return None
    if not isinstance(value, str):
        raise FieldError(f"{key!r} must be a string, not {_type_name(value)}", (*where, key))
    if required and not value.strip():
        raise FieldError(f"{key!r} must not be empty", (*where, key))
    return value


def _string_list(data: dict[str, Any], key: str) -> tuple[str, ...]:
    value = data.get(key, [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise FieldError(f"{key!r} must be a list of strings", (key,))
    return tuple(value)


def _day(data: dict[str, Any], key: str, where: tuple[str | int, ...]) -> date | None:
    value = data.get(key)
    if value is None:
        return None
    if isinstance(value, datetime):
        raise FieldError(f"{key!r} must be a date without a time", (*where, key))
    try:
        return parse_day(value, key)
    except ValueError as exc:
        raise FieldError(str(exc), (*where, key)) from None


def _status(value: Any, where: tuple[str | int, ...]) -> str:
    if not isinstance(value, str) or value not in STATUSES:
        raise FieldError(f"unknown status {value!r}: expected one of {', '.join(STATUSES)}", where)
    return value


def _type_name(value: Any) -> str:
    return {
        dict: "a table",
        list: "an array",
        str: "a string",
        int: "an integer",
        float: "a float",
        bool: "a boolean",
    }.get(type(value), type(value).__name__)


def record_from_dict(data: dict[str, Any], record_id: str, path: str = "") -> Record:
    """Build a Record from parsed TOML; raise FieldError naming the offending key."""
    record = _build(data, record_id, path, _Problems(collect=False))
    assert record is not None  # without collecting, every problem raised
    return record


def field_problems(data: dict[str, Any]) -> list[FieldError]:
    """Every field problem of a record, not just the first, so one `jbz check` run shows them all."""
    problems = _Problems(collect=True)
    _build(data, "", "", problems)
    return problems.items


def _due(value: Any) -> DueWindow:
    if isinstance(value, datetime):
        raise FieldError("'due' must be a date without a time", ("due",))
    try:
        return parse_due(value)
    except ValueError as exc:
        # A string outside the grammar is a date mistake; any other type is a shape mistake.
        raise FieldError(str(exc), ("due",), "dates" if isinstance(value, str) else "schema") from None


def _kind(data: dict[str, Any]) -> str | None:
    kind = _text(data, "kind", (), required=True)
    if kind not in KINDS:
        raise FieldError(f"unknown kind {kind!r}: expected one of {', '.join(KINDS)}", ("kind",))
    return kind


def _source(raw: Any, problems: _Problems) -> Source | None:
    if not isinstance(raw, dict):
        raise FieldError(f"'source' must be a table, not {_type_name(raw)}", ("source",))
    where = ("source",)
    return Source(
        document=problems.take(_text, raw, "document", where),
        date=problems.take(_day, raw, "date", where),
        section=problems.take(_text, raw, "section", where),
        quote=problems.take(_text, raw, "quote", where),
        url=problems.take(_text, raw, "url", where),
    )


def _followup(entry: Any, where: tuple[str | int, ...], problems: _Problems) -> Followup | None:
    if not isinstance(entry, dict):
        raise FieldError("each follow-up must be a table ([[followup]])", where)
    day = problems.take(_day, entry, "date", where)
    if day is None and "date" not in entry:
        problems.add(FieldError("follow-up is missing its 'date'", where))
    fstatus = entry.get("status")
    status = None if fstatus is None else problems.take(_status, fstatus, (*where, "status"))
    followup = Followup(
        date=day,
        note=problems.take(_text, entry, "note", where) or "",
        status=status,
        evidence=problems.take(_text, entry, "evidence", where),
        due=problems.take(_due_text, entry, "due", where),
        previous_due=problems.take(_due_text, entry, "previous_due", where),
    )
    return followup if day is not None else None


def _build(data: dict[str, Any], record_id: str, path: str, problems: _Problems) -> Record | None:
    kind = problems.take(_kind, data)
    title = problems.take(_text, data, "title", (), True)
    status = data.get("status", default_status(kind))
    status = problems.take(_status, status, ("status",))
    due = problems.take(_due, data["due"]) if "due" in data else None

    source = None
    if data.get("source") is not None:
        source = problems.take(_source, data["source"], problems)

    raw_followups = data.get("followup", [])
    if isinstance(raw_followups, dict):
        raw_followups = [raw_followups]
    if not isinstance(raw_followups, list):
        problems.add(FieldError("'followup' must be an array of tables ([[followup]])", ("followup",)))
        raw_followups = []
    followups = [problems.take(_followup, entry, ("followup", i), problems) for i, entry in enumerate(raw_followups)]

    topics = problems.take(_string_list, data, "topics")
    related = problems.take(_string_list, data, "related")
    actor = problems.take(_text, data, "actor", ())
    promised_to = problems.take(_text, data, "promised_to", ())
    summary = problems.take(_text, data, "summary", ())
    next_check = problems.take(_day, data, "next_check", ())
    if problems.items:
        return None
    return Record(
        id=record_id,
        kind=kind,
        title=title,
        status=status,
        due=due,
        topics=topics,
        actor=actor,
        promised_to=promised_to,
        summary=summary,
        related=related,
        next_check=next_check,
        source=source,
        followups=tuple(f for f in followups if f is not None),
        path=path,
    )


def _due_text(data: dict[str, Any], key: str, where: tuple[str | int, ...]) -> str | None:
    value = data.get(key)
    if value is None:
        return None
    if isinstance(value, date) and not isinstance(value, datetime):
        return value.isoformat()
    if not isinstance(value, str):
        raise FieldError(f"{key!r} must be a string, not {_type_name(value)}", (*where, key))
    return value


def record_to_plain(record: Record) -> list[Any]:
    """Every field of a Record as JSON-safe values, so a cache can rebuild it exactly without pickle."""
    due = record.due
    src = record.source
    return [
        record.kind,
        record.title,
        record.status,
        [due.text, due.start.isoformat(), due.end.isoformat(), due.precision] if due else None,
        list(record.topics),
        record.actor,
        record.promised_to,
        record.summary,
        list(record.related),
        record.next_check.isoformat() if record.next_check else None,
        [src.document, src.date.isoformat() if src.date else None, src.section, src.quote, src.url] if src else None,
        [[f.date.isoformat(), f.note, f.status, f.evidence, f.due, f.previous_due] for f in record.followups],
    ]


def record_from_plain(plain: list[Any], record_id: str, path: str) -> Record:
    """The inverse of record_to_plain; data only, so a tampered cache cannot run code."""
    kind, title, status, due, topics, actor, promised_to, summary, related, next_check, src, followups = plain
    day = date.fromisoformat
    return Record(
        id=record_id,
        kind=kind,
        title=title,
        status=status,
        due=DueWindow(due[0], day(due[1]), day(due[2]), due[3]) if due else None,
        topics=tuple(topics),
        actor=actor,
        promised_to=promised_to,
        summary=summary,
        related=tuple(related),
        next_check=day(next_check) if next_check else None,
        source=Source(src[0], day(src[1]) if src[1] else None, src[2], src[3], src[4]) if src else None,
        followups=tuple(Followup(day(f[0]), f[1], f[2], f[3], f[4], f[5]) for f in followups),
        path=path,
    )
