#!/usr/bin/env python3
"""Convert a jbz records folder into Taskwarrior import JSON.

Usage: python benchmarks/to_taskwarrior.py DIR [-o FILE] [--as-of DATE] [--full]
                                          [--now DATE | --no-shift]

The point is a fair benchmark: Taskwarrior must hold the same items and its
`task +OVERDUE list` must select exactly the records that
`jbz list --overdue --as-of AS_OF` selects.  Three details make that true:

* Status: open, waiting and partial become "pending"; done and missed become
  "completed"; dropped becomes "deleted".  Taskwarrior never calls completed
  or deleted tasks overdue, just as jbz only flags open-ish records.  (Its own
  "waiting" status would hide tasks from `list`, so it is not used.)
* Due: Taskwarrior 2.6 calls a task overdue as soon as `due < now`, to the
  second.  jbz calls an item overdue when the as-of date is after `due_by`,
  the last day of its window.  So `due` is set to 23:59:59 UTC of `due_by`,
  and Taskwarrior must run with TZ=UTC.
* Clock: Taskwarrior has no setting for "today", it always uses the real
  clock.  Instead of faking the clock (libfaketime, an extra dependency that
  intercepts every time call of the process being timed), every date is
  shifted by whole days so that the as-of date lands on the real today.
  Whole-day shifts keep every before/after comparison, so the set of overdue
  tasks is the same.  Convert on the day you benchmark (`--now` defaults to
  today in UTC); `--no-shift` keeps dates as written.

By default a task holds what its queries need: title, status, topics as
project and tags, due, and each follow-up's note as an annotation.  With
`--full` it holds the same information as the jbz record, so that a
benchmark can compare like with like: the Dutch quote and the summary as
annotations, each follow-up as one annotation with its status, evidence and
due-date moves, and the other fields (kind, actor, promised_to, the source's
document, date, section and url, related ids, next_check, created,
due_phrase, the due window as written) as user-defined attributes, which
`task import` keeps (FULL_UDAS declares them for `task info`).

Output is one JSON object per line: `task import` reads it as fast as one
big array, with slightly less memory, and it can be written while streaming
through the records.  Standard library only.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import tomllib
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any, TextIO

DEFAULT_AS_OF = date(2026, 11, 29)
"""Same as generate.AS_OF, repeated so this module imports on its own."""

OPENISH = frozenset({"open", "waiting", "partial"})
TW_STATUS = {
    "open": "pending",
    "waiting": "pending",
    "partial": "pending",
    "done": "completed",
    "missed": "completed",
    "dropped": "deleted",
}
THEMES = frozenset({"migration", "security", "justice"})
UUID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "jbz:record")
_DUE = re.compile(r"(\d{4})(?:-(?:(\d{2})(?:-(\d{2}))?|Q([1-4])|H([12])))?")


def due_by(value: object) -> date | None:
    """Last day of a jbz `due` window; None when the record has no due.

    Implemented here rather than imported from jbz_cli so the benchmark does
    not trust the code it measures.
    """
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    m = _DUE.fullmatch(str(value)) if isinstance(value, str) else None
    if not m:
        raise ValueError(f"invalid due {value!r}")
    y, month, day, quarter, half = m.groups()
    year = int(y)
    if day:
        return date(year, int(month), int(day))
    if month:
        last = int(month)
        if not 1 <= last <= 12:
            raise ValueError(f"invalid month in due {value!r}")
    elif quarter:
        last = 3 * int(quarter)
    elif half:
        last = 6 * int(half)
    else:
        last = 12
    nxt = date(year + 1, 1, 1) if last == 12 else date(year, last + 1, 1)
    return nxt - timedelta(days=1)


def status_of(rec: dict[str, Any]) -> str:
    """The record's status with jbz's default applied."""
    default = "done" if rec.get("kind") == "decision" else "open"
    return str(rec.get("status", default))


def is_overdue(rec: dict[str, Any], as_of: date) -> bool:
    """jbz's overdue flag: open-ish and the as-of date is after due_by."""
    end = due_by(rec.get("due"))
    return end is not None and status_of(rec) in OPENISH and as_of > end


def _stamp(d: date, shift: timedelta, seconds: int = 0) -> str:
    """Taskwarrior's compact UTC timestamp for a (shifted) day."""
    t = datetime(d.year, d.month, d.day, tzinfo=UTC) + shift + timedelta(seconds=seconds)
    return t.strftime("%Y%m%dT%H%M%SZ")


# The user-defined attributes of a --full task: name -> the record field it holds.
FULL_UDAS = {
    "jbzid": "id",
    "jbzkind": "kind",
    "jbzstatus": "status",
    "jbzdue": "due",
    "actor": "actor",
    "promisedto": "promised_to",
    "related": "related",
    "nextcheck": "next_check",
    "created": "created",
    "duephrase": "due_phrase",
    "document": "source.document",
    "sourcedate": "source.date",
    "section": "source.section",
    "url": "source.url",
}


