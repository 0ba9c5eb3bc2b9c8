"""Changing existing records without ever losing data: follow-ups, top-level keys and whole-file edits.

Follow-ups are appended as text, so comments, key order and formatting of hand-edited files survive;
the whole result is parsed and validated before it replaces the original, under the record's lock.
"""

from __future__ import annotations

import contextlib
import difflib
import os
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path
from typing import Any

from jbz_cli.core.build import FieldError, record_from_dict
from jbz_cli.core.dates import parse_due
from jbz_cli.core.model import EVIDENCE_STATUSES, STATUSES, Followup, Record
from jbz_cli.core.replay import exists_from, happened_by, start_followup
from jbz_cli.core.words import next_check_note, unknown_choice
from jbz_cli.errors import RecordError, UsageError, WriteError
from jbz_cli.store.backfill import insert_before, refuse_closed
from jbz_cli.store.files import RecordsDir, read_text
from jbz_cli.store.fsio import atomic_write, record_lock, sweep_stale, write_error
from jbz_cli.store.ids import check_ids, find_record, writable_root
from jbz_cli.store.toml_layout import TOP_KEY_RE, layout, scan_value
from jbz_cli.store.toml_text import dumps, locate, parse_toml, toml_value

# A write's last check before its rename: (target path, new text, old text or None for a new record); it raises
# a JbzError to refuse. The CLI passes `jbz check`'s rules down this way, since the store may not import check.
Vet = Callable[[Path, str, "str | None"], None]
# A new next_check goes after the first of these keys the file has, keeping RECORD_KEYS order.
NEXT_CHECK_AFTER = ("related", "summary", "promised_to", "actor", "topics", "due", "status", "title", "kind")


@dataclass(frozen=True)
class WriteResult:
    """What a write did (or, with dry_run, would do); the CLI renders it."""

    id: str
    path: Path
    text: str  # the full text written (or that would be written)
    before: str | None = None  # the previous text; None for a new record
    dry_run: bool = False
    changes: tuple[str, ...] = ()  # short human descriptions, e.g. "status open -> done"

    def diff(self, label: str) -> str:
        """A unified diff from the old to the new text, for --dry-run and for review."""
        lines = difflib.unified_diff(
            (self.before or "").splitlines(keepends=True),
            self.text.splitlines(keepends=True),
            fromfile=f"a/{label}",
            tofile=f"b/{label}",
        )
        return "".join(line if line.endswith("\n") else line + "\n" for line in lines)


@dataclass(frozen=True)
class FollowupRequest:
    """One follow-up to append; `due` moves the deadline and keeps the old one in the log."""

    date: date
    note: str = ""
    status: str | None = None
    evidence: str | None = None
    due: str | None = None
    next_check: date | None = None  # the new top-level next_check; it must fall after the follow-up's date
    today: date | None = None  # the as-of day of the write: a later --date is refused (core/replay.happened_by)
    closing: bool = False  # `jbz done`: refused on a record that is closed already

    def validate(self) -> None:
        if self.today is not None and not happened_by(self.date, self.today):
            raise UsageError(
                f"--date {self.date.isoformat()} is after today ({self.today.isoformat()}); a follow-up records what "
                f"happened: to plan a chase, use --next-check {self.date.isoformat()}; nothing was written"
            )
        if self.status is not None and self.status not in STATUSES:
            raise UsageError(unknown_choice("status", self.status, STATUSES))
        if self.status in EVIDENCE_STATUSES and not (self.evidence and self.evidence.strip()):
            raise UsageError(
                f"status {self.status!r} needs --evidence (a document reference or URL) so it can be checked"
            )
        if self.due is not None:
            try:
                parse_due(self.due)
            except ValueError as exc:
                raise UsageError(f"--due: {exc}") from None
        for name, value in (("--note", self.note), ("--evidence", self.evidence or "")):
            if "\x00" in value:
                raise UsageError(f"{name} contains a NUL character")
        if self.next_check is not None and self.next_check <= self.date:
            # A follow-up on or after next_check meets it (core/replay), so this one would meet its own check.
            raise UsageError(
                f"--next-check {self.next_check.isoformat()} is not after the follow-up's date "
                f"({self.date.isoformat()}); give a later day"
            )
        if not (self.note.strip() or self.status or self.evidence or self.due or self.next_check):
            raise UsageError("a follow-up needs --note, --status, --evidence, --due or --next-check")


def validate_text(text: str, record_id: str, display: str) -> Record:
    """Parse and validate a record's full text; errors carry the line to fix."""
    data = parse_toml(text, display)
    try:
        return record_from_dict(data, record_id, display)
    except FieldError as exc:
        line, col = locate(text, exc.where)
        raise RecordError(display, str(exc), line, col) from None


