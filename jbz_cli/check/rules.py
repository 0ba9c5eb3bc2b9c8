"""The rules of `jbz check`: each a function from one parsed file and its folder to diagnostics.

Rules are independent, so they can be run or skipped one by one, and a file with five problems shows
five lines instead of stopping at the first. What a valid record is comes from `jbz_cli.core.model`;
these rules add the positions, the near-miss suggestions and the checks across files.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from datetime import date, datetime
from typing import Any

from jbz_cli.check.diagnostics import WARNING, Diagnostic
from jbz_cli.check.files import Folder, RecordFile, slug_hint
from jbz_cli.core.build import FieldError, record_from_dict
from jbz_cli.core.dates import DueWindow, parse_due
from jbz_cli.core.model import (
    EVIDENCE_STATUSES,
    FILE_ONLY_KEYS,
    FOLLOWUP_KEYS,
    ID_RE,
    KINDS,
    RECORD_KEYS,
    SOURCE_KEYS,
    STATUSES,
    UNSAFE_RE,
    Followup,
    default_status,
)
from jbz_cli.core.quotes import invisible_in, normalise
from jbz_cli.core.replay import happened_by, history_problems, latest_setter
from jbz_cli.core.suggest import suggest
from jbz_cli.core.words import duplicate_id
from jbz_cli.errors import RecordError

# In output order for one position; "syntax" runs while reading the file, "ids" needs no parsed data, and
# "leftovers" looks at a folder's hidden files, not at records (check/files.leftover_diagnostics).
RULES = ("syntax", "schema", "dates", "ids", "related", "status", "history", "quote", "topics", "leftovers")
# A due year outside these is valid but almost certainly a typo, so it is a warning.
EARLIEST_YEAR = 1950
LATEST_YEAR = 2100

Rule = Callable[[RecordFile, Folder], list[Diagnostic]]


def _is_day(value: Any) -> bool:
    return isinstance(value, date) and not isinstance(value, datetime)


def _day_or_min(value: Any) -> date:
    return value if _is_day(value) else date.min


def _followups(data: dict[str, Any]) -> list[tuple[int, dict[str, Any]]]:
    raw = data.get("followup", [])
    if isinstance(raw, dict):
        raw = [raw]
    if not isinstance(raw, list):
        return []
    return [(i, entry) for i, entry in enumerate(raw) if isinstance(entry, dict)]


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [v for v in value if isinstance(v, str)]
    return []


def _string_fields(value: Any, where: tuple[str | int, ...]) -> Iterable[tuple[tuple[str | int, ...], str]]:
    """Every string in a parsed value with its key path, depth first, in file order."""
    if isinstance(value, str):
        yield where, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _string_fields(item, (*where, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _string_fields(item, (*where, index))


def control_diagnostics(rf: RecordFile) -> list[Diagnostic]:
    """One error per string field holding a control, bidi or separator character (model.UNSAFE_RE)."""
    assert rf.data is not None
    if rf.text is not None and "\\" not in rf.text and UNSAFE_RE.search(rf.text) is None:
        return []  # each character of a string is in the text, or comes from an escape, which needs a backslash
    out = []
    for where, text in _string_fields(rf.data, ()):
        found = UNSAFE_RE.search(text)
        if found is None:
            continue
        name = ".".join(str(p + 1) if isinstance(p, int) else p for p in where)
        if not name.isprintable():  # a key may hold a line break or a control too: never print it raw
            name = "".join(c if c.isprintable() else f"\\u{ord(c):04x}" for c in name)
        message = f"control character U+{ord(found.group()):04X} in {name}; remove it or write it out in words"
        keys = where[:3] if where[0] == "followup" else tuple(p for p in where if isinstance(p, str))
        out.append(rf.diag("schema", message, keys))
    return out


def rule_syntax(rf: RecordFile, exc: RecordError) -> Diagnostic:
    """The reader's or parser's complaint at its position, worded like the other rules (no "TOML syntax:")."""
    message = exc.message.removeprefix("TOML syntax: ")
    message = message[:1].lower() + message[1:]
    return rf.at("syntax", message, exc.line, exc.col, show=rf.text is not None)


def rule_schema(rf: RecordFile, folder: Folder) -> list[Diagnostic]:
    """Unknown keys (with a near-miss suggestion), wrong types, missing fields, unknown kind or status."""
    assert rf.data is not None
    out = []
    for key in rf.data:
        if key == "draft":  # staged by `jbz extract --into`; a warning so drafts are not forgotten
            out.append(rf.diag("schema", "draft record: review it, then jbz extract --accept", (key,), WARNING))
        elif key not in RECORD_KEYS and key not in FILE_ONLY_KEYS:
            known = (*RECORD_KEYS, *FILE_ONLY_KEYS)
            out.append(rf.diag("schema", f"unknown key {key!r}{suggest(key, known)}", (key,)))
    source = rf.data.get("source")
    if isinstance(source, dict):
        for key in source:
            if key not in SOURCE_KEYS:
                message = f"unknown key {key!r} in [source]{suggest(key, SOURCE_KEYS)}"
                out.append(rf.diag("schema", message, ("source", key)))
    for index, entry in _followups(rf.data):
        for key in entry:
            if key not in FOLLOWUP_KEYS:
                message = f"unknown key {key!r} in follow-up {index + 1}{suggest(key, FOLLOWUP_KEYS)}"
                out.append(rf.diag("schema", message, ("followup", index, key)))
    for problem in rf.problems:
        if problem.rule == "schema":
            out.append(rf.diag("schema", str(problem), problem.where))
    return out + control_diagnostics(rf)


def rule_dates(rf: RecordFile, folder: Folder) -> list[Diagnostic]:
    """Due dates outside the grammar or the plausible years, and follow-ups out of order."""
    assert rf.data is not None
    out = [rf.diag("dates", str(p), p.where) for p in rf.problems if p.rule == "dates"]
    due = rf.data.get("due")
    window: DueWindow | None = None
    if rf.record is not None:
        window = rf.record.due  # parsed once, while building the record
    elif isinstance(due, str | date) and not isinstance(due, datetime):
        try:
            window = parse_due(due)
        except ValueError:
            window = None
    if window and window.start.year < EARLIEST_YEAR:
        message = f"due {window.text!r} is before {EARLIEST_YEAR}; is the year a typo?"
        out.append(rf.diag("dates", message, ("due",), WARNING))
    elif window and window.end.year > LATEST_YEAR:
        message = f"due {window.text!r} is after {LATEST_YEAR}; is the year a typo?"
        out.append(rf.diag("dates", message, ("due",), WARNING))

    source = rf.data.get("source")
    # With `created`, the history rule reports a follow-up before it (the record may start before its letter).
    source_day = source.get("date") if isinstance(source, dict) and "created" not in rf.data else None
    today = folder.today
    latest: date | None = None
    for index, entry in _followups(rf.data):
        for key in ("due", "previous_due"):
            value = entry.get(key)
            if isinstance(value, str):
                try:
                    parse_due(value)
                except ValueError as exc:
                    out.append(rf.diag("dates", f"follow-up {index + 1}: {exc}", ("followup", index, key)))
        day = entry.get("date")
        if not _is_day(day):
            continue
        where = ("followup", index, "date")
        if today is not None and not happened_by(day, today):
            message = (
                f"follow-up date {day} is after today ({today}); a follow-up records what happened: "
                "a planned chase is next_check"
            )
            out.append(rf.diag("dates", message, where))
        elif _is_day(source_day) and day < source_day:
            message = f"follow-up date {day} is before the source date {source_day}"
            out.append(rf.diag("dates", message, where))
        elif latest is not None and day < latest:
            # Replay reads follow-ups in date order, so this file means what it says; it only reads oddly.
            message = f"follow-up date {day} is before the previous follow-up ({latest}); keep them oldest first"
            out.append(rf.diag("dates", message, where, WARNING))
        latest = day if latest is None else max(latest, day)
    return out


def rule_ids(rf: RecordFile, folder: Folder) -> list[Diagnostic]:
    """Ids are file names, so they must be slugs and unique across every subfolder."""
    out = []
    if not ID_RE.match(rf.id):
        hint = slug_hint(rf.id)
        message = f"id {rf.id!r} is not a slug (a-z, 0-9 and '-', not starting with '-')"
        if hint:
            message += f"; rename the file to {hint}.toml"
        out.append(rf.at("ids", message, 1, 1, show=False))
    me = rf.absolute or os.path.abspath(rf.path)
    others = [shown for path, shown in folder.ids.get(rf.id, []) if path != me]
    if others:
        out.append(rf.at("ids", duplicate_id(rf.id, others), 1, 1, show=False))
    return out


def rule_related(rf: RecordFile, folder: Folder) -> list[Diagnostic]:
    """Links must point at records that exist somewhere in the records folder."""
    assert rf.data is not None
    out = []
    for target in _strings(rf.data.get("related")):
        if target not in folder.ids:
            message = f"related id {target!r} does not exist{suggest(target, folder.id_choices)}"
            out.append(rf.diag("related", message, ("related",), value=target))
    return out


def rule_status(rf: RecordFile, folder: Folder) -> list[Diagnostic]:
    """Closing needs evidence, and the top-level status must be the one the replay ends on.

    "Latest" is the replay's (core/replay.latest_setter): date order, then file order, so check agrees with every
    view on a file whose follow-ups are not oldest first.
    """
    assert rf.data is not None
    out = []
    setters: list[tuple[int, dict[str, Any]]] = []
    for index, entry in _followups(rf.data):
        status = entry.get("status")
        if not isinstance(status, str) or status not in STATUSES:
            continue
        setters.append((index, entry))
        evidence = entry.get("evidence")
        if status in EVIDENCE_STATUSES and not (isinstance(evidence, str) and evidence.strip()):
            day = entry.get("date")
            when = f" of {day}" if _is_day(day) else f" {index + 1}"
            message = f"follow-up{when} sets status {status!r} without 'evidence'; say where it can be checked"
            out.append(rf.diag("status", message, ("followup", index, "status")))
    kind = rf.data.get("kind")
    if not setters or kind not in KINDS:
        return out
    steps = [Followup(date=_day_or_min(entry.get("date")), status=entry["status"]) for _, entry in setters]
    found = latest_setter(steps)
    assert found is not None
    index, entry = setters[found]
    day = entry.get("date")
    when = f" ({day})" if _is_day(day) else ""
    if "status" in rf.data:
        top = rf.data["status"]
        if isinstance(top, str) and top in STATUSES and top != entry["status"]:
            message = f"status {top!r} disagrees with the latest follow-up{when}, which set {entry['status']!r}"
            out.append(rf.diag("status", message, ("status",)))
    else:
        default = default_status(kind)
        if default != entry["status"]:
            message = (
                f"status defaults to {default!r} but the latest follow-up{when} set {entry['status']!r}; "
                f'add status = "{entry["status"]}"'
            )
            out.append(rf.diag("status", message, ("followup", index, "status")))
    return out


def rule_history(rf: RecordFile, folder: Folder) -> list[Diagnostic]:
    """The follow-ups must tell one story (core/replay.history_problems), or a report on a past day is wrong.

    A follow-up dated before `created`, a `previous_due` that is not the due date the previous move set, and a
    top-level `due` other than the one the last move set. A top-level status the follow-ups contradict is the
    `status` rule's. A record with field problems is left to the `schema` and `dates` rules.
    """
    assert rf.data is not None
    if rf.problems:
        return []
    try:
        record = rf.record or record_from_dict(rf.data, rf.id)
    except FieldError:
        return []
    return [rf.diag("history", message, where) for where, message in history_problems(record) if where != ("status",)]


def rule_quote(rf: RecordFile, folder: Folder) -> list[Diagnostic]:
    """A quote is verbatim only if the stored source text contains it (layout ignored)."""
    assert rf.data is not None
    source = rf.data.get("source")
    if not isinstance(source, dict) or not isinstance(source.get("quote"), str):
        return []
    hidden = invisible_in(source["quote"])
    if hidden:
        # Quotes are stored clean (core.quotes.clean_chars); an invisible character breaks search and copying.
        return [rf.diag("quote", f"quote holds an invisible character ({hidden}); remove it", ("source", "quote"))]
    found = folder.sources.find(source)
    if found is None:
        return []
    shown, document = found
    needle = normalise(source["quote"])
    if not needle:
        return [rf.diag("quote", f"quote is empty; copy it verbatim from {shown}", ("source", "quote"))]
    if document.contains(needle):
        return []
    message = f"quote not found in {shown}"
    matched = document.matched_prefix(needle)
    if matched >= 10:
        tail = needle[max(0, matched - 30) : matched]
        message += f"; it matches up to {tail!r}, then differs"
    return [rf.diag("quote", message, ("source", "quote"))]


def rule_topics(rf: RecordFile, folder: Folder) -> list[Diagnostic]:
    """Topics outside the declared vocabulary are usually typos that split a dossier in two."""
    assert rf.data is not None
    vocabulary = folder.vocabulary
    if vocabulary is None:
        return []
    out = []
    for topic in _strings(rf.data.get("topics")):
        if topic not in vocabulary.topics:
            message = f"topic {topic!r} is not in the vocabulary ({vocabulary.path}){suggest(topic, vocabulary.topics)}"
            out.append(rf.diag("topics", message, ("topics",), WARNING, value=topic))
    return out


# The rules that judge parsed data; "syntax" runs while reading a file and "ids" needs no data.
DATA_RULES: dict[str, Rule] = {
    "schema": rule_schema,
    "dates": rule_dates,
    "related": rule_related,
    "status": rule_status,
    "history": rule_history,
    "quote": rule_quote,
    "topics": rule_topics,
}