def _text(value: object) -> str:
    """A field as one string: lists joined by commas, dates in ISO form."""
    if isinstance(value, list):
        return ",".join(_text(v) for v in value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _followup_text(f: dict[str, Any]) -> str:
    """A follow-up as one annotation: the note, then what it changed and where it can be checked."""
    parts = [str(f.get("note", ""))]
    for key in ("status", "due", "previous_due", "evidence"):
        if f.get(key) is not None:
            parts.append(f"{key}: {_text(f[key])}")
    return " | ".join(p for p in parts if p)


def full_fields(rid: str, rec: dict[str, Any], entry: date, shift: timedelta) -> dict[str, Any]:
    """What --full adds to a task: the user-defined attributes and the annotations (quote, summary, follow-ups).

    Annotation timestamps are distinct seconds: Taskwarrior keys annotations by their entry time.
    """
    source = rec.get("source") or {}
    fields: dict[str, Any] = {}
    for uda, key in FULL_UDAS.items():
        value = rid if key == "id" else source.get(key[7:]) if key.startswith("source.") else rec.get(key)
        if key == "status" and value is None:
            value = status_of(rec)
        if value is not None and value != []:
            fields[uda] = _text(value)
    notes = []
    if source.get("quote"):
        notes.append((entry, f"quote: {source['quote']}"))
    if rec.get("summary"):
        notes.append((entry, f"summary: {rec['summary']}"))
    notes += [(f["date"], _followup_text(f)) for f in rec.get("followup") or []]
    fields["annotations"] = [
        {"entry": _stamp(day, shift, i), "description": text} for i, (day, text) in enumerate(notes)
    ]
    return fields


def to_task(rid: str, rec: dict[str, Any], shift: timedelta, fallback: date, full: bool = False) -> dict[str, Any]:
    """One Taskwarrior task for one record; with `full`, holding everything the record holds (full_fields).

    `fallback` dates records that carry no source date; Taskwarrior requires
    an entry timestamp.
    """
    status = status_of(rec)
    source = rec.get("source") or {}
    entry = source.get("date") or fallback
    topics = [str(t) for t in rec.get("topics", [])]
    task: dict[str, Any] = {
        "uuid": str(uuid.uuid5(UUID_NAMESPACE, rid)),
        "description": rec.get("title", rid),
        "status": TW_STATUS.get(status, "pending"),
        "entry": _stamp(entry, shift),
    }
    project = next((t for t in topics if t not in THEMES), topics[0] if topics else None)
    if project:
        task["project"] = project
    if topics:
        task["tags"] = topics
    end = due_by(rec.get("due"))
    if end is not None:
        task["due"] = _stamp(end, shift, 86399)  # 23:59:59, see module docstring
    followups = rec.get("followup") or []
    if followups:
        # Distinct seconds keep same-day annotations from overwriting each other.
        task["annotations"] = [
            {"entry": _stamp(f["date"], shift, i), "description": f.get("note", "")} for i, f in enumerate(followups)
        ]
    if full:
        task.update(full_fields(rid, rec, entry, shift))
        if not task["annotations"]:
            del task["annotations"]
    if task["status"] != "pending":
        task["end"] = _stamp(followups[-1]["date"] if followups else entry, shift)
    return task


def iter_records(records_dir: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """(id, data) for every *.toml under records_dir, in a stable order."""
    with os.scandir(records_dir) as it:
        entries = sorted(it, key=lambda e: e.name)
    for e in entries:
        if e.is_dir():
            yield from iter_records(e.path)
        elif e.name.endswith(".toml"):
            with open(e.path, "rb") as fh:
                yield e.name[:-5], tomllib.load(fh)


def convert(
    records_dir: str, out: TextIO, as_of: date = DEFAULT_AS_OF, now: date | None = None, full: bool = False
) -> dict[str, int]:
    """Write one task per line to `out` (with `full`, holding all of each record); returns counts for cross-checking.

    `now` is the date Taskwarrior will run on (None: no shift).  The
    returned "overdue" is jbz's answer, computed independently, so callers
    can assert that `task +OVERDUE count` agrees.
    """
    shift = timedelta(days=(now - as_of).days) if now else timedelta(0)
    counts = {"tasks": 0, "pending": 0, "overdue": 0, "shift_days": shift.days}
    dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    for rid, rec in iter_records(records_dir):
        task = to_task(rid, rec, shift, as_of, full)
        out.write(dumps(task))
        out.write("\n")
        counts["tasks"] += 1
        counts["pending"] += task["status"] == "pending"
        counts["overdue"] += is_overdue(rec, as_of)
    return counts


def utc_today() -> date:
    """Today as Taskwarrior sees it when run with TZ=UTC."""
    return datetime.now(UTC).date()


def main(argv: list[str] | None = None) -> int:
    """CLI entry point; counts go to stderr so stdout can carry the JSON."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dir", help="records folder")
    ap.add_argument("-o", "--output", help="output file (default: stdout)")
    ap.add_argument(
        "--as-of",
        type=date.fromisoformat,
        default=DEFAULT_AS_OF,
        help=f"the date jbz is asked about (default {DEFAULT_AS_OF})",
    )
    ap.add_argument("--full", action="store_true", help="hold all of each record: quote, summary, every field")
    group = ap.add_mutually_exclusive_group()
    group.add_argument("--now", type=date.fromisoformat, help="the date Taskwarrior will run on (default: today, UTC)")
    group.add_argument("--no-shift", action="store_true", help="keep dates as written")
    args = ap.parse_args(argv)
    now = None if args.no_shift else (args.now or utc_today())
    if args.output:
        with open(args.output, "w", encoding="utf-8") as fh:
            counts = convert(args.dir, fh, args.as_of, now, args.full)
    else:
        try:
            counts = convert(args.dir, sys.stdout, args.as_of, now, args.full)
            sys.stdout.flush()
        except BrokenPipeError:  # e.g. piped into `head`: not worth a traceback
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            return 1
    print(
        f"to_taskwarrior: {counts['tasks']} tasks, {counts['pending']} pending, "
        f"{counts['overdue']} overdue as of {args.as_of}, "
        f"dates shifted by {counts['shift_days']} days",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
