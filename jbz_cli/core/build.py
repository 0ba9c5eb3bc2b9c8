"""Records built from parsed TOML, with the key path of every problem so the loader can point at its line."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from jbz_cli.core.build_fast import well_formed
from jbz_cli.core.dates import DueWindow, parse_day, parse_due
from jbz_cli.core.model import KINDS, STATUSES, Followup, Record, Source, default_status
from jbz_cli.core.words import unknown_choice


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
        raise FieldError(str(exc), (*where, key), "dates" if isinstance(value, str | date) else "schema") from None


def _register(data: dict[str, Any]) -> None:
    """`register` is a register number ("TZ...") linking the record, or the table `jbz import tk` writes."""
    value = data.get("register")
    if value is None or isinstance(value, dict) or (isinstance(value, str) and value.strip()):
        return
    if isinstance(value, str):
        raise FieldError("'register' must not be empty", ("register",))
    raise FieldError(
        f"'register' must be a register number (string) or a table, not {_type_name(value)}", ("register",)
    )


def _status(value: Any, where: tuple[str | int, ...]) -> str:
    if not isinstance(value, str) or value not in STATUSES:
        raise FieldError(unknown_choice("status", value, STATUSES), where)
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
    """Build a Record from parsed TOML; raise FieldError naming the offending key.

    A well-formed record takes the straight path (build_fast); anything else is built here, field by field."""
    record = well_formed(data, record_id, path)
    if record is not None:
        return record
    record = _build(data, record_id, path, _Problems(collect=False))
    assert record is not None  # without collecting, every problem raised
    return record


def checked_record(data: dict[str, Any], record_id: str = "", path: str = "") -> tuple[Record | None, list[FieldError]]:
    """Every field problem of a record, not just the first, so one `jbz check` run shows them all; and the Record
    that record_from_dict would build when there are none (else None), as check needs both."""
    record = well_formed(data, record_id, path)
    if record is not None:
        return record, []
    problems = _Problems(collect=True)
    record = _build(data, record_id, path, problems)
    return record, problems.items


def _due(value: Any) -> DueWindow:
    if isinstance(value, datetime):
        raise FieldError("'due' must be a date without a time", ("due",))
    try:
        return parse_due(value)
    except ValueError as exc:
        # A string outside the grammar or a date outside the years is a date mistake; another type is a shape one.
        raise FieldError(str(exc), ("due",), "dates" if isinstance(value, str | date) else "schema") from None


def _kind(data: dict[str, Any]) -> str | None:
    kind = _text(data, "kind", (), required=True)
    if kind not in KINDS:
        raise FieldError(unknown_choice("kind", kind, KINDS), ("kind",))
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
        url=problems.take(_url, raw, "url", where),
    )


def _url(data: dict[str, Any], key: str, where: tuple[str | int, ...]) -> str | None:
    """A URL is one line: a line break in it would break every format it is written to (a Markdown table gains a
    row; RFC 5545 forbids CR and LF in a URI value, so the calendar export fails). Other control characters are
    `jbz check`'s schema errors for every string field, and are escaped on output."""
    value = _text(data, key, where)
    bad = next((ch for ch in value or "" if ch in "\n\r\t\v\f\x85\u2028\u2029"), None)
    if bad is not None:
        raise FieldError(f"{key!r} must be one line, without line breaks or tabs (it holds {bad!r})", (*where, key))
    return value


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
    if not data:  # an empty file, or one of comments and blank lines: say so rather than name one missing field
        problems.add(FieldError("the file holds no fields; a record needs at least kind and title"))
        return None
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
    if topics:  # one spelling per topic: "café" typed as e + combining accent (NFD) is the same topic as "café" (NFC)
        topics = tuple(unicodedata.normalize("NFC", t) for t in topics)
    related = problems.take(_string_list, data, "related")
    actor = problems.take(_text, data, "actor", ())
    promised_to = problems.take(_text, data, "promised_to", ())
    summary = problems.take(_text, data, "summary", ())
    next_check = problems.take(_day, data, "next_check", ())
    created = problems.take(_day, data, "created", ())
    due_phrase = problems.take(_text, data, "due_phrase", ())
    problems.take(_register, data)
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
        created=created,
        due_phrase=due_phrase,
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
