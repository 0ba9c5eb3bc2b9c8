"""A well-formed record built with straight-line code, or None: the fast half of core/build.py.

Nearly every record file is well formed, and the full builder spends most of its time collecting problems that
are not there (a call and a try per field). `well_formed` accepts only what the full builder accepts without a
single problem, and builds the same Record from it; on any doubt (a type it does not expect, a value the date
parsers refuse, a field it does not know how to judge) it returns None and build.py's full path decides, so every
message, key path and `rule` comes from there alone. tests/core/test_build_fast.py holds the two together.
"""

from __future__ import annotations

import unicodedata
from datetime import date, datetime
from typing import Any

from jbz_cli.core.dates import MAX_YEAR, MIN_YEAR, in_years, parse_day, parse_due
from jbz_cli.core.model import KINDS, STATUSES, Followup, Record, Source, default_status, made

_LINE_BREAKS = frozenset("\n\r\t\v\f\x85\u2028\u2029")  # what a url must not hold (build._url)
_MISSING = object()
# The types of an optional string field (build._text): tested inline, `type(v) in _TEXT`, as a call per field
# was a fifth of the time of a record.
_TEXT = frozenset((str, type(None)))


class _Doubt(Exception):
    """Something the full builder has to look at."""


def _text(value: Any) -> str | None:
    """An optional string field (build._text): absent, or exactly a str."""
    if value is None or type(value) is str:
        return value
    raise _Doubt


def _day(value: Any, key: str) -> date | None:
    """An optional day (build._day): absent, a date (not a datetime) or ISO text, within the years dates.py allows."""
    if value is None:
        return None
    if type(value) is date and in_years(value.year):
        return value
    if isinstance(value, datetime) or not isinstance(value, str | date):
        raise _Doubt
    try:
        return parse_day(value, key)
    except ValueError:
        raise _Doubt from None


def _due_text(value: Any) -> str | None:
    """A follow-up's due or previous_due (build._due_text): absent, text, or a date written as ISO text."""
    if value is None or type(value) is str:
        return value
    if type(value) is date:
        return value.isoformat()
    raise _Doubt


def _strings(value: Any) -> tuple[str, ...]:
    """A list of strings, or one string for a list of one (build._string_list)."""
    if type(value) is str:
        return (value,)
    if type(value) is not list or not all(type(v) is str for v in value):
        raise _Doubt
    return tuple(value)


def _source(raw: Any) -> Source:
    if type(raw) is not dict:
        raise _Doubt
    get = raw.get
    document, section, quote, url, day = get("document"), get("section"), get("quote"), get("url"), get("date")
    if not (type(document) in _TEXT and type(section) in _TEXT and type(quote) in _TEXT and type(url) in _TEXT):
        raise _Doubt
    if url is not None and not _LINE_BREAKS.isdisjoint(url):
        raise _Doubt
    if day is not None and not (type(day) is date and MIN_YEAR <= day.year <= MAX_YEAR):
        day = _day(day, "date")
    return made(Source, {"document": document, "date": day, "section": section, "quote": quote, "url": url})


def _followup(entry: Any) -> Followup:
    if type(entry) is not dict:
        raise _Doubt
    get = entry.get
    day, status, note, evidence = get("date"), get("status"), get("note"), get("evidence")
    if not (type(day) is date and MIN_YEAR <= day.year <= MAX_YEAR):
        day = _day(day, "date")
    if day is None or not (status is None or (type(status) is str and status in STATUSES)):
        raise _Doubt
    if not (type(note) in _TEXT and type(evidence) in _TEXT):
        raise _Doubt
    due, previous = get("due"), get("previous_due")
    return made(
        Followup,
        {
            "date": day,
            "note": note or "",
            "status": status,
            "evidence": evidence,
            "due": due if type(due) in _TEXT else _due_text(due),
            "previous_due": previous if type(previous) in _TEXT else _due_text(previous),
        },
    )


def _register(value: Any) -> None:
    """build._register: absent, a table, or a register number that is not blank."""
    if value is None or type(value) is dict or (type(value) is str and value.strip()):
        return
    raise _Doubt


def _nfc(topics: tuple[str, ...]) -> tuple[str, ...]:
    """One spelling per topic, as build._build writes it; ASCII is already NFC."""
    return tuple(t if t.isascii() else unicodedata.normalize("NFC", t) for t in topics)


def well_formed(data: dict[str, Any], record_id: str, path: str = "") -> Record | None:
    """The Record that build.record_from_dict makes of `data` when it has no problem at all, else None."""
    try:
        return _record(data, record_id, path)
    except _Doubt:
        return None


def _record(data: dict[str, Any], record_id: str, path: str) -> Record:
    kind = data.get("kind")
    title = data.get("title")
    if type(kind) is not str or kind not in KINDS or type(title) is not str or not title.strip():
        raise _Doubt
    status = data.get("status", _MISSING)
    if status is _MISSING:
        status = default_status(kind)
    elif type(status) is not str or status not in STATUSES:
        raise _Doubt
    due = data.get("due", _MISSING)
    if due is not _MISSING:
        if type(due) is not str and type(due) is not date:
            raise _Doubt
        try:
            due = parse_due(due)
        except ValueError:
            raise _Doubt from None
    else:
        due = None
    get = data.get
    raw = get("source")
    source = None if raw is None else _source(raw)
    actor, promised_to, summary, phrase = get("actor"), get("promised_to"), get("summary"), get("due_phrase")
    if not (type(actor) in _TEXT and type(promised_to) in _TEXT and type(summary) in _TEXT and type(phrase) in _TEXT):
        raise _Doubt
    raw = data.get("followup", _MISSING)
    if raw is _MISSING:
        raw = ()
    elif type(raw) is dict:
        raw = (raw,)
    elif type(raw) is not list:
        raise _Doubt
    followups = tuple(_followup(entry) for entry in raw)
    _register(data.get("register"))
    return made(
        Record,
        {
            "id": record_id,
            "kind": kind,
            "title": title,
            "status": status,
            "due": due,
            "topics": _nfc(_strings(data.get("topics", []))),
            "actor": actor,
            "promised_to": promised_to,
            "summary": summary,
            "related": _strings(data.get("related", [])),
            "next_check": _day(data.get("next_check"), "next_check"),
            "source": source,
            "followups": followups,
            "path": path,
            "created": _day(data.get("created"), "created"),
            "due_phrase": phrase,
        },
    )