def refuse_read_only(path: Path, display: str) -> None:
    """Refuse to replace a file without write permission bits: a rename would silently bypass them.

    The mode bits are read directly, because root passes every os.access test.
    """
    try:
        mode = path.stat().st_mode
    except OSError:
        return
    if not mode & 0o222 or not os.access(path, os.W_OK):
        raise WriteError(f"{display} is read-only; make it writable (chmod u+w) to change it; nothing was written")


def must_validate(text: str, record_id: str, display: str, what: str) -> Record:
    try:
        return validate_text(text, record_id, display)
    except RecordError as exc:
        raise WriteError(f"{what} would not be a valid record ({exc}); nothing was written") from None


def set_top_level(text: str, key: str, value: Any, after: Sequence[str] = ()) -> str:
    """Change one top-level key in place, keeping every other byte; insert it when absent.

    A new key goes right after the first of `after` that exists (to keep the documented order),
    else after the last top-level key.
    """
    lines = text.splitlines(keepends=True)
    bare = [line.rstrip("\r\n") for line in lines]
    found_keys = layout(bare)
    rendered = toml_value(value)
    found = found_keys.keys.get(key)
    if found is not None:
        if not found.simple:
            raise WriteError(f"cannot change {key!r} automatically: its value spans lines; use jbz edit")
        match = TOP_KEY_RE.match(bare[found.start])
        assert match is not None
        _old, after_value = scan_value(match["rest"])
        newline = lines[found.start][len(bare[found.start]) :]
        lines[found.start] = f"{match['indent']}{match['key']}{match['eq']}{rendered}{after_value}{newline}"
        return "".join(lines)
    newline = "\r\n" if lines and lines[0].endswith("\r\n") else "\n"
    new_line = f"{key} = {rendered}{newline}"
    anchor = next((found_keys.keys[k] for k in after if k in found_keys.keys), None)
    if anchor is None and found_keys.keys:
        anchor = max(found_keys.keys.values(), key=lambda k: k.end)
    if anchor is None:
        position = 0
    else:
        position = anchor.end + 1
        if position > 0 and not lines[position - 1].endswith(("\n", "\r")):
            lines[position - 1] += newline
    lines.insert(position, new_line)
    return "".join(lines)


def followup_fragment(entry: dict[str, Any]) -> str:
    """One [[followup]] table serialised by tomli-w (forced to table form, never an inline array)."""
    return "[[followup]]\n" + dumps(entry)


def append_text(original: str, fragment: str) -> str:
    """The original text, untouched, then a blank line and the fragment."""
    if not original:
        return fragment
    newline = "\r\n" if "\r\n" in original else "\n"
    base = original if original.endswith(("\n", "\r")) else original + newline
    body = fragment.replace("\n", newline) if newline != "\n" else fragment
    separator = "" if base.endswith(newline * 2) else newline
    return base + separator + body


def plan_followup(text: str, record: Record, req: FollowupRequest, display: str) -> tuple[str, tuple[str, ...]]:
    """The new full text for one follow-up, validated; pure so dry runs and tests share it."""
    req.validate()
    entry: dict[str, Any] = {"date": req.date}
    if req.note:
        entry["note"] = req.note
    elif req.next_check is not None:
        entry["note"] = next_check_note(req.next_check)
    if req.status:
        entry["status"] = req.status
    if req.evidence:
        entry["evidence"] = req.evidence
    changes: list[str] = [f"follow-up {req.date.isoformat()}"]
    start = exists_from(record)
    if start is not None and req.date < start:
        raise UsageError(
            f"--date {req.date.isoformat()} is before {record.id} was created ({start.isoformat()}); if it existed "
            f"by then, move its `created` back with jbz edit {record.id} (or give --created when adding a record); "
            "nothing was written"
        )
    if req.closing:
        refuse_closed(record)
    later = next((i for i, f in enumerate(record.followups) if f.date > req.date), None)
    moved_later = later is not None and any(f.due is not None for f in record.followups[later:])
    if (req.due is not None and moved_later) or (later is not None and req.next_check is not None):
        why = (
            "a later follow-up moves the deadline from the due this --due would replace"
            if req.due is not None
            else "only the current --next-check is kept, so it cannot be set in the past"
        )
        raise UsageError(
            f"--date {req.date.isoformat()} is before a later follow-up of {record.id}, and {why}: "
            f"give a later --date, or use jbz edit {record.id}; nothing was written"
        )
    new_text = text
    if req.next_check is not None:
        old_check = record.next_check.isoformat() if record.next_check else "-"
        new_text = set_top_level(new_text, "next_check", req.next_check, after=NEXT_CHECK_AFTER)
        changes.append(f"next_check {old_check} -> {req.next_check.isoformat()}")
    if req.due is not None:
        new_due = parse_due(req.due).text
        old_due = record.due.text if record.due else None
        if old_due == new_due:
            raise UsageError(f"--due: {record.id} is already due {new_due}")
        entry["due"] = new_due
        if old_due is not None:
            entry["previous_due"] = old_due
        new_text = set_top_level(new_text, "due", new_due, after=("status", "title", "kind"))
        changes.append(f"due {old_due or '-'} -> {new_due}")
    start_fup = start_followup(record) if req.status is not None else None
    overruled = later is not None and any(f.status for f in record.followups[later:])
    if req.status is not None and req.status != record.status and not overruled:
        new_text = set_top_level(new_text, "status", req.status, after=("title", "kind"))
        changes.append(f"status {record.status} -> {req.status}")
    expected = list(record.followups)
    if later is None:
        new_text = append_text(new_text, followup_fragment(entry))
        expected.append(_as_followup(entry))
    else:
        new_text = insert_before(new_text, later, followup_fragment(entry))
        expected.insert(later, _as_followup(entry))
        changes.append(f"inserted before follow-up {later + 1} (backfill)")
    if start_fup is not None:
        # Before every follow-up: they are all on or after the record's first day, and same-day ones replay after.
        start_entry = {k: v for k, v in asdict(start_fup).items() if v is not None}
        new_text = insert_before(new_text, 0, followup_fragment(start_entry))
        expected.insert(0, start_fup)
        changes.append(f"follow-up {start_fup.date.isoformat()} keeps the status it started with")
    updated = must_validate(new_text, record.id, display, "the updated file")
    if (
        list(updated.followups) != expected
        or (req.status is not None and not overruled and updated.status != req.status)
        or (req.due is not None and (updated.due is None or updated.due.text != entry["due"]))
        or (req.next_check is not None and updated.next_check != req.next_check)
    ):
        raise WriteError(f"{display}: the follow-up could not be added cleanly; use jbz edit; nothing was written")
    return new_text, tuple(changes)


def _as_followup(entry: dict[str, Any]) -> Followup:
    """The Followup a written entry must read back as."""
    return Followup(**{k: v for k, v in entry.items() if k != "date"}, date=entry["date"])


def add_followup(
    rdir: RecordsDir, record_id: str, req: FollowupRequest, *, dry_run: bool = False, vet: Vet | None = None
) -> WriteResult:
    """Append a follow-up (and any status or due change) to one record, under its lock."""
    root = writable_root(rdir)
    req.validate()
    path = find_record(root, record_id)
    display = str(path.relative_to(root))
    try:
        with record_lock(path) if not dry_run else contextlib.nullcontext():
            # Read under the lock, so a concurrent writer's follow-up is part of what we extend.
            text = read_text(path, display)
            try:
                record = validate_text(text, record_id, display)
            except RecordError as exc:
                raise WriteError(f"{exc}; fix the file first (jbz edit {record_id}); nothing was written") from None
            new_text, changes = plan_followup(text, record, req, display)
            if vet is not None:
                vet(path, new_text, text)
            if not dry_run:
                refuse_read_only(path, display)
                sweep_stale(root, path)
                atomic_write(path, new_text)
    except OSError as exc:
        raise write_error(exc, path) from None
    return WriteResult(record_id, path, new_text, text, dry_run, changes)


def add_followups(
    rdir: RecordsDir,
    record_ids: Sequence[str],
    req: FollowupRequest,
    *,
    dry_run: bool = False,
    vet: Vet | None = None,
) -> list[WriteResult]:
    """The same follow-up on several records: all ids and every planned text are checked first."""
    root = writable_root(rdir)
    req.validate()
    check_ids(root, record_ids)
    for rid in record_ids:  # plan all first: one invalid record writes nothing at all
        add_followup(rdir, rid, req, dry_run=True, vet=vet)
    from jbz_cli.store.batch import write_each  # stops at the first failure, naming what was and was not written

    return write_each(record_ids, lambda rid: add_followup(rdir, rid, req, dry_run=dry_run, vet=vet))


# --- edit -------------------------------------------------------------------------------------------


def edit_copy(path: Path) -> Path:
    """A private copy to edit outside the records folder, so nothing half-edited is ever visible there."""
    fd, tmp = tempfile.mkstemp(prefix=f"jbz-edit-{path.stem}-", suffix=".toml")
    with os.fdopen(fd, "wb") as fh:
        fh.write(path.read_bytes())
    return Path(tmp)


def replace_checked(
    rdir: RecordsDir, record_id: str, expected: str, new_text: str, *, dry_run: bool = False, vet: Vet | None = None
) -> WriteResult:
    """Put an edited text in place, unless the file changed since the edit began."""
    root = writable_root(rdir)
    path = find_record(root, record_id)
    display = str(path.relative_to(root))
    if vet is not None:
        vet(path, new_text, expected)
    if dry_run:
        return WriteResult(record_id, path, new_text, expected, True, ("edit",))
    refuse_read_only(path, display)
    try:
        with record_lock(path):
            current = read_text(path, display)
            if current != expected:
                raise WriteError(f"{display} changed while you were editing it; your version was not written")
            sweep_stale(root, path)
            atomic_write(path, new_text)
    except OSError as exc:
        raise write_error(exc, path) from None
    return WriteResult(record_id, path, new_text, expected, False, ("edit",))
